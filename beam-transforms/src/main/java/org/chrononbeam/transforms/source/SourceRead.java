package org.chrononbeam.transforms.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * Reads a GroupBy's or Join's {@link Source} from the warehouse: the partitions it needs, each row
 * through the source's compiled {@link Query} (selects, wheres, {@code timeColumn} to {@code ts}).
 *
 * <pre>{@code
 * SourceRead read = SourceRead.of(warehouse, groupBy.getSources().get(0))
 *     .withConfigName(groupBy.getMetaData().getName())
 *     .withPartitions("2023-11-25", "2023-12-07");
 * RowSchema schema = read.rowSchema();            // selects..., ts, ds
 * PCollection<Object[]> rows = pipeline.apply(read);
 * }</pre>
 *
 * <p>Which partitions: an events source reads the table of {@code events.table}, an entities source
 * its {@code entities.snapshotTable}; of those, the partitions within both the range given with
 * {@link #withPartitions} (either end may be null: unbounded) and the query's {@code
 * startPartition}/{@code endPartition}. A cumulative events source ({@code isCumulative}) reads
 * only the latest of them, as Chronon does. Mutation tables and topics are not read here.
 *
 * <p>What comes out: one {@code Object[]} per row the query keeps, laid out by {@link
 * #rowSchema()}: the query's output columns (see {@link QueryCompiler}), then {@code ds}, the
 * partition the row was read from, unless the selects already produce a {@code ds} or the read is
 * {@link #withoutPartitionColumn}. Rows travel with a {@link ValuesCoder}. Key them with {@link
 * KeyedRows}.
 *
 * <p>The source is kept, not copied (a Thrift copy would lose the order of the selects, which is
 * the order of the columns): do not change it while the pipeline is being built.
 */
public final class SourceRead extends PTransform<PBegin, PCollection<Object[]>> {

  private final Warehouse warehouse;
  private final Source source;
  private final String configName;
  private final @Nullable String startDs;
  private final @Nullable String endDs;
  private final boolean appendsDs;

  private SourceRead(
      Warehouse warehouse,
      Source source,
      String configName,
      @Nullable String startDs,
      @Nullable String endDs,
      boolean appendsDs) {
    this.warehouse = warehouse;
    this.source = source;
    this.configName = configName;
    this.startDs = startDs;
    this.endDs = endDs;
    this.appendsDs = appendsDs;
  }

  /**
   * Reads {@code source} (events or entities) from {@code warehouse}.
   *
   * @throws IllegalArgumentException for a join source, or a source without its table or query
   */
  public static SourceRead of(Warehouse warehouse, Source source) {
    if (warehouse == null || source == null) {
      throw new IllegalArgumentException("SourceRead needs a warehouse and a source");
    }
    if (source.isSetJoinSource()) {
      throw new IllegalArgumentException("join sources (chaining) are not supported by backfills");
    }
    if (tableOf(source) == null) {
      throw new IllegalArgumentException("the source names no table: " + source);
    }
    return new SourceRead(warehouse, source, "source", null, null, true);
  }

  /** Names the GroupBy or Join in errors about the query. */
  public SourceRead withConfigName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("config name is empty");
    }
    return new SourceRead(warehouse, source, name, startDs, endDs, appendsDs);
  }

  /** Reads only partitions from {@code startDs} to {@code endDs}, both included; null = open. */
  public SourceRead withPartitions(@Nullable String startDs, @Nullable String endDs) {
    if (startDs != null) {
      PartitionDates.check(startDs);
    }
    if (endDs != null) {
      PartitionDates.check(endDs);
    }
    if (startDs != null && endDs != null && startDs.compareTo(endDs) > 0) {
      throw new IllegalArgumentException(
          "partition range " + startDs + " to " + endDs + " is empty");
    }
    return new SourceRead(warehouse, source, configName, startDs, endDs, appendsDs);
  }

  /**
   * Outputs the query's columns only, without the {@code ds} of the partition a row was read from
   * (a {@code ds} the selects produce stays): for readers that do not use it, such as a join part
   * over events, so that it is neither filled nor shuffled per row.
   */
  public SourceRead withoutPartitionColumn() {
    return new SourceRead(warehouse, source, configName, startDs, endDs, false);
  }

  /** The table this source reads. */
  public String table() {
    return tableOf(source);
  }

  /** The source's query compiled over the table's columns (reads the table's schema). */
  public CompiledQuery compiledQuery() {
    Query query =
        source.isSetEvents() ? source.getEvents().getQuery() : source.getEntities().getQuery();
    RowSchema input = AvroColumns.rowSchema(warehouse.schema(table()));
    return QueryCompiler.compile(configName, query == null ? new Query() : query, input);
  }

  /**
   * The columns of the rows this read outputs: the query's output, then {@code ds} if missing
   * (unless {@link #withoutPartitionColumn}).
   */
  public RowSchema rowSchema() {
    return outputSchema(compiledQuery());
  }

  /** The partitions this read selects, listed now from the warehouse, oldest first. */
  public List<String> selectedPartitions() {
    CompiledQuery query = compiledQuery();
    List<String> selected = new ArrayList<>();
    for (String ds : warehouse.partitions(table())) {
      if ((startDs == null || ds.compareTo(startDs) >= 0)
          && (endDs == null || ds.compareTo(endDs) <= 0)
          && query.includesPartition(ds)) {
        selected.add(ds);
      }
    }
    if (source.isSetEvents() && source.getEvents().isIsCumulative() && selected.size() > 1) {
      return List.of(selected.get(selected.size() - 1));
    }
    return selected;
  }

  /**
   * This read's rows keyed by the columns at {@code keyIndices} of {@link #rowSchema()} and packed
   * per key into {@link RowChunk}s, as {@code apply(read).apply(KeyedChunks.by(read.rowSchema(),
   * keyIndices))} gives them (rows with a null key column dropped); a query that only copies scalar
   * columns reads them straight into the chunks, without a boxed value (see {@link PackedRead}).
   */
  public PTransform<PBegin, PCollection<KV<byte[], RowChunk>>> packedBy(int[] keyIndices) {
    return new PackedRead(warehouse, this, keyIndices.clone());
  }

  /**
   * This read's rows as unkeyed {@link RowChunk}s of {@link #rowSchema()}: a query that only copies
   * scalar columns reads them straight into the chunks, a chunk per Parquet row group, and one
   * whose selects and wheres have a columnar form over scalar columns is evaluated column by column
   * into them, without a boxed value (see {@link ChunkedRead}).
   */
  public PTransform<PBegin, PCollection<RowChunk>> chunks() {
    return new ChunkedRead(this);
  }

  Warehouse warehouse() {
    return warehouse;
  }

  @Override
  public PCollection<Object[]> expand(PBegin input) {
    CompiledQuery query = compiledQuery();
    RowSchema schema = outputSchema(query);
    List<String> partitions = selectedPartitions();
    if (partitions.isEmpty()) {
      return input.apply("NoPartitions", Create.empty(ValuesCoder.of(schema)));
    }
    boolean appendDs = schema.size() > query.outputSchema().size();
    String first = partitions.get(0);
    String last = partitions.get(partitions.size() - 1);
    return input
        .apply("Read " + table(), WarehouseIO.read(warehouse, table()).partitions(first, last))
        .apply("Query", ParDo.of(new QueryFn(query, appendDs, partitions)))
        .setCoder(ValuesCoder.of(schema));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("config", configName).withLabel("Config"))
        .add(DisplayData.item("table", table()).withLabel("Table"))
        .addIfNotNull(DisplayData.item("startDs", startDs).withLabel("First partition"))
        .addIfNotNull(DisplayData.item("endDs", endDs).withLabel("Last partition"));
  }

  private RowSchema outputSchema(CompiledQuery query) {
    RowSchema querySchema = query.outputSchema();
    if (!appendsDs || querySchema.names().contains(PartitionDates.DS)) {
      return querySchema;
    }
    List<Column> columns = new ArrayList<>(querySchema.columns());
    columns.add(Column.of(PartitionDates.DS, DataKind.STRING));
    return RowSchema.of(columns);
  }

  private static @Nullable String tableOf(Source source) {
    if (source.isSetEvents()) {
      return source.getEvents().getTable();
    }
    if (source.isSetEntities()) {
      return source.getEntities().getSnapshotTable();
    }
    return null;
  }

  /**
   * Applies the compiled query to each warehouse row of a selected partition, appending ds if
   * asked.
   */
  private static final class QueryFn extends DoFn<GenericRecord, Object[]> {

    private final CompiledQuery query;
    private final boolean appendDs;
    private final HashSet<String> partitions;
    private final int width;
    private final Counter rowsIn = RowCounts.rowsIn();
    /** The ds value of the last row (the same object for all rows of a file) and its verdict. */
    private transient @Nullable Object lastDsValue;

    private transient String lastDs;
    private transient boolean lastSelected;
    /** The input row the query reads, refilled for each record (the query keeps no reference). */
    private transient Object @Nullable [] values;

    QueryFn(CompiledQuery query, boolean appendDs, List<String> partitions) {
      this.query = query;
      this.appendDs = appendDs;
      this.partitions = new HashSet<>(partitions);
      this.width = query.outputSchema().size();
    }

    @ProcessElement
    public void process(@Element GenericRecord record, OutputReceiver<Object[]> out) {
      Object dsValue = record.get(PartitionDates.DS);
      if (dsValue != lastDsValue) {
        lastDsValue = dsValue;
        lastDs = dsValue.toString();
        lastSelected = partitions.contains(lastDs);
      }
      if (!lastSelected) {
        return;
      }
      rowsIn.inc();
      Object[] row = new Object[appendDs ? width + 1 : width];
      if (values == null || values.length != record.getSchema().getFields().size()) {
        values = new Object[record.getSchema().getFields().size()];
      }
      if (!query.apply(AvroColumns.toValues(record, values), row)) {
        return;
      }
      if (appendDs) {
        row[width] = lastDs;
      }
      out.output(row);
    }
  }
}
