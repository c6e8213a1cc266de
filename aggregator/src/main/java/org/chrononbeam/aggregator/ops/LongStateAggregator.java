package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** The aggregators whose IR is a {@link LongState}: Avro {@code long}, read and written straight. */
abstract class LongStateAggregator extends Aggregator<LongState> {

  @Override
  public final LongState clone(LongState ir) {
    return new LongState(ir.value);
  }

  @Override
  public final Schema irSchema() {
    return Schema.create(Schema.Type.LONG);
  }

  @Override
  public final Object normalize(LongState ir) {
    return ir.value;
  }

  @Override
  public final LongState denormalize(Object normalized) {
    return new LongState(((Number) normalized).longValue());
  }

  @Override
  public final boolean readsIr() {
    return true;
  }

  @Override
  public final LongState readIr(Decoder in) throws IOException {
    return new LongState(in.readLong());
  }

  @Override
  public final void writeIr(LongState ir, Encoder out) throws IOException {
    out.writeLong(ir.value);
  }
}
