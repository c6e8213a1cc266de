package org.chrononbeam.transforms.staging;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelRunner;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.expressions.SparkQueryPlanner;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.naming.TableNames;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills a staging query: fills the missing partitions of its output table from a Spark SQL
 * query over warehouse tables. See the package documentation for the range rules and the engine.
 *
 * <pre>{@code
 * StagingQuery conf = (StagingQuery) ConfigFiles.load(path).config();
 * StagingQueryRun.Summary summary =
 *     StagingQueryRun.of(conf, Warehouse.at("./warehouse"))
 *         .run("2023-12-07", Optional.empty(), PipelineOptionsFactory.create());
 * // summary.partitionsWritten(): [2023-12-05, 2023-12-06, 2023-12-07]
 * }</pre>
 *
 * <p>A run computes its range ({@link #range}), expands the macros ({@link StagingQueryMacros}),
 * runs the query on Calcite's engine in this JVM, keeps the result rows whose {@code ds} lies in
 * the range, and writes them with {@link WarehouseIO#write} in a pipeline built from the given
 * options, replacing each partition written as a whole. A run with nothing to fill does nothing.
 */
public final class StagingQueryRun {

  private static final Logger LOG = LoggerFactory.getLogger(StagingQueryRun.class);

  /** Tables a query may name: {@code namespace.name}, either part possibly in backticks. */
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile("`?([A-Za-z0-9_]+)`?\\s*\\.\\s*`?([A-Za-z0-9_]+)`?");

  private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final StagingQuery conf;
  private final Warehouse warehouse;
  private final String name;
  private final String outputTable;

  private StagingQueryRun(StagingQuery conf, Warehouse warehouse) {
    this.conf = conf;
    this.warehouse = warehouse;
    this.name = conf.getMetaData().getName();
    this.outputTable = TableNames.outputTable(conf.getMetaData());
  }

  /**
   * The run of {@code conf} against {@code warehouse}.
   *
   * @throws ConfigException when the config lacks a name, an output namespace or a query, has an
   *     invalid {@code startPartition}, or asks for what this engine cannot do: {@code setups}
   *     (Spark statements such as {@code CREATE TEMPORARY FUNCTION}) or {@code createView}
   */
  public static StagingQueryRun of(StagingQuery conf, Warehouse warehouse) {
    if (warehouse == null) {
      throw new IllegalArgumentException("warehouse is null");
    }
    if (conf == null || !conf.isSetMetaData() || conf.getMetaData().getName() == null) {
      throw new ConfigException("staging query", "metaData.name", "the staging query has no name");
    }
    String config = conf.getMetaData().getName();
    if (conf.getMetaData().getOutputNamespace() == null) {
      throw new ConfigException(config, "metaData.outputNamespace", "no output namespace");
    }
    if (conf.getQuery() == null || conf.getQuery().isBlank()) {
      throw new ConfigException(config, StagingQueryMacros.FIELD, "the query is empty");
    }
    if (conf.isSetStartPartition()) {
      checkDate(config, "startPartition", conf.getStartPartition());
    }
    if (conf.getSetupsSize() > 0) {
      throw new ConfigException(
          config,
          "setups",
          "setup statements are Spark SQL run before the query (such as CREATE TEMPORARY"
              + " FUNCTION); this engine cannot run them: remove them and use built-in functions");
    }
    if (conf.isCreateView()) {
      throw new ConfigException(
          config, "createView", "the warehouse has no views: drop createView to write a table");
    }
    return new StagingQueryRun(conf, warehouse);
  }

  /** The output table, {@code <outputNamespace>.<sanitized name>}. */
  public String outputTable() {
    return outputTable;
  }

  /**
   * The partitions a run up to {@code endDs} computes, or empty when the output is complete.
   *
   * <p>With {@code startDs} given, the range is {@code [startDs, endDs]}, recomputed even where the
   * output exists. Otherwise it starts at the config's {@code startPartition} when the output table
   * has no partition yet, and on the day after its latest partition when it has.
   *
   * @throws ConfigException when neither {@code startDs} nor {@code startPartition} is given
   */
  public Optional<PartitionRange> range(String endDs, Optional<String> startDs) {
    checkDate(name, "end date", endDs);
    String start;
    if (startDs.isPresent()) {
      start = checkDate(name, "start date", startDs.get());
    } else {
      Optional<String> latest = warehouse.latestPartition(outputTable);
      if (latest.isPresent()) {
        start = LocalDate.parse(latest.get()).plusDays(1).toString();
      } else if (conf.isSetStartPartition()) {
        start = conf.getStartPartition();
      } else {
        throw new ConfigException(
            name,
            "startPartition",
            "no startPartition: give one, or a start date for the run, so the first range is"
                + " known");
      }
    }
    return start.compareTo(endDs) > 0
        ? Optional.empty()
        : Optional.of(new PartitionRange(start, endDs));
  }

  /** The query of a run up to {@code endDs} computing {@code range}: its macros expanded. */
  public String renderedQuery(PartitionRange range, String endDs) {
    return new StagingQueryMacros(range.startDs(), range.endDs(), endDs, warehouse::latestPartition)
        .expand(name, conf.getQuery());
  }

  /**
   * Fills the output from {@link #range} and returns what was written.
   *
   * @param endDs the last partition to fill, {@code yyyy-MM-dd}; also {@code {{ latest_date }}}
   * @param startDs recompute from this partition on instead of filling what is missing
   * @param options options of the pipeline that writes the output
   * @throws ConfigException when a macro, the query or its result columns are invalid: the result
   *     needs a string {@code ds} column, columns with plain names (alias expressions) and scalar
   *     types other than {@code DATE} and {@code TIMESTAMP} (format those as strings)
   */
  public Summary run(String endDs, Optional<String> startDs, PipelineOptions options) {
    Optional<PartitionRange> computed = range(endDs, startDs);
    if (computed.isEmpty()) {
      LOG.info("{} is complete up to {}: nothing to fill", outputTable, endDs);
      return new Summary(outputTable, Optional.empty(), Map.of(), List.of(), 0, 0);
    }
    PartitionRange range = computed.get();
    String sql = renderedQuery(range, endDs);
    LOG.info("Staging query {} for {} to {}:\n{}", name, range.startDs(), range.endDs(), sql);
    Map<String, WarehouseTable> inputs = tablesNamedIn(sql);
    RelNode plan =
        SparkQueryPlanner.plan(name, StagingQueryMacros.FIELD, sql, new LinkedHashMap<>(inputs));
    Schema rowSchema = rowSchema(plan);
    List<GenericRecord> rows = new ArrayList<>();
    long outside = execute(plan, rowSchema, range, rows);
    if (outside > 0) {
      LOG.warn(
          "{}: {} rows with ds outside {} to {} were not written",
          name,
          outside,
          range.startDs(),
          range.endDs());
    }
    TreeSet<String> days = new TreeSet<>();
    rows.forEach(row -> days.add(row.get(DS).toString()));
    if (!rows.isEmpty()) {
      write(rows, rowSchema, options);
    }
    Map<String, List<String>> read = new LinkedHashMap<>();
    inputs.forEach((table, input) -> read.put(table, input.partitionsRead()));
    return new Summary(
        outputTable, Optional.of(range), read, new ArrayList<>(days), rows.size(), outside);
  }

  /** The warehouse tables the query text names, as Calcite tables. */
  private Map<String, WarehouseTable> tablesNamedIn(String sql) {
    Map<String, WarehouseTable> tables = new LinkedHashMap<>();
    Matcher m = TABLE_REFERENCE.matcher(sql);
    while (m.find()) {
      String table = m.group(1) + "." + m.group(2);
      if (!tables.containsKey(table)
          && !m.group(1).chars().allMatch(Character::isDigit)
          && !warehouse.partitions(table).isEmpty()) {
        tables.put(table, new WarehouseTable(warehouse, table));
      }
    }
    return tables;
  }

  /** The Avro schema of the result rows: every column nullable except {@code ds}. */
  private Schema rowSchema(RelNode plan) {
    List<Schema.Field> fields = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    boolean hasDs = false;
    for (RelDataTypeField column : plan.getRowType().getFieldList()) {
      String columnName = column.getName();
      SqlTypeName type = column.getType().getSqlTypeName();
      if (columnName.equalsIgnoreCase(DS)) {
        if (!SqlTypeName.CHAR_TYPES.contains(type) && type != SqlTypeName.DATE) {
          errors.add("column ds is " + type + "; it names the output partition: make it a string");
        }
        hasDs = true;
        fields.add(new Schema.Field(DS, Schema.create(Schema.Type.STRING)));
        continue;
      }
      if (!AVRO_NAME.matcher(columnName).matches()) {
        errors.add("column '" + columnName + "' needs a plain name: give it an alias (AS name)");
        continue;
      }
      if (!seen.add(columnName)) {
        errors.add("column " + columnName + " appears twice (names ignore case)");
        continue;
      }
      Schema.Type avro = avroType(type);
      if (avro == null) {
        errors.add(
            "column "
                + columnName
                + " is "
                + type
                + ", which the warehouse cannot store"
                + (type == SqlTypeName.DATE || type.getFamily() == SqlTypeName.TIMESTAMP.getFamily()
                    ? " (format it as a string: CAST(x AS STRING) or date_format)"
                    : ""));
        continue;
      }
      Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(avro));
      fields.add(new Schema.Field(columnName, nullable, null, Schema.Field.NULL_DEFAULT_VALUE));
    }
    if (!hasDs) {
      errors.add(
          "the result has no ds column, the output partition (yyyy-MM-dd); its columns are "
              + plan.getRowType().getFieldNames());
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(name, StagingQueryMacros.FIELD, String.join("; ", errors));
    }
    return Schema.createRecord(
        "StagingQueryRow", "rows of " + outputTable, "org.chrononbeam.staging", false, fields);
  }

  private static Schema.Type avroType(SqlTypeName type) {
    return switch (type) {
      case BOOLEAN -> Schema.Type.BOOLEAN;
      case TINYINT, SMALLINT, INTEGER -> Schema.Type.INT;
      case BIGINT -> Schema.Type.LONG;
      case REAL -> Schema.Type.FLOAT;
      case FLOAT, DOUBLE -> Schema.Type.DOUBLE;
      case CHAR, VARCHAR -> Schema.Type.STRING;
      case BINARY, VARBINARY -> Schema.Type.BYTES;
      default -> null;
    };
  }

  /**
   * Runs the plan, adding the rows in {@code range} to {@code rows}; returns how many fell outside.
   */
  private long execute(
      RelNode plan, Schema rowSchema, PartitionRange range, List<GenericRecord> rows) {
    List<RelDataTypeField> columns = plan.getRowType().getFieldList();
    long outside = 0;
    try (Connection connection = DriverManager.getConnection("jdbc:calcite:");
        PreparedStatement statement = connection.unwrap(RelRunner.class).prepareStatement(plan);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        GenericRecord row = new GenericData.Record(rowSchema);
        for (int i = 0; i < columns.size(); i++) {
          RelDataTypeField column = columns.get(i);
          if (column.getName().equalsIgnoreCase(DS)) {
            row.put(DS, partitionOf(result.getString(i + 1)));
          } else {
            row.put(column.getName(), avroValue(result.getObject(i + 1)));
          }
        }
        String ds = row.get(DS).toString();
        if (ds.compareTo(range.startDs()) < 0 || ds.compareTo(range.endDs()) > 0) {
          outside++;
        } else {
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("staging query " + name + " failed: " + e.getMessage(), e);
    }
    return outside;
  }

  private String partitionOf(String ds) {
    if (ds == null) {
      throw new IllegalStateException(
          "staging query " + name + " returned a row with a NULL ds; every row needs a partition");
    }
    try {
      return PartitionDates.check(ds);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "staging query "
              + name
              + " returned a row whose ds is not a partition: "
              + e.getMessage(),
          e);
    }
  }

  private static Object avroValue(Object value) {
    if (value instanceof Byte || value instanceof Short) {
      return ((Number) value).intValue();
    }
    if (value instanceof ByteString bytes) {
      return ByteBuffer.wrap(bytes.getBytes());
    }
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return value;
  }

  private void write(List<GenericRecord> rows, Schema rowSchema, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("StagingQueryRows", Create.of(rows).withCoder(AvroCoder.of(rowSchema)))
        .apply("Write", WarehouseIO.write(warehouse, outputTable));
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(
          "writing staging query " + name + " to " + outputTable + " ended " + state);
    }
  }

  private static String checkDate(String config, String field, String ds) {
    try {
      return PartitionDates.check(ds);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config, field, e.getMessage());
    }
  }

  /**
   * A range of partitions, both ends included.
   *
   * @param startDs the first partition
   * @param endDs the last partition
   */
  public record PartitionRange(String startDs, String endDs) {}

  /**
   * What a run wrote.
   *
   * @param table the output table
   * @param range the partitions computed; empty when the output was already complete
   * @param partitionsRead by input table, the partitions the query read, oldest first
   * @param partitionsWritten the partitions replaced, oldest first: the days of the range that the
   *     result has rows for
   * @param rowsWritten the rows written
   * @param rowsOutsideRange result rows dropped because their {@code ds} is outside the range
   */
  public record Summary(
      String table,
      Optional<PartitionRange> range,
      Map<String, List<String>> partitionsRead,
      List<String> partitionsWritten,
      long rowsWritten,
      long rowsOutsideRange) {

    /** Keeps copies of the partition lists. */
    public Summary {
      partitionsRead = Map.copyOf(partitionsRead);
      partitionsWritten = List.copyOf(partitionsWritten);
    }
  }
}
