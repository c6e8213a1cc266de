package org.chrononbeam.transforms.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.RowSchema;

/**
 * The coder of a {@link RowChunk} of a known {@link RowSchema}: the row count and the length of
 * the body, then the body, column by column: one block of the numeric columns (per column a null
 * bitmap and the non-null values as 8-byte big-endian longs or doubles); then per string column a
 * null bitmap, the chunk's strings (UTF-8, each string object once) and each non-null row's index
 * among them; then
 * the other columns value by value as {@link ValuesCoder} writes them. Numbers are never boxed.
 * Not deterministic (maps are written in their iteration order): for values, never keys.
 *
 * <p>Decoding reads the body only; the chunk decodes it at the first access to its values. A
 * runner's shuffle decodes and encodes each element several times (Flink's sort extracts the key
 * of every record, Beam's CoGroupByKey tags each value), and a chunk that went through undecoded
 * is encoded by writing its body again.
 */
public final class RowChunkCoder extends CustomCoder<RowChunk> {

  private final RowSchema schema;
  private transient TDataType[] types;
  private transient RowChunk empty;
  /** The last chunk schema found equal to {@link #schema}: the same object is not compared again. */
  private transient RowSchema checked;

  private RowChunkCoder(RowSchema schema) {
    this.schema = schema;
  }

  /** The coder of chunks of rows of {@code schema}. */
  public static RowChunkCoder of(RowSchema schema) {
    return new RowChunkCoder(Objects.requireNonNull(schema, "schema"));
  }

  /** The schema of the chunks. */
  public RowSchema schema() {
    return schema;
  }

  @Override
  public void encode(RowChunk chunk, OutputStream outStream) throws IOException {
    if (chunk.schema() != checked) {
      if (!chunk.schema().equals(schema)) {
        throw new CoderException(
            "a chunk of " + chunk.schema().names() + " does not fit schema " + schema.names());
      }
      checked = chunk.schema();
    }
    byte[] body = chunk.encoded();
    if (body == null) {
      body = encodeBody(chunk);
    }
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(chunk.size());
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  /**
   * Reads the chunk's bytes only: its values are decoded at the first access to them ({@link
   * #decodeInto}), and a chunk passed on undecoded is encoded again as the same bytes.
   */
  @Override
  public RowChunk decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    int rows = in.readInt();
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    if (empty == null) {
      empty = RowChunk.of(schema);
    }
    return empty.encodedCopy(rows, body, this);
  }

  private byte[] encodeBody(RowChunk chunk) throws IOException {
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(numericBytes + 64);
    DataOutputStream out = new DataOutputStream(bytes);
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
    return bytes.toByteArray();
  }

  /** Decodes {@code body}, as {@link #encodeBody} wrote it, into {@code chunk}'s rows. */
  void decodeInto(RowChunk chunk, byte[] body) {
    try {
      decodeBody(chunk, body);
    } catch (IOException e) {
      throw new UncheckedIOException("a chunk's encoding is cut short or corrupt", e);
    }
  }

  private void decodeBody(RowChunk chunk, byte[] body) throws IOException {
    TDataType[] kinds = types();
    int rows = chunk.size();
    chunk.setSize(rows);
    ByteBuffer numeric = ByteBuffer.wrap(body);
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
        readStrings(numeric, chunk, c, rows, nulls);
        continue;
      }
      ByteArrayInputStream rest =
          new ByteArrayInputStream(body, numeric.position(), body.length - numeric.position());
      DataInputStream in = new DataInputStream(rest);
      for (int r = 0; r < rows; r++) {
        Object value = ValuesCoder.read(in, kinds[c]);
        if (value == null) {
          chunk.setNull(c, r);
        } else {
          chunk.setObject(c, r, value);
        }
      }
      numeric.position(body.length - rest.available());
    }
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

  /**
   * A string column: null bitmap, distinct values, then each non-null row's value index (written
   * as one block). Values are told apart by identity (rows read from one file share one {@code ds}
   * object): equal strings held by different objects may each get an index, which decodes the same.
   */
  private static void writeStrings(DataOutputStream out, RowChunk chunk, int column)
      throws IOException {
    int rows = chunk.size();
    ByteBuffer bitmap = ByteBuffer.allocate((rows + 7) >>> 3);
    putBitmap(bitmap, chunk, column);
    out.write(bitmap.array());
    ByteBuffer codes = ByteBuffer.allocate(4 * (rows - nullCount(chunk, column)));
    Object[] strings = chunk.objectColumn(column);
    Object[] table = new Object[Integer.highestOneBit(Math.max(rows, 1)) * 4];
    int[] codeOf = new int[table.length];
    List<String> values = new ArrayList<>();
    int mask = table.length - 1;
    for (int r = 0; r < rows; r++) {
      if (chunk.isNull(column, r)) {
        continue;
      }
      int slot = System.identityHashCode(strings[r]) & mask;
      while (table[slot] != null && table[slot] != strings[r]) {
        slot = (slot + 1) & mask;
      }
      if (table[slot] == null) {
        table[slot] = strings[r];
        codeOf[slot] = values.size();
        values.add(strings[r].toString());
      }
      codes.putInt(codeOf[slot]);
    }
    out.writeInt(values.size());
    for (String value : values) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
    out.write(codes.array());
  }

  private static void readStrings(
      ByteBuffer in, RowChunk chunk, int column, int rows, byte[] nulls) throws CoderException {
    in.get(nulls);
    String[] values = new String[in.getInt()];
    for (int i = 0; i < values.length; i++) {
      int length = in.getInt();
      values[i] = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
      in.position(in.position() + length);
    }
    for (int r = 0; r < rows; r++) {
      if (isSet(nulls, r)) {
        chunk.setNull(column, r);
      } else {
        int code = in.getInt();
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
