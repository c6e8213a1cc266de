package org.chrononbeam.transforms.join;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Resolution;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.transforms.groupby.GroupByFeatures;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.EntityMutations;
import org.chrononbeam.transforms.source.KeyedChunks;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * A join part over a TEMPORAL entities GroupBy under an events left side (Chronon's {@code
 * temporalEntities}): for a left row at {@code ts = q} on day {@code D}, the aggregate of the
 * key's snapshot as of the end of {@code D-1} plus the key's mutations of day {@code D} with a
 * mutation time before {@code q}; an after-image adds its values, a before-image retracts them.
 *
 * <p>It computes exactly what the fetcher serves: the snapshot partition {@code D-1} becomes a
 * batch IR as of {@code D 00:00} ({@link OnlineAggregator#batchIr}, a snapshot row without {@code
 * ts} counting as of {@code D-1 00:00}, as the upload of {@code D-1} does), and the mutations are
 * added at {@code q} as streaming rows are ({@link OnlineAggregator#finalizedAt}), each at its
 * mutation time ({@link EntityMutations#time}); windows select snapshot rows by {@code ts} and
 * mutations by that time. A mutation belongs to the UTC day of its time. Every aggregation must
 * support deletes (SUM, COUNT, AVERAGE, HISTOGRAM) when the source has a mutation table.
 *
 * <p>Reads: the snapshot partitions from the day before the first left day to the day before the
 * last, and the mutation partitions of the left days. A left row with a null key or a null {@code
 * ts} gets null features; every left row comes out once.
 *
 * <p>It works on columnar {@link RowChunk}s, as {@link PartJoin} does: the left chunks are keyed
 * by the part's key ({@link KeyedChunks}, null keys apart), the snapshot and mutation rows read
 * packed per key, and per key the left rows come out as they came, side by side with a chunk of
 * their features. Snapshot and mutation rows are read by the aggregator through views of their
 * columns ({@link ChunkRows}), a mutation row laid out as a snapshot row, and the values are
 * written into the feature columns ({@link OnlineAggregator#finalizedInto}) without boxing; only
 * a GroupBy's derivations work on objects.
 */
final class TemporalEntitiesPartJoin extends PartTransform {

  private final Warehouse warehouse;
  private final String startDs;
  private final String endDs;
  private final List<Source> snapshotSources;
  private final List<Source> mutationSources;
  private final GroupByFeatures features;
  private final RowSchema mutationSchema;
  private final MutationLayout mutationLayout;

  TemporalEntitiesPartJoin(
      Warehouse warehouse,
      JoinPart part,
      String joinName,
      RowSchema leftSchema,
      String startDs,
      String endDs) {
    super(part, joinName, leftSchema);
    GroupBy groupBy = part.getGroupBy();
    String name = groupBy.getMetaData().getName();
    if (!handles(groupBy, true)) {
      throw new IllegalArgumentException("GroupBy " + name + " is not TEMPORAL over entities");
    }
    if (!groupBy.isSetAggregations() || groupBy.getAggregations().isEmpty()) {
      throw new IllegalArgumentException(
          "join " + joinName + ": TEMPORAL entities GroupBy " + name + " needs aggregations");
    }
    if (groupBy.getKeyColumnsSize() == 0) {
      throw new IllegalArgumentException("GroupBy " + name + " needs keyColumns");
    }
    if (leftSchema.indexOf(QueryCompiler.TIME_COLUMN) < 0) {
      throw new IllegalArgumentException(
          "join " + joinName + ": an events left side needs a ts (set its query's timeColumn)");
    }
    this.warehouse = warehouse;
    this.startDs = startDs;
    this.endDs = endDs;
    this.snapshotSources = new ArrayList<>();
    this.mutationSources = new ArrayList<>();
    for (Source source : groupBy.getSources()) {
      snapshotSources.add(EntityMutations.snapshots(source));
      if (EntityMutations.hasMutationTable(source)) {
        mutationSources.add(EntityMutations.mutations(source));
      }
    }
    this.features = GroupByFeatures.of(groupBy, commonSchema(name, snapshotSources));
    this.mutationSchema =
        mutationSources.isEmpty() ? null : commonSchema(name, mutationSources);
    this.mutationLayout =
        mutationSchema == null ? null : new MutationLayout(features.rowSchema(), mutationSchema);
    if (mutationSchema != null) {
      KeyedRows.indices(mutationSchema, groupBy.getKeyColumns());
    }
    aggregation(features.rowSchema(), groupBy, mutationSchema != null);
    leftKeyIndices();
  }

  /** Whether this part join computes {@code groupBy}: TEMPORAL, entities, events left side. */
  static boolean handles(GroupBy groupBy, boolean eventsLeft) {
    return eventsLeft
        && groupBy.getSourcesSize() > 0
        && groupBy.getSources().stream().allMatch(Source::isSetEntities)
        && InferredAccuracy.of(groupBy) == Accuracy.TEMPORAL;
  }

  @Override
  RowSchema groupByColumns() {
    return features.outputSchema();
  }

  @Override
  public PCollection<RowChunk> expand(PCollection<RowChunk> chunks) {
    GroupBy groupBy = part.getGroupBy();
    PBegin begin = chunks.getPipeline().begin();
    PCollection<KV<byte[], RowChunk>> left =
        chunks.apply(
            "KeyLeft", KeyedChunks.by(leftSchema, leftKeyIndices()).withNullKeys().ofChunks());
    TupleTag<RowChunk> leftTag = new TupleTag<>() {};
    TupleTag<RowChunk> snapshotTag = new TupleTag<>() {};
    TupleTag<RowChunk> mutationTag = new TupleTag<>() {};
    KeyedPCollectionTuple<byte[]> inputs =
        KeyedPCollectionTuple.of(leftTag, left)
            .and(snapshotTag, read(begin, "Snapshot", snapshotSources,
                PartitionDates.plusDays(startDs, -1), PartitionDates.plusDays(endDs, -1),
                features.rowSchema()));
    if (mutationSchema != null) {
      inputs = inputs.and(mutationTag,
          read(begin, "Mutations", mutationSources, startDs, endDs, mutationSchema));
    }
    return inputs
        .apply("CoGroup", CoGroupByKey.create())
        .apply(
            "Features",
            ParDo.of(
                new FeaturesFn(
                    features,
                    ThriftJson.copy(groupBy),
                    mutationLayout,
                    new Tags(leftTag, snapshotTag, mutationTag),
                    featureColumns(),
                    outputSchema(),
                    leftSchema.indexOf(QueryCompiler.TIME_COLUMN))))
        .setCoder(RowChunkCoder.of(outputSchema()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.addIfNotNull(
        DisplayData.item("mutationTable", part.getGroupBy().getSources().get(0).getEntities()
            .getMutationTable()).withLabel("Mutation table"));
  }

  /** The rows of {@code sources} in partitions {@code first..last}, packed per GroupBy key. */
  private PCollection<KV<byte[], RowChunk>> read(
      PBegin begin, String label, List<Source> sources, String first, String last,
      RowSchema schema) {
    GroupBy groupBy = part.getGroupBy();
    int[] keyIndices = KeyedRows.indices(schema, groupBy.getKeyColumns());
    List<PCollection<KV<byte[], RowChunk>>> reads = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      reads.add(begin.apply(label + i, SourceRead.of(warehouse, sources.get(i))
          .withConfigName(groupBy.getMetaData().getName())
          .withPartitions(first, last)
          .packedBy(keyIndices)));
    }
    return PCollectionList.of(reads).apply(label + "Sources", Flatten.pCollections());
  }

  /** The aggregations over rows of {@code schema}, refusing undeletable ones with mutations. */
  private static WindowedAggregation aggregation(
      RowSchema schema, GroupBy groupBy, boolean withMutations) {
    List<TDataType> types = schema.columns().stream().map(Column::type).toList();
    return WindowedAggregation.of(new InputSchema(schema.names(), types),
        groupBy.getAggregations(), Accuracy.TEMPORAL, withMutations);
  }

  private RowSchema commonSchema(String name, List<Source> sources) {
    RowSchema schema = null;
    for (Source source : sources) {
      RowSchema next = SourceRead.of(warehouse, source).withConfigName(name).rowSchema();
      if (schema != null && !schema.equals(next)) {
        throw new IllegalArgumentException("the sources of GroupBy " + name
            + " select different columns: " + schema + " and " + next);
      }
      schema = next;
    }
    return schema;
  }

  /** The co-group's tags: left rows, snapshot rows, mutation rows. */
  private record Tags(
      TupleTag<RowChunk> left, TupleTag<RowChunk> snapshots, TupleTag<RowChunk> mutations)
      implements Serializable {}

  /**
   * How mutation rows read as snapshot rows: a mutation row's snapshot columns (by name; null for
   * those the mutation rows lack), its time ({@link EntityMutations#time}) and whether it is a
   * before-image ({@link EntityMutations#isBefore}).
   */
  static final class MutationLayout implements Serializable {
    private final RowSchema snapshotSchema;
    /** The mutation columns, then the snapshot columns they lack (null), or null if none. */
    private final RowSchema withMissing;
    private final RowSchema missing;
    /** Per snapshot column, its column in the mutation rows (with the missing ones). */
    private final int[] columns;
    private final int timeIndex;
    private final int isBeforeIndex;

    MutationLayout(RowSchema snapshotSchema, RowSchema mutationSchema) {
      this.snapshotSchema = snapshotSchema;
      this.columns = new int[snapshotSchema.size()];
      List<Column> all = new ArrayList<>(mutationSchema.columns());
      List<Column> lacking = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        Column column = snapshotSchema.column(i);
        columns[i] = mutationSchema.indexOf(column.name());
        if (columns[i] < 0) {
          columns[i] = all.size();
          all.add(column);
          lacking.add(column);
        }
      }
      this.missing = lacking.isEmpty() ? null : RowSchema.of(lacking);
      this.withMissing = lacking.isEmpty() ? null : RowSchema.of(all);
      this.timeIndex = EntityMutations.timeIndex(mutationSchema);
      this.isBeforeIndex = mutationSchema.indexOf(QueryCompiler.REVERSAL_COLUMN);
      try {
        asSnapshotRows(RowChunk.of(mutationSchema));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the mutation rows do not fit the snapshot rows " + snapshotSchema + ": "
                + e.getMessage(), e);
      }
    }

    /** {@code mutations} as rows of the snapshot schema: a view, nothing copied. */
    RowChunk asSnapshotRows(RowChunk mutations) {
      RowChunk all = missing == null
          ? mutations
          : RowChunk.sideBySide(
              withMissing, mutations, RowChunk.nulls(missing, mutations.size()));
      return all.select(snapshotSchema, columns);
    }
  }

  /**
   * One key's mutation rows with a time: as snapshot rows, per row its time and whether it is a
   * before-image, and the rows in time order, before-images first among equal times, then by
   * their values.
   */
  static final class KeyMutations {
    private final RowChunk rows;
    private final long[] time;
    private final boolean[] before;
    private final int[] order;
    private int next;

    KeyMutations(RowChunk mutations, MutationLayout layout) {
      rows = layout.asSnapshotRows(mutations);
      time = new long[mutations.size()];
      before = new boolean[mutations.size()];
      int[] timed = new int[mutations.size()];
      int count = 0;
      for (int r = 0; r < mutations.size(); r++) {
        if (!mutations.isNull(layout.timeIndex, r)) {
          time[r] = EntityMutations.time(mutations, r, layout.timeIndex);
          before[r] = EntityMutations.isBefore(mutations, r, layout.isBeforeIndex);
          timed[count++] = r;
        }
      }
      order = rows.orderBy(Arrays.copyOf(timed, count), (a, b) -> {
        int byTime = Long.compare(time[a], time[b]);
        return byTime != 0 ? byTime : Boolean.compare(!before[a], !before[b]);
      });
    }

    boolean isEmpty() {
      return order.length == 0;
    }

    /** The first mutation row with a time, laid out as a snapshot row. */
    Object[] first() {
      return rows.row(order[0], 0);
    }

    /**
     * The mutations of {@code day} (days since the epoch) in order, through {@code view}; days
     * must be asked for in ascending order.
     */
    List<Row> ofDay(long day, ChunkRows view) {
      while (next < order.length && dayOf(order[next]) < day) {
        next++;
      }
      int from = next;
      while (next < order.length && dayOf(order[next]) == day) {
        next++;
      }
      return view.of(rows, order, from, next, time, before);
    }

    /** The UTC day, in days since the epoch, of mutation row {@code row}. */
    private long dayOf(int row) {
      return Math.floorDiv(time[row], Resolution.DAY_MILLIS);
    }
  }

  /**
   * One key's chunks of left rows, snapshot rows and mutation rows to one chunk of the left rows
   * with the features appended, read from and written to the columns without boxing: the left
   * rows in time order, per day the batch IR of the snapshot of the day before, then per left row
   * the day's mutations before its time on top.
   */
  private static final class FeaturesFn extends DoFn<KV<byte[], CoGbkResult>, RowChunk> {

    private final GroupByFeatures features;
    private final GroupBy groupBy;
    private final MutationLayout mutationLayout;
    private final Tags tags;
    private final RowSchema featureSchema;
    private final RowSchema outputSchema;
    private final int leftTsIndex;
    private final int tsIndex;
    private final int dsIndex;
    private transient OnlineAggregator online;
    private transient ChunkRows snapshotView;
    private transient ChunkRows mutationView;

    /** {@code mutationLayout}: how mutation rows read, or null without a mutation table. */
    FeaturesFn(
        GroupByFeatures features, GroupBy groupBy, MutationLayout mutationLayout, Tags tags,
        RowSchema featureSchema, RowSchema outputSchema, int leftTsIndex) {
      this.features = features;
      this.groupBy = groupBy;
      this.mutationLayout = mutationLayout;
      this.tags = tags;
      this.featureSchema = featureSchema;
      this.outputSchema = outputSchema;
      this.leftTsIndex = leftTsIndex;
      RowSchema snapshot = features.rowSchema();
      this.tsIndex = snapshot.indexOf(QueryCompiler.TIME_COLUMN);
      this.dsIndex = snapshot.indexOf(PartitionDates.DS);
    }

    @Setup
    public void setup() {
      online = new OnlineAggregator(
          aggregation(features.rowSchema(), groupBy, mutationLayout != null),
          OnlineAggregator.DEFAULT_HORIZON_MILLIS);
      snapshotView = new ChunkRows();
      mutationView = new ChunkRows();
    }

    @ProcessElement
    public void process(@Element KV<byte[], CoGbkResult> group, OutputReceiver<RowChunk> out) {
      CoGbkResult result = group.getValue();
      if (group.getKey().length == 0) {
        for (RowChunk chunk : result.getAll(tags.left())) {
          out.output(withNullFeatures(chunk, featureSchema, outputSchema));
        }
        return;
      }
      RowChunk lefts = RowChunk.merged(result.getAll(tags.left()));
      if (lefts == null) {
        return;
      }
      RowChunk snapshots = RowChunk.merged(result.getAll(tags.snapshots()));
      RowChunk mutationRows =
          mutationLayout == null ? null : RowChunk.merged(result.getAll(tags.mutations()));
      KeyMutations mutations =
          mutationRows == null ? null : new KeyMutations(mutationRows, mutationLayout);
      if (snapshots == null && (mutations == null || mutations.isEmpty())) {
        out.output(withNullFeatures(lefts, featureSchema, outputSchema));
        return;
      }
      Object[] keyRow = !features.hasDerivations() ? null
          : snapshots != null ? snapshots.row(0, 0) : mutations.first();
      int[] rowOfQuery = lefts.timeOrder(leftTsIndex);
      RowChunk values = RowChunk.nulls(featureSchema, lefts.size());
      ValueSink sink = values.sink(rowOfQuery);
      RowChunk derivationInput =
          features.derivesByColumns()
              ? features.derivationInput(ArrayRow.of(0, keyRow), rowOfQuery.length)
              : null;
      ValueSink raw = derivationInput == null ? null : features.rawSink(derivationInput);
      Map<Object, int[]> snapshotDays =
          snapshots == null ? Map.of() : snapshots.rowsByValue(dsIndex);
      long day = 0;
      BatchIr batch = null;
      List<Row> dayMutations = List.of();
      for (int k = 0; k < rowOfQuery.length; k++) {
        long q = lefts.longValue(leftTsIndex, rowOfQuery[k]);
        if (batch == null || Math.floorDiv(q, Resolution.DAY_MILLIS) != day) {
          day = Math.floorDiv(q, Resolution.DAY_MILLIS);
          batch = batchIr(snapshots, snapshotDays.get(PartitionDates.ofEpochMillis(
              (day - 1) * Resolution.DAY_MILLIS)), day);
          if (mutations != null) {
            dayMutations = mutations.ofDay(day, mutationView);
          }
        }
        if (keyRow == null) {
          online.finalizedInto(batch, dayMutations, q, sink, k);
        } else if (raw != null) {
          online.finalizedInto(batch, dayMutations, q, raw, k);
        } else {
          Object[] derived = features.derived(keyRow, online.finalizedAt(batch, dayMutations, q));
          for (int o = 0; o < derived.length; o++) {
            sink.setObject(k, o, derived[o]);
          }
        }
      }
      if (derivationInput != null) {
        features.deriveInto(derivationInput, sink);
      }
      out.output(RowChunk.sideBySide(outputSchema, lefts, values));
    }

    /**
     * The batch IR as of the start of {@code day} (days since the epoch) of the snapshot rows
     * {@code rows} (of the day before; none when null), a row without {@code ts} counting as of
     * that day's start.
     */
    private BatchIr batchIr(RowChunk snapshots, int[] rows, long day) {
      long dayStart = (day - 1) * Resolution.DAY_MILLIS;
      return online.batchIr(
          rows == null ? List.of()
              : snapshotView.of(snapshots, snapshots.timeOrder(tsIndex, dayStart, rows), tsIndex,
                  dayStart),
          day * Resolution.DAY_MILLIS);
    }
  }
}
