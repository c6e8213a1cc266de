/**
 * JMH benchmarks of the aggregation algebra: per-operation update and merge throughput, and the
 * sawtooth over 10M events and 1M query times. Build and run commands, and recorded figures, are in
 * {@code docs/BENCHMARKS.md}.
 */
package org.chrononbeam.bench;
