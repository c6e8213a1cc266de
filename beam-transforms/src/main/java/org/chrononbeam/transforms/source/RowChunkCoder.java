package org.chrononbeam.transforms.source;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.RowSchema;

/**
 * The coder of a {@link RowChunk} of a known {@link RowSchema}, column by column: the row count;
 * then one block of the numeric columns (per column a null bitmap and the non-null values as
 * 8-byte big-endian longs or doubles), written and read as one array; then per string column a
 * null bitmap, the chunk's distinct strings (UTF-8) and each non-null row's index among them;
 * then the other columns value by value as {@link ValuesCoder} writes them. Numbers are never
 * boxed. Not deterministic (maps are written in their iteration order): for values, never keys.
 */
public final class RowChunkCoder extends CustomCoder<RowChunk> {

  private final RowSchema schema;
  private transient TDataType[] types;
  private transient RowChunk empty;

  private RowChunkCoder(RowSchema schema) {
    this.schema = schema;
  }

  /** The coder of chunks of rows of {@code schema}. */
  public static RowChunkCoder of(RowSchema schema) {
    return new RowChunkCoder(Objects.requireNonNull(schema, "schema"));
  }

  @Override
  public void encode(RowChunk chunk, OutputStream outStream) throws IOException {
    if (!chunk.schema().equals(schema)) {
      throw new CoderException(
          "a chunk of " + chunk.schema().names() + " does not fit schema " + schema.names());
    }
    TDataType[] kinds = types();
    int rows = chunk.size();
    int bitmap = (rows + 7) >>> 3;
    int numericBytes = 0;
    for (int c = 0; c < kinds.length; c++) {
      if (chunk.storage(c) != RowChunk.Storage.OBJECT) {
        numericBytes += bitmap + 8 * (rows - nullCount(chunk, c));
      }
    }
    ByteBuffer numeric = ByteBuffer.allocate(numericBytes);
    for (int c = 0; c < kinds.length; c++) {
      RowChunk.Storage storage = chunk.storage(c);
      if (storage == RowChunk.Storage.OBJECT) {
        continue;
      }
      putBitmap(numeric, chunk, c);
      for (int r = 0; r < rows; r++) {
        if (chunk.isNull(c, r)) {
          continue;
        }
        if (storage == RowChunk.Storage.LONG) {
          numeric.putLong(chunk.getLong(c, r));
        } else {
          numeric.putDouble(chunk.getDouble(c, r));
        }
      }
    }
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(rows);
    out.writeInt(numericBytes);
    out.write(numeric.array());
    for (int c = 0; c < kinds.length; c++) {
      if (chunk.storage(c) != RowChunk.Storage.OBJECT) {
        continue;
      }
      if (kinds[c].getKind() == DataKind.STRING) {
        writeStrings(out, chunk, c);
      } else {
        for (int r = 0; r < rows; r++) {
          ValuesCoder.write(out, chunk.get(c, r), kinds[c]);
        }
      }
    }
    out.flush();
  }

  @Override
  public RowChunk decode(InputStream inStream) throws IOException {
    TDataType[] kinds = types();
    DataInputStream in = new DataInputStream(inStream);
    int rows = in.readInt();
    byte[] numericBytes = new byte[in.readInt()];
    in.readFully(numericBytes);
    ByteBuffer numeric = ByteBuffer.wrap(numericBytes);
    if (empty == null) {
      empty = RowChunk.of(schema);
    }
    RowChunk chunk = empty.emptyCopy(rows);
    int bitmap = (rows + 7) >>> 3;
    byte[] nulls = new byte[bitmap];
    for (int c = 0; c < kinds.length; c++) {
      RowChunk.Storage storage = chunk.storage(c);
      if (storage == RowChunk.Storage.OBJECT) {
        continue;
      }
      numeric.get(nulls);
      for (int r = 0; r < rows; r++) {
        if (isSet(nulls, r)) {
          chunk.setNull(c, r);
        } else if (storage == RowChunk.Storage.LONG) {
          chunk.setLong(c, r, numeric.getLong());
        } else {
          chunk.setDouble(c, r, numeric.getDouble());
        }
      }
    }
    for (int c = 0; c < kinds.length; c++) {
      if (chunk.storage(c) != RowChunk.Storage.OBJECT) {
        continue;
      }
      if (kinds[c].getKind() == DataKind.STRING) {
        readStrings(in, chunk, c, rows, nulls);
      } else {
        for (int r = 0; r < rows; r++) {
          Object value = ValuesCoder.read(in, kinds[c]);
          if (value == null) {
            chunk.setNull(c, r);
          } else {
            chunk.setObject(c, r, value);
          }
        }
      }
    }
    chunk.setSize(rows);
    return chunk;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RowChunkCoder && ((RowChunkCoder) other).schema.equals(schema);
  }

  @Override
  public int hashCode() {
    return schema.hashCode();
  }

  @Override
  public String toString() {
    return "RowChunkCoder" + schema.names();
  }

  private TDataType[] types() {
    if (types == null) {
      types = ValuesCoder.typesOf(schema);
    }
    return types;
  }

  /** A string column: null bitmap, distinct values, then each non-null row's value index. */
  private static void writeStrings(DataOutputStream out, RowChunk chunk, int column)
      throws IOException {
    int rows = chunk.size();
    ByteBuffer bitmap = ByteBuffer.allocate((rows + 7) >>> 3);
    putBitmap(bitmap, chunk, column);
    out.write(bitmap.array());
    Map<String, Integer> distinct = new HashMap<>();
    int[] codes = new int[rows];
    for (int r = 0; r < rows; r++) {
      if (!chunk.isNull(column, r)) {
        Integer next = distinct.size();
        Integer code = distinct.putIfAbsent(chunk.get(column, r).toString(), next);
        codes[r] = code == null ? next : code;
      }
    }
    String[] values = new String[distinct.size()];
    distinct.forEach((value, code) -> values[code] = value);
    out.writeInt(values.length);
    for (String value : values) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
    for (int r = 0; r < rows; r++) {
      if (!chunk.isNull(column, r)) {
        out.writeInt(codes[r]);
      }
    }
  }

  private static void readStrings(
      DataInputStream in, RowChunk chunk, int column, int rows, byte[] nulls) throws IOException {
    in.readFully(nulls);
    String[] values = new String[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      byte[] utf8 = new byte[in.readInt()];
      in.readFully(utf8);
      values[i] = new String(utf8, StandardCharsets.UTF_8);
    }
    for (int r = 0; r < rows; r++) {
      if (isSet(nulls, r)) {
        chunk.setNull(column, r);
      } else {
        int code = in.readInt();
        if (code < 0 || code >= values.length) {
          throw new CoderException("string index " + code + " of " + values.length + " values");
        }
        chunk.setObject(column, r, values[code]);
      }
    }
  }

  private static int nullCount(RowChunk chunk, int column) {
    int count = 0;
    for (int r = 0; r < chunk.size(); r++) {
      if (chunk.isNull(column, r)) {
        count++;
      }
    }
    return count;
  }

  private static void putBitmap(ByteBuffer out, RowChunk chunk, int column) {
    int rows = chunk.size();
    for (int from = 0; from < rows; from += 8) {
      int bits = 0;
      for (int r = from; r < Math.min(from + 8, rows); r++) {
        if (chunk.isNull(column, r)) {
          bits |= 1 << (r - from);
        }
      }
      out.put((byte) bits);
    }
  }

  private static boolean isSet(byte[] bitmap, int row) {
    return (bitmap[row >>> 3] & (1 << (row & 7))) != 0;
  }
}
