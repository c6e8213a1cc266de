package org.chrononbeam.model.io;

import java.io.DataInput;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes written, in a growable array: a {@code ByteArrayOutputStream} without its locking
 * (each of its calls takes a monitor), for encoders that write a value in many small writes and
 * then hand it on whole. One writer at a time.
 */
public final class GrowableBytes extends OutputStream {

  static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buffer;
  private int size;

  /** An empty buffer of {@code capacity} (>= 0) bytes to start with. */
  public GrowableBytes(int capacity) {
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

  /** Writes {@code v} in four bytes, high byte first, as {@code DataOutput.writeInt} does. */
  public void writeInt(int v) {
    ensureRoom(Integer.BYTES);
    INT.set(buffer, size, v);
    size += Integer.BYTES;
  }

  /** Writes {@code v} in eight bytes, high byte first, as {@code DataOutput.writeLong} does. */
  public void writeLong(long v) {
    ensureRoom(Long.BYTES);
    LONG.set(buffer, size, v);
    size += Long.BYTES;
  }

  /** Forgets the bytes written, keeping the array. */
  public void reset() {
    size = 0;
  }

  /** How many bytes were written since the last {@link #reset}. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  /**
   * Appends {@code length} (>= 0) bytes read from {@code in}.
   *
   * @throws java.io.EOFException if {@code in} ends first
   */
  public void readFully(DataInput in, int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, found " + length);
    }
    ensureRoom(length);
    in.readFully(buffer, size, length);
    size += length;
  }

  /** A stream of the bytes written so far (not of those written later). */
  public BytesInput input() {
    return new BytesInput(buffer, 0, size);
  }

  /** Writes the bytes written to {@code out}, in one call. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(buffer, 0, size);
  }

  private void ensureRoom(int more) {
    if (more > buffer.length - size) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
