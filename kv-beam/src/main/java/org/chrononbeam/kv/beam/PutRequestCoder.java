package org.chrononbeam.kv.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.chrononbeam.model.kv.PutRequest;

/**
 * Encodes a {@link PutRequest} as its key bytes, value bytes (each length-prefixed), dataset
 * (UTF-8, length-prefixed) and nullable timestamp (a presence byte, then a varint). Deterministic,
 * and consistent with {@code PutRequest.equals}.
 */
public final class PutRequestCoder extends AtomicCoder<PutRequest> {

  private static final PutRequestCoder INSTANCE = new PutRequestCoder();
  private static final Coder<byte[]> BYTES = ByteArrayCoder.of();
  private static final Coder<String> DATASET = StringUtf8Coder.of();
  private static final Coder<Long> TS = NullableCoder.of(VarLongCoder.of());

  private PutRequestCoder() {}

  /** The coder. */
  public static PutRequestCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PutRequest put, OutputStream out) throws IOException {
    BYTES.encode(put.keyBytes(), out);
    BYTES.encode(put.valueBytes(), out);
    DATASET.encode(put.dataset(), out);
    TS.encode(put.tsMillis(), out);
  }

  @Override
  public PutRequest decode(InputStream in) throws IOException {
    return new PutRequest(BYTES.decode(in), BYTES.decode(in), DATASET.decode(in), TS.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
