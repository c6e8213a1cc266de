package org.chrononbeam.aggregator.ops;

import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * MIN or MAX of floating inputs in {@link Double#compare} order (NaN above +Infinity); IR {@code
 * double}, output the input type. Not deletable.
 */
public final class DoubleExtremeAggregator extends DoubleStateAggregator {

  private final boolean max;
  private final DataKind kind;

  /** MAX when {@code max}, else MIN, of inputs of floating {@code kind}. */
  public DoubleExtremeAggregator(boolean max, DataKind kind) {
    if (!DataTypes.isFloating(kind)) {
      throw new IllegalArgumentException("not floating: " + kind);
    }
    this.max = max;
    this.kind = kind;
  }

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
    return updateDouble(ir, ((Number) input).doubleValue(), ts);
  }

  @Override
  public DoubleState prepareDouble(double input, long ts) {
    return new DoubleState(input);
  }

  @Override
  public DoubleState updateDouble(DoubleState ir, double input, long ts) {
    int c = Double.compare(input, ir.value);
    if (max ? c > 0 : c < 0) {
      ir.value = input;
    }
    return ir;
  }

  @Override
  public DoubleState merge(DoubleState ir, DoubleState other) {
    return updateDouble(ir, other.value, 0);
  }

  @Override
  public Object finalize(DoubleState ir) {
    return DataTypes.floatingOf(ir.value, kind);
  }

  /** The IR holds an input, already a value of {@code kind}. */
  @Override
  public void finalizeInto(DoubleState ir, ValueSink sink, int query, int output) {
    sink.setDouble(query, output, ir.value);
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(kind);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public DoubleState updateDoubles(DoubleState ir, double[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateDoubles(ir, values, offset, ts, deletes, count, from, until);
  }
}
