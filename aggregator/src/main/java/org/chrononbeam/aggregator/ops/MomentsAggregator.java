package org.chrononbeam.aggregator.ops;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;

/**
 * VARIANCE (population), SKEW and KURTOSIS (excess) of numeric inputs; output {@code double}.
 *
 * <p>SKEW is {@code sqrt(n) M3 / M2^1.5} and NaN below 3 values; KURTOSIS is {@code n M4 / M2^2 -
 * 3} and NaN below 4 values. The VARIANCE IR is {@code {count: long, mean, m2}}; the SKEW and
 * KURTOSIS IR is the list {@code [n, mean, m2, m3, m4]} of doubles. Not deletable.
 */
public final class MomentsAggregator extends Aggregator<MomentState> {

  private static final Schema VARIANCE_SCHEMA = SchemaBuilder.record("VarianceIr")
      .namespace("org.chrononbeam.aggregator.ir")
      .fields()
      .requiredLong("count")
      .requiredDouble("mean")
      .requiredDouble("m2")
      .endRecord();

  private static final Schema MOMENTS_SCHEMA =
      Schema.createArray(Schema.create(Schema.Type.DOUBLE));

  private final Operation operation;

  /** {@code operation} is VARIANCE, SKEW or KURTOSIS. */
  public MomentsAggregator(Operation operation) {
    if (operation != Operation.VARIANCE && operation != Operation.SKEW
        && operation != Operation.KURTOSIS) {
      throw new IllegalArgumentException("not a moment operation: " + operation);
    }
    this.operation = operation;
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.DOUBLE;
  }

  @Override
  public MomentState prepare(Object input, long ts) {
    return MomentState.of(((Number) input).doubleValue());
  }

  @Override
  public MomentState update(MomentState ir, Object input, long ts) {
    ir.add(((Number) input).doubleValue());
    return ir;
  }

  @Override
  public MomentState prepareDouble(double input, long ts) {
    return MomentState.of(input);
  }

  @Override
  public MomentState updateDouble(MomentState ir, double input, long ts) {
    ir.add(input);
    return ir;
  }

  @Override
  public MomentState merge(MomentState ir, MomentState other) {
    ir.merge(other);
    return ir;
  }

  @Override
  public Object finalize(MomentState ir) {
    return value(ir);
  }

  @Override
  public void finalizeInto(MomentState ir, ValueSink sink, int query, int output) {
    sink.setDouble(query, output, value(ir));
  }

  private double value(MomentState ir) {
    double n = ir.count;
    switch (operation) {
      case VARIANCE:
        return ir.m2 / n;
      case SKEW:
        return ir.count < 3 ? Double.NaN : Math.sqrt(n) * ir.m3 / Math.pow(ir.m2, 1.5);
      default:
        return ir.count < 4 ? Double.NaN : n * ir.m4 / (ir.m2 * ir.m2) - 3;
    }
  }

  @Override
  public MomentState clone(MomentState ir) {
    return ir.copy();
  }

  @Override
  public Schema irSchema() {
    return operation == Operation.VARIANCE ? VARIANCE_SCHEMA : MOMENTS_SCHEMA;
  }

  @Override
  public Object normalize(MomentState ir) {
    if (operation == Operation.VARIANCE) {
      GenericRecord record = new GenericData.Record(VARIANCE_SCHEMA);
      record.put("count", ir.count);
      record.put("mean", ir.mean);
      record.put("m2", ir.m2);
      return record;
    }
    return List.of((double) ir.count, ir.mean, ir.m2, ir.m3, ir.m4);
  }

  @Override
  public MomentState denormalize(Object normalized) {
    if (operation == Operation.VARIANCE) {
      GenericRecord record = (GenericRecord) normalized;
      return new MomentState(
          (Long) record.get("count"), (Double) record.get("mean"), (Double) record.get("m2"), 0,
          0);
    }
    List<?> values = (List<?>) normalized;
    return new MomentState(
        (long) ((Number) values.get(0)).doubleValue(),
        ((Number) values.get(1)).doubleValue(),
        ((Number) values.get(2)).doubleValue(),
        ((Number) values.get(3)).doubleValue(),
        ((Number) values.get(4)).doubleValue());
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.DOUBLE);
  }
}
