package org.chrononbeam.aggregator.ops;

import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/** MIN or MAX of integral inputs; IR {@code long}, output the input type. Not deletable. */
public final class LongExtremeAggregator extends LongStateAggregator {

  private final boolean max;
  private final DataKind kind;

  /** MAX when {@code max}, else MIN, of inputs of integral {@code kind}. */
  public LongExtremeAggregator(boolean max, DataKind kind) {
    if (!DataTypes.isIntegral(kind)) {
      throw new IllegalArgumentException("not integral: " + kind);
    }
    this.max = max;
    this.kind = kind;
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.LONG;
  }

  @Override
  public LongState prepare(Object input, long ts) {
    return new LongState(((Number) input).longValue());
  }

  @Override
  public LongState update(LongState ir, Object input, long ts) {
    return updateLong(ir, ((Number) input).longValue(), ts);
  }

  @Override
  public LongState prepareLong(long input, long ts) {
    return new LongState(input);
  }

  @Override
  public LongState updateLong(LongState ir, long input, long ts) {
    if (max ? input > ir.value : input < ir.value) {
      ir.value = input;
    }
    return ir;
  }

  @Override
  public LongState merge(LongState ir, LongState other) {
    return updateLong(ir, other.value, 0);
  }

  @Override
  public Object finalize(LongState ir) {
    return DataTypes.integralOf(ir.value, kind);
  }

  /** The IR holds an input, already a value of {@code kind}. */
  @Override
  public void finalizeInto(LongState ir, ValueSink sink, int query, int output) {
    sink.setLong(query, output, ir.value);
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(kind);
  }

  /** The loop compiled for this class, with the per-input methods inlined. */
  @Override
  public LongState updateLongs(LongState ir, long[] values, int offset, long[] ts,
      boolean[] deletes, int count, long from, long until) {
    return super.updateLongs(ir, values, offset, ts, deletes, count, from, until);
  }
}
