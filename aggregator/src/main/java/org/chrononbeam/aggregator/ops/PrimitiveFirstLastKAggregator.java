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
import org.chrononbeam.api.DataKind;
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
  private final DataKind kind;
  private final boolean floating;
  private final Schema elementSchema;
  private final Schema irSchema;

  /** Whether inputs of {@code kind} go this way: integral, boolean or floating ones. */
  static boolean accepts(DataKind kind) {
    return DataTypes.isNumeric(kind) || kind == DataKind.BOOLEAN;
  }

  /** LAST_K when {@code last}, else FIRST_K, keeping {@code k >= 1} inputs of {@code type}. */
  public PrimitiveFirstLastKAggregator(boolean last, int k, TDataType type) {
    this.kind = type.getKind();
    if (!accepts(kind)) {
      throw new IllegalArgumentException("not integral, boolean or floating: " + type);
    }
    this.last = last;
    this.k = FirstLastKAggregator.requireK(k);
    this.type = type;
    this.floating = DataTypes.isFloating(kind);
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

  /** {@code input}, a boxed value of the input type, as a {@link TimedBestK} value. */
  private long valueOf(Object input) {
    return floating
        ? Double.doubleToRawLongBits(((Number) input).doubleValue())
        : LongSumAggregator.longOf(input);
  }

  /** A {@link TimedBestK} value as a boxed value of the input type. */
  private Object boxed(long value) {
    if (floating) {
      return DataTypes.floatingOf(Double.longBitsToDouble(value), kind);
    }
    return kind == DataKind.BOOLEAN ? (Object) (value != 0) : DataTypes.integralOf(value, kind);
  }

  @Override
  public TimedBestK prepare(Object input, long ts) {
    TimedBestK ir = empty(4);
    ir.add(ts, valueOf(input));
    return ir;
  }

  @Override
  public TimedBestK update(TimedBestK ir, Object input, long ts) {
    ir.add(ts, valueOf(input));
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
    switch (kind) {
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
          values.add(boxed(best.value(i)));
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
      record.put("payload", AvroForm.toAvro(boxed(best.value(i)), type));
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
          valueOf(AvroForm.fromAvro(record.get("payload"), type)));
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
        ir.add(ts, readValue(in));
      }
    }
    return ir;
  }

  /** Reads a payload as {@link AvroForm#fromAvro} then {@link #valueOf} take it. */
  private long readValue(Decoder in) throws IOException {
    switch (kind) {
      case BOOLEAN:
        return in.readBoolean() ? 1 : 0;
      case BYTE:
        return (byte) in.readInt();
      case SHORT:
        return (short) in.readInt();
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case FLOAT:
        return Double.doubleToRawLongBits(in.readFloat());
      default:
        return Double.doubleToRawLongBits(in.readDouble());
    }
  }

  @Override
  public void writeIr(TimedBestK ir, Encoder out) throws IOException {
    TimedBestK best = ir.compacted();
    out.writeArrayStart();
    out.setItemCount(best.size());
    for (int i = 0; i < best.size(); i++) {
      out.startItem();
      out.writeLong(best.ts(i));
      writeValue(best.value(i), out);
    }
    out.writeArrayEnd();
  }

  /** Writes a payload as Avro's generic writer writes {@link AvroForm#toAvro} of its box. */
  private void writeValue(long value, Encoder out) throws IOException {
    switch (kind) {
      case BOOLEAN:
        out.writeBoolean(value != 0);
        break;
      case BYTE:
      case SHORT:
      case INT:
        out.writeInt((int) value);
        break;
      case LONG:
        out.writeLong(value);
        break;
      case FLOAT:
        out.writeFloat((float) Double.longBitsToDouble(value));
        break;
      default:
        out.writeDouble(Double.longBitsToDouble(value));
    }
  }

  @Override
  public TDataType outputType() {
    return DataTypes.listOf(type);
  }
}
