package org.chrononbeam.model.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The fast path of {@link JsonDecoder}: one pass of Jackson's streaming parser over an insert
 * message, filling the row's values by field position, with no tree and no Avro record between.
 * It takes only the plain case (a JSON object of scalar fields, each value of its field's type, no
 * field twice, no {@code before}/{@code after} field where those mean a mutation) and answers null
 * for anything else, which {@link JsonDecoder#decode} then decodes or refuses with its reason: so
 * the values and the reasons are those of {@link JsonDecoder#decode} by construction. Thread-safe.
 */
final class JsonRowReader {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final Map<String, Integer> positions = new HashMap<>();
  private final Schema.Type[] types;
  private final Schema[] enums;
  private final boolean[] nullable;
  private final boolean mutationsAllowed;

  JsonRowReader(Schema schema, boolean mutationsAllowed) {
    List<Schema.Field> fields = schema.getFields();
    this.types = new Schema.Type[fields.size()];
    this.enums = new Schema[fields.size()];
    this.nullable = new boolean[fields.size()];
    this.mutationsAllowed = mutationsAllowed;
    for (Schema.Field field : fields) {
      int i = field.pos();
      positions.put(field.name(), i);
      Schema type = FieldValues.nonNull(field.schema());
      types[i] = type.getLogicalType() instanceof LogicalTypes.Date ? Schema.Type.NULL : type.getType();
      enums[i] = type.getType() == Schema.Type.ENUM ? type : null;
      nullable[i] = FieldValues.isNullable(field.schema());
    }
  }

  /**
   * The values of the insert {@code message} holds, in the form {@code AvroColumns.toValues} gives
   * a decoded record's (strings and enum symbols as {@link String}), or null when it is not the
   * plain case (see the class documentation).
   */
  Object[] read(byte[] message) {
    try (JsonParser parser = FACTORY.createParser(message)) {
      return read(parser);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private Object[] read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Object[] values = new Object[types.length];
    boolean[] seen = new boolean[types.length];
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      Integer position = positions.get(name);
      if (mutationsAllowed && (name.equals("before") || name.equals("after"))) {
        return null;
      }
      JsonToken value = parser.nextToken();
      if (position == null) {
        parser.skipChildren();
        continue;
      }
      int i = position;
      if (seen[i]) {
        return null;
      }
      seen[i] = true;
      if (value == JsonToken.VALUE_NULL) {
        if (!nullable[i]) {
          return null;
        }
        continue;
      }
      Object v = scalar(parser, value, i);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
      return null;
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i] && !nullable[i]) {
        return null;
      }
    }
    return values;
  }

  /** The value of the current token for field {@code i}, or null when not the plain case. */
  private Object scalar(JsonParser parser, JsonToken token, int i) throws IOException {
    boolean integral = token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    switch (types[i]) {
      case BOOLEAN:
        return token == JsonToken.VALUE_TRUE ? Boolean.TRUE
            : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
      case INT:
        return integral && parser.getNumberType() == JsonParser.NumberType.INT
            ? parser.getIntValue() : null;
      case LONG:
        return integral ? parser.getLongValue() : null;
      case FLOAT:
        return integral ? (float) parser.getLongValue()
            : token == JsonToken.VALUE_NUMBER_FLOAT ? (float) parser.getDoubleValue() : null;
      case DOUBLE:
        return integral ? (double) parser.getLongValue()
            : token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getDoubleValue() : null;
      case STRING:
        return token == JsonToken.VALUE_STRING ? parser.getText() : null;
      case ENUM:
        return token == JsonToken.VALUE_STRING && enums[i].hasEnumSymbol(parser.getText())
            ? parser.getText() : null;
      default:
        return null;
    }
  }
}
