package org.chrononbeam.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.chrononbeam.aggregator.window.SawtoothAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Window;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sawtooth over 10M events and 1M query times on one thread: {@code keys} keys, each with
 * {@code 10M / keys} events over 30 days and {@code 1M / keys} random query times, for SUM, COUNT,
 * AVERAGE and LAST of a double column over 1h, 1d, 7d and 30d windows (16 outputs). One
 * invocation computes every output at every query time of every key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class SawtoothBenchmark {

  static final int EVENTS = 10_000_000;
  static final int QUERIES = 1_000_000;
  static final long DAY = 24 * 3600_000L;

  @Param({"1000"})
  public int keys;

  private SawtoothAggregator sawtooth;
  private List<ColumnarEvents> eventsByKey;
  private List<long[]> queriesByKey;

  @Setup
  public void setUp() {
    List<Window> windows = List.of(
        new Window(1, org.chrononbeam.api.TimeUnit.HOURS),
        new Window(1, org.chrononbeam.api.TimeUnit.DAYS),
        new Window(7, org.chrononbeam.api.TimeUnit.DAYS),
        new Window(30, org.chrononbeam.api.TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation operation : List.of(
        Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.LAST)) {
      aggregations.add(new Aggregation()
          .setInputColumn("d").setOperation(operation).setWindows(windows));
    }
    sawtooth = new SawtoothAggregator(WindowedAggregation.of(
        ColumnarEvents.SCHEMA, aggregations, Accuracy.TEMPORAL, false));
    long span = 30 * DAY;
    Random random = new Random(11);
    eventsByKey = new ArrayList<>();
    queriesByKey = new ArrayList<>();
    int eventsPerKey = EVENTS / keys;
    int queriesPerKey = QUERIES / keys;
    for (int key = 0; key < keys; key++) {
      eventsByKey.add(ColumnarEvents.random(key, eventsPerKey, 0, span, 10_000));
      long[] queries = new long[queriesPerKey];
      for (int i = 0; i < queriesPerKey; i++) {
        queries[i] = (long) (random.nextDouble() * (span + DAY));
      }
      queriesByKey.add(queries);
    }
  }

  /** Every output at every query time of every key. */
  @Benchmark
  public void sawtooth(Blackhole blackhole) {
    for (int key = 0; key < eventsByKey.size(); key++) {
      blackhole.consume(sawtooth.finalizedAt(eventsByKey.get(key), queriesByKey.get(key)));
    }
  }
}
