package org.chrononbeam.model.io;

import java.io.EOFException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream over a byte array: a {@code ByteArrayInputStream} without its locking (each of
 * its reads takes a monitor), for decoders that read a value in many small reads. One reader at a
 * time.
 */
public final class BytesInput extends InputStream {

  private final byte[] bytes;
  private final int end;
  private int position;

  /** The {@code length} bytes of {@code bytes} from {@code offset}. */
  public BytesInput(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public int read() {
    return position < end ? bytes[position++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] into, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int read = Math.min(length, end - position);
    System.arraycopy(bytes, position, into, offset, read);
    position += read;
    return read;
  }

  /**
   * Reads four bytes, high byte first, as {@code DataInput.readInt} does.
   *
   * @throws EOFException if fewer are left
   */
  public int readInt() throws EOFException {
    need(Integer.BYTES);
    int v = (int) GrowableBytes.INT.get(bytes, position);
    position += Integer.BYTES;
    return v;
  }

  /**
   * Reads eight bytes, high byte first, as {@code DataInput.readLong} does.
   *
   * @throws EOFException if fewer are left
   */
  public long readLong() throws EOFException {
    need(Long.BYTES);
    long v = (long) GrowableBytes.LONG.get(bytes, position);
    position += Long.BYTES;
    return v;
  }

  /**
   * Fills {@code into}, as {@code DataInput.readFully} does.
   *
   * @throws EOFException if fewer bytes are left
   */
  public void readFully(byte[] into) throws EOFException {
    need(into.length);
    System.arraycopy(bytes, position, into, 0, into.length);
    position += into.length;
  }

  private void need(int count) throws EOFException {
    if (end - position < count) {
      throw new EOFException(count + " bytes needed, " + (end - position) + " left");
    }
  }

  @Override
  public int available() {
    return end - position;
  }
}
