package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.chrononbeam.api.TDataType;

/**
 * {@link FirstLastKAggregator}'s FIRST_K and LAST_K for integral, boolean and floating inputs,
 * without boxing: integral and boolean inputs (true = 1) take the {@code long} path, floating ones
 * the {@code double} path, and the IR, a {@link TimedBestK}, keeps timestamps and values in
 * primitive arrays. The same results, IR schema and IR bytes as {@link FirstLastKAggregator}.
 *
 * <p>The output is a {@link LongList} for LONG inputs and a {@link DoubleList} for DOUBLE inputs,
 * whose elements are boxed only when read; for BYTE, SHORT, INT, BOOLEAN and FLOAT inputs it is an
 * {@link ArrayList} of their boxes, as {@link FirstLastKAggregator}'s is. Not deletable.
 */
public final class PrimitiveFirstLastKAggregator extends Aggregator<TimedBestK> {

  private final boolean last;
  private final int k;
  private final TDataType type;
  private final PrimitiveForm form;
  private final boolean floating;
  private final Schema elementSchema;
  private final Schema irSchema;

  /**
   * LAST_K when {@code last}, else FIRST_K, keeping {@code k >= 1} inputs of {@code type}: an
   * integral, boolean or floating type.
   */
  public PrimitiveFirstLastKAggregator(boolean last, int k, TDataType type) {
    this.form = new PrimitiveForm(type.getKind());
    this.last = last;
    this.k = FirstLastKAggregator.requireK(k);
    this.type = type;
    this.floating = form.floating();
    this.elementSchema = FirstLastAggregator.timedSchema(type);
    this.irSchema = Schema.createArray(elementSchema);
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return floating ? PrimitiveInput.DOUBLE : PrimitiveInput.LONG;
  }

  private TimedBestK empty(long capacity) {
    return new TimedBestK(k, last, floating, (int) Math.max(1, Math.min(capacity, 2L * k)));
  }

  @Override
  public TimedBestK prepare(Object input, long ts) {
    TimedBestK ir = empty(4);
    ir.add(ts, form.of(input));
    return ir;
  }

  @Override
  public TimedBestK update(TimedBestK ir, Object input, long ts) {
    ir.add(ts, form.of(input));
    return ir;
  }

  @Override
  public TimedBestK prepareLong(long input, long ts) {
    TimedBestK ir = empty(4);
    ir.add(ts, input);
    return ir;
  }

  @Override
  public TimedBestK updateLong(TimedBestK ir, long input, long ts) {
    ir.add(ts, input);
    return ir;
  }

  @Override
  public TimedBestK prepareDouble(double input, long ts) {
    TimedBestK ir = empty(4);
    ir.add(ts, Double.doubleToRawLongBits(input));
    return ir;
  }

  @Override
  public TimedBestK updateDouble(TimedBestK ir, double input, long ts) {
    ir.add(ts, Double.doubleToRawLongBits(input));
    return ir;
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public TimedBestK updateLongs(TimedBestK ir, long[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateLongs(ir, values, offset, ts, deletes, count, from, until);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public TimedBestK updateDoubles(TimedBestK ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }

  @Override
  public TimedBestK merge(TimedBestK ir, TimedBestK other) {
    ir.addAll(other);
    return ir;
  }

  @Override
  public Object finalize(TimedBestK ir) {
    TimedBestK best = ir.compacted();
    int size = best.size();
    switch (type.getKind()) {
      case LONG:
        long[] longs = new long[size];
        for (int i = 0; i < size; i++) {
          longs[i] = best.value(i);
        }
        return new LongList(longs);
      case DOUBLE:
        double[] doubles = new double[size];
        for (int i = 0; i < size; i++) {
          doubles[i] = Double.longBitsToDouble(best.value(i));
        }
        return new DoubleList(doubles);
      default:
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          values.add(form.boxed(best.value(i)));
        }
        return values;
    }
  }

  @Override
  public TimedBestK clone(TimedBestK ir) {
    return ir.copy();
  }

  @Override
  public Schema irSchema() {
    return irSchema;
  }

  @Override
  public Object normalize(TimedBestK ir) {
    TimedBestK best = ir.compacted();
    List<GenericRecord> records = new ArrayList<>(best.size());
    for (int i = 0; i < best.size(); i++) {
      GenericRecord record = new GenericData.Record(elementSchema);
      record.put("epochMillis", best.ts(i));
      record.put("payload", AvroForm.toAvro(form.boxed(best.value(i)), type));
      records.add(record);
    }
    return records;
  }

  @Override
  public TimedBestK denormalize(Object normalized) {
    Collection<?> records = (Collection<?>) normalized;
    TimedBestK ir = empty(records.size());
    for (Object element : records) {
      GenericRecord record = (GenericRecord) element;
      ir.add((Long) record.get("epochMillis"),
          form.of(AvroForm.fromAvro(record.get("payload"), type)));
    }
    return ir;
  }

  @Override
  public boolean readsIr() {
    return true;
  }

  @Override
  public TimedBestK readIr(Decoder in) throws IOException {
    long count = in.readArrayStart();
    TimedBestK ir = empty(count);
    for (; count > 0; count = in.arrayNext()) {
      for (long i = 0; i < count; i++) {
        long ts = in.readLong();
        ir.add(ts, form.read(in));
      }
    }
    return ir;
  }

  @Override
  public void writeIr(TimedBestK ir, Encoder out) throws IOException {
    TimedBestK best = ir.compacted();
    out.writeArrayStart();
    out.setItemCount(best.size());
    for (int i = 0; i < best.size(); i++) {
      out.startItem();
      out.writeLong(best.ts(i));
      form.write(best.value(i), out);
    }
    out.writeArrayEnd();
  }

  @Override
  public TDataType outputType() {
    return DataTypes.listOf(type);
  }
}
