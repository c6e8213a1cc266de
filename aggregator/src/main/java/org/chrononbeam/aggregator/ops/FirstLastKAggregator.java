package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.api.TDataType;

/**
 * FIRST_K (oldest first) or LAST_K (newest first): the k inputs with the smallest or largest
 * timestamps. Timestamp ties are broken by {@link ValueOrder} (FIRST_K smallest first, LAST_K
 * largest first) so the result does not depend on merge order. Output {@code list<input>}; IR a
 * list of {@code {epochMillis, payload}} records. Not deletable.
 *
 * <p>Integral, boolean and floating inputs take {@link PrimitiveFirstLastKAggregator} instead,
 * which gives the same results without boxing; this one takes any input type.
 */
public final class FirstLastKAggregator extends Aggregator<BestKBuffer<TimedValue>> {

  private final int k;
  private final TDataType type;
  private final Comparator<TimedValue> bestFirst;
  private final Schema elementSchema;
  private final Schema irSchema;

  /** LAST_K when {@code last}, else FIRST_K, keeping {@code k >= 1} inputs of {@code type}. */
  public FirstLastKAggregator(boolean last, int k, TDataType type) {
    this.k = requireK(k);
    this.type = type;
    Comparator<TimedValue> oldestFirst = Comparator.comparingLong(TimedValue::ts)
        .thenComparing(TimedValue::value, ValueOrder.INSTANCE);
    this.bestFirst = last ? oldestFirst.reversed() : oldestFirst;
    this.elementSchema = FirstLastAggregator.timedSchema(type);
    this.irSchema = Schema.createArray(elementSchema);
  }

  /** {@code k}, checked to be at least 1. */
  static int requireK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    return k;
  }

  @Override
  public BestKBuffer<TimedValue> prepare(Object input, long ts) {
    BestKBuffer<TimedValue> buffer = new BestKBuffer<>(k, bestFirst, Math.min(2 * k, 16));
    buffer.add(new TimedValue(ts, DataTypes.canonical(input)));
    return buffer;
  }

  @Override
  public BestKBuffer<TimedValue> update(BestKBuffer<TimedValue> ir, Object input, long ts) {
    ir.add(new TimedValue(ts, DataTypes.canonical(input)));
    return ir;
  }

  @Override
  public BestKBuffer<TimedValue> merge(
      BestKBuffer<TimedValue> ir, BestKBuffer<TimedValue> other) {
    ir.addAll(other);
    return ir;
  }

  @Override
  public Object finalize(BestKBuffer<TimedValue> ir) {
    List<Object> values = new ArrayList<>();
    for (TimedValue timed : ir.best()) {
      values.add(timed.value());
    }
    return values;
  }

  @Override
  public BestKBuffer<TimedValue> clone(BestKBuffer<TimedValue> ir) {
    return ir.copy();
  }

  @Override
  public Schema irSchema() {
    return irSchema;
  }

  @Override
  public Object normalize(BestKBuffer<TimedValue> ir) {
    List<GenericRecord> records = new ArrayList<>();
    for (TimedValue timed : ir.best()) {
      GenericRecord record = new GenericData.Record(elementSchema);
      record.put("epochMillis", timed.ts());
      record.put("payload", AvroForm.toAvro(timed.value(), type));
      records.add(record);
    }
    return records;
  }

  @Override
  public BestKBuffer<TimedValue> denormalize(Object normalized) {
    BestKBuffer<TimedValue> buffer = new BestKBuffer<>(k, bestFirst, 2 * k);
    for (Object element : (Collection<?>) normalized) {
      GenericRecord record = (GenericRecord) element;
      buffer.add(new TimedValue(
          (Long) record.get("epochMillis"), AvroForm.fromAvro(record.get("payload"), type)));
    }
    return buffer;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.listOf(type);
  }
}
