package org.chrononbeam.transforms.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Loads a CSV, JSON-lines or Parquet file into a warehouse table: what {@code chronon import
 * --table ns.name --from FILE} runs.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.create(options);
 * pipeline.apply(
 *     TableImport.from("quickstart/data/purchases.csv")
 *         .into(Warehouse.at("./warehouse"), "data.purchases")
 *         .withColumnType("zip_code", TableImport.ColumnType.STRING));
 * pipeline.run().waitUntilFinish();
 * }</pre>
 *
 * <p>Each row goes to the partition named by its {@code ds} column ({@code yyyy-MM-dd}) or, when a
 * row has no {@code ds}, to the UTC date of its {@code ts} column (epoch milliseconds): {@code ts =
 * 1701475199999} (2023-12-01T23:59:59.999Z) lands in {@code ds=2023-12-01}, one millisecond later
 * in {@code ds=2023-12-02}. The partitions the file has rows for are replaced as with {@link
 * WarehouseIO#write}; the others are left alone. The output holds the partitions written.
 *
 * <p>Formats, chosen by {@link #withFormat} or else by the file name's extension:
 *
 * <ul>
 *   <li>CSV ({@code .csv}): a header row naming the columns, then one row per line (RFC 4180
 *       quoting); an empty unquoted value is null. Column types are inferred (see {@link
 *       ColumnType}) unless given with {@link #withColumnType}.
 *   <li>JSON lines ({@code .jsonl}, {@code .ndjson}, {@code .json}): one flat JSON object per line;
 *       a missing key is null. Types as for CSV.
 *   <li>Parquet ({@code .parquet}): columns and types as stored; a stored {@code ds} must be a
 *       string and {@code ts} a long.
 * </ul>
 *
 * <p>The file is read once when the pipeline is built, to settle the schema and check every row: a
 * bad row fails {@code pipeline.apply} with a {@link BadRowException} naming the file and line,
 * before anything is written. No row is ever skipped. Column names must be letters, digits and
 * underscores, not starting with a digit.
 */
public final class TableImport extends PTransform<PBegin, PCollection<String>> {

  /** The formats an import reads. */
  public enum Format {
    CSV,
    JSON_LINES,
    PARQUET;

    /** The format a file's extension names; an {@link IllegalArgumentException} for others. */
    public static Format ofFileName(String file) {
      String name = file.toLowerCase(Locale.ROOT);
      if (name.endsWith(".csv")) {
        return CSV;
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
        return JSON_LINES;
      }
      if (name.endsWith(".parquet")) {
        return PARQUET;
      }
      throw new IllegalArgumentException(
          "cannot tell the format of "
              + file
              + " from its name (.csv, .jsonl, .ndjson, .json, .parquet); give it with withFormat");
    }
  }

  /**
   * The types of imported CSV and JSON-lines columns. Inference picks, for each column, the first
   * of {@code LONG}, {@code DOUBLE}, {@code BOOLEAN} ({@code true}/{@code false}, any case) that
   * all its values parse as, else {@code STRING}; {@code INT} is only ever given. JSON strings stay
   * strings even when they hold digits. Every column is nullable.
   */
  public enum ColumnType {
    LONG(Schema.Type.LONG),
    INT(Schema.Type.INT),
    DOUBLE(Schema.Type.DOUBLE),
    BOOLEAN(Schema.Type.BOOLEAN),
    STRING(Schema.Type.STRING);

    private final Schema.Type avroType;

    ColumnType(Schema.Type avroType) {
      this.avroType = avroType;
    }

    /** The Avro type columns of this type have. */
    public Schema.Type avroType() {
      return avroType;
    }

    /** The column type of an Avro type, or null when there is none. */
    static @Nullable ColumnType of(Schema.Type avroType) {
      for (ColumnType type : values()) {
        if (type.avroType == avroType) {
          return type;
        }
      }
      return null;
    }

    /**
     * {@code value} (a string, number or boolean) as this type; blank text is null, except for
     * {@code STRING}. An {@link IllegalArgumentException} says why a value does not fit.
     */
    @Nullable Object convert(Object value) {
      if (this == STRING) {
        return value.toString();
      }
      if (value instanceof CharSequence && value.toString().isBlank()) {
        return null;
      }
      switch (this) {
        case LONG:
          return wholeNumber(value, Long.MIN_VALUE, Long.MAX_VALUE);
        case INT:
          return (int) wholeNumber(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case DOUBLE:
          if (value instanceof Number) {
            return ((Number) value).doubleValue();
          }
          String text = value.toString().strip();
          if (!(value instanceof CharSequence) || !ImportRows.isNumber(text)) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
          }
          return Double.parseDouble(text);
        case BOOLEAN:
          if (value instanceof Boolean) {
            return value;
          }
          String flag = value.toString().strip();
          if (value instanceof CharSequence
              && (flag.equalsIgnoreCase("true") || flag.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(flag);
          }
          throw new IllegalArgumentException("'" + value + "' is not true or false");
        default:
          throw new IllegalStateException("no conversion to " + this);
      }
    }

    private long wholeNumber(Object value, long min, long max) {
      long number;
      if (value instanceof Long || value instanceof Integer) {
        number = ((Number) value).longValue();
      } else if (value instanceof CharSequence) {
        try {
          number = Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "'" + value + "' is not a whole number (" + name().toLowerCase(Locale.ROOT) + ")");
        }
      } else {
        throw new IllegalArgumentException(
            "'" + value + "' is not a whole number (" + name().toLowerCase(Locale.ROOT) + ")");
      }
      if (number < min || number > max) {
        throw new IllegalArgumentException(
            "'" + value + "' is out of range for " + name().toLowerCase(Locale.ROOT));
      }
      return number;
    }
  }

  private final String file;
  private final @Nullable Format format;
  private final @Nullable Warehouse warehouse;
  private final @Nullable String table;
  private final Map<String, ColumnType> columnTypes;

  private TableImport(
      String file,
      @Nullable Format format,
      @Nullable Warehouse warehouse,
      @Nullable String table,
      Map<String, ColumnType> columnTypes) {
    this.file = file;
    this.format = format;
    this.warehouse = warehouse;
    this.table = table;
    this.columnTypes = columnTypes;
  }

  /** Imports {@code file}, a local path or a URI Beam's filesystems understand. */
  public static TableImport from(String file) {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("the file to import is empty");
    }
    return new TableImport(file, null, null, null, new LinkedHashMap<>());
  }

  /** Loads into table {@code table} ({@code namespace.name}) of {@code warehouse}. Required. */
  public TableImport into(Warehouse warehouse, String table) {
    if (warehouse == null) {
      throw new IllegalArgumentException("warehouse is null");
    }
    TableName.parse(table);
    return new TableImport(file, format, warehouse, table, columnTypes);
  }

  /** Reads the file as {@code format}, whatever its name. */
  public TableImport withFormat(Format format) {
    if (format == null) {
      throw new IllegalArgumentException("format is null");
    }
    return new TableImport(file, format, warehouse, table, columnTypes);
  }

  /**
   * Gives the type of a CSV or JSON-lines column instead of inferring it; a value that does not
   * parse as {@code type} fails the import. {@code ds} and {@code ts} have fixed types.
   */
  public TableImport withColumnType(String column, ColumnType type) {
    if (column == null || type == null) {
      throw new IllegalArgumentException("column and type must be given");
    }
    if (column.equals(PartitionDates.DS) || column.equals(ImportRows.TS)) {
      throw new IllegalArgumentException(
          "ds is always a yyyy-MM-dd string and ts an epoch-millisecond long");
    }
    Map<String, ColumnType> types = new LinkedHashMap<>(columnTypes);
    types.put(column, type);
    return new TableImport(file, format, warehouse, table, types);
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    if (warehouse == null || table == null) {
      throw new IllegalStateException("TableImport of " + file + " needs into(warehouse, table)");
    }
    Format resolved = format != null ? format : Format.ofFileName(file);
    Schema rowSchema;
    try {
      String name = TableName.parse(table).name();
      String recordName = Character.isDigit(name.charAt(0)) ? "_" + name : name;
      rowSchema = ImportRows.rowSchema(file, resolved, columnTypes, recordName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return input
        .apply("File", Create.of(file).withCoder(StringUtf8Coder.of()))
        .apply("Parse", ParDo.of(new ParseFileFn(resolved, rowSchema.toString())))
        .setCoder(AvroCoder.of(rowSchema))
        .apply("Write", WarehouseIO.write(warehouse, table));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("file", file).withLabel("File"))
        .addIfNotNull(
            DisplayData.item("format", format == null ? null : format.name()).withLabel("Format"))
        .addIfNotNull(
            DisplayData.item("warehouse", warehouse == null ? null : warehouse.root())
                .withLabel("Warehouse"))
        .addIfNotNull(DisplayData.item("table", table).withLabel("Table"));
  }

  /** Reads a file's rows, converted to the row schema settled when the pipeline was built. */
  private static final class ParseFileFn extends DoFn<String, GenericRecord> {

    private final Format format;
    private final String rowSchemaJson;
    private transient Schema rowSchema;

    ParseFileFn(Format format, String rowSchemaJson) {
      this.format = format;
      this.rowSchemaJson = rowSchemaJson;
    }

    @Setup
    public void setup() {
      rowSchema = new Schema.Parser().parse(rowSchemaJson);
    }

    @ProcessElement
    public void process(@Element String file, OutputReceiver<GenericRecord> out)
        throws IOException {
      ImportRows.forEachRow(file, format, rowSchema, out::output);
    }
  }
}
