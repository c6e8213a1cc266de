package org.chrononbeam.transforms.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** The coder of {@link DeadLetter}s: its five fields in order, deterministic. */
public final class DeadLetterCoder extends CustomCoder<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  private DeadLetterCoder() {}

  /** The coder. */
  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter letter, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(letter.topic(), out);
    VarIntCoder.of().encode(letter.partition(), out);
    VarLongCoder.of().encode(letter.offset(), out);
    ByteArrayCoder.of().encode(letter.payload(), out);
    StringUtf8Coder.of().encode(letter.reason(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return new DeadLetter(
        StringUtf8Coder.of().decode(in),
        VarIntCoder.of().decode(in),
        VarLongCoder.of().decode(in),
        ByteArrayCoder.of().decode(in),
        StringUtf8Coder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
