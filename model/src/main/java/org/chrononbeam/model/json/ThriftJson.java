package org.chrononbeam.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.thrift.TBase;
import org.apache.thrift.TEnum;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.meta_data.EnumMetaData;
import org.apache.thrift.meta_data.FieldMetaData;
import org.apache.thrift.meta_data.FieldValueMetaData;
import org.apache.thrift.meta_data.ListMetaData;
import org.apache.thrift.meta_data.MapMetaData;
import org.apache.thrift.meta_data.SetMetaData;
import org.apache.thrift.meta_data.StructMetaData;
import org.apache.thrift.protocol.TType;
import org.chrononbeam.model.ConfigException;

/**
 * Reads and writes Thrift structs in the JSON that Chronon's {@code compile.py} writes: Thrift's
 * "simple JSON" with field names as keys, enums as their numbers, booleans as {@code 1}/{@code 0},
 * fields in field-id order, indented by two spaces.
 *
 * <p>Reading is lenient where Chronon's own loader is brittle: booleans may also be {@code
 * true}/{@code false}, enums may also be their names, a JSON {@code null} means unset, a string
 * field given a JSON object or array (e.g. {@code customJson}) keeps that value as a JSON string,
 * and an unknown field is reported as a warning and ignored. Everything else that does not fit the
 * model is a {@link ConfigException} naming the field.
 *
 * <pre>{@code
 * GroupBy gb = ThriftJson.read(json, GroupBy.class, "purchases.v1");
 * String again = ThriftJson.write(gb);
 * }</pre>
 */
public final class ThriftJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory PRETTY_FACTORY =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private ThriftJson() {}

  /**
   * Reads {@code json} as a {@code type}; unknown fields are logged as warnings.
   *
   * @param configName names the config in error messages (a file name or the config's name)
   */
  public static <T extends TBase<?, ?>> T read(String json, Class<T> type, String configName) {
    return read(json, type, configName, StructReader.LOG_WARNING);
  }

  /** As {@link #read(String, Class, String)}, handing each warning to {@code warnings}. */
  public static <T extends TBase<?, ?>> T read(
      String json, Class<T> type, String configName, Consumer<String> warnings) {
    return read(parseObject(json, configName), type, configName, warnings);
  }

  /** Reads a tree from {@link #parseObject} as a {@code type}, handing each warning to {@code warnings}. */
  public static <T extends TBase<?, ?>> T read(
      JsonNode tree, Class<T> type, String configName, Consumer<String> warnings) {
    return new StructReader(configName, warnings).readStruct(tree, type, "");
  }

  /** Parses {@code json}, which must hold one JSON object; errors name {@code configName}. */
  public static JsonNode parseObject(String json, String configName) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException(configName, "", "not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(configName, "", "expected a JSON object at the top level");
    }
    return tree;
  }

  /** Writes {@code struct} in compile.py's layout (two-space indent, no trailing newline). */
  public static String write(TBase<?, ?> struct) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = PRETTY_FACTORY.createGenerator(out)) {
      gen.setPrettyPrinter(new CompiledConfigPrettyPrinter());
      writeStruct(gen, struct);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A deep copy of {@code struct} whose maps keep their iteration order. Thrift's own {@code
   * deepCopy()} copies maps into {@code HashMap}s, which reorders {@code selects} (the order of a
   * source's columns) and every other map.
   */
  public static <T extends TBase<?, ?>> T copy(T struct) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) struct.getClass();
    return read(write(struct), type, "copy of a " + type.getSimpleName(), warning -> {
      throw new IllegalStateException("copying a struct gave a warning: " + warning);
    });
  }

  /** Writes {@code struct} as a JSON tree, e.g. to embed in a larger document. */
  public static JsonNode toTree(TBase<?, ?> struct) {
    try {
      return MAPPER.readTree(write(struct));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the writer produced invalid JSON", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void writeStruct(JsonGenerator gen, TBase struct) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<? extends TFieldIdEnum, FieldMetaData> e : metaData(struct.getClass()).entrySet()) {
      TFieldIdEnum field = e.getKey();
      if (struct.isSet(field)) {
        gen.writeFieldName(field.getFieldName());
        writeValue(gen, struct.getFieldValue(field), e.getValue().valueMetaData);
      }
    }
    gen.writeEndObject();
  }

  private static void writeValue(JsonGenerator gen, Object value, FieldValueMetaData meta)
      throws IOException {
    switch (meta.type) {
      case TType.BOOL -> gen.writeNumber(((Boolean) value) ? 1 : 0);
      case TType.BYTE, TType.I16, TType.I32, TType.I64 -> gen.writeNumber(((Number) value).longValue());
      case TType.DOUBLE -> gen.writeNumber((Double) value);
      case TType.STRING -> gen.writeString((String) value);
      case TType.ENUM -> gen.writeNumber(((TEnum) value).getValue());
      case TType.STRUCT -> writeStruct(gen, (TBase<?, ?>) value);
      case TType.LIST, TType.SET -> {
        FieldValueMetaData elem =
            meta instanceof ListMetaData l ? l.elemMetaData : ((SetMetaData) meta).elemMetaData;
        gen.writeStartArray();
        for (Object o : (Collection<?>) value) {
          writeValue(gen, o, elem);
        }
        gen.writeEndArray();
      }
      case TType.MAP -> {
        FieldValueMetaData valueMeta = ((MapMetaData) meta).valueMetaData;
        gen.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          gen.writeFieldName(String.valueOf(e.getKey()));
          writeValue(gen, e.getValue(), valueMeta);
        }
        gen.writeEndObject();
      }
      default -> throw new IllegalStateException("Thrift type " + meta.type + " is not in the model");
    }
  }

  static Map<? extends TFieldIdEnum, FieldMetaData> metaData(Class<?> structClass) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<? extends TFieldIdEnum, FieldMetaData> map =
        FieldMetaData.getStructMetaDataMap((Class) structClass);
    return map;
  }

  /** Walks a JSON tree along a struct's field metadata; one instance per read. */
  private static final class StructReader {
    static final Consumer<String> LOG_WARNING =
        w -> org.slf4j.LoggerFactory.getLogger(ThriftJson.class).warn(w);

    private final String config;
    private final Consumer<String> warnings;

    StructReader(String config, Consumer<String> warnings) {
      this.config = config;
      this.warnings = warnings;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> T readStruct(JsonNode node, Class<T> type, String path) {
      if (!node.isObject()) {
        throw error(path, "expected an object, found " + describe(node));
      }
      TBase struct;
      try {
        struct = (TBase) type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + type.getName(), e);
      }
      Map<String, Map.Entry<? extends TFieldIdEnum, FieldMetaData>> byName = new LinkedHashMap<>();
      for (Map.Entry<? extends TFieldIdEnum, FieldMetaData> e : metaData(type).entrySet()) {
        byName.put(e.getKey().getFieldName(), e);
      }
      Set<String> seen = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> json = it.next();
        String name = json.getKey();
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        Map.Entry<? extends TFieldIdEnum, FieldMetaData> field = byName.get(name);
        if (field == null) {
          warnings.accept(
              config + ": " + fieldPath + ": unknown field of " + type.getSimpleName() + ", ignored");
          continue;
        }
        seen.add(name);
        if (json.getValue().isNull()) {
          continue;
        }
        Object value = readValue(json.getValue(), field.getValue().valueMetaData, fieldPath);
        struct.setFieldValue(field.getKey(), value);
      }
      if (struct instanceof org.apache.thrift.TUnion<?, ?> && seen.size() > 1) {
        throw error(path, "a " + type.getSimpleName() + " sets exactly one of " + byName.keySet()
            + ", found " + seen);
      }
      return (T) struct;
    }

    private Object readValue(JsonNode node, FieldValueMetaData meta, String path) {
      return switch (meta.type) {
        case TType.BOOL -> readBool(node, path);
        case TType.BYTE -> (byte) readLong(node, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
        case TType.I16 -> (short) readLong(node, path, Short.MIN_VALUE, Short.MAX_VALUE);
        case TType.I32 -> (int) readLong(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case TType.I64 -> readLong(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
        case TType.DOUBLE -> {
          if (!node.isNumber()) {
            throw error(path, "expected a number, found " + describe(node));
          }
          yield node.doubleValue();
        }
        case TType.STRING -> {
          if (node.isTextual()) {
            yield node.textValue();
          }
          if (node.isContainerNode()) {
            yield node.toString();
          }
          throw error(path, "expected a string, found " + describe(node));
        }
        case TType.ENUM -> readEnum(node, ((EnumMetaData) meta).enumClass, path);
        case TType.STRUCT -> readStruct(node, ((StructMetaData) meta).structClass, path);
        case TType.LIST, TType.SET -> {
          if (!node.isArray()) {
            throw error(path, "expected a list, found " + describe(node));
          }
          FieldValueMetaData elem =
              meta instanceof ListMetaData l ? l.elemMetaData : ((SetMetaData) meta).elemMetaData;
          Collection<Object> out =
              meta.type == TType.LIST ? new ArrayList<>(node.size()) : new java.util.LinkedHashSet<>();
          for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isNull()) {
              throw error(path + "[" + i + "]", "null is not allowed in a list");
            }
            out.add(readValue(node.get(i), elem, path + "[" + i + "]"));
          }
          yield out;
        }
        case TType.MAP -> {
          if (!node.isObject()) {
            throw error(path, "expected an object, found " + describe(node));
          }
          FieldValueMetaData valueMeta = ((MapMetaData) meta).valueMetaData;
          Map<String, Object> out = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String entryPath = path + "." + e.getKey();
            if (e.getValue().isNull()) {
              throw error(entryPath, "null is not allowed as a map value");
            }
            out.put(e.getKey(), readValue(e.getValue(), valueMeta, entryPath));
          }
          yield out;
        }
        default -> throw new IllegalStateException("Thrift type " + meta.type + " is not in the model");
      };
    }

    private boolean readBool(JsonNode node, String path) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isIntegralNumber() && (node.longValue() == 0 || node.longValue() == 1)) {
        return node.longValue() == 1;
      }
      throw error(path, "expected 1, 0, true or false, found " + describe(node));
    }

    private long readLong(JsonNode node, String path, long min, long max) {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw error(path, "expected an integer, found " + describe(node));
      }
      long v = node.longValue();
      if (v < min || v > max) {
        throw error(path, v + " is out of range [" + min + ", " + max + "]");
      }
      return v;
    }

    private Object readEnum(JsonNode node, Class<? extends TEnum> enumClass, String path) {
      String name = enumClass.getSimpleName();
      if (node.isTextual()) {
        for (TEnum constant : enumClass.getEnumConstants()) {
          if (((Enum<?>) constant).name().equalsIgnoreCase(node.textValue())) {
            return constant;
          }
        }
        throw error(path, "unknown " + name + " '" + node.textValue() + "'; expected one of "
            + enumChoices(enumClass));
      }
      if (!node.isIntegralNumber()) {
        throw error(path, "expected a " + name + " number, found " + describe(node));
      }
      Object value;
      try {
        Method find = enumClass.getMethod("findByValue", int.class);
        value = find.invoke(null, node.intValue());
      } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("generated enum " + enumClass + " lacks findByValue", e);
      }
      if (value == null || node.longValue() != node.intValue()) {
        throw error(path, "unknown " + name + " number " + node.asText() + "; expected one of "
            + enumChoices(enumClass));
      }
      return value;
    }

    private static String enumChoices(Class<? extends TEnum> enumClass) {
      List<String> choices = new ArrayList<>();
      for (TEnum constant : enumClass.getEnumConstants()) {
        choices.add(constant.getValue() + " (" + ((Enum<?>) constant).name() + ")");
      }
      return String.join(", ", choices);
    }

    private ConfigException error(String path, String message) {
      return new ConfigException(config, path, message);
    }

    private static String describe(JsonNode node) {
      String text = node.toString();
      return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
          + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
  }
}
