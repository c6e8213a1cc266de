/**
 * End-to-end join backfill benchmark: {@link org.chrononbeam.bench.backfill.JoinBackfillBenchmark}
 * generates purchase events and left rows into a warehouse, times {@code bin/chronon backfill} in a
 * fresh JVM (wall time and peak RSS, JVM start included) and compares it with {@link
 * org.chrononbeam.bench.backfill.SortSweepBaseline}, a single-threaded sort-and-sweep that computes
 * the same columns and checks a sample of the backfill's output rows. Commands and figures: {@code
 * docs/BENCHMARKS.md}.
 */
package org.chrononbeam.bench.backfill;
