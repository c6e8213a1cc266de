package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * APPROX_HISTOGRAM_K over numeric or string inputs (numbers are keyed by their decimal string):
 * output {@code map<string, long>} of at most k values and their counts.
 *
 * <p>The IR holds exact counts while there are at most k distinct values, so the output is exact
 * then. Beyond k it switches to a frequent-items sketch ({@link ItemsSketch}, map size the power
 * of two at least {@code max(8, 4k)}); the output is then the k values with the largest estimates
 * among those that may be frequent, each estimate within {@link ItemsSketch#getMaximumError()} of
 * the true count. IR {@code {exact: map<long> | null, sketch: bytes | null, lostError: long}}.
 * Not deletable.
 *
 * <p>The sketch's bytes follow the layout of its hash table, which depends on insertion order: a
 * decoded sketch holds the same counts and error bound, but may encode to other bytes.
 *
 * <p>A sketch whose purges removed every item ({@link ItemsSketch#isEmpty()}, yet its error is
 * not 0) loses its error where DataSketches 6.2 merges it into another or writes it to bytes, so
 * estimates merged from it would fall below the true counts. The IR keeps that error beside the
 * sketch ({@code lostError}) and adds it to every estimate; the IR is {@code {exact, sketch,
 * lostError: long}}.
 */
public final class ApproxHistogramAggregator extends Aggregator<ApproxHistogramState> {

  /** Chronon's default k. */
  public static final int DEFAULT_K = 8;

  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
  private static final Schema IR_SCHEMA = SchemaBuilder.record("ApproxHistogramIr")
      .namespace("org.chrononbeam.aggregator.ir")
      .fields()
      .name("exact").type().optional().map().values().longType()
      .name("sketch").type().optional().bytesType()
      .name("lostError").type().longType().longDefault(0)
      .endRecord();

  private final int k;
  private final int maxMapSize;

  /** Keeps exact counts up to {@code k >= 1} distinct values. */
  public ApproxHistogramAggregator(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.k = k;
    this.maxMapSize = Integer.highestOneBit(Math.max(8, 4 * k) - 1) << 1;
  }

  private static String keyOf(Object input) {
    return input.toString();
  }

  private ApproxHistogramState add(ApproxHistogramState ir, String key, long count) {
    if (ir.sketch != null) {
      ir.sketch.update(key, count);
      return ir;
    }
    ir.exact.merge(key, count, Long::sum);
    if (ir.exact.size() > k) {
      ItemsSketch<String> sketch = new ItemsSketch<>(maxMapSize);
      for (Map.Entry<String, Long> entry : new TreeMap<>(ir.exact).entrySet()) {
        sketch.update(entry.getKey(), entry.getValue());
      }
      ir.exact = null;
      ir.sketch = sketch;
    }
    return ir;
  }

  @Override
  public ApproxHistogramState prepare(Object input, long ts) {
    return add(new ApproxHistogramState(new HashMap<>(), null, 0), keyOf(input), 1);
  }

  @Override
  public ApproxHistogramState update(ApproxHistogramState ir, Object input, long ts) {
    return add(ir, keyOf(input), 1);
  }

  @Override
  public ApproxHistogramState merge(ApproxHistogramState ir, ApproxHistogramState other) {
    if (other.sketch == null) {
      for (Map.Entry<String, Long> entry : new TreeMap<>(other.exact).entrySet()) {
        add(ir, entry.getKey(), entry.getValue());
      }
      return ir;
    }
    if (ir.sketch == null) {
      ApproxHistogramState merged = clone(other);
      for (Map.Entry<String, Long> entry : new TreeMap<>(ir.exact).entrySet()) {
        merged.sketch.update(entry.getKey(), entry.getValue());
      }
      return merged;
    }
    ir.lostError += unheldError(other);
    ir.sketch.merge(other.sketch);
    return ir;
  }

  /**
   * The error of sketched {@code ir} that its sketch's bytes and merges do not carry: its {@code
   * lostError}, plus the sketch's own when the sketch holds no item.
   */
  private static long unheldError(ApproxHistogramState ir) {
    return ir.lostError + (ir.sketch.isEmpty() ? ir.sketch.getMaximumError() : 0);
  }

  @Override
  public Object finalize(ApproxHistogramState ir) {
    if (ir.sketch == null) {
      return new HashMap<>(ir.exact);
    }
    List<ItemsSketch.Row<String>> rows =
        new ArrayList<>(Arrays.asList(ir.sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)));
    rows.sort(Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate())
        .reversed()
        .thenComparing(ItemsSketch.Row::getItem));
    Map<String, Long> histogram = new HashMap<>();
    for (ItemsSketch.Row<String> row : rows.subList(0, Math.min(k, rows.size()))) {
      histogram.put(row.getItem(), row.getEstimate() + ir.lostError);
    }
    return histogram;
  }

  @Override
  public ApproxHistogramState clone(ApproxHistogramState ir) {
    return ir.sketch == null
        ? new ApproxHistogramState(new HashMap<>(ir.exact), null, 0)
        : new ApproxHistogramState(
            null, sketchOf(ir.sketch.toByteArray(SERDE)), unheldError(ir));
  }

  private static ItemsSketch<String> sketchOf(byte[] bytes) {
    return ItemsSketch.getInstance(Memory.wrap(bytes), SERDE);
  }

  /** Whether {@code ir} has switched from exact counts to the sketch. */
  public static boolean isSketched(Object ir) {
    return ((ApproxHistogramState) ir).sketch != null;
  }

  /** The maximum estimation error, the sketch's plus the lost one; 0 while {@code ir} is exact. */
  public static long maximumError(Object ir) {
    ApproxHistogramState state = (ApproxHistogramState) ir;
    return state.sketch == null ? 0 : state.sketch.getMaximumError() + state.lostError;
  }

  @Override
  public Schema irSchema() {
    return IR_SCHEMA;
  }

  @Override
  public Object normalize(ApproxHistogramState ir) {
    GenericRecord record = new GenericData.Record(IR_SCHEMA);
    record.put("exact", ir.exact == null ? null : new TreeMap<>(ir.exact));
    record.put("sketch",
        ir.sketch == null ? null : ByteBuffer.wrap(ir.sketch.toByteArray(SERDE)));
    record.put("lostError", ir.sketch == null ? 0L : unheldError(ir));
    return record;
  }

  @Override
  public ApproxHistogramState denormalize(Object normalized) {
    GenericRecord record = (GenericRecord) normalized;
    Object sketch = record.get("sketch");
    if (sketch != null) {
      Object lostError = record.get("lostError");
      return new ApproxHistogramState(
          null,
          sketchOf(ApproxUniqueCountAggregator.bytesOf(sketch)),
          lostError == null ? 0 : ((Number) lostError).longValue());
    }
    HashMap<String, Long> exact = new HashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) record.get("exact")).entrySet()) {
      exact.put(entry.getKey().toString(), ((Number) entry.getValue()).longValue());
    }
    return new ApproxHistogramState(exact, null, 0);
  }

  @Override
  public TDataType outputType() {
    return DataTypes.mapOf(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.LONG));
  }
}
