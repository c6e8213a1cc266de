package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * Chronon data types ({@link TDataType}) as the aggregator uses them: constructors, the numeric
 * classification operations depend on, and the canonical in-memory form of values.
 *
 * <p>In memory a value of kind BOOLEAN is a {@link Boolean}; BYTE, SHORT, INT, LONG, FLOAT and
 * DOUBLE the matching boxed {@link Number}; STRING any {@link CharSequence} (canonically a {@link
 * String}); BINARY a {@code byte[]} or {@link ByteBuffer} (canonically a {@link ByteBuffer}); LIST
 * a {@link List}; MAP a {@link Map} with string keys.
 */
public final class DataTypes {

  private DataTypes() {}

  /** A type without parameters. */
  public static TDataType of(DataKind kind) {
    return new TDataType(kind);
  }

  /** {@code list<element>}. */
  public static TDataType listOf(TDataType element) {
    TDataType type = new TDataType(DataKind.LIST);
    type.addToParams(new DataField().setName("elem").setDataType(element));
    return type;
  }

  /** {@code map<key, value>}. */
  public static TDataType mapOf(TDataType key, TDataType value) {
    TDataType type = new TDataType(DataKind.MAP);
    type.addToParams(new DataField().setName("key").setDataType(key));
    type.addToParams(new DataField().setName("value").setDataType(value));
    return type;
  }

  /** The element type of a LIST. */
  public static TDataType elementType(TDataType list) {
    requireKind(list, DataKind.LIST);
    return list.getParams().get(0).getDataType();
  }

  /** The key type of a MAP. */
  public static TDataType mapKeyType(TDataType map) {
    requireKind(map, DataKind.MAP);
    return map.getParams().get(0).getDataType();
  }

  /** The value type of a MAP. */
  public static TDataType mapValueType(TDataType map) {
    requireKind(map, DataKind.MAP);
    return map.getParams().get(1).getDataType();
  }

  /** BYTE, SHORT, INT or LONG. */
  public static boolean isIntegral(DataKind kind) {
    return kind == DataKind.BYTE
        || kind == DataKind.SHORT
        || kind == DataKind.INT
        || kind == DataKind.LONG;
  }

  /** FLOAT or DOUBLE. */
  public static boolean isFloating(DataKind kind) {
    return kind == DataKind.FLOAT || kind == DataKind.DOUBLE;
  }

  /** Integral or floating. */
  public static boolean isNumeric(DataKind kind) {
    return isIntegral(kind) || isFloating(kind);
  }

  /** An integral value converted to the boxed type of {@code kind}. */
  public static Object integralOf(long value, DataKind kind) {
    switch (kind) {
      case BYTE:
        return (byte) value;
      case SHORT:
        return (short) value;
      case INT:
        return (int) value;
      case LONG:
        return value;
      default:
        throw new IllegalArgumentException("not integral: " + kind);
    }
  }

  /** A floating value converted to the boxed type of {@code kind}. */
  public static Object floatingOf(double value, DataKind kind) {
    switch (kind) {
      case FLOAT:
        return (float) value;
      case DOUBLE:
        return value;
      default:
        throw new IllegalArgumentException("not floating: " + kind);
    }
  }

  /**
   * The canonical in-memory form of {@code value}: strings as {@link String}, binaries as a
   * read-only {@link ByteBuffer} over a private copy, lists and maps canonical element-wise. The
   * result equals (by {@code equals}) the canonical form of any equal value.
   */
  public static Object canonical(Object value) {
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof byte[]) {
      return ByteBuffer.wrap(((byte[]) value).clone()).asReadOnlyBuffer();
    }
    if (value instanceof ByteBuffer) {
      ByteBuffer source = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[source.remaining()];
      source.get(bytes);
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(canonical(element));
      }
      return copy;
    }
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      Map<String, Object> copy = new HashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(entry.getKey().toString(), canonical(entry.getValue()));
      }
      return copy;
    }
    throw new IllegalArgumentException("unsupported value " + value.getClass().getName());
  }

  private static void requireKind(TDataType type, DataKind kind) {
    if (type.getKind() != kind) {
      throw new IllegalArgumentException("expected " + kind + " but got " + type);
    }
  }
}
