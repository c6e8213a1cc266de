package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * FIRST or LAST: the input with the smallest (FIRST) or largest (LAST) timestamp. Among inputs
 * with the same timestamp, FIRST keeps the smallest and LAST the largest value in {@link
 * ValueOrder}, so the result does not depend on merge order. Output the input type; IR {@code
 * {epochMillis: long, payload: input}}. Not deletable.
 *
 * <p>Integral and boolean inputs (true = 1) take the {@code long} path and floating ones the
 * {@code double} path: the IR holds them unboxed and is read and written straight from Avro
 * binary.
 */
public final class FirstLastAggregator extends Aggregator<TimedState> {

  private final boolean last;
  private final TDataType type;
  private final PrimitiveForm form;
  private final PrimitiveInput primitiveInput;
  private final Schema irSchema;

  /** LAST when {@code last}, else FIRST, of inputs of {@code type}. */
  public FirstLastAggregator(boolean last, TDataType type) {
    this.last = last;
    this.type = type;
    DataKind kind = type.getKind();
    this.form = PrimitiveForm.accepts(kind) ? new PrimitiveForm(kind) : null;
    this.primitiveInput = form == null
        ? PrimitiveInput.NONE
        : form.floating() ? PrimitiveInput.DOUBLE : PrimitiveInput.LONG;
    this.irSchema = timedSchema(type);
  }

  /** The Avro record {@code {epochMillis, payload}} for payloads of {@code type}. */
  static Schema timedSchema(TDataType type) {
    return SchemaBuilder.record("Timed_" + AvroNames.of(type))
        .namespace("org.chrononbeam.aggregator.ir")
        .fields()
        .requiredLong("epochMillis")
        .name("payload").type(AvroForm.schemaOf(type)).noDefault()
        .endRecord();
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return primitiveInput;
  }

  private boolean wins(long ts, int valueComparison, long currentTs) {
    return last
        ? ts > currentTs || (ts == currentTs && valueComparison > 0)
        : ts < currentTs || (ts == currentTs && valueComparison < 0);
  }

  @Override
  public TimedState prepare(Object input, long ts) {
    switch (primitiveInput) {
      case LONG:
        return prepareLong(LongSumAggregator.longOf(input), ts);
      case DOUBLE:
        return prepareDouble(((Number) input).doubleValue(), ts);
      default:
        return new TimedState(ts, 0, 0, DataTypes.canonical(input));
    }
  }

  @Override
  public TimedState update(TimedState ir, Object input, long ts) {
    switch (primitiveInput) {
      case LONG:
        return updateLong(ir, LongSumAggregator.longOf(input), ts);
      case DOUBLE:
        return updateDouble(ir, ((Number) input).doubleValue(), ts);
      default:
        if (wins(ts, ValueOrder.INSTANCE.compare(input, ir.value), ir.ts)) {
          ir.ts = ts;
          ir.value = DataTypes.canonical(input);
        }
        return ir;
    }
  }

  @Override
  public TimedState prepareLong(long input, long ts) {
    return new TimedState(ts, input, 0, null);
  }

  @Override
  public TimedState updateLong(TimedState ir, long input, long ts) {
    if (wins(ts, Long.compare(input, ir.longValue), ir.ts)) {
      ir.ts = ts;
      ir.longValue = input;
    }
    return ir;
  }

  @Override
  public TimedState prepareDouble(double input, long ts) {
    return new TimedState(ts, 0, input, null);
  }

  @Override
  public TimedState updateDouble(TimedState ir, double input, long ts) {
    if (wins(ts, Double.compare(input, ir.doubleValue), ir.ts)) {
      ir.ts = ts;
      ir.doubleValue = input;
    }
    return ir;
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public TimedState updateLongs(TimedState ir, long[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateLongs(ir, values, offset, ts, deletes, count, from, until);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public TimedState updateDoubles(TimedState ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }

  @Override
  public TimedState merge(TimedState ir, TimedState other) {
    switch (primitiveInput) {
      case LONG:
        return updateLong(ir, other.longValue, other.ts);
      case DOUBLE:
        return updateDouble(ir, other.doubleValue, other.ts);
      default:
        if (wins(other.ts, ValueOrder.INSTANCE.compare(other.value, ir.value), ir.ts)) {
          ir.ts = other.ts;
          ir.value = other.value;
        }
        return ir;
    }
  }

  @Override
  public Object finalize(TimedState ir) {
    switch (primitiveInput) {
      case LONG:
        return form.boxed(ir.longValue);
      case DOUBLE:
        return DataTypes.floatingOf(ir.doubleValue, type.getKind());
      default:
        return ir.value;
    }
  }

  /**
   * Integral, floating and boolean values unboxed (the IR holds an input, already a value of the
   * input type); others as {@link #finalize} returns them.
   */
  @Override
  public void finalizeInto(TimedState ir, ValueSink sink, int query, int output) {
    switch (primitiveInput) {
      case LONG:
        sink.setLong(query, output, ir.longValue);
        return;
      case DOUBLE:
        sink.setDouble(query, output, ir.doubleValue);
        return;
      default:
        super.finalizeInto(ir, sink, query, output);
    }
  }

  @Override
  public TimedState clone(TimedState ir) {
    return new TimedState(ir.ts, ir.longValue, ir.doubleValue, ir.value);
  }

  @Override
  public Schema irSchema() {
    return irSchema;
  }

  @Override
  public Object normalize(TimedState ir) {
    GenericRecord record = new GenericData.Record(irSchema);
    record.put("epochMillis", ir.ts);
    record.put("payload", AvroForm.toAvro(finalize(ir), type));
    return record;
  }

  @Override
  public TimedState denormalize(Object normalized) {
    GenericRecord record = (GenericRecord) normalized;
    long ts = (Long) record.get("epochMillis");
    Object payload = AvroForm.fromAvro(record.get("payload"), type);
    return prepare(payload, ts);
  }

  @Override
  public boolean readsIr() {
    return form != null;
  }

  @Override
  public TimedState readIr(Decoder in) throws IOException {
    long ts = in.readLong();
    long value = form.read(in);
    return primitiveInput == PrimitiveInput.LONG
        ? new TimedState(ts, value, 0, null)
        : new TimedState(ts, 0, Double.longBitsToDouble(value), null);
  }

  @Override
  public void writeIr(TimedState ir, Encoder out) throws IOException {
    out.writeLong(ir.ts);
    form.write(primitiveInput == PrimitiveInput.LONG
        ? ir.longValue
        : Double.doubleToRawLongBits(ir.doubleValue), out);
  }

  @Override
  public TDataType outputType() {
    return type;
  }
}
