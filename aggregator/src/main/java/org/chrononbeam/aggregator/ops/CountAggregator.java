package org.chrononbeam.aggregator.ops;

import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/** COUNT of non-null inputs of any type; output and IR {@code long}. Deletable. */
public final class CountAggregator extends LongStateAggregator {

  private final PrimitiveInput primitiveInput;

  /** Counts inputs of kind {@code inputKind}; numeric inputs take the primitive path. */
  public CountAggregator(DataKind inputKind) {
    this.primitiveInput = DataTypes.isFloating(inputKind)
        ? PrimitiveInput.DOUBLE
        : DataTypes.isIntegral(inputKind) || inputKind == DataKind.BOOLEAN
            ? PrimitiveInput.LONG
            : PrimitiveInput.NONE;
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return primitiveInput;
  }

  @Override
  public LongState prepare(Object input, long ts) {
    return new LongState(1);
  }

  @Override
  public LongState update(LongState ir, Object input, long ts) {
    ir.value++;
    return ir;
  }

  @Override
  public LongState prepareLong(long input, long ts) {
    return new LongState(1);
  }

  @Override
  public LongState updateLong(LongState ir, long input, long ts) {
    ir.value++;
    return ir;
  }

  @Override
  public LongState prepareDouble(double input, long ts) {
    return new LongState(1);
  }

  @Override
  public LongState updateDouble(LongState ir, double input, long ts) {
    ir.value++;
    return ir;
  }

  @Override
  public LongState merge(LongState ir, LongState other) {
    ir.value += other.value;
    return ir;
  }

  @Override
  public Object finalize(LongState ir) {
    return ir.value;
  }

  @Override
  public void finalizeInto(LongState ir, ValueSink sink, int query, int output) {
    sink.setLong(query, output, ir.value);
  }

  @Override
  public boolean isDeletable() {
    return true;
  }

  @Override
  public LongState inversePrepare(Object input, long ts) {
    return new LongState(-1);
  }

  @Override
  public LongState delete(LongState ir, Object input, long ts) {
    ir.value--;
    return ir;
  }

  @Override
  public LongState inversePrepareLong(long input, long ts) {
    return new LongState(-1);
  }

  @Override
  public LongState deleteLong(LongState ir, long input, long ts) {
    ir.value--;
    return ir;
  }

  @Override
  public LongState inversePrepareDouble(double input, long ts) {
    return new LongState(-1);
  }

  @Override
  public LongState deleteDouble(LongState ir, double input, long ts) {
    ir.value--;
    return ir;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.LONG);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public LongState updateLongs(LongState ir, long[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateLongs(ir, values, offset, ts, deletes, count, from, until);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public LongState updateDoubles(LongState ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }
}
