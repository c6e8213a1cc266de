package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** The aggregators whose IR is a {@link DoubleState}: Avro {@code double}, read and written straight. */
abstract class DoubleStateAggregator extends Aggregator<DoubleState> {

  @Override
  public final DoubleState clone(DoubleState ir) {
    return new DoubleState(ir.value);
  }

  @Override
  public final Schema irSchema() {
    return Schema.create(Schema.Type.DOUBLE);
  }

  @Override
  public final Object normalize(DoubleState ir) {
    return ir.value;
  }

  @Override
  public final DoubleState denormalize(Object normalized) {
    return new DoubleState(((Number) normalized).doubleValue());
  }

  @Override
  public final boolean readsIr() {
    return true;
  }

  @Override
  public final DoubleState readIr(Decoder in) throws IOException {
    return new DoubleState(in.readDouble());
  }

  @Override
  public final void writeIr(DoubleState ir, Encoder out) throws IOException {
    out.writeDouble(ir.value);
  }
}
