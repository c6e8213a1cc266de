package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.transforms.warehouse.SourceRows.RawRow;
import org.chrononbeam.transforms.warehouse.TableImport.ColumnType;
import org.chrononbeam.transforms.warehouse.TableImport.Format;

/**
 * How an imported file becomes rows: its row schema (inferred, given or from the Parquet footer)
 * and each row converted to it, with its partition.
 *
 * <p>A CSV or JSON-lines column's type is the narrowest that holds all its values: {@code long} if
 * all are integers, {@code double} if all are numbers, {@code boolean} if all are {@code
 * true}/{@code false}, else {@code string}; a column with only empty values is a string, and so is
 * one with JSON strings, whatever they hold. {@code ts} is always a {@code long} and {@code ds}
 * always a date string. Given types override inference.
 */
final class ImportRows {

  /** The event time column, epoch milliseconds. */
  static final String TS = "ts";

  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?(NaN|Infinity)");

  private ImportRows() {}

  /**
   * Reads all of {@code file} once: checks every row (so a bad row fails the import before anything
   * is written) and returns the schema of its rows.
   */
  static Schema rowSchema(
      String file, Format format, Map<String, ColumnType> givenTypes, String recordName)
      throws IOException {
    if (format == Format.PARQUET) {
      Schema rowSchema = parquetRowSchema(file, givenTypes);
      forEachRow(file, format, rowSchema, row -> {});
      return rowSchema;
    }
    return inferRowSchema(file, format, givenTypes, recordName);
  }

  /** Converts each row of {@code file} to {@code rowSchema} and hands it to {@code out}. */
  static void forEachRow(String file, Format format, Schema rowSchema, Consumer<GenericRecord> out)
      throws IOException {
    try (SourceRows rows = SourceRows.open(file, format)) {
      for (RawRow row = rows.next(); row != null; row = rows.next()) {
        out.accept(toRecord(row, rowSchema, rows));
      }
    }
  }

  /**
   * Infers the schema of a CSV or JSON-lines file, checking on the way the values that can be
   * wrong: those of given types, {@code ds} and {@code ts}. Inferred types fit all values.
   */
  private static Schema inferRowSchema(
      String file, Format format, Map<String, ColumnType> givenTypes, String recordName)
      throws IOException {
    Map<String, @Nullable ColumnType> inferred = new LinkedHashMap<>();
    try (SourceRows rows = SourceRows.open(file, format)) {
      for (RawRow row = rows.next(); row != null; row = rows.next()) {
        for (Map.Entry<String, @Nullable Object> cell : row.values().entrySet()) {
          String column = cell.getKey();
          ColumnType given = column.equals(TS) ? ColumnType.LONG : givenTypes.get(column);
          if (given != null && cell.getValue() != null) {
            convert(cell.getValue(), given, column, row, rows);
          }
          ColumnType seen = kindOf(cell.getValue(), format);
          ColumnType before = inferred.get(column);
          inferred.put(column, before == null ? seen : seen == null ? before : join(before, seen));
        }
        partitionOf(row, rows);
      }
    }
    for (String column : givenTypes.keySet()) {
      if (!inferred.containsKey(column)) {
        throw new IllegalArgumentException(
            file + ": a type is given for column '" + column + "', which the file does not have");
      }
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Map.Entry<String, @Nullable ColumnType> column : inferred.entrySet()) {
      String name = column.getKey();
      if (name.equals(DS)) {
        continue;
      }
      ColumnType type =
          name.equals(TS)
              ? ColumnType.LONG
              : givenTypes.getOrDefault(
                  name, column.getValue() == null ? ColumnType.STRING : column.getValue());
      fields.add(
          new Schema.Field(
              name,
              nullable(Schema.create(type.avroType())),
              null,
              Schema.Field.NULL_DEFAULT_VALUE));
    }
    return RowSchemas.withDs(Schema.createRecord(recordName, null, null, false, fields));
  }

  private static Schema parquetRowSchema(String file, Map<String, ColumnType> givenTypes)
      throws IOException {
    if (!givenTypes.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": a Parquet file's column types come from the file and cannot be given");
    }
    Schema fileSchema = ParquetFile.at(file).avroSchema();
    Schema.Field ts = fileSchema.getField(TS);
    if (ts != null && primitive(ts.schema()) != Schema.Type.LONG) {
      throw new IllegalArgumentException(
          file + ": column ts is " + ts.schema() + "; ts must be a long of epoch milliseconds");
    }
    Schema.Field ds = fileSchema.getField(DS);
    if (ds != null && primitive(ds.schema()) != Schema.Type.STRING) {
      throw new IllegalArgumentException(
          file + ": column ds is " + ds.schema() + "; ds must be a yyyy-MM-dd string");
    }
    return RowSchemas.withDs(fileSchema);
  }

  private static GenericRecord toRecord(RawRow row, Schema rowSchema, SourceRows source) {
    GenericRecord record = new GenericData.Record(rowSchema);
    for (Schema.Field field : rowSchema.getFields()) {
      if (field.name().equals(DS)) {
        continue;
      }
      Object value = row.values().get(field.name());
      Schema.Type type = primitive(field.schema());
      ColumnType columnType = ColumnType.of(type);
      if (value != null && columnType != null) {
        value = convert(value, columnType, field.name(), row, source);
      }
      record.put(field.pos(), value);
    }
    record.put(DS, partitionOf(row, source));
    return record;
  }

  /** The row's {@code ds}, or else the UTC date of its {@code ts}. */
  private static String partitionOf(RawRow row, SourceRows source) {
    Object ds = row.values().get(DS);
    if (ds != null && !ds.toString().isBlank()) {
      try {
        return PartitionDates.check(ds.toString().strip());
      } catch (IllegalArgumentException e) {
        throw source.bad(row.number(), e.getMessage());
      }
    }
    Object ts = row.values().get(TS);
    if (ts != null) {
      return PartitionDates.ofEpochMillis((Long) convert(ts, ColumnType.LONG, TS, row, source));
    }
    throw source.bad(
        row.number(),
        "no ds and no ts: a row's partition is its ds (yyyy-MM-dd) or the UTC date of its ts");
  }

  private static Object convert(
      Object value, ColumnType type, String column, RawRow row, SourceRows source) {
    try {
      return type.convert(value);
    } catch (IllegalArgumentException e) {
      throw source.bad(row.number(), "column '" + column + "': " + e.getMessage());
    }
  }

  /**
   * The type a single value suggests; null for a null or empty value. CSV text is parsed; JSON text
   * is a string even when it looks like a number.
   */
  private static @Nullable ColumnType kindOf(@Nullable Object value, Format format) {
    if (value == null) {
      return null;
    }
    if (value instanceof String && format == Format.JSON_LINES) {
      return ColumnType.STRING;
    }
    if (value instanceof Long) {
      return ColumnType.LONG;
    }
    if (value instanceof Double) {
      return ColumnType.DOUBLE;
    }
    if (value instanceof Boolean) {
      return ColumnType.BOOLEAN;
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      return null;
    }
    if (INTEGER.matcher(text).matches()) {
      try {
        Long.parseLong(text);
        return ColumnType.LONG;
      } catch (NumberFormatException tooLong) {
        return ColumnType.DOUBLE;
      }
    }
    if (NUMBER.matcher(text).matches()) {
      return ColumnType.DOUBLE;
    }
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return ColumnType.BOOLEAN;
    }
    return ColumnType.STRING;
  }

  private static ColumnType join(ColumnType a, ColumnType b) {
    if (a == b) {
      return a;
    }
    boolean numbers =
        (a == ColumnType.LONG || a == ColumnType.DOUBLE)
            && (b == ColumnType.LONG || b == ColumnType.DOUBLE);
    return numbers ? ColumnType.DOUBLE : ColumnType.STRING;
  }

  /** Whether {@code text} is a decimal number (or NaN, Infinity), as CSV files write them. */
  static boolean isNumber(String text) {
    return NUMBER.matcher(text).matches();
  }

  private static Schema nullable(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  /**
   * The type of a schema, or of the other branch of a {@code ["null", T]} union; other unions stay
   * {@code UNION}.
   */
  private static Schema.Type primitive(Schema schema) {
    if (schema.getType() == Schema.Type.UNION && schema.getTypes().size() == 2) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return branch.getType();
        }
      }
    }
    return schema.getType();
  }
}
