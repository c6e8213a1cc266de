package org.chrononbeam.aggregator.ir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/** Avro binary encoding (no container, no schema header) of what a writer writes. */
final class AvroBinary {

  /** Writes one value to an encoder. */
  @FunctionalInterface
  interface Writer {
    void write(Encoder out) throws IOException;
  }

  private AvroBinary() {}

  static byte[] encode(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      writer.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
