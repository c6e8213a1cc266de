package org.chrononbeam.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.api.Operation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Update and merge throughput of each operation through {@link ColumnAggregator}, the path
 * backfills and streaming take, over columnar rows (numeric inputs read without boxing, through
 * one reusable cursor, so any allocation {@code -prof gc} reports comes from the operation). Numeric
 * operations read the {@code input} column; HISTOGRAM always reads the string column.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class OperationBenchmark {

  static final int EVENTS = 1 << 20;
  static final int PARTS = 1024;

  @Param({"COUNT", "SUM", "AVERAGE", "MIN", "MAX", "LAST", "FIRST", "VARIANCE", "SKEW",
      "KURTOSIS", "FIRST_K", "LAST_K", "TOP_K", "BOTTOM_K", "UNIQUE_COUNT",
      "BOUNDED_UNIQUE_COUNT", "APPROX_UNIQUE_COUNT", "APPROX_PERCENTILE", "HISTOGRAM",
      "APPROX_HISTOGRAM_K"})
  public String operation;

  @Param({"d", "l"})
  public String input;

  private ColumnarEvents events;
  private ColumnAggregator column;
  private Object[] parts;

  @Setup
  public void setUp() {
    Operation op = Operation.valueOf(operation);
    String column = op == Operation.HISTOGRAM ? "s" : input;
    this.column = new ColumnAggregator(
        ColumnarEvents.SCHEMA, column, op, Map.of("k", "8"), null, false);
    this.events = ColumnarEvents.random(1, EVENTS, 0, 30L * 24 * 3600_000, 10_000);
    this.parts = new Object[PARTS];
    int perPart = EVENTS / PARTS;
    for (int p = 0; p < PARTS; p++) {
      Object ir = null;
      for (Row row : events.subList(p * perPart, (p + 1) * perPart)) {
        ir = this.column.update(ir, row);
      }
      parts[p] = ir;
    }
  }

  /** One IR updated with every event, read through a reusable cursor: events per second. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Object update() {
    Object ir = null;
    ColumnarEvents.Cursor cursor = events.cursor();
    for (int i = 0; i < EVENTS; i++) {
      ir = column.update(ir, cursor.at(i));
    }
    return ir;
  }

  /** IRs of 1024-event parts merged into one: merges per second. */
  @Benchmark
  @OperationsPerInvocation(PARTS - 1)
  public Object merge() {
    Object merged = column.clone(parts[0]);
    for (int p = 1; p < PARTS; p++) {
      merged = column.merge(merged, parts[p]);
    }
    return merged;
  }
}
