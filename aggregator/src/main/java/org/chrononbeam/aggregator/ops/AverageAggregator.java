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
 * AVERAGE of numeric inputs; output {@code double}, IR {@code {sum: double, count: int}}.
 * Deletable; an IR whose deletions bring the count back to 0 finalizes to {@code null}.
 */
public final class AverageAggregator extends Aggregator<AverageState> {

  private static final Schema IR_SCHEMA = SchemaBuilder.record("AverageIr")
      .namespace("org.chrononbeam.aggregator.ir")
      .fields()
      .requiredDouble("sum")
      .requiredInt("count")
      .endRecord();
  /** Positions of the fields in {@link #IR_SCHEMA}, for records read with it (no name lookup). */
  private static final int SUM = IR_SCHEMA.getField("sum").pos();
  private static final int COUNT = IR_SCHEMA.getField("count").pos();

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.DOUBLE;
  }

  @Override
  public AverageState prepare(Object input, long ts) {
    return new AverageState(((Number) input).doubleValue(), 1);
  }

  @Override
  public AverageState update(AverageState ir, Object input, long ts) {
    return updateDouble(ir, ((Number) input).doubleValue(), ts);
  }

  @Override
  public AverageState prepareDouble(double input, long ts) {
    return new AverageState(input, 1);
  }

  @Override
  public AverageState updateDouble(AverageState ir, double input, long ts) {
    ir.sum += input;
    ir.count++;
    return ir;
  }

  @Override
  public AverageState merge(AverageState ir, AverageState other) {
    ir.sum += other.sum;
    ir.count += other.count;
    return ir;
  }

  @Override
  public Object finalize(AverageState ir) {
    return ir.count == 0 ? null : ir.sum / ir.count;
  }

  @Override
  public void finalizeInto(AverageState ir, ValueSink sink, int query, int output) {
    if (ir.count == 0) {
      sink.setNull(query, output);
    } else {
      sink.setDouble(query, output, ir.sum / ir.count);
    }
  }

  @Override
  public AverageState clone(AverageState ir) {
    return new AverageState(ir.sum, ir.count);
  }

  @Override
  public boolean isDeletable() {
    return true;
  }

  @Override
  public AverageState inversePrepare(Object input, long ts) {
    return new AverageState(-((Number) input).doubleValue(), -1);
  }

  @Override
  public AverageState delete(AverageState ir, Object input, long ts) {
    return deleteDouble(ir, ((Number) input).doubleValue(), ts);
  }

  @Override
  public AverageState inversePrepareDouble(double input, long ts) {
    return new AverageState(-input, -1);
  }

  @Override
  public AverageState deleteDouble(AverageState ir, double input, long ts) {
    ir.sum -= input;
    ir.count--;
    return ir;
  }

  @Override
  public Schema irSchema() {
    return IR_SCHEMA;
  }

  @Override
  public Object normalize(AverageState ir) {
    GenericRecord record = new GenericData.Record(IR_SCHEMA);
    record.put("sum", ir.sum);
    record.put("count", ir.count);
    return record;
  }

  @Override
  public boolean readsIr() {
    return true;
  }

  /** Reads the fields in {@link #IR_SCHEMA} order: {@code sum}, then {@code count}. */
  @Override
  public AverageState readIr(Decoder in) throws IOException {
    double sum = in.readDouble();
    return new AverageState(sum, in.readInt());
  }

  /** Writes the fields in {@link #IR_SCHEMA} order: {@code sum}, then {@code count}. */
  @Override
  public void writeIr(AverageState ir, Encoder out) throws IOException {
    out.writeDouble(ir.sum);
    out.writeInt(ir.count);
  }

  @Override
  public AverageState denormalize(Object normalized) {
    GenericRecord record = (GenericRecord) normalized;
    if (record.getSchema() == IR_SCHEMA) {
      return new AverageState((Double) record.get(SUM), (Integer) record.get(COUNT));
    }
    return new AverageState((Double) record.get("sum"), (Integer) record.get("count"));
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.DOUBLE);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public AverageState updateDoubles(AverageState ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }
}
