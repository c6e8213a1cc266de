package org.chrononbeam.transforms.groupby;

import java.util.ArrayList;
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
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.TableNames;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.KeyedRows;
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
 *     .apply(backfill)
 *     .apply(WarehouseIO.write(warehouse, backfill.outputTable()));
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
 * in {@link #outputTable()}: {@code <outputNamespace>.<sanitized name>}. The GroupBy's derivations,
 * if any, shape the feature columns (see {@link GroupByFeatures}). An entities GroupBy without
 * aggregations outputs its selected value columns per key and day. Entity mutations and events
 * GroupBys without aggregations are not supported yet.
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

  @Override
  public PCollection<GenericRecord> expand(PBegin input) {
    requireEnd();
    String start = startDate();
    GroupByFeatures features = features();
    RowSchema rowSchema = features.rowSchema();
    RowSchema output = outputColumns(features);
    Schema avro = AvroColumns.avroSchema(TableNames.sanitize(name()), output);
    boolean entities = groupBy.getSources().get(0).isSetEntities();
    List<PCollection<Object[]>> reads = new ArrayList<>();
    for (int i = 0; i < groupBy.getSourcesSize(); i++) {
      Source source = groupBy.getSources().get(i);
      if (source.isSetEntities() != entities) {
        throw new IllegalArgumentException(
            "GroupBy " + name() + " mixes events and entities sources");
      }
      reads.add(input.apply("Source" + i, read(source, start, features)));
    }
    return PCollectionList.of(reads)
        .apply("Sources", Flatten.pCollections())
        .apply("Key", KeyedRows.by(rowSchema, groupBy.getKeyColumns()))
        .apply("ByKey", GroupByKey.create())
        .apply(
            "Snapshots",
            ParDo.of(
                new DailySnapshotFn(
                    features,
                    KeyedRows.indices(rowSchema, groupBy.getKeyColumns()),
                    rowSchema.indexOf(PartitionDates.DS),
                    PartitionDates.range(start, endDs),
                    entities,
                    output,
                    avro.toString())))
        .setCoder(AvroCoder.of(avro));
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

  /** One key's rows to its daily snapshot rows. */
  private static final class DailySnapshotFn
      extends DoFn<KV<byte[], Iterable<Object[]>>, GenericRecord> {

    private final GroupByFeatures features;
    private final int[] keyIndices;
    private final int dsIndex;
    private final List<String> days;
    private final boolean entities;
    private final RowSchema output;
    private final String avroJson;
    private final Counter rowsOut = RowCounts.rowsOut();
    private transient Schema avro;

    DailySnapshotFn(
        GroupByFeatures features,
        int[] keyIndices,
        int dsIndex,
        List<String> days,
        boolean entities,
        RowSchema output,
        String avroJson) {
      this.features = features;
      this.keyIndices = keyIndices;
      this.dsIndex = dsIndex;
      this.days = new ArrayList<>(days);
      this.entities = entities;
      this.output = output;
      this.avroJson = avroJson;
    }

    @Setup
    public void setup() {
      avro = new Schema.Parser().parse(avroJson);
    }

    @ProcessElement
    public void process(
        @Element KV<byte[], Iterable<Object[]>> keyRows, OutputReceiver<GenericRecord> out) {
      Object[] first = keyRows.getValue().iterator().next();
      if (entities) {
        Map<String, List<Object[]>> byDay = new HashMap<>();
        for (Object[] row : keyRows.getValue()) {
          byDay.computeIfAbsent((String) row[dsIndex], d -> new ArrayList<>()).add(row);
        }
        for (String day : days) {
          List<Object[]> snapshot = byDay.get(day);
          if (snapshot != null) {
            long dayStart = PartitionDates.startMillis(day);
            long[] query = {dayStart + Resolution.DAY_MILLIS};
            emit(first, day, features.atSnapshot(snapshot, dayStart, query).get(0), out);
          }
        }
        return;
      }
      long[] queries = new long[days.size()];
      for (int i = 0; i < queries.length; i++) {
        queries[i] = PartitionDates.startMillis(days.get(i)) + Resolution.DAY_MILLIS;
      }
      List<Object[]> values = features.at(keyRows.getValue(), queries);
      for (int i = 0; i < queries.length; i++) {
        emit(first, days.get(i), values.get(i), out);
      }
    }

    private void emit(
        Object[] keyRow, String day, Object[] values, OutputReceiver<GenericRecord> out) {
      boolean any = false;
      for (Object value : values) {
        any |= value != null;
      }
      if (!any) {
        return;
      }
      Object[] row = new Object[keyIndices.length + values.length + 1];
      for (int k = 0; k < keyIndices.length; k++) {
        row[k] = keyRow[keyIndices[k]];
      }
      System.arraycopy(values, 0, row, keyIndices.length, values.length);
      row[row.length - 1] = day;
      out.output(AvroColumns.toRecord(avro, output, row));
      rowsOut.inc();
    }
  }
}
