package org.chrononbeam.aggregator.ops;

import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * SUM of floating inputs; output and IR {@code double}. The result depends on merge order in the
 * last bits, so compare it with a relative tolerance. Deletable.
 */
public final class DoubleSumAggregator extends DoubleStateAggregator {

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.DOUBLE;
  }

  @Override
  public DoubleState prepare(Object input, long ts) {
    return new DoubleState(((Number) input).doubleValue());
  }

  @Override
  public DoubleState update(DoubleState ir, Object input, long ts) {
    ir.value += ((Number) input).doubleValue();
    return ir;
  }

  @Override
  public DoubleState prepareDouble(double input, long ts) {
    return new DoubleState(input);
  }

  @Override
  public DoubleState updateDouble(DoubleState ir, double input, long ts) {
    ir.value += input;
    return ir;
  }

  @Override
  public DoubleState merge(DoubleState ir, DoubleState other) {
    ir.value += other.value;
    return ir;
  }

  @Override
  public Object finalize(DoubleState ir) {
    return ir.value;
  }

  @Override
  public void finalizeInto(DoubleState ir, ValueSink sink, int query, int output) {
    sink.setDouble(query, output, ir.value);
  }

  @Override
  public boolean isDeletable() {
    return true;
  }

  @Override
  public DoubleState inversePrepare(Object input, long ts) {
    return new DoubleState(-((Number) input).doubleValue());
  }

  @Override
  public DoubleState delete(DoubleState ir, Object input, long ts) {
    ir.value -= ((Number) input).doubleValue();
    return ir;
  }

  @Override
  public DoubleState inversePrepareDouble(double input, long ts) {
    return new DoubleState(-input);
  }

  @Override
  public DoubleState deleteDouble(DoubleState ir, double input, long ts) {
    ir.value -= input;
    return ir;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.DOUBLE);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public DoubleState updateDoubles(DoubleState ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }
}
