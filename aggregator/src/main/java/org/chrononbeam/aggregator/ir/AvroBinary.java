package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.model.io.GrowableBytes;

/** Avro binary encoding (no container, no schema header) of what a writer writes. */
final class AvroBinary {

  /** Writes one value to an encoder. */
  @FunctionalInterface
  interface Writer {
    void write(Encoder out) throws IOException;
  }

  private AvroBinary() {}

  static byte[] encode(Writer writer) {
    GrowableBytes bytes = new GrowableBytes(64);
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      writer.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Encodes one value at a time like {@link AvroBinary#encode}, through one buffered encoder and
   * one output buffer kept between calls. Not thread-safe.
   */
  static final class Reusable {
    private final GrowableBytes bytes = new GrowableBytes(256);
    private BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);

    byte[] encode(Writer writer) {
      bytes.reset();
      try {
        writer.write(out);
        out.flush();
      } catch (IOException e) {
        discard();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        discard();
        throw e;
      }
      return bytes.toByteArray();
    }

    /** A new encoder, without what a failed write left in the old one's buffer. */
    private void discard() {
      out = EncoderFactory.get().binaryEncoder(bytes, null);
    }
  }
}
