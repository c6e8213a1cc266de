package org.chrononbeam.model.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryData;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * The KV key of a GroupBy's values: Avro binary of a record with one field per key column, in the
 * GroupBy's {@code keyColumns} order. Uploads, streaming writers and the fetcher build it the same
 * way, so they find the same bytes.
 *
 * <h2>Key types are normalized</h2>
 *
 * <p>A key column's field type depends only on the <em>family</em> of its Chronon kind, never on
 * its width, so a left column of type {@code int} looks up a GroupBy keyed by a {@code long}, and
 * a GroupBy whose source changes a key from {@code int} to {@code long} keeps its keys:
 *
 * <table>
 *   <caption>Key column kind to key field</caption>
 *   <tr><th>kinds</th><th>field (not nullable)</th><th>values accepted by {@link #encode}</th></tr>
 *   <tr><td>BYTE, SHORT, INT, LONG</td><td>long</td><td>any integral number (a float or double
 *       only if it holds a whole number), or a string of a whole number such as {@code "5"}</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>double</td><td>any number, or a string of a number</td></tr>
 *   <tr><td>STRING</td><td>string</td><td>any character sequence, or an integral number written
 *       in decimal ({@code 5} becomes {@code "5"})</td></tr>
 *   <tr><td>BOOLEAN</td><td>boolean</td><td>a Boolean, or {@code "true"}/{@code "false"}</td></tr>
 *   <tr><td>BINARY</td><td>bytes</td><td>{@code byte[]} or {@link ByteBuffer}</td></tr>
 * </table>
 *
 * <p>Strings are accepted for numbers because requests typed on a command line or sent as JSON
 * carry them so ({@code -k '{"user_id":"5"}'}). Other kinds cannot be keys. Key fields are not
 * nullable: a row with a null key has no KV key (writers drop it) and a request with a null key is
 * refused. The record is {@code org.chrononbeam.kv.Key}; its schema is stored in the serving info
 * ({@code keyAvroSchema}) and read back with {@link #fromSchema}.
 *
 * <pre>{@code
 * KeyCodec keys = KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.INT));
 * byte[] bytes = keys.encode(Map.of("user_id", 5));      // = keys.encode(Map.of("user_id", 5L))
 * Map<String, Object> back = keys.decode(bytes);          // {user_id=5L}
 * }</pre>
 */
public final class KeyCodec {

  /** The full name of the key record. */
  public static final String RECORD_NAME = "org.chrononbeam.kv.Key";

  /** The most bytes a long, double or boolean, or the length before a string or bytes, takes. */
  private static final int MAX_FIXED_BYTES = 10;

  private final List<String> columns;
  private final List<DataKind> kinds;
  private final Schema schema;
  private final AvroBinary binary;

  private KeyCodec(List<String> columns, List<DataKind> kinds) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one column");
    }
    this.columns = List.copyOf(columns);
    this.kinds = List.copyOf(kinds);
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(RECORD_NAME).fields();
    for (int i = 0; i < columns.size(); i++) {
      fields = fields.name(columns.get(i))
          .type(AvroTypes.schemaOf(new TDataType(kinds.get(i))))
          .noDefault();
    }
    this.schema = fields.endRecord();
    this.binary = new AvroBinary(schema);
  }

  /**
   * The key codec of a GroupBy keyed by {@code keyColumns}, whose kinds {@code kinds} gives (it
   * may hold other columns too).
   *
   * @throws IllegalArgumentException if a key column has no kind, a kind that cannot be a key, or
   *     appears twice
   */
  public static KeyCodec of(List<String> keyColumns, Map<String, DataKind> kinds) {
    List<DataKind> normalized = new ArrayList<>();
    for (String column : keyColumns) {
      if (Collections.frequency(keyColumns, column) > 1) {
        throw new IllegalArgumentException("key column " + column + " is listed twice");
      }
      DataKind kind = kinds.get(column);
      if (kind == null) {
        throw new IllegalArgumentException(
            "no type for key column " + column + "; types known for " + kinds.keySet());
      }
      normalized.add(normalizedKind(column, kind));
    }
    return new KeyCodec(keyColumns, normalized);
  }

  /** The codec of a key schema written by {@link #schema()} (the serving info's {@code keyAvroSchema}). */
  public static KeyCodec fromSchema(String avroSchemaJson) {
    Schema parsed = new Schema.Parser().parse(avroSchemaJson);
    if (parsed.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a key schema is a record, found " + parsed.getType());
    }
    List<String> columns = new ArrayList<>();
    List<DataKind> kinds = new ArrayList<>();
    for (Schema.Field field : parsed.getFields()) {
      columns.add(field.name());
      kinds.add(normalizedKind(field.name(), AvroTypes.typeOf(field.schema()).getKind()));
    }
    return new KeyCodec(columns, kinds);
  }

  /**
   * The kind a key column of {@code kind} is stored as: LONG for every integral kind, DOUBLE for
   * both floating kinds, else the kind itself (STRING, BOOLEAN, BINARY).
   *
   * @throws IllegalArgumentException for a kind that cannot be a key
   */
  public static DataKind normalizedKind(String column, DataKind kind) {
    return switch (kind) {
      case BYTE, SHORT, INT, LONG -> DataKind.LONG;
      case FLOAT, DOUBLE -> DataKind.DOUBLE;
      case STRING, BOOLEAN, BINARY -> kind;
      default -> throw new IllegalArgumentException(
          "key column " + column + " is " + kind + "; keys are integral, floating, string,"
              + " boolean or binary");
    };
  }

  /** The record schema; its JSON ({@code toString()}) is the serving info's {@code keyAvroSchema}. */
  public Schema schema() {
    return schema;
  }

  /** The key columns, in field order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * Whether {@code other} has the same columns with the same kinds in the same order, so that it
   * encodes every key exactly as this codec does.
   */
  public boolean encodesLike(KeyCodec other) {
    return this == other || (columns.equals(other.columns) && kinds.equals(other.kinds));
  }

  /** The normalized kind of key column {@code column} (LONG, DOUBLE, STRING, BOOLEAN or BINARY). */
  public DataKind kind(String column) {
    return kinds.get(index(column));
  }

  private int index(String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("no key column " + column + " in " + columns);
    }
    return index;
  }

  /**
   * {@code value} of key column {@code column} in its normalized form: a Long, Double, String,
   * Boolean or byte[] as the column's {@linkplain #kind kind} says.
   *
   * @throws IllegalArgumentException if the value is null or cannot be that kind
   */
  public Object normalize(String column, Object value) {
    return normalize(index(column), value);
  }

  private Object normalize(int index, Object value) {
    String column = columns.get(index);
    DataKind kind = kinds.get(index);
    if (value == null) {
      throw new IllegalArgumentException("key " + column + " is null");
    }
    Object normalized = switch (kind) {
      case LONG -> integral(value);
      case DOUBLE -> floating(value);
      case STRING -> value instanceof CharSequence
          ? value.toString()
          : isIntegralType(value) ? value.toString() : null;
      case BOOLEAN -> value instanceof Boolean
          ? value
          : "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
      case BINARY -> value instanceof byte[] bytes
          ? bytes.clone()
          : value instanceof ByteBuffer buffer ? bytesOf(buffer) : null;
      default -> null;
    };
    if (normalized == null) {
      throw new IllegalArgumentException("key " + column + " is " + kind + " and cannot hold "
          + value + " (" + value.getClass().getSimpleName() + ")");
    }
    return normalized;
  }

  /**
   * The key bytes of {@code keys}, which must hold every key column (other entries are ignored).
   *
   * @throws IllegalArgumentException if a key column is missing, null or of a value its kind does
   *     not accept
   */
  public byte[] encode(Map<String, ?> keys) {
    Objects.requireNonNull(keys, "keys");
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      String column = columns.get(i);
      if (!keys.containsKey(column)) {
        throw new IllegalArgumentException(
            "key " + column + " is missing; the keys are " + columns);
      }
      values[i] = keys.get(column);
    }
    return encodeValues(values);
  }

  /**
   * The key bytes of {@code values}, one per key column in {@link #columns()} order: the bytes
   * {@link #encode} gives for the map of each column to its value, without building the map.
   *
   * @throws IllegalArgumentException if there is not one value per key column, or a value is null
   *     or of a value its kind does not accept
   */
  public byte[] encodeValues(Object[] values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          values.length + " key values for the " + columns.size() + " key columns " + columns);
    }
    if (values.length == 1 && kinds.get(0) == DataKind.STRING) {
      String key = values[0] instanceof String s ? s : (String) normalize(0, values[0]);
      return stringKey(key.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = new byte[16];
    int size = 0;
    for (int i = 0; i < values.length; i++) {
      DataKind kind = kinds.get(i);
      Object value = normalize(i, values[i]);
      byte[] variable = switch (kind) {
        case STRING -> ((String) value).getBytes(StandardCharsets.UTF_8);
        case BINARY -> (byte[]) value;
        default -> null;
      };
      int needed = size + MAX_FIXED_BYTES + (variable == null ? 0 : variable.length);
      if (needed > out.length) {
        out = Arrays.copyOf(out, Math.max(needed, 2 * out.length));
      }
      switch (kind) {
        case LONG -> size += BinaryData.encodeLong((Long) value, out, size);
        case DOUBLE -> size += BinaryData.encodeDouble((Double) value, out, size);
        case BOOLEAN -> size += BinaryData.encodeBoolean((Boolean) value, out, size);
        default -> {
          size += BinaryData.encodeLong(variable.length, out, size);
          System.arraycopy(variable, 0, out, size, variable.length);
          size += variable.length;
        }
      }
    }
    return Arrays.copyOf(out, size);
  }

  /** The key bytes of a single STRING key column of UTF-8 bytes {@code utf8}, in one array. */
  private static byte[] stringKey(byte[] utf8) {
    int lengthBytes = AvroValueReader.longSize(utf8.length);
    byte[] out = new byte[lengthBytes + utf8.length];
    BinaryData.encodeLong(utf8.length, out, 0);
    System.arraycopy(utf8, 0, out, lengthBytes, utf8.length);
    return out;
  }

  /** The key columns and normalized values of key bytes written by {@link #encode}. */
  public Map<String, Object> decode(byte[] bytes) {
    GenericRecord record = binary.decode(bytes);
    Map<String, Object> keys = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      keys.put(columns.get(i), AvroTypes.fromAvro(record.get(i), new TDataType(kinds.get(i))));
    }
    return keys;
  }

  private static boolean isIntegralType(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger;
  }

  private static Object integral(Object value) {
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? big.longValue() : null;
    }
    if (isIntegralType(value)) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal decimal) {
      return wholeNumber(decimal);
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? wholeNumber(new BigDecimal(number)) : null;
    }
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object wholeNumber(BigDecimal decimal) {
    try {
      return decimal.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Object floating(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
