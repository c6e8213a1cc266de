package org.chrononbeam.model.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The fast path of {@link JsonDecoder}: one pass over an insert message's bytes, filling the row's
 * values by field position, with no parser object, no tree and no Avro record between. It takes
 * only the plain case (a JSON object of scalar fields, each value of its field's type, no field
 * twice, no {@code before}/{@code after} field where those mean a mutation; unknown fields may
 * hold any JSON) written in plain form (ASCII strings without escapes, whitespace of JSON's four
 * characters, numbers of at most {@value #MAX_NUMBER} characters, nesting of at most {@value
 * #MAX_DEPTH}), and answers null for anything else, which {@link JsonDecoder#decode} then decodes
 * or refuses with its reason. Whatever it accepts is well-formed JSON that Jackson reads to the
 * same values, so the values and the reasons are those of {@link JsonDecoder#decode}.
 * Thread-safe.
 */
final class JsonRowReader {
  private static final int MAX_NUMBER = 64;
  private static final int MAX_DEPTH = 64;

  private final byte[][] names;
  /**
   * Per field, the type its value is read as; {@code NULL} (no field's own type, the schema's
   * fields being non-null) for a date, which this reader leaves to {@link JsonDecoder#decode}.
   */
  private final Schema.Type[] types;
  private final Schema[] enums;
  private final boolean[] nullable;
  private final boolean mutationsAllowed;

  JsonRowReader(Schema schema, boolean mutationsAllowed) {
    List<Schema.Field> fields = schema.getFields();
    this.names = new byte[fields.size()][];
    this.types = new Schema.Type[fields.size()];
    this.enums = new Schema[fields.size()];
    this.nullable = new boolean[fields.size()];
    this.mutationsAllowed = mutationsAllowed;
    for (Schema.Field field : fields) {
      int i = field.pos();
      names[i] = field.name().getBytes(StandardCharsets.UTF_8);
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
    return new Cursor(message).row();
  }

  /** One message's reading position; every method answers -1 or null where not plain. */
  private final class Cursor {
    private static final int NOT_PLAIN = -1;
    private static final int UNKNOWN = -1;
    private static final int MUTATION = -2;
    private static final int END = -1;

    private final byte[] in;
    private int pos;
    /** Whether the last {@link #numberEnd} saw neither a fraction nor an exponent. */
    private boolean integral;

    Cursor(byte[] in) {
      this.in = in;
    }

    Object[] row() {
      if (next() != '{') {
        return null;
      }
      pos++;
      Object[] values = new Object[types.length];
      boolean[] seen = new boolean[types.length];
      int c = next();
      if (c == '}') {
        pos++;
      } else {
        while (true) {
          if (c != '"') {
            return null;
          }
          int start = pos + 1;
          int end = stringEnd(start);
          if (end < 0 || next(end + 1) != ':') {
            return null;
          }
          pos++;
          int i = field(start, end);
          if (i == MUTATION || next() == END) {
            return null;
          }
          if (i == UNKNOWN) {
            if (!skipValue(0)) {
              return null;
            }
          } else {
            if (seen[i]) {
              return null;
            }
            seen[i] = true;
            if (!readValue(i, values)) {
              return null;
            }
          }
          c = next();
          pos++;
          if (c == '}') {
            break;
          }
          if (c != ',') {
            return null;
          }
          c = next();
        }
      }
      if (next() != END) {
        return null;
      }
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i] && !nullable[i]) {
          return null;
        }
      }
      return values;
    }

    /** The position of the field named by bytes [start, end); {@link #UNKNOWN}; {@link #MUTATION}. */
    private int field(int start, int end) {
      int length = end - start;
      for (int i = 0; i < names.length; i++) {
        if (names[i].length == length && equal(names[i], start)) {
          return i;
        }
      }
      if (mutationsAllowed && (length == 6 && equal(BEFORE, start) || length == 5 && equal(AFTER, start))) {
        return MUTATION;
      }
      return UNKNOWN;
    }

    private boolean equal(byte[] name, int start) {
      for (int k = 0; k < name.length; k++) {
        if (in[start + k] != name[k]) {
          return false;
        }
      }
      return true;
    }

    /** Reads field {@code i}'s value at {@code pos} into {@code values}; false if not plain. */
    private boolean readValue(int i, Object[] values) {
      int c = in[pos];
      if (c == 'n') {
        return literal(NULL) && nullable[i];
      }
      switch (types[i]) {
        case BOOLEAN:
          if (c == 't' && literal(TRUE)) {
            values[i] = Boolean.TRUE;
            return true;
          }
          if (c == 'f' && literal(FALSE)) {
            values[i] = Boolean.FALSE;
            return true;
          }
          return false;
        case STRING:
        case ENUM:
          if (c != '"') {
            return false;
          }
          int start = pos + 1;
          int end = stringEnd(start);
          if (end < 0) {
            return false;
          }
          String s = new String(in, start, end - start, StandardCharsets.ISO_8859_1);
          if (enums[i] != null && !enums[i].hasEnumSymbol(s)) {
            return false;
          }
          values[i] = s;
          return true;
        case INT:
        case LONG:
        case FLOAT:
        case DOUBLE:
          return number(i, values);
        default:
          return false;
      }
    }

    /** Reads a number for numeric field {@code i}, as Jackson's token and accessors give it. */
    private boolean number(int i, Object[] values) {
      int start = pos;
      int end = numberEnd(start);
      if (end < 0) {
        return false;
      }
      pos = end;
      if (integral) {
        long v;
        int length = end - start;
        if (length <= 18) {
          v = 0;
          boolean negative = in[start] == '-';
          for (int k = negative ? start + 1 : start; k < end; k++) {
            v = v * 10 + (in[k] - '0');
          }
          v = negative ? -v : v;
        } else {
          try {
            v = Long.parseLong(new String(in, start, length, StandardCharsets.ISO_8859_1));
          } catch (NumberFormatException e) {
            return false;
          }
        }
        switch (types[i]) {
          case INT:
            if (v != (int) v) {
              return false;
            }
            values[i] = (int) v;
            return true;
          case LONG:
            values[i] = v;
            return true;
          case FLOAT:
            values[i] = (float) v;
            return true;
          default:
            values[i] = (double) v;
            return true;
        }
      }
      if (types[i] != Schema.Type.FLOAT && types[i] != Schema.Type.DOUBLE) {
        return false;
      }
      double d = Double.parseDouble(new String(in, start, end - start, StandardCharsets.ISO_8859_1));
      values[i] = types[i] == Schema.Type.FLOAT ? (Object) (float) d : (Object) d;
      return true;
    }

    /**
     * The end of the JSON number at {@code start} (JSON's grammar: {@code
     * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}), followed by whitespace, {@code ,}, {@code
     * }} or {@code ]}; -1 otherwise or when longer than {@value #MAX_NUMBER}.
     */
    private int numberEnd(int start) {
      int k = start;
      if (k < in.length && in[k] == '-') {
        k++;
      }
      if (k >= in.length || !digit(in[k])) {
        return NOT_PLAIN;
      }
      if (in[k] == '0') {
        k++;
      } else {
        k = digits(k);
      }
      integral = true;
      if (k < in.length && in[k] == '.') {
        integral = false;
        int after = digits(k + 1);
        if (after == k + 1) {
          return NOT_PLAIN;
        }
        k = after;
      }
      if (k < in.length && (in[k] == 'e' || in[k] == 'E')) {
        integral = false;
        k++;
        if (k < in.length && (in[k] == '+' || in[k] == '-')) {
          k++;
        }
        int after = digits(k);
        if (after == k) {
          return NOT_PLAIN;
        }
        k = after;
      }
      return k - start <= MAX_NUMBER && (k == in.length || delimiter(in[k])) ? k : NOT_PLAIN;
    }

    private int digits(int k) {
      while (k < in.length && digit(in[k])) {
        k++;
      }
      return k;
    }

    /**
     * The position of the closing quote of the string whose characters start at {@code start},
     * with {@code pos} then after it; -1 unless every character is printable ASCII and none is
     * escaped.
     */
    private int stringEnd(int start) {
      for (int k = start; k < in.length; k++) {
        byte b = in[k];
        if (b == '"') {
          pos = k + 1;
          return k;
        }
        if (b < 0x20 || b == '\\' || b == 0x7f) {
          return NOT_PLAIN;
        }
      }
      return NOT_PLAIN;
    }

    /** Skips the well-formed JSON value at {@code pos}; false if not plain. */
    private boolean skipValue(int depth) {
      if (pos >= in.length) {
        return false;
      }
      switch (in[pos]) {
        case '"':
          return stringEnd(pos + 1) >= 0;
        case 't':
          return literal(TRUE);
        case 'f':
          return literal(FALSE);
        case 'n':
          return literal(NULL);
        case '{':
        case '[':
          return depth < MAX_DEPTH && skipContainer(depth + 1);
        default:
          int end = numberEnd(pos);
          pos = end;
          return end >= 0;
      }
    }

    private boolean skipContainer(int depth) {
      boolean object = in[pos] == '{';
      byte close = (byte) (object ? '}' : ']');
      pos++;
      int c = next();
      if (c == close) {
        pos++;
        return true;
      }
      while (true) {
        if (object) {
          if (c != '"' || stringEnd(pos + 1) < 0 || next() != ':') {
            return false;
          }
          pos++;
          next();
        }
        if (!skipValue(depth)) {
          return false;
        }
        c = next();
        pos++;
        if (c == close) {
          return true;
        }
        if (c != ',') {
          return false;
        }
        c = next();
      }
    }

    /** Whether {@code word} is at {@code pos}, followed by a delimiter; then moves past it. */
    private boolean literal(byte[] word) {
      int end = pos + word.length;
      if (end > in.length || end < in.length && !delimiter(in[end])) {
        return false;
      }
      for (int k = 0; k < word.length; k++) {
        if (in[pos + k] != word[k]) {
          return false;
        }
      }
      pos = end;
      return true;
    }

    /** Skips whitespace; the byte then at {@code pos} (0 to 255), or {@link #END}. */
    private int next() {
      while (pos < in.length) {
        byte b = in[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return b & 0xff;
        }
        pos++;
      }
      return END;
    }

    /** {@link #next()} from {@code from}. */
    private int next(int from) {
      pos = from;
      return next();
    }
  }

  private static final byte[] BEFORE = {'b', 'e', 'f', 'o', 'r', 'e'};
  private static final byte[] AFTER = {'a', 'f', 't', 'e', 'r'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean delimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
