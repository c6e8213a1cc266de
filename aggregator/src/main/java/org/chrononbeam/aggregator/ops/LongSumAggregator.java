package org.chrononbeam.aggregator.ops;

import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * SUM of integral or boolean inputs (true = 1); output and IR {@code long}, wrapping on overflow
 * like Java's {@code long} arithmetic. Deletable.
 */
public final class LongSumAggregator extends LongStateAggregator {

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.LONG;
  }

  static long longOf(Object input) {
    return input instanceof Boolean ? ((Boolean) input ? 1L : 0L) : ((Number) input).longValue();
  }

  @Override
  public LongState prepare(Object input, long ts) {
    return new LongState(longOf(input));
  }

  @Override
  public LongState update(LongState ir, Object input, long ts) {
    ir.value += longOf(input);
    return ir;
  }

  @Override
  public LongState prepareLong(long input, long ts) {
    return new LongState(input);
  }

  @Override
  public LongState updateLong(LongState ir, long input, long ts) {
    ir.value += input;
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
    return new LongState(-longOf(input));
  }

  @Override
  public LongState delete(LongState ir, Object input, long ts) {
    ir.value -= longOf(input);
    return ir;
  }

  @Override
  public LongState inversePrepareLong(long input, long ts) {
    return new LongState(-input);
  }

  @Override
  public LongState deleteLong(LongState ir, long input, long ts) {
    ir.value -= input;
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
}
