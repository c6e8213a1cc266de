package org.chrononbeam.transforms.groupby;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.aggregator.window.Resolution;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.TableNames;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.Chunks;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * The backfill of a GroupBy: one row per key and day with every feature as of the end of that day,
 * Chronon's daily snapshot table.
 *
 * <pre>{@code
 * GroupByBackfill backfill =
 *     GroupByBackfill.of(warehouse, groupBy).withDates("2023-12-01", "2023-12-07");
 * pipeline
 *     .apply(backfill.chunks())
 *     .apply(WarehouseIO.writeChunks(warehouse, backfill.outputTable()));
 * }</pre>
 *
 * <p>For each day {@code D} from the start date to the end date (both included) and each key the
 * sources have rows for, the features are evaluated at {@code q = D+1 00:00 UTC}: a window of
 * length {@code w} covers {@code [floor(q - w, hop), q)}, so a {@code 10d} window at {@code D}
 * covers the whole days {@code D-9 .. D}, and an {@code h}-hour window the last {@code h} hours of
 * {@code D}. Events strictly before {@code q} count; unbounded windows see every event since the
 * sources' first partition. A key-day whose features are all NULL is dropped (no events in any
 * window); so is any row with a null key.
 *
 * <p>Events sources are read from the first partition the longest window needs ({@code D_start + 1
 * - w}), or from their first partition when a window is unbounded, to the end date; entities
 * sources ({@code snapshotTable}) partition by partition: day {@code D}'s features aggregate the
 * rows of snapshot {@code D} (a row without {@code ts} counts as of {@code D 00:00}). Each source's
 * query {@code startPartition}/{@code endPartition} further bounds what it reads. All sources must
 * select the same columns.
 *
 * <p>The output rows ({@link #outputSchema()}) hold the key columns, the feature columns in {@link
 * org.chrononbeam.model.naming.OutputColumns} order, and {@code ds}; they carry an {@link
 * AvroCoder} ready for {@link org.chrononbeam.transforms.warehouse.WarehouseIO#write}, and belong
 * in {@link #outputTable()}: {@code <outputNamespace>.<sanitized name>}. {@link #chunks()} gives
 * the same rows column by column: each key's rows are read and shuffled in chunks and its features
 * written into columns, so nothing is boxed per row unless SQL evaluates the row: a query or the
 * GroupBy's derivations without a columnar form ({@link
 * org.chrononbeam.expressions.CompiledQuery#columnar}, {@link
 * org.chrononbeam.expressions.CompiledDerivations#columnar}), which works a row at a time. The
 * GroupBy's derivations, if any, shape the feature columns (see {@link GroupByFeatures}). An
 * entities GroupBy without aggregations outputs its selected value columns per key and day. Entity
 * mutations and events GroupBys without aggregations are not supported yet.
 *
 * <p>The GroupBy is kept, not copied (a Thrift copy would lose the order of the selects): do not
 * change it while the pipeline is being built.
 */
public final class GroupByBackfill extends PTransform<PBegin, PCollection<GenericRecord>> {

  private final Warehouse warehouse;
  private final GroupBy groupBy;
  private final @Nullable String startDs;
  private final @Nullable String endDs;

  private GroupByBackfill(
      Warehouse warehouse, GroupBy groupBy, @Nullable String startDs, @Nullable String endDs) {
    this.warehouse = warehouse;
    this.groupBy = groupBy;
    this.startDs = startDs;
    this.endDs = endDs;
  }

  /**
   * The backfill of {@code groupBy} reading from {@code warehouse}.
   *
   * @throws IllegalArgumentException when the GroupBy lacks a name, sources or key columns
   */
  public static GroupByBackfill of(Warehouse warehouse, GroupBy groupBy) {
    GroupByFeatures.requireRunnable("GroupByBackfill", warehouse, groupBy);
    return new GroupByBackfill(warehouse, groupBy, null, null);
  }

  /**
   * Backfills the days from {@code startDs} to {@code endDs}, both included. A null {@code startDs}
   * means the GroupBy's {@code backfillStartDate}, or {@code endDs} alone when it has none.
   */
  public GroupByBackfill withDates(@Nullable String startDs, String endDs) {
    PartitionDates.checkRange(startDs, endDs);
    return new GroupByBackfill(warehouse, groupBy, startDs, endDs);
  }

  /** The table the rows belong in: {@code <outputNamespace>.<sanitized name>}. */
  public String outputTable() {
    return TableNames.outputTable(groupBy.getMetaData());
  }

  /** The first day backfilled. */
  public String startDate() {
    requireEnd();
    if (startDs != null) {
      return startDs;
    }
    String configured = groupBy.getBackfillStartDate();
    return configured != null && configured.compareTo(endDs) <= 0 ? configured : endDs;
  }

  /** The schema of the output rows: key columns, feature columns, {@code ds}. */
  public Schema outputSchema() {
    return AvroColumns.avroSchema(TableNames.sanitize(name()), outputColumns(features()));
  }

  /**
   * The output rows as {@link RowChunk}s of {@link #outputRowSchema()} (with a {@link
   * RowChunkCoder}), for {@link org.chrononbeam.transforms.warehouse.WarehouseIO#writeChunks}: a
   * GroupBy whose sources' queries and derivations have columnar forms boxes no number from the
   * read to the output.
   */
  public PTransform<PBegin, PCollection<RowChunk>> chunks() {
    requireEnd();
    String start = startDate();
    GroupByFeatures features = features();
    RowSchema rowSchema = features.rowSchema();
    RowSchema output = outputColumns(features);
    boolean entities = groupBy.getSources().get(0).isSetEntities();
    int[] keyIndices = KeyedRows.indices(rowSchema, groupBy.getKeyColumns());
    List<SourceRead> reads = new ArrayList<>();
    for (Source source : groupBy.getSources()) {
      if (source.isSetEntities() != entities) {
        throw new IllegalArgumentException(
            "GroupBy " + name() + " mixes events and entities sources");
      }
      reads.add(read(source, start, features));
    }
    DailySnapshotFn snapshots =
        new DailySnapshotFn(
            features, keyIndices, PartitionDates.range(start, endDs), entities, output);
    return new PTransform<>() {
      @Override
      public PCollection<RowChunk> expand(PBegin input) {
        List<PCollection<KV<byte[], RowChunk>>> packed = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
          packed.add(input.apply("Source" + i, reads.get(i).packedBy(keyIndices)));
        }
        return PCollectionList.of(packed)
            .apply("Sources", Flatten.pCollections())
            .apply("ByKey", GroupByKey.create())
            .apply("Snapshots", ParDo.of(snapshots))
            .setCoder(RowChunkCoder.of(output));
      }
    };
  }

  /** The columns of the output rows: key columns, feature columns, {@code ds}. */
  public RowSchema outputRowSchema() {
    return outputColumns(features());
  }

  @Override
  public PCollection<GenericRecord> expand(PBegin input) {
    requireEnd();
    RowSchema output = outputRowSchema();
    return input
        .apply("Rows", chunks())
        .apply(
            "Records",
            Chunks.toRecords(output, AvroColumns.avroSchema(TableNames.sanitize(name()), output)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", name()).withLabel("GroupBy"))
        .add(DisplayData.item("outputTable", outputTable()).withLabel("Output table"))
        .addIfNotNull(DisplayData.item("startDs", startDs).withLabel("First day"))
        .addIfNotNull(DisplayData.item("endDs", endDs).withLabel("Last day"));
  }

  private SourceRead read(Source source, String start, GroupByFeatures features) {
    SourceRead read = SourceRead.of(warehouse, source).withConfigName(name());
    if (source.isSetEntities()) {
      return read.withPartitions(start, endDs);
    }
    OptionalLong lookback = features.lookbackMillis();
    if (lookback.isEmpty()) {
      return read.withPartitions(null, endDs);
    }
    long firstQuery = PartitionDates.startMillis(start) + Resolution.DAY_MILLIS;
    return read.withPartitions(
        PartitionDates.ofEpochMillis(firstQuery - lookback.getAsLong()), endDs);
  }

  private GroupByFeatures features() {
    RowSchema rowSchema = null;
    for (Source source : groupBy.getSources()) {
      RowSchema schema = SourceRead.of(warehouse, source).withConfigName(name()).rowSchema();
      if (rowSchema != null && !rowSchema.equals(schema)) {
        throw new IllegalArgumentException(
            "the sources of GroupBy "
                + name()
                + " select different columns: "
                + rowSchema
                + " and "
                + schema);
      }
      rowSchema = schema;
    }
    return GroupByFeatures.of(groupBy, rowSchema);
  }

  private RowSchema outputColumns(GroupByFeatures features) {
    RowSchema rows = features.rowSchema();
    List<Column> columns = new ArrayList<>();
    for (String key : groupBy.getKeyColumns()) {
      int index = rows.indexOf(key);
      if (index < 0) {
        throw new IllegalArgumentException(
            "GroupBy " + name() + ": key column " + key + " is not selected by its source");
      }
      columns.add(rows.column(index));
    }
    columns.addAll(features.outputSchema().columns());
    columns.add(Column.of(PartitionDates.DS, DataKind.STRING));
    return RowSchema.of(columns);
  }

  private String name() {
    return groupBy.getMetaData().getName();
  }

  private void requireEnd() {
    if (endDs == null) {
      throw new IllegalStateException(
          "GroupByBackfill of " + name() + " needs its dates: call withDates(start, end)");
    }
  }

  /**
   * One key's chunks to its daily snapshot rows, one chunk: the key columns, the features of each
   * day with a value (into their columns through a {@link ValueSink}), and the day.
   */
  private static final class DailySnapshotFn
      extends DoFn<KV<byte[], Iterable<RowChunk>>, RowChunk> {

    private final GroupByFeatures features;
    private final int[] keyIndices;
    private final List<String> days;
    private final boolean entities;
    private final RowSchema output;
    private final Counter rowsOut = RowCounts.rowsOut();
    private transient ChunkRows events;

    DailySnapshotFn(
        GroupByFeatures features,
        int[] keyIndices,
        List<String> days,
        boolean entities,
        RowSchema output) {
      this.features = features;
      this.keyIndices = keyIndices;
      this.days = new ArrayList<>(days);
      this.entities = entities;
      this.output = output;
    }

    @Setup
    public void setup() {
      events = new ChunkRows();
    }

    @ProcessElement
    public void process(
        @Element KV<byte[], Iterable<RowChunk>> keyRows, OutputReceiver<RowChunk> out) {
      RowChunk rows = RowChunk.merged(keyRows.getValue());
      RowSchema featureSchema = features.outputSchema();
      RowChunk values = RowChunk.nulls(featureSchema, days.size());
      int[] dayOfQuery = new int[days.size()];
      for (int d = 0; d < dayOfQuery.length; d++) {
        dayOfQuery[d] = d;
      }
      ValueSink sink = values.sink(dayOfQuery);
      long[] queries = new long[days.size()];
      for (int d = 0; d < queries.length; d++) {
        queries[d] = PartitionDates.startMillis(days.get(d)) + Resolution.DAY_MILLIS;
      }
      if (entities) {
        features.atSnapshotsInto(rows, queries, sink, events);
      } else {
        int tsIndex = features.rowSchema().indexOf(QueryCompiler.TIME_COLUMN);
        if (tsIndex < 0) {
          return;
        }
        features.atSortedInto(events.of(rows, rows.timeOrder(tsIndex), tsIndex), queries, sink);
      }
      int[] kept = new int[days.size()];
      int count = 0;
      for (int d = 0; d < kept.length; d++) {
        for (int c = 0; c < featureSchema.size(); c++) {
          if (!values.isNull(c, d)) {
            kept[count++] = d;
            break;
          }
        }
      }
      if (count == 0) {
        return;
      }
      kept = Arrays.copyOf(kept, count);
      RowChunk dayColumn = RowChunk.of(RowSchema.of(output.column(output.size() - 1)));
      for (int d : kept) {
        dayColumn.add(new Object[] {days.get(d)});
      }
      RowChunk keys = rows.rowsAt(new int[count]).select(keySchema(), keyIndices);
      out.output(RowChunk.sideBySide(output, keys, values.rowsAt(kept), dayColumn));
      rowsOut.inc(count);
    }

    private RowSchema keySchema() {
      return RowSchema.of(output.columns().subList(0, keyIndices.length));
    }
  }
}
