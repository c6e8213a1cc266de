package org.chrononbeam.model.avro;

/**
 * Reads Avro binary primitives straight from a byte array, with none of {@code BinaryDecoder}'s
 * set-up per value (a byte source, and a copy of values shorter than 16 bytes): zig-zag varint
 * {@code int} and {@code long}, little-endian {@code float} and {@code double}, one-byte {@code
 * boolean}. Reading past the end throws an {@link IndexOutOfBoundsException}.
 */
final class BinaryCursor {

  private final byte[] bytes;
  private int position;

  BinaryCursor(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Whether every byte was read. */
  boolean atEnd() {
    return position == bytes.length;
  }

  long readLong() {
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

  int readInt() {
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

  boolean readBoolean() {
    return (bytes[position++] & 0xff) == 1;
  }

  float readFloat() {
    return Float.intBitsToFloat(littleEndian(4));
  }

  double readDouble() {
    long low = littleEndian(4) & 0xffffffffL;
    return Double.longBitsToDouble(low | ((long) littleEndian(4) << 32));
  }

  private int littleEndian(int count) {
    if (position + count > bytes.length) {
      throw new IndexOutOfBoundsException("end of data at " + position + " of " + bytes.length);
    }
    int value = 0;
    for (int i = 0; i < count; i++) {
      value |= (bytes[position++] & 0xff) << (8 * i);
    }
    return value;
  }
}
