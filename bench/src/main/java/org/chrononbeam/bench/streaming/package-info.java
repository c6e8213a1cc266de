/**
 * The streaming benchmark: a real Kafka broker in this JVM, {@code chronon streaming} on the Flink
 * runner into the embedded KV store, tiled and untiled; throughput (events/s, per core) and
 * freshness (produce to visible through the fetcher). Figures and commands in
 * docs/BENCHMARKS.md.
 */
package org.chrononbeam.bench.streaming;
