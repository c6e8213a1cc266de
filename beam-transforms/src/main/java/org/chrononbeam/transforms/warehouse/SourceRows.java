package org.chrononbeam.transforms.warehouse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.transforms.warehouse.TableImport.Format;

/**
 * The rows of a file to import, one at a time, as column name to raw value: CSV cells are strings
 * (null when empty and unquoted), JSON values are {@link Long}, {@link Double}, {@link Boolean},
 * {@link String} or null, Parquet values are what parquet-avro reads.
 */
abstract class SourceRows implements Closeable {

  /** One row: where it is in the file, and its values by column, in the file's column order. */
  record RawRow(long number, Map<String, @Nullable Object> values) {}

  private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  final String file;

  private SourceRows(String file) {
    this.file = file;
  }

  /** Opens {@code file} (a path or URI) as {@code format}. */
  static SourceRows open(String file, Format format) throws IOException {
    switch (format) {
      case CSV:
        return new Csv(file, textReader(file));
      case JSON_LINES:
        return new JsonLines(file, textReader(file));
      case PARQUET:
        return new Parquet(file, ParquetFile.at(file));
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  /** The next row, or null at the end of the file. */
  abstract @Nullable RawRow next() throws IOException;

  /** How rows are counted in error messages: {@code "line"} or {@code "row"}. */
  abstract String unit();

  /**
   * {@code name} if it can name a column (letters, digits, _; not first a digit), else an error.
   */
  String checkColumnName(String name, long number) {
    if (!COLUMN_NAME.matcher(name).matches()) {
      throw bad(
          number,
          "'"
              + name
              + "' cannot name a column: use letters, digits and _, not starting with a digit");
    }
    return name;
  }

  /** An error at row or line {@code number} of this file. */
  BadRowException bad(long number, String problem) {
    return new BadRowException(file, unit(), number, problem);
  }

  private static BufferedReader textReader(String file) throws IOException {
    return new BufferedReader(
        Channels.newReader(
            FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()),
            StandardCharsets.UTF_8));
  }

  /**
   * CSV as RFC 4180 writes it: a header row naming the columns, commas between values, double
   * quotes around values holding commas, quotes or line breaks, {@code ""} for a quote inside.
   */
  private static final class Csv extends SourceRows {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final PushbackReader in;
    private final List<String> header;
    private long line = 1;

    Csv(String file, Reader reader) throws IOException {
      super(file);
      this.in = new PushbackReader(reader);
      int first = in.read();
      if (first >= 0 && first != BYTE_ORDER_MARK) {
        in.unread(first);
      }
      List<@Nullable String> names = readRecord();
      if (names == null) {
        throw bad(1, "the file is empty; a CSV file starts with a header row naming its columns");
      }
      header = new ArrayList<>();
      for (String name : names) {
        String column = checkColumnName(name == null ? "" : name.strip(), 1);
        if (header.contains(column)) {
          throw bad(1, "column '" + column + "' appears twice in the header");
        }
        header.add(column);
      }
    }

    @Override
    @Nullable RawRow next() throws IOException {
      while (true) {
        long start = line;
        List<@Nullable String> cells = readRecord();
        if (cells == null) {
          return null;
        }
        if (cells.size() == 1 && cells.get(0) == null) {
          continue;
        }
        if (cells.size() != header.size()) {
          throw bad(
              start,
              "has " + cells.size() + " values but the header has " + header.size() + " columns");
        }
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          values.put(header.get(i), cells.get(i));
        }
        return new RawRow(start, values);
      }
    }

    @Override
    String unit() {
      return "line";
    }

    /** The cells of the next record, or null at the end; an empty unquoted cell is null. */
    private @Nullable List<@Nullable String> readRecord() throws IOException {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      long start = line;
      List<@Nullable String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      while (true) {
        if (c < 0 || c == '\n' || c == ',') {
          cells.add(quoted || cell.length() > 0 ? cell.toString() : null);
          if (c != ',') {
            if (c == '\n') {
              line++;
            }
            return cells;
          }
          cell.setLength(0);
          quoted = false;
        } else if (c == '"' && cell.length() == 0 && !quoted) {
          quoted = true;
          readQuoted(cell, start);
        } else if (c == '"') {
          throw bad(line, "a quote inside an unquoted value; quote the value and double the quote");
        } else if (c != '\r') {
          cell.append((char) c);
        }
        c = in.read();
      }
    }

    private void readQuoted(StringBuilder cell, long start) throws IOException {
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw bad(start, "a quoted value is never closed");
        }
        if (c == '"') {
          int next = in.read();
          if (next != '"') {
            if (next >= 0) {
              in.unread(next);
            }
            return;
          }
        } else if (c == '\n') {
          line++;
        }
        cell.append((char) c);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** One JSON object per line; blank lines are skipped. */
  private static final class JsonLines extends SourceRows {

    private static final ObjectMapper JSON =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final BufferedReader in;
    private long line;

    JsonLines(String file, BufferedReader in) {
      super(file);
      this.in = in;
    }

    @Override
    @Nullable RawRow next() throws IOException {
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          throw bad(line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
          throw bad(line, "not a JSON object; each line holds one {...} row");
        }
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          values.put(
              checkColumnName(field.getKey(), line), value(field.getKey(), field.getValue()));
        }
        return new RawRow(line, values);
      }
      return null;
    }

    private @Nullable Object value(String column, JsonNode node) {
      if (node.isNull()) {
        return null;
      }
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      if (node.isNumber()) {
        return node.doubleValue();
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isTextual()) {
        return node.textValue();
      }
      throw bad(
          line,
          "column '"
              + column
              + "' holds "
              + node.getNodeType()
              + "; only numbers, strings, booleans and null can be imported");
    }

    @Override
    String unit() {
      return "line";
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A Parquet file, read with the Avro schema of its footer. */
  private static final class Parquet extends SourceRows {

    private final ParquetRows in;
    private long row;

    Parquet(String file, ParquetFile parquet) throws IOException {
      super(file);
      this.in = parquet.openRows();
    }

    @Override
    @Nullable RawRow next() throws IOException {
      GenericRecord record = in.read();
      if (record == null) {
        return null;
      }
      row++;
      Map<String, @Nullable Object> values = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        values.put(field.name(), record.get(field.pos()));
      }
      return new RawRow(row, values);
    }

    @Override
    String unit() {
      return "row";
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
