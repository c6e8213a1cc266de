package org.chrononbeam.model.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Values of a text message (JSON nodes, CSV cells) in the Avro form a {@link GenericRecord} of the
 * stream schema holds. Every mismatch is a {@link DecodeException} naming the field.
 *
 * <p>Accepted: integers for {@code int} and {@code long} (a fraction or an out-of-range number is
 * refused), any number for {@code float} and {@code double}, {@code true}/{@code false} for {@code
 * boolean}, text for {@code string} and enum symbols, Base64 for {@code bytes}; a {@code date} field
 * takes days since the epoch or {@code yyyy-MM-dd}; JSON arrays, objects and nested records for
 * {@code array}, {@code map} and {@code record}. JSON {@code null}, a missing JSON field and an
 * empty CSV cell are null, allowed only in a {@code ["null", T]} union.
 */
final class FieldValues {

  private FieldValues() {}

  /** A record of {@code schema} from JSON object {@code node}; fields it lacks are null. */
  static GenericRecord record(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw new DecodeException(where(path) + "expected a JSON object, found " + describe(node));
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      record.put(field.pos(), fromJson(node.get(field.name()), field.schema(), fieldPath));
    }
    return record;
  }

  /** The Avro value of JSON {@code node} (null when absent) for a field of {@code schema}. */
  static Object fromJson(JsonNode node, Schema schema, String path) {
    Schema type = nonNull(schema);
    if (node == null || node.isNull()) {
      return nullIfAllowed(schema, path);
    }
    switch (type.getType()) {
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw mismatch(path, "true or false", node);
        }
        return node.booleanValue();
      case INT:
        if (type.getLogicalType() instanceof LogicalTypes.Date && node.isTextual()) {
          return date(node.textValue(), path);
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw mismatch(path, "an int", node);
        }
        return node.intValue();
      case LONG:
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          throw mismatch(path, "a long", node);
        }
        return node.longValue();
      case FLOAT:
        if (!node.isNumber()) {
          throw mismatch(path, "a number", node);
        }
        return node.floatValue();
      case DOUBLE:
        if (!node.isNumber()) {
          throw mismatch(path, "a number", node);
        }
        return node.doubleValue();
      case STRING:
        if (!node.isTextual()) {
          throw mismatch(path, "a string", node);
        }
        return node.textValue();
      case ENUM:
        if (!node.isTextual() || !type.hasEnumSymbol(node.textValue())) {
          throw mismatch(path, "one of " + type.getEnumSymbols(), node);
        }
        return new GenericData.EnumSymbol(type, node.textValue());
      case BYTES:
        if (!node.isTextual()) {
          throw mismatch(path, "Base64 text", node);
        }
        return base64(node.textValue(), path);
      case ARRAY:
        if (!node.isArray()) {
          throw mismatch(path, "an array", node);
        }
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(fromJson(node.get(i), type.getElementType(), path + "[" + i + "]"));
        }
        return list;
      case MAP:
        if (!node.isObject()) {
          throw mismatch(path, "an object", node);
        }
        Map<String, Object> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          map.put(entry.getKey(),
              fromJson(entry.getValue(), type.getValueType(), path + "." + entry.getKey()));
        }
        return map;
      case RECORD:
        return record(node, type, path);
      default:
        throw new DecodeException(where(path) + "Avro type " + type.getType() + " is not supported");
    }
  }

  /** The Avro value of CSV cell {@code text} (empty = null) for a scalar field of {@code schema}. */
  static Object fromText(String text, Schema schema, String path) {
    if (text.isEmpty()) {
      return nullIfAllowed(schema, path);
    }
    Schema type = nonNull(schema);
    try {
      switch (type.getType()) {
        case BOOLEAN:
          if (!text.equals("true") && !text.equals("false")) {
            throw new DecodeException(where(path) + "expected true or false, found \"" + text + "\"");
          }
          return Boolean.parseBoolean(text);
        case INT:
          return type.getLogicalType() instanceof LogicalTypes.Date && text.contains("-")
              ? date(text, path)
              : Integer.parseInt(text.trim());
        case LONG:
          return Long.parseLong(text.trim());
        case FLOAT:
          return Float.parseFloat(text.trim());
        case DOUBLE:
          return Double.parseDouble(text.trim());
        case STRING:
          return text;
        case ENUM:
          if (!type.hasEnumSymbol(text)) {
            throw new DecodeException(
                where(path) + "expected one of " + type.getEnumSymbols() + ", found \"" + text + "\"");
          }
          return new GenericData.EnumSymbol(type, text);
        case BYTES:
          return base64(text, path);
        default:
          throw new DecodeException(where(path) + "CSV holds scalars, not " + type.getType());
      }
    } catch (NumberFormatException e) {
      throw new DecodeException(
          where(path) + "expected " + type.getType().getName() + ", found \"" + text + "\"", e);
    }
  }

  /** Whether a field of {@code schema} fits in a CSV cell. */
  static boolean isScalar(Schema schema) {
    return switch (nonNull(schema).getType()) {
      case BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, ENUM, BYTES -> true;
      default -> false;
    };
  }

  /** The branch of a {@code ["null", T]} union that is not null, or the schema itself. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }

  /** Whether a field of {@code schema} may be null: {@code null} or a union with {@code null}. */
  static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  private static Object nullIfAllowed(Schema schema, String path) {
    if (isNullable(schema)) {
      return null;
    }
    throw new DecodeException(where(path) + "is required (not nullable) but missing or null");
  }

  private static int date(String text, String path) {
    try {
      return (int) LocalDate.parse(text).toEpochDay();
    } catch (DateTimeParseException e) {
      throw new DecodeException(where(path) + "expected a date yyyy-MM-dd, found \"" + text + "\"", e);
    }
  }

  private static ByteBuffer base64(String text, String path) {
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(where(path) + "expected Base64, found \"" + text + "\"", e);
    }
  }

  private static DecodeException mismatch(String path, String expected, JsonNode found) {
    return new DecodeException(where(path) + "expected " + expected + ", found " + describe(found));
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    return node.getNodeType().name().toLowerCase() + " "
        + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : "field " + path + ": ";
  }
}
