package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.avro.AvroTypes;

/**
 * How values of a Chronon type are written in Avro: the schema, and the conversions between the
 * in-memory form ({@link DataTypes}) and Avro's generic form.
 *
 * <p>BYTE and SHORT are Avro {@code int}; BINARY is {@code bytes}; list elements and map values
 * are nullable. Maps are written with their keys sorted so equal maps encode to equal bytes.
 */
public final class AvroForm {

  private AvroForm() {}

  /** The Avro schema of a non-null value of {@code type}. */
  public static Schema schemaOf(TDataType type) {
    switch (type.getKind()) {
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case STRING:
      case BINARY:
        return AvroTypes.schemaOf(type);
      case LIST:
        return Schema.createArray(nullable(schemaOf(DataTypes.elementType(type))));
      case MAP:
        return Schema.createMap(nullable(schemaOf(DataTypes.mapValueType(type))));
      default:
        throw new IllegalArgumentException("no Avro form for " + type);
    }
  }

  /** {@code ["null", schema]}. */
  public static Schema nullable(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  /** The Avro generic form of {@code value} (of {@code type}); null stays null. */
  public static Object toAvro(Object value, TDataType type) {
    if (value == null) {
      return null;
    }
    switch (type.getKind()) {
      case BYTE:
      case SHORT:
      case INT:
        return ((Number) value).intValue();
      case LONG:
        return ((Number) value).longValue();
      case FLOAT:
        return ((Number) value).floatValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case STRING:
        return value.toString();
      case BINARY:
        return DataTypes.canonical(value);
      case LIST:
        TDataType element = DataTypes.elementType(type);
        List<Object> list = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          list.add(toAvro(item, element));
        }
        return list;
      case MAP:
        TDataType mapValue = DataTypes.mapValueType(type);
        Map<String, Object> map = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), toAvro(entry.getValue(), mapValue));
        }
        return map;
      default:
        return value;
    }
  }

  /** The in-memory form of an Avro generic {@code value} of {@code type}; null stays null. */
  public static Object fromAvro(Object value, TDataType type) {
    if (value == null) {
      return null;
    }
    DataKind kind = type.getKind();
    switch (kind) {
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
        return DataTypes.integralOf(((Number) value).longValue(), kind);
      case FLOAT:
      case DOUBLE:
        return DataTypes.floatingOf(((Number) value).doubleValue(), kind);
      case STRING:
        return value.toString();
      case BINARY:
        return DataTypes.canonical((ByteBuffer) value);
      case LIST:
        TDataType element = DataTypes.elementType(type);
        List<Object> list = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          list.add(fromAvro(item, element));
        }
        return list;
      case MAP:
        TDataType mapValue = DataTypes.mapValueType(type);
        Map<String, Object> map = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), fromAvro(entry.getValue(), mapValue));
        }
        return map;
      default:
        return value;
    }
  }
}
