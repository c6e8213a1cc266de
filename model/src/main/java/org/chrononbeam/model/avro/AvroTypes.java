package org.chrononbeam.model.avro;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * How a Chronon column type ({@link TDataType}) is written in the KV store's Avro values, and how
 * values convert between their in-memory form and Avro's generic form.
 *
 * <table>
 *   <caption>Chronon kind to Avro</caption>
 *   <tr><th>kind</th><th>Avro</th><th>in memory</th></tr>
 *   <tr><td>BOOLEAN</td><td>boolean</td><td>Boolean</td></tr>
 *   <tr><td>BYTE, SHORT, INT</td><td>int</td><td>Byte, Short, Integer (read back as INT)</td></tr>
 *   <tr><td>LONG</td><td>long</td><td>Long</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>float, double</td><td>Float, Double</td></tr>
 *   <tr><td>STRING</td><td>string</td><td>String</td></tr>
 *   <tr><td>BINARY</td><td>bytes</td><td>byte[]</td></tr>
 *   <tr><td>DATE</td><td>int, logical type date</td><td>Integer days since 1970-01-01</td></tr>
 *   <tr><td>TIMESTAMP</td><td>long, logical type timestamp-millis</td><td>Long epoch ms</td></tr>
 *   <tr><td>LIST</td><td>array of nullable elements</td><td>List</td></tr>
 *   <tr><td>MAP</td><td>map of nullable values (string keys)</td><td>Map with String keys</td></tr>
 * </table>
 *
 * <p>Maps are written with their keys sorted, so equal maps encode to equal bytes. STRUCT has no
 * form here.
 *
 * <pre>{@code
 * Schema s = AvroTypes.schemaOf(new TDataType(DataKind.LONG));   // "long"
 * TDataType t = AvroTypes.typeOf(AvroTypes.nullable(s));         // LONG
 * }</pre>
 */
public final class AvroTypes {

  private AvroTypes() {}

  /** The Avro schema of a non-null value of {@code type}. */
  public static Schema schemaOf(TDataType type) {
    return switch (type.getKind()) {
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case BYTE, SHORT, INT -> Schema.create(Schema.Type.INT);
      case LONG -> Schema.create(Schema.Type.LONG);
      case FLOAT -> Schema.create(Schema.Type.FLOAT);
      case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
      case STRING -> Schema.create(Schema.Type.STRING);
      case BINARY -> Schema.create(Schema.Type.BYTES);
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP ->
          LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      case LIST -> Schema.createArray(nullable(schemaOf(param(type, 0))));
      case MAP -> Schema.createMap(nullable(schemaOf(param(type, 1))));
      default -> throw new IllegalArgumentException("no Avro form for " + type);
    };
  }

  /** {@code ["null", schema]}. */
  public static Schema nullable(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  /** The Chronon type of an Avro schema written by {@link #schemaOf}, nullable or not. */
  public static TDataType typeOf(Schema schema) {
    return typeOf(schema, "value");
  }

  /**
   * The Chronon type of the Avro schema of column {@code name}: {@code boolean, int, long, float,
   * double, string, bytes} are {@code BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BINARY}, enums
   * strings and fixed binaries; {@code int} with the {@code date} logical type is {@code DATE},
   * {@code long} with {@code timestamp-millis} {@code TIMESTAMP}; arrays are {@code LIST}, maps
   * {@code MAP<STRING, _>}, records {@code STRUCT}; a union of {@code null} and one type is that
   * type.
   *
   * @throws IllegalArgumentException naming the column, for a type without a Chronon kind
   */
  public static TDataType typeOf(Schema schema, String name) {
    Schema type = nonNull(schema, name);
    LogicalType logical = type.getLogicalType();
    switch (type.getType()) {
      case BOOLEAN:
        return new TDataType(DataKind.BOOLEAN);
      case INT:
        return new TDataType(logical instanceof LogicalTypes.Date ? DataKind.DATE : DataKind.INT);
      case LONG:
        return new TDataType(
            logical instanceof LogicalTypes.TimestampMillis ? DataKind.TIMESTAMP : DataKind.LONG);
      case FLOAT:
        return new TDataType(DataKind.FLOAT);
      case DOUBLE:
        return new TDataType(DataKind.DOUBLE);
      case STRING:
      case ENUM:
        return new TDataType(DataKind.STRING);
      case BYTES:
      case FIXED:
        return new TDataType(DataKind.BINARY);
      case ARRAY:
        return new TDataType(DataKind.LIST)
            .setParams(List.of(field("elem", typeOf(type.getElementType(), name))));
      case MAP:
        return new TDataType(DataKind.MAP)
            .setParams(
                List.of(
                    field("key", new TDataType(DataKind.STRING)),
                    field("value", typeOf(type.getValueType(), name))));
      case RECORD:
        List<DataField> fields = new ArrayList<>();
        for (Schema.Field f : type.getFields()) {
          fields.add(field(f.name(), typeOf(f.schema(), name + "." + f.name())));
        }
        return new TDataType(DataKind.STRUCT).setParams(fields).setName(type.getName());
      default:
        throw new IllegalArgumentException(
            "column " + name + " has Avro type " + type + ", which has no Chronon kind");
    }
  }

  private static Schema nonNull(Schema schema, String name) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    Schema found = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        if (found != null) {
          throw new IllegalArgumentException(
              "column " + name + " is a union of several types: " + schema);
        }
        found = branch;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("column " + name + " is always null: " + schema);
    }
    return found;
  }

  /** The Avro generic form of {@code value}, a value of {@code type}; null stays null. */
  public static Object toAvro(Object value, TDataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.getKind()) {
      case BYTE, SHORT, INT, DATE -> ((Number) value).intValue();
      case LONG, TIMESTAMP -> ((Number) value).longValue();
      case FLOAT -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case STRING -> value.toString();
      case BINARY -> value instanceof byte[] bytes
          ? ByteBuffer.wrap(bytes)
          : ((ByteBuffer) value).duplicate();
      case LIST -> {
        List<Object> list = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
          list.add(toAvro(element, param(type, 0)));
        }
        yield list;
      }
      case MAP -> {
        Map<String, Object> map = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), toAvro(entry.getValue(), param(type, 1)));
        }
        yield map;
      }
      default -> value;
    };
  }

  /** The in-memory form of Avro's generic {@code value} of {@code type}; null stays null. */
  public static Object fromAvro(Object value, TDataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.getKind()) {
      case BYTE -> ((Number) value).byteValue();
      case SHORT -> ((Number) value).shortValue();
      case INT, DATE -> value instanceof Integer ? value : ((Number) value).intValue();
      case LONG, TIMESTAMP -> value instanceof Long ? value : ((Number) value).longValue();
      case FLOAT -> value instanceof Float ? value : ((Number) value).floatValue();
      case DOUBLE -> value instanceof Double ? value : ((Number) value).doubleValue();
      case STRING -> value.toString();
      case BINARY -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield bytes;
      }
      case LIST -> {
        List<Object> list = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
          list.add(fromAvro(element, param(type, 0)));
        }
        yield list;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), fromAvro(entry.getValue(), param(type, 1)));
        }
        yield map;
      }
      default -> value;
    };
  }

  private static TDataType param(TDataType type, int index) {
    if (!type.isSetParams() || type.getParams().size() <= index) {
      throw new IllegalArgumentException(type.getKind() + " type without its parameters: " + type);
    }
    return type.getParams().get(index).getDataType();
  }

  private static DataField field(String name, TDataType type) {
    return new DataField().setName(name).setDataType(type);
  }
}
