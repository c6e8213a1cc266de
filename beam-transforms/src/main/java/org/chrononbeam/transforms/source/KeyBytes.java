package org.chrononbeam.transforms.source;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The grouping key of a row: its key columns' values encoded into bytes, so that equal keys give
 * equal bytes whatever the column's integral type. {@code BYTE}, {@code SHORT}, {@code INT} and
 * {@code LONG} values encode as the same 64-bit number (a left column of type {@code int} joins a
 * GroupBy key of type {@code long}), {@code FLOAT} and {@code DOUBLE} as the same double, strings
 * as UTF-8, booleans as one byte; each value carries a one-byte tag for its family, so {@code 1}
 * and {@code "1"} differ. Encoding is deterministic, as Beam requires of grouping keys.
 */
public final class KeyBytes {

  private KeyBytes() {}

  /**
   * The key of {@code row} made of the columns at {@code indices}, or null if any of them is null
   * (rows with a null key never match anything).
   */
  public static byte[] of(Object[] row, int[] indices) {
    if (indices.length == 1 && isIntegral(row[indices[0]])) {
      return integral(((Number) row[indices[0]]).longValue());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * indices.length);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (int index : indices) {
        Object value = row[index];
        if (value == null) {
          return null;
        }
        write(out, value);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The key of row {@code row} of {@code chunk} made of the columns at {@code indices}, as {@link
   * #of(Object[], int[])} gives it for that row's values, read from the columns without boxing; null
   * if any of them is null.
   */
  public static byte[] of(RowChunk chunk, int row, int[] indices) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * indices.length);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (int index : indices) {
        if (chunk.isNull(index, row)) {
          return null;
        }
        switch (chunk.kind(index)) {
          case BOOLEAN -> {
            out.writeByte('b');
            out.writeBoolean(chunk.getLong(index, row) != 0);
          }
          case BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> {
            out.writeByte('i');
            out.writeLong(chunk.getLong(index, row));
          }
          case FLOAT, DOUBLE -> {
            out.writeByte('f');
            out.writeDouble(chunk.getDouble(index, row));
          }
          default -> write(out, chunk.get(index, row));
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Whether {@code value} is of an integral type, which all encode as one 64-bit number. */
  static boolean isIntegral(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte;
  }

  /** The key of one integral value, as {@link #write} encodes it. */
  static byte[] integral(long value) {
    byte[] key = new byte[9];
    key[0] = 'i';
    for (int i = 8; i >= 1; i--) {
      key[i] = (byte) value;
      value >>>= 8;
    }
    return key;
  }

  private static void write(DataOutputStream out, Object value) throws IOException {
    if (isIntegral(value)) {
      out.writeByte('i');
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      out.writeByte('f');
      out.writeDouble(((Number) value).doubleValue());
    } else if (value instanceof CharSequence) {
      byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
      out.writeByte('s');
      out.writeInt(utf8.length);
      out.write(utf8);
    } else if (value instanceof Boolean) {
      out.writeByte('b');
      out.writeBoolean((Boolean) value);
    } else if (value instanceof ByteBuffer || value instanceof byte[]) {
      ByteBuffer buffer =
          value instanceof byte[]
              ? ByteBuffer.wrap((byte[]) value)
              : ((ByteBuffer) value).duplicate();
      out.writeByte('x');
      out.writeInt(buffer.remaining());
      while (buffer.hasRemaining()) {
        out.writeByte(buffer.get());
      }
    } else {
      throw new IllegalArgumentException(
          "a key column holds a " + value.getClass().getSimpleName() + "; keys are scalars");
    }
  }
}
