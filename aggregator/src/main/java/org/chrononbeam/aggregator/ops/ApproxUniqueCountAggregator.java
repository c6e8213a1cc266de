package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * APPROX_UNIQUE_COUNT: a CPC sketch of lgK {@code k} (Chronon's default 8) over numeric, string or
 * binary inputs; output the rounded estimate as {@code long}, IR the sketch's serialized bytes.
 * Its relative standard error is about {@code 0.6 / sqrt(2^lgK)} (DataSketches' CPC accuracy). Not
 * deletable.
 */
public final class ApproxUniqueCountAggregator extends Aggregator<CpcSketch> {

  /** Chronon's default lgK. */
  public static final int DEFAULT_LG_K = 8;

  private final int lgK;
  private final DataKind kind;

  /** A sketch of {@code lgK} (4..26) over inputs of {@code kind}. */
  public ApproxUniqueCountAggregator(int lgK, DataKind kind) {
    if (lgK < 4 || lgK > 26) {
      throw new IllegalArgumentException("CPC lgK must be in [4, 26], got " + lgK);
    }
    this.lgK = lgK;
    this.kind = kind;
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return DataTypes.isIntegral(kind)
        ? PrimitiveInput.LONG
        : DataTypes.isFloating(kind) ? PrimitiveInput.DOUBLE : PrimitiveInput.NONE;
  }

  @Override
  public CpcSketch prepare(Object input, long ts) {
    return update(new CpcSketch(lgK), input, ts);
  }

  @Override
  public CpcSketch update(CpcSketch ir, Object input, long ts) {
    if (DataTypes.isIntegral(kind)) {
      ir.update(((Number) input).longValue());
    } else if (DataTypes.isFloating(kind)) {
      ir.update(((Number) input).doubleValue());
    } else if (input instanceof byte[]) {
      ir.update((byte[]) input);
    } else if (input instanceof ByteBuffer) {
      ir.update(((ByteBuffer) input).duplicate());
    } else {
      ir.update(input.toString());
    }
    return ir;
  }

  @Override
  public CpcSketch prepareLong(long input, long ts) {
    return updateLong(new CpcSketch(lgK), input, ts);
  }

  @Override
  public CpcSketch updateLong(CpcSketch ir, long input, long ts) {
    ir.update(input);
    return ir;
  }

  @Override
  public CpcSketch prepareDouble(double input, long ts) {
    return updateDouble(new CpcSketch(lgK), input, ts);
  }

  @Override
  public CpcSketch updateDouble(CpcSketch ir, double input, long ts) {
    ir.update(input);
    return ir;
  }

  /** Returns a new sketch; neither argument is mutated. */
  @Override
  public CpcSketch merge(CpcSketch ir, CpcSketch other) {
    CpcUnion union = new CpcUnion(lgK);
    union.update(ir);
    union.update(other);
    return union.getResult();
  }

  @Override
  public Object finalize(CpcSketch ir) {
    return Math.round(ir.getEstimate());
  }

  @Override
  public void finalizeInto(CpcSketch ir, ValueSink sink, int query, int output) {
    sink.setLong(query, output, Math.round(ir.getEstimate()));
  }

  @Override
  public CpcSketch clone(CpcSketch ir) {
    return CpcSketch.heapify(ir.toByteArray());
  }

  @Override
  public Schema irSchema() {
    return Schema.create(Schema.Type.BYTES);
  }

  @Override
  public Object normalize(CpcSketch ir) {
    return ByteBuffer.wrap(ir.toByteArray());
  }

  @Override
  public CpcSketch denormalize(Object normalized) {
    return CpcSketch.heapify(bytesOf(normalized));
  }

  static byte[] bytesOf(Object normalized) {
    if (normalized instanceof byte[]) {
      return (byte[]) normalized;
    }
    ByteBuffer buffer = ((ByteBuffer) normalized).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.LONG);
  }
}
