package org.chrononbeam.transforms.source;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.chrononbeam.aggregator.ops.DoubleList;
import org.chrononbeam.aggregator.ops.LongList;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.RowSchema;

/**
 * A compact coder for {@code Object[]} rows of a known {@link RowSchema}: per column one presence
 * byte, then the value in its kind's fixed binary form (numbers big-endian, strings and binaries
 * length-prefixed UTF-8 / bytes, lists and maps element by element). No names, no type tags, no
 * Java serialization. Values are in the in-memory form of {@link
 * org.chrononbeam.expressions.Column}; strings decode as {@link String}, binaries as {@link
 * ByteBuffer}. Maps are not encoded deterministically, so this coder is for values, never keys.
 */
public final class ValuesCoder extends CustomCoder<Object[]> {

  private final RowSchema schema;
  private transient TDataType[] types;

  private ValuesCoder(RowSchema schema) {
    this.schema = schema;
  }

  /** The coder of rows of {@code schema}. */
  public static ValuesCoder of(RowSchema schema) {
    return new ValuesCoder(Objects.requireNonNull(schema, "schema"));
  }

  /** The schema of the rows this coder encodes. */
  public RowSchema schema() {
    return schema;
  }

  @Override
  public void encode(Object[] row, OutputStream outStream) throws IOException {
    TDataType[] kinds = types();
    if (row.length != kinds.length) {
      throw new CoderException(
          "a row of " + row.length + " values does not fit schema " + schema.names());
    }
    DataOutputStream out = new DataOutputStream(outStream);
    for (int i = 0; i < kinds.length; i++) {
      write(out, row[i], kinds[i]);
    }
    out.flush();
  }

  @Override
  public Object[] decode(InputStream inStream) throws IOException {
    return decodeFrom(new DataInputStream(inStream));
  }

  /**
   * Writes the row {@code row[columns[0]], row[columns[1]], ...} as {@link #encode} does, to a
   * stream the caller flushes, without making that row: for a coder of many rows, without a
   * {@code DataOutputStream} per row.
   */
  public void encodeTo(Object[] row, int[] columns, DataOutputStream out) throws IOException {
    TDataType[] kinds = types();
    if (columns.length != kinds.length) {
      throw new CoderException(
          "a row of " + columns.length + " values does not fit schema " + schema.names());
    }
    for (int i = 0; i < kinds.length; i++) {
      write(out, row[columns[i]], kinds[i]);
    }
  }

  /** Reads a row {@link #encode} or {@link #encodeTo} wrote. */
  public Object[] decodeFrom(DataInputStream in) throws IOException {
    TDataType[] kinds = types();
    Object[] row = new Object[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      row[i] = read(in, kinds[i]);
    }
    return row;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ValuesCoder && ((ValuesCoder) other).schema.equals(schema);
  }

  @Override
  public int hashCode() {
    return schema.hashCode();
  }

  @Override
  public String toString() {
    return "ValuesCoder" + schema.names();
  }

  private TDataType[] types() {
    if (types == null) {
      types = typesOf(schema);
    }
    return types;
  }

  /** The types of {@code schema}'s columns, in order. */
  static TDataType[] typesOf(RowSchema schema) {
    TDataType[] resolved = new TDataType[schema.size()];
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = schema.column(i).type();
    }
    return resolved;
  }

  static void write(DataOutputStream out, Object value, TDataType type) throws IOException {
    if (value == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    switch (type.getKind()) {
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case BYTE -> out.writeByte(((Number) value).byteValue());
      case SHORT -> out.writeShort(((Number) value).shortValue());
      case INT, DATE -> out.writeInt(((Number) value).intValue());
      case LONG, TIMESTAMP -> out.writeLong(((Number) value).longValue());
      case FLOAT -> out.writeFloat(((Number) value).floatValue());
      case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
      case STRING -> writeBytes(out, value.toString().getBytes(StandardCharsets.UTF_8));
      case BINARY -> writeBytes(out, bytesOf(value));
      case LIST -> {
        TDataType element = type.getParams().get(0).getDataType();
        List<?> list = (List<?>) value;
        out.writeInt(list.size());
        if (list instanceof LongList longs && isLong(element)) {
          for (int i = 0; i < longs.size(); i++) {
            out.writeByte(1);
            out.writeLong(longs.getLong(i));
          }
        } else if (list instanceof DoubleList doubles && element.getKind() == DataKind.DOUBLE) {
          for (int i = 0; i < doubles.size(); i++) {
            out.writeByte(1);
            out.writeDouble(doubles.getDouble(i));
          }
        } else {
          for (Object e : list) {
            write(out, e, element);
          }
        }
      }
      case MAP -> {
        TDataType valueType = type.getParams().get(1).getDataType();
        Map<?, ?> map = (Map<?, ?>) value;
        out.writeInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          writeBytes(out, entry.getKey().toString().getBytes(StandardCharsets.UTF_8));
          write(out, entry.getValue(), valueType);
        }
      }
      case STRUCT -> {
        Object[] fields = (Object[]) value;
        for (int i = 0; i < fields.length; i++) {
          write(out, fields[i], type.getParams().get(i).getDataType());
        }
      }
      default -> throw new CoderException("cannot encode kind " + type.getKind());
    }
  }

  static Object read(DataInputStream in, TDataType type) throws IOException {
    if (in.readByte() == 0) {
      return null;
    }
    return switch (type.getKind()) {
      case BOOLEAN -> in.readBoolean();
      case BYTE -> in.readByte();
      case SHORT -> in.readShort();
      case INT, DATE -> in.readInt();
      case LONG, TIMESTAMP -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
      case BINARY -> ByteBuffer.wrap(readBytes(in));
      case LIST -> {
        TDataType element = type.getParams().get(0).getDataType();
        yield readList(in, element, in.readInt());
      }
      case MAP -> {
        TDataType valueType = type.getParams().get(1).getDataType();
        int size = in.readInt();
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < size; i++) {
          String key = new String(readBytes(in), StandardCharsets.UTF_8);
          map.put(key, read(in, valueType));
        }
        yield map;
      }
      case STRUCT -> {
        Object[] fields = new Object[type.getParamsSize()];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = read(in, type.getParams().get(i).getDataType());
        }
        yield fields;
      }
      default -> throw new CoderException("cannot decode kind " + type.getKind());
    };
  }

  private static boolean isLong(TDataType type) {
    return type.getKind() == DataKind.LONG || type.getKind() == DataKind.TIMESTAMP;
  }

  /**
   * A list of {@code size} elements: a {@link LongList} or {@link DoubleList}, its numbers never
   * boxed, for elements of {@code LONG}, {@code TIMESTAMP} or {@code DOUBLE} none of which is
   * null; else an {@link ArrayList}.
   */
  private static List<?> readList(DataInputStream in, TDataType element, int size)
      throws IOException {
    boolean longs = isLong(element);
    if (!longs && element.getKind() != DataKind.DOUBLE) {
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(read(in, element));
      }
      return list;
    }
    long[] longValues = longs ? new long[size] : null;
    double[] doubleValues = longs ? null : new double[size];
    for (int i = 0; i < size; i++) {
      if (in.readByte() == 0) {
        List<Object> list = new ArrayList<>(size);
        for (int j = 0; j < i; j++) {
          list.add(longs ? (Object) longValues[j] : (Object) doubleValues[j]);
        }
        list.add(null);
        for (int j = i + 1; j < size; j++) {
          list.add(read(in, element));
        }
        return list;
      }
      if (longs) {
        longValues[i] = in.readLong();
      } else {
        doubleValues[i] = in.readDouble();
      }
    }
    return longs ? new LongList(longValues) : new DoubleList(doubleValues);
  }

  private static byte[] bytesOf(Object value) {
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }
}
