package org.chrononbeam.model.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Decodes one CSV line per message (UTF-8, comma-separated, RFC 4180 double quotes, a trailing
 * line break ignored) into an insert. The cells are the stream schema's fields in their declared
 * order; the line must have exactly as many cells. An empty cell is null. The schema may only hold
 * scalar fields.
 *
 * <pre>{@code
 * u1,9.5,1700000000000
 * "Smith, J",,1700000000001
 * }</pre>
 */
final class CsvDecoder implements StreamDecoder {
  private static final long serialVersionUID = 1L;

  private final Schema schema;

  CsvDecoder(Schema schema) {
    for (Schema.Field field : schema.getFields()) {
      if (!FieldValues.isScalar(field.schema())) {
        throw new IllegalArgumentException("CSV streams hold scalar fields; field "
            + field.name() + " is " + field.schema());
      }
    }
    this.schema = schema;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Mutation decode(byte[] message) {
    List<String> cells = cells(new String(message, StandardCharsets.UTF_8));
    List<Schema.Field> fields = schema.getFields();
    if (cells.size() != fields.size()) {
      throw new DecodeException("expected " + fields.size() + " cells " + fieldNames()
          + ", found " + cells.size());
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : fields) {
      record.put(field.pos(), FieldValues.fromText(cells.get(field.pos()), field.schema(), field.name()));
    }
    return Mutation.insert(record);
  }

  private List<String> fieldNames() {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  private static List<String> cells(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < end && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == '\r') {
        throw new DecodeException("a message holds one CSV line; found a line break at " + i);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new DecodeException("unterminated quoted cell");
    }
    cells.add(cell.toString());
    return cells;
  }
}
