package org.chrononbeam.model.avro;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary {@link Decoder} reading straight from one byte array, with none of {@code
 * BinaryDecoder}'s set-up per value (a byte source, a thread's reused decoder, and a copy of the
 * last bytes whenever fewer than 16 are left): zig-zag varint {@code int} and {@code long},
 * little-endian {@code float} and {@code double}, one-byte {@code boolean}, length-prefixed
 * strings and bytes, and blocked arrays and maps (a negative count is followed by the block's byte
 * size). It reads what {@code BinaryDecoder} reads from the same bytes. Reading past the end throws
 * an {@link EOFException} from the {@code Decoder} methods and an {@link
 * IndexOutOfBoundsException} from the primitive ones.
 */
final class BinaryCursor extends Decoder {

  /** {@link #skip} step: pass over the number of bytes that follows. */
  static final int SKIP_FIXED = 0;
  /** {@link #skip} step: pass over a varint ({@code int}, {@code long}, enum). */
  static final int SKIP_VARINT = 1;
  /** {@link #skip} step: pass over a length and that many bytes ({@code string}, {@code bytes}). */
  static final int SKIP_SIZED = 2;
  /**
   * {@link #skip} step: a union, followed by the number of branches and, per branch, the index of
   * its first step; each branch's steps but the last end with a {@code SKIP_JUMP} past the
   * union.
   */
  static final int SKIP_UNION = 3;
  /** {@link #skip} step: continue at the step index that follows. */
  static final int SKIP_JUMP = 4;
  /** {@link #skip} step: a union of null and a value of the fixed size that follows. */
  static final int SKIP_NULL_OR_FIXED = 5;
  /** {@link #skip} step: a union of null and a varint. */
  static final int SKIP_NULL_OR_VARINT = 6;

  /** Little-endian views of the bytes: one bounds-checked load per float or double. */
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private int position;

  BinaryCursor(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Whether every byte was read. */
  boolean atEnd() {
    return position == bytes.length;
  }

  @Override
  public void readNull() {}

  @Override
  public long readLong() {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = bytes[position++] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IllegalArgumentException("invalid long encoding");
  }

  @Override
  public int readInt() {
    int raw = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = bytes[position++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if (b < 0x80) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IllegalArgumentException("invalid int encoding");
  }

  @Override
  public boolean readBoolean() {
    return (bytes[position++] & 0xff) == 1;
  }

  @Override
  public float readFloat() {
    float value = Float.intBitsToFloat((int) INT_LE.get(bytes, position));
    position += 4;
    return value;
  }

  @Override
  public double readDouble() {
    double value = Double.longBitsToDouble((long) LONG_LE.get(bytes, position));
    position += 8;
    return value;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length();
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(bytes, take(length), result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    take(length());
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = length();
    ByteBuffer result;
    if (old != null && length <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(length);
    }
    System.arraycopy(bytes, take(length), result.array(), result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    take(length());
  }

  @Override
  public void readFixed(byte[] target, int start, int length) throws IOException {
    System.arraycopy(bytes, take(length), target, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    take(length);
  }

  @Override
  public int readEnum() {
    return readInt();
  }

  @Override
  public long readArrayStart() {
    return itemCount();
  }

  @Override
  public long arrayNext() {
    return itemCount();
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks();
  }

  @Override
  public long readMapStart() {
    return itemCount();
  }

  @Override
  public long mapNext() {
    return itemCount();
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks();
  }

  @Override
  public int readIndex() {
    return readInt();
  }

  /**
   * Passes over a value by the steps {@code program[from]} to {@code program[to - 1]} (see {@code
   * SKIP_FIXED} and the other steps), with no call per field.
   */
  void skip(int[] program, int from, int to) throws IOException {
    int step = from;
    while (step < to) {
      switch (program[step]) {
        case SKIP_FIXED -> {
          take(program[step + 1]);
          step += 2;
        }
        case SKIP_VARINT -> {
          readLong();
          step++;
        }
        case SKIP_SIZED -> {
          take(length());
          step++;
        }
        case SKIP_NULL_OR_FIXED -> {
          if (isPresent()) {
            take(program[step + 1]);
          }
          step += 2;
        }
        case SKIP_NULL_OR_VARINT -> {
          if (isPresent()) {
            readLong();
          }
          step++;
        }
        case SKIP_UNION -> {
          int branch = readInt();
          if (branch < 0 || branch >= program[step + 1]) {
            throw new IOException("union branch " + branch + " of " + program[step + 1]);
          }
          step = program[step + 2 + branch];
        }
        default -> step = program[step + 1];
      }
    }
  }

  /** Whether the next value of a union of null and one type holds that type (branch 1). */
  private boolean isPresent() throws IOException {
    int branch = readInt();
    if (branch != 0 && branch != 1) {
      throw new IOException("union branch " + branch + " of 2");
    }
    return branch == 1;
  }

  /** The item count of the next block; a negative count's byte size is read and dropped. */
  private long itemCount() {
    long count = readLong();
    if (count < 0) {
      readLong();
      count = -count;
    }
    return count;
  }

  /**
   * Passes over the blocks that give their byte size; the item count of the first block that
   * does not, whose items the caller passes over one by one (0 at the end).
   */
  private long skipBlocks() throws IOException {
    long count = readLong();
    while (count < 0) {
      long size = readLong();
      if (size < 0 || size > bytes.length - position) {
        throw new EOFException("block of " + size + " bytes at " + position + " of "
            + bytes.length);
      }
      take((int) size);
      count = readLong();
    }
    return count;
  }

  /** A string's or bytes' length, checked against the bytes left. */
  private int length() throws IOException {
    long length = readLong();
    if (length < 0 || length > bytes.length - position) {
      throw new EOFException("length " + length + " at " + position + " of " + bytes.length);
    }
    return (int) length;
  }

  /** Passes over {@code count} bytes; the position of the first. */
  private int take(int count) throws IOException {
    if (count < 0 || count > bytes.length - position) {
      throw new EOFException(count + " bytes at " + position + " of " + bytes.length);
    }
    int start = position;
    position += count;
    return start;
  }
}
