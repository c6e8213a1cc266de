package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
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
    Bytes bytes = new Bytes(64);
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
    private final Bytes bytes = new Bytes(256);
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

  /**
   * The bytes written, in a growable array: a {@code ByteArrayOutputStream} without its locking
   * (each of its calls takes a monitor, a few per value encoded). One writer at a time.
   */
  private static final class Bytes extends OutputStream {
    private byte[] buffer;
    private int size;

    Bytes(int capacity) {
      buffer = new byte[capacity];
    }

    @Override
    public void write(int b) {
      ensureRoom(1);
      buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      ensureRoom(length);
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
    }

    void reset() {
      size = 0;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, size);
    }

    private void ensureRoom(int more) {
      if (more > buffer.length - size) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
      }
    }
  }
}
