/**
 * Online fetch latency: {@link org.chrononbeam.bench.fetch.FetchLatencyBenchmark}, a harness with a
 * {@code main} measuring the percentiles of {@code Fetcher.fetchJoin} beside the raw KV reads on
 * each store. Command and recorded figures: {@code docs/BENCHMARKS.md}.
 */
package org.chrononbeam.bench.fetch;
