package org.chrononbeam.transforms.upload;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.kv.beam.KvStoreWrite;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.transforms.source.RowCounts;

/**
 * The untiled streaming writer: a GroupBy's selected rows, one {@code _STREAMING} value each, as
 * Chronon's streaming job writes them. The input is rows laid out by the GroupBy's row schema (a
 * source's compiled query output, as {@link org.chrononbeam.transforms.source.SourceRead} reads
 * it from a table, or as a stream decoder and the same query produce it from a topic); the
 * fetcher adds the rows since the batch end to the uploaded batch IR.
 *
 * <pre>{@code
 * SourceRead read = SourceRead.of(warehouse, groupBy.getSources().get(0))
 *     .withPartitions("2024-03-11", "2024-03-11");
 * pipeline.apply(read)
 *     .apply(StreamingRowsWrite.of(groupBy, read.rowSchema()).withKvStore("embedded:/tmp/kv"));
 * }</pre>
 *
 * <p>Each row becomes a put of key {@link ServingColumns#keyBytes}, value {@link
 * ServingColumns#streamingValue} (the serving info's {@code selectedAvroSchema}), version = the
 * row's {@code ts}, into {@code <NAME>_STREAMING}. Writing a row again overwrites it. Rows with a
 * null key column or a null {@code ts} are dropped and counted in the metrics {@value
 * GroupByUpload#NULL_KEY_ROWS} and {@value #NULL_TS_ROWS} (namespace {@value
 * RowCounts#NAMESPACE}). The dataset must exist before the pipeline runs (see {@link
 * GroupByUpload#createDatasets}).
 *
 * <p>Only TEMPORAL GroupBys with aggregations read streaming rows, so only they are accepted.
 *
 * <p><b>Entity mutations.</b> For a GroupBy over entities sources the rows are mutations (from
 * {@link org.chrononbeam.transforms.streaming.StreamingProjection} over its {@code mutationTopic},
 * or read from its mutation table through {@link
 * org.chrononbeam.transforms.source.EntityMutations#mutations}) and must have an {@code is_before}
 * column. Each value carries {@code is_before} and the row's mutation time ({@code mutation_ts},
 * else {@code ts}), which the fetcher adds or retracts at. A before-image and an after-image of one
 * change share that time, and a KV store keeps one value per key and version, so the version of an
 * after-image is its time plus one millisecond (the value keeps the exact time): both are kept,
 * and writing either again overwrites only itself. Two changes of one key at the same
 * millisecond, or one millisecond apart (the earlier's after-image and the later's before-image),
 * still share a version, as two events of one key at the same millisecond do.
 */
public final class StreamingRowsWrite extends PTransform<PCollection<Object[]>, PDone> {

  /** The metric counting rows dropped for a null {@code ts}. */
  public static final String NULL_TS_ROWS = "nullTsRows";

  private final ServingColumns columns;
  private final @Nullable String kvSpec;

  private StreamingRowsWrite(ServingColumns columns, @Nullable String kvSpec) {
    this.columns = columns;
    this.kvSpec = kvSpec;
  }

  /**
   * Writes rows of {@code rowSchema} as streaming rows of {@code groupBy}.
   *
   * @throws IllegalArgumentException if the GroupBy is not TEMPORAL with aggregations, its key or
   *     input columns are not in the rows, or it streams mutations and the rows have no {@code
   *     is_before} or an aggregation cannot retract (only SUM, COUNT, AVERAGE and HISTOGRAM can)
   */
  public static StreamingRowsWrite of(GroupBy groupBy, RowSchema rowSchema) {
    ServingColumns columns = ServingColumns.of(groupBy, rowSchema);
    if (!groupBy.isSetAggregations() || InferredAccuracy.of(groupBy) != Accuracy.TEMPORAL) {
      throw new IllegalArgumentException("GroupBy " + columns.name()
          + " is not TEMPORAL with aggregations: the fetcher reads no streaming rows for it");
    }
    if (columns.streamsMutations()) {
      if (rowSchema.indexOf(QueryCompiler.REVERSAL_COLUMN) < 0) {
        throw new IllegalArgumentException("GroupBy " + columns.name() + " streams entity"
            + " mutations: its rows need an is_before column; they have " + rowSchema.names());
      }
      RowAggregator.of(columns.inputSchema(), groupBy.getAggregations(), true);
    }
    return new StreamingRowsWrite(columns, null);
  }

  /** Writes to the KV store {@code spec} names ({@code scheme:location}, see {@code KvStores}). */
  public StreamingRowsWrite withKvStore(String spec) {
    KvStoreWrite.to(spec);
    return new StreamingRowsWrite(columns, spec);
  }

  @Override
  public PDone expand(PCollection<Object[]> rows) {
    if (kvSpec == null) {
      throw new IllegalStateException("StreamingRowsWrite of " + columns.name()
          + " needs a KV store: call withKvStore(spec)");
    }
    rows
        .apply("StreamingRows", ParDo.of(new StreamingRowFn(columns)))
        .apply("Write " + KvLayout.streamingDataset(columns.name()), KvStoreWrite.to(kvSpec));
    return PDone.in(rows.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", columns.name()).withLabel("GroupBy"))
        .add(DisplayData.item("dataset", KvLayout.streamingDataset(columns.name()))
            .withLabel("Dataset"));
  }

  /**
   * One row to its streaming put, versioned by its time (an after-image of a mutation one
   * millisecond later); drops and counts rows without a key or a time.
   */
  private static final class StreamingRowFn extends DoFn<Object[], PutRequest> {

    private final ServingColumns columns;
    private final String dataset;
    private final Counter nullKeys =
        Metrics.counter(RowCounts.NAMESPACE, GroupByUpload.NULL_KEY_ROWS);
    private final Counter nullTs = Metrics.counter(RowCounts.NAMESPACE, NULL_TS_ROWS);

    StreamingRowFn(ServingColumns columns) {
      this.columns = columns;
      this.dataset = KvLayout.streamingDataset(columns.name());
    }

    @ProcessElement
    public void process(@Element Object[] row, OutputReceiver<PutRequest> out) {
      Long ts = columns.streamingTime(row);
      if (ts == null) {
        nullTs.inc();
        return;
      }
      byte[] key = columns.keyBytes(row);
      if (key == null) {
        nullKeys.inc();
        return;
      }
      byte[] value = columns.streamingValue(row, ts);
      long version = columns.streamsMutations() && !columns.isBefore(row) ? ts + 1 : ts;
      out.output(new PutRequest(key, value, dataset, version));
    }
  }
}
