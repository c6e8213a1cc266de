package org.chrononbeam.transforms.upload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.kv.beam.KvStoreWrite;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.groupby.GroupByFeatures;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.EntityMutations;
import org.chrononbeam.transforms.source.KeyedChunks;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * The batch upload of a GroupBy ({@code chronon upload}): each key's batch value as of the end of
 * day {@code endDs}, written to the GroupBy's {@code _BATCH} dataset together with its serving
 * info, so the {@code fetcher} answers from the next midnight on.
 *
 * <pre>{@code
 * GroupByUpload upload = GroupByUpload.of(warehouse, groupBy)
 *     .withEndDs("2024-03-10")
 *     .withKvStore("bigtable:my-project/my-instance");
 * try (KvStore store = KvStores.open(spec)) {
 *   upload.createDatasets(store);                      // before the pipeline runs
 * }
 * pipeline.apply(upload);
 * pipeline.run().waitUntilFinish();
 * }</pre>
 *
 * <p>The <b>batch end</b> is {@code endDs + 1 day, 00:00 UTC}; only rows strictly before it count,
 * and every value is written with version (timestamp) batch end. Per key, the value is:
 *
 * <ul>
 *   <li>TEMPORAL: the batch IR ({@link OnlineAggregator#batchIr} with {@link
 *       OnlineAggregator#DEFAULT_HORIZON_MILLIS}, {@link BatchIrCodec} bytes): the collapsed IRs
 *       plus the tail hops, so windows keep sliding for two days past the batch end as streaming
 *       rows arrive (per window only the hops of its tail, each in a block of its own with its
 *       byte size, so a fetch jumps over those it does not read);
 *   <li>SNAPSHOT: the outputs (before derivations) as of the batch end, {@link ValueCodec} record
 *       {@code Outputs}; the values the GroupBy backfill writes for day {@code endDs};
 *   <li>no aggregations: the input columns of the key's latest row, {@link ValueCodec} record
 *       {@code Input}.
 * </ul>
 *
 * <p>What it reads: an events source from the first partition its longest window needs at the
 * batch end (all partitions when a window is unbounded or there are no aggregations) through
 * {@code endDs}; an entities source the snapshot {@code endDs} only, where a row without {@code
 * ts} counts as of {@code endDs 00:00}. Rows with a null key are dropped and counted in the metric
 * {@value #NULL_KEY_ROWS} (namespace {@value RowCounts#NAMESPACE}); {@value #KEYS_UPLOADED} counts
 * the values written. One key's rows are aggregated in time order, rows of equal time in the order
 * of their values, as the backfill does. Rows are read, shuffled and aggregated in columnar chunks
 * ({@link SourceRead#chunks}, {@link KeyedChunks}): no number is boxed per row unless a query has
 * no columnar form ({@link org.chrononbeam.expressions.CompiledQuery#columnar}); a key's KV key and
 * value are encoded from boxed values once per key.
 *
 * <p>The serving info ({@link ServingColumns#servingInfo}) goes to the same dataset under {@link
 * KvLayout#SERVING_INFO_KEY}, with the same version, and only once every value is written ({@link
 * Wait#on}): a fetch during the upload still reads the previous serving info, which serves both
 * the old values and the new ones, never a serving info ahead of its values. Uploading the same
 * day again overwrites every value (same key, same version): the upload is idempotent. The
 * datasets must exist before the pipeline runs: {@link #createDatasets}.
 *
 * <p>An entities GroupBy with TEMPORAL accuracy (mutations) uploads the batch IR of its snapshot
 * {@code endDs}; the fetcher adds and retracts the mutations streamed after the batch end ({@link
 * StreamingRowsWrite}), so a fetch at {@code q} equals the join backfill's value for a left row at
 * {@code q} on the day after {@code endDs}. Its serving info declares streaming rows with {@code
 * is_before}, and every aggregation must support deletes (SUM, COUNT, AVERAGE, HISTOGRAM).
 *
 * <p>The GroupBy is kept, not copied (a Thrift copy would lose the order of the selects): do not
 * change it while the pipeline is being built.
 */
public final class GroupByUpload extends PTransform<PBegin, PDone> {

  /** The metric counting rows dropped for a null key column. */
  public static final String NULL_KEY_ROWS = "nullKeyRows";

  /** The metric counting the batch values written (one per key). */
  public static final String KEYS_UPLOADED = "keysUploaded";

  private final Warehouse warehouse;
  private final GroupBy groupBy;
  private final @Nullable String endDs;
  private final @Nullable String kvSpec;

  private GroupByUpload(
      Warehouse warehouse, GroupBy groupBy, @Nullable String endDs, @Nullable String kvSpec) {
    this.warehouse = warehouse;
    this.groupBy = groupBy;
    this.endDs = endDs;
    this.kvSpec = kvSpec;
  }

  /**
   * The upload of {@code groupBy} reading its sources from {@code warehouse}.
   *
   * @throws IllegalArgumentException when the GroupBy lacks a name, sources or key columns
   */
  public static GroupByUpload of(Warehouse warehouse, GroupBy groupBy) {
    GroupByFeatures.requireRunnable("GroupByUpload", warehouse, groupBy);
    return new GroupByUpload(warehouse, groupBy, null, null);
  }

  /** Uploads the values as of the end of day {@code endDs} ({@code yyyy-MM-dd}). */
  public GroupByUpload withEndDs(String endDs) {
    return new GroupByUpload(warehouse, groupBy, PartitionDates.check(endDs), kvSpec);
  }

  /** Writes to the KV store {@code spec} names ({@code scheme:location}, see {@code KvStores}). */
  public GroupByUpload withKvStore(String spec) {
    KvStoreWrite.to(spec);
    return new GroupByUpload(warehouse, groupBy, endDs, spec);
  }

  /** The exclusive end of the uploaded data: {@code endDs + 1 day}, 00:00 UTC, epoch ms. */
  public long batchEndMillis() {
    requireEndDs();
    return PartitionDates.startMillis(PartitionDates.plusDays(endDs, 1));
  }

  /** The GroupBy's datasets: {@code <NAME>_BATCH} and {@code <NAME>_STREAMING}. */
  public List<String> datasets() {
    return List.of(KvLayout.batchDataset(name()), KvLayout.streamingDataset(name()));
  }

  /** Creates {@link #datasets()} in {@code store} (existing ones are kept). */
  public void createDatasets(KvStore store) {
    datasets().forEach(store::create);
  }

  @Override
  public PDone expand(PBegin input) {
    requireEndDs();
    if (kvSpec == null) {
      throw new IllegalStateException(
          "GroupByUpload of " + name() + " needs a KV store: call withKvStore(spec)");
    }
    boolean entities = groupBy.getSources().get(0).isSetEntities();
    Accuracy accuracy = InferredAccuracy.of(groupBy);
    ServingColumns columns = servingColumns();
    RowSchema rowSchema = columns.rowSchema();
    String startDs = firstPartition(entities, rowSchema);
    int[] keyIndices = columns.keyIndices();
    List<PCollection<KV<byte[], RowChunk>>> reads = new ArrayList<>();
    for (int i = 0; i < groupBy.getSourcesSize(); i++) {
      Source source = groupBy.getSources().get(i);
      if (source.isSetEntities() != entities) {
        throw new IllegalArgumentException(
            "GroupBy " + name() + " mixes events and entities sources");
      }
      reads.add(input.apply("Source" + i, SourceRead.of(warehouse, tableSource(source))
          .withConfigName(name()).withPartitions(startDs, endDs).chunks())
          .apply("Key" + i, KeyedChunks.by(rowSchema, keyIndices).withNullKeys().ofChunks()));
    }
    long batchEnd = batchEndMillis();
    GroupByServingInfo info = columns.servingInfo(endDs);
    PCollection<PutRequest> values = PCollectionList.of(reads)
        .apply("Sources", Flatten.pCollections())
        .apply("ByKey", GroupByKey.create())
        .apply("BatchValues", ParDo.of(new BatchValueFn(columns, ThriftJson.copy(groupBy), accuracy,
            entities ? PartitionDates.startMillis(endDs) : null, batchEnd)));
    PCollection<Void> valuesWritten =
        values.apply("Write " + KvLayout.batchDataset(name()), KvStoreWrite.to(kvSpec));
    input.apply("ServingInfo", Create.of(ServingInfoCodec.put(info)))
        .apply("AfterValues", Wait.on(valuesWritten))
        .apply("Write serving info", KvStoreWrite.to(kvSpec));
    return PDone.in(input.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", name()).withLabel("GroupBy"))
        .add(DisplayData.item("dataset", KvLayout.batchDataset(name())).withLabel("Dataset"))
        .addIfNotNull(DisplayData.item("endDs", endDs).withLabel("Last day"));
  }

  private String firstPartition(boolean entities, RowSchema rowSchema) {
    if (entities) {
      return endDs;
    }
    if (!groupBy.isSetAggregations()) {
      return null;
    }
    OptionalLong lookback = GroupByFeatures.of(groupBy, rowSchema).lookbackMillis();
    return lookback.isEmpty()
        ? null
        : PartitionDates.ofEpochMillis(batchEndMillis() - lookback.getAsLong());
  }

  private ServingColumns servingColumns() {
    RowSchema rowSchema = null;
    for (Source source : groupBy.getSources()) {
      RowSchema schema =
          SourceRead.of(warehouse, tableSource(source)).withConfigName(name()).rowSchema();
      if (rowSchema != null && !rowSchema.equals(schema)) {
        throw new IllegalArgumentException("the sources of GroupBy " + name()
            + " select different columns: " + rowSchema + " and " + schema);
      }
      rowSchema = schema;
    }
    return ServingColumns.of(groupBy, rowSchema);
  }

  private String name() {
    return groupBy.getMetaData().getName();
  }

  /** The table an upload reads of {@code source}: an entities source's snapshot table. */
  private static Source tableSource(Source source) {
    return source.isSetEntities() ? EntityMutations.snapshots(source) : source;
  }

  private void requireEndDs() {
    if (endDs == null) {
      throw new IllegalStateException(
          "GroupByUpload of " + name() + " needs its end date: call withEndDs(ds)");
    }
  }

  /**
   * One key's chunks to its batch value put; counts the rows with a null key. The key's rows are
   * aggregated from their columns, in time order (rows of equal time in the order of their values).
   */
  private static final class BatchValueFn
      extends DoFn<KV<byte[], Iterable<RowChunk>>, PutRequest> {

    private final ServingColumns columns;
    private final GroupBy groupBy;
    private final Accuracy accuracy;
    private final @Nullable Long snapshotStart;
    private final long batchEnd;
    private final RowSchema inputs;
    private final int[] inputColumns;
    private final int tsIndex;
    private final Counter keys = Metrics.counter(RowCounts.NAMESPACE, KEYS_UPLOADED);
    private final Counter nullKeys = Metrics.counter(RowCounts.NAMESPACE, NULL_KEY_ROWS);
    private transient OnlineAggregator online;
    private transient WindowedAggregation aggregation;
    private transient BatchIrCodec batchCodec;
    private transient ValueCodec valueCodec;
    private transient String dataset;
    private transient ChunkRows view;

    BatchValueFn(
        ServingColumns columns, GroupBy groupBy, Accuracy accuracy, @Nullable Long snapshotStart,
        long batchEnd) {
      this.columns = columns;
      this.groupBy = groupBy;
      this.accuracy = accuracy;
      this.snapshotStart = snapshotStart;
      this.batchEnd = batchEnd;
      RowSchema rows = columns.rowSchema();
      this.tsIndex = rows.indexOf(QueryCompiler.TIME_COLUMN);
      int[] indices = columns.inputIndices();
      List<Column> viewColumns = new ArrayList<>();
      for (int i = 0; i < indices.length; i++) {
        viewColumns.add(new Column(columns.inputNames().get(i), rows.column(indices[i]).type()));
      }
      if (tsIndex >= 0) {
        indices = Arrays.copyOf(indices, indices.length + 1);
        indices[indices.length - 1] = tsIndex;
        String time = QueryCompiler.TIME_COLUMN;
        while (columns.inputNames().contains(time)) {
          time = "_" + time;
        }
        viewColumns.add(new Column(time, rows.column(tsIndex).type()));
      }
      this.inputs = RowSchema.of(viewColumns);
      this.inputColumns = indices;
    }

    @Setup
    public void setup() {
      view = new ChunkRows();
      dataset = KvLayout.batchDataset(groupBy.getMetaData().getName());
      if (!groupBy.isSetAggregations()) {
        valueCodec = ValueCodec.of("Input", columns.inputNames(), columns.inputTypes());
        return;
      }
      aggregation = WindowedAggregation.of(columns.inputSchema(), groupBy.getAggregations(),
          accuracy, columns.streamsMutations());
      online = new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
      batchCodec = new BatchIrCodec(aggregation);
      List<TDataType> types = aggregation.outputs().stream()
          .map(o -> aggregation.rows().column(o.column()).outputType())
          .toList();
      valueCodec = accuracy == Accuracy.SNAPSHOT
          ? ValueCodec.of("Outputs", OutputColumns.beforeDerivations(groupBy), types)
          : null;
    }

    @ProcessElement
    public void process(
        @Element KV<byte[], Iterable<RowChunk>> keyRows, OutputReceiver<PutRequest> out) {
      RowChunk rows = RowChunk.merged(keyRows.getValue());
      if (keyRows.getKey().length == 0) {
        nullKeys.inc(rows.size());
        return;
      }
      int[] order = rows.timeOrder(tsIndex, snapshotStart == null ? 0 : snapshotStart, before(rows));
      RowChunk input = rows.select(inputs, inputColumns);
      int inputTs = tsIndex < 0 ? -1 : inputColumns.length - 1;
      List<Row> events = view.of(input, order, inputTs, snapshotStart == null ? 0 : snapshotStart);
      byte[] value;
      if (online == null) {
        if (events.isEmpty()) {
          return;
        }
        Object[] last = input.row(order[order.length - 1], 0);
        value = valueCodec.encode(Arrays.copyOf(last, columns.inputNames().size()));
      } else {
        BatchIr ir = online.batchIr(events, batchEnd);
        value = accuracy == Accuracy.SNAPSHOT
            ? valueCodec.encode(online.finalizedAt(ir, List.of(), batchEnd))
            : batchCodec.encode(ir);
      }
      out.output(new PutRequest(columns.keyBytes(rows.row(0, 0)), value, dataset, batchEnd));
      keys.inc();
    }

    /**
     * The rows with a time before the batch end: their {@code ts}, or for an entity row without one
     * its snapshot's start ({@code snapshotStart}, null for events, whose rows without one are left
     * out).
     */
    private int[] before(RowChunk rows) {
      int[] kept = new int[rows.size()];
      int count = 0;
      for (int r = 0; r < rows.size(); r++) {
        boolean timed = tsIndex >= 0 && !rows.isNull(tsIndex, r);
        if (timed ? rows.longValue(tsIndex, r) < batchEnd
            : snapshotStart != null && snapshotStart < batchEnd) {
          kept[count++] = r;
        }
      }
      return Arrays.copyOf(kept, count);
    }
  }
}
