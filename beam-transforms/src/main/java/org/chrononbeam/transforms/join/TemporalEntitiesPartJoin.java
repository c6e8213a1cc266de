package org.chrononbeam.transforms.join;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Resolution;
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
import org.chrononbeam.transforms.source.Chunks;
import org.chrononbeam.transforms.source.EntityMutations;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowOrder;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.source.ValuesCoder;
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
 * <p>It works a row at a time: the left chunks are unpacked into rows (boxing their numbers) and
 * the joined rows packed again.
 */
final class TemporalEntitiesPartJoin extends PartTransform {

  private final Warehouse warehouse;
  private final String startDs;
  private final String endDs;
  private final List<Source> snapshotSources;
  private final List<Source> mutationSources;
  private final GroupByFeatures features;
  private final RowSchema mutationSchema;

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
    if (mutationSchema != null) {
      EntityMutations.timeIndex(mutationSchema);
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
    PCollection<Object[]> left = chunks.apply("Rows", Chunks.toRows(leftSchema));
    GroupBy groupBy = part.getGroupBy();
    PBegin begin = left.getPipeline().begin();
    PCollection<KV<byte[], Object[]>> snapshots =
        read(begin, "Snapshot", snapshotSources, PartitionDates.plusDays(startDs, -1),
            PartitionDates.plusDays(endDs, -1), features.rowSchema());
    LeftRows split = keyLeft(left);
    TupleTag<Object[]> leftTag = new TupleTag<>() {};
    TupleTag<Object[]> snapshotTag = new TupleTag<>() {};
    TupleTag<Object[]> mutationTag = new TupleTag<>() {};
    KeyedPCollectionTuple<byte[]> inputs =
        KeyedPCollectionTuple.of(leftTag, split.keyed()).and(snapshotTag, snapshots);
    if (mutationSchema != null) {
      inputs = inputs.and(mutationTag,
          read(begin, "Mutations", mutationSources, startDs, endDs, mutationSchema));
    }
    PCollection<Object[]> joined =
        inputs
            .apply("CoGroup", CoGroupByKey.create())
            .apply(
                "Features",
                ParDo.of(
                    new FeaturesFn(
                        features,
                        ThriftJson.copy(groupBy),
                        mutationSchema,
                        new Tags(leftTag, snapshotTag, mutationTag),
                        leftSchema.indexOf(QueryCompiler.TIME_COLUMN))));
    return allLeftRows(joined, split).apply("Chunks", Chunks.ofRows(outputSchema()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.addIfNotNull(
        DisplayData.item("mutationTable", part.getGroupBy().getSources().get(0).getEntities()
            .getMutationTable()).withLabel("Mutation table"));
  }

  private PCollection<KV<byte[], Object[]>> read(
      PBegin begin, String label, List<Source> sources, String first, String last,
      RowSchema schema) {
    GroupBy groupBy = part.getGroupBy();
    List<PCollection<Object[]>> reads = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      reads.add(begin.apply(label + i, SourceRead.of(warehouse, sources.get(i))
          .withConfigName(groupBy.getMetaData().getName())
          .withPartitions(first, last)));
    }
    return PCollectionList.of(reads)
        .apply(label + "Sources", Flatten.pCollections())
        .setCoder(ValuesCoder.of(schema))
        .apply("Key" + label, KeyedRows.by(schema, groupBy.getKeyColumns()));
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
      TupleTag<Object[]> left, TupleTag<Object[]> snapshots, TupleTag<Object[]> mutations)
      implements java.io.Serializable {}

  /** One key's left rows, snapshot rows and mutation rows to the left rows with features. */
  private static final class FeaturesFn extends DoFn<KV<byte[], CoGbkResult>, Object[]> {

    private static final Comparator<ArrayRow> ORDER =
        Comparator.comparingLong(ArrayRow::ts)
            .thenComparing(row -> !row.isBefore())
            .thenComparing(ArrayRow::values, RowOrder.VALUES);

    private final GroupByFeatures features;
    private final GroupBy groupBy;
    private final Tags tags;
    private final int leftTsIndex;
    private final int tsIndex;
    private final int dsIndex;
    private final int[] fromMutation;
    private final int mutationTimeIndex;
    private final int isBeforeIndex;
    private transient OnlineAggregator online;

    /** {@code mutationSchema}: the mutation rows' columns, or null without a mutation table. */
    FeaturesFn(
        GroupByFeatures features, GroupBy groupBy, RowSchema mutationSchema, Tags tags,
        int leftTsIndex) {
      this.features = features;
      this.groupBy = groupBy;
      this.tags = tags;
      this.leftTsIndex = leftTsIndex;
      RowSchema snapshot = features.rowSchema();
      this.tsIndex = snapshot.indexOf(QueryCompiler.TIME_COLUMN);
      this.dsIndex = snapshot.indexOf(PartitionDates.DS);
      this.fromMutation = new int[snapshot.size()];
      for (int i = 0; i < fromMutation.length; i++) {
        fromMutation[i] =
            mutationSchema == null ? -1 : mutationSchema.indexOf(snapshot.column(i).name());
      }
      this.mutationTimeIndex =
          mutationSchema == null ? -1 : EntityMutations.timeIndex(mutationSchema);
      this.isBeforeIndex =
          mutationSchema == null ? -1 : mutationSchema.indexOf(QueryCompiler.REVERSAL_COLUMN);
    }

    @Setup
    public void setup() {
      online = new OnlineAggregator(
          aggregation(features.rowSchema(), groupBy, mutationTimeIndex >= 0),
          OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    }

    @ProcessElement
    public void process(@Element KV<byte[], CoGbkResult> group, OutputReceiver<Object[]> out) {
      CoGbkResult result = group.getValue();
      Map<String, List<ArrayRow>> snapshotsByDs = new HashMap<>();
      Object[] keyRow = null;
      for (Object[] row : result.getAll(tags.snapshots())) {
        keyRow = row;
        String ds = (String) row[dsIndex];
        Object ts = tsIndex < 0 ? null : row[tsIndex];
        long time = ts != null
            ? ((Number) ts).longValue()
            : PartitionDates.startMillis(ds);
        snapshotsByDs.computeIfAbsent(ds, d -> new ArrayList<>())
            .add(new ArrayRow(time, false, row));
      }
      Map<Long, List<ArrayRow>> mutationsByDay = new HashMap<>();
      if (mutationTimeIndex >= 0) {
        for (Object[] mutation : result.getAll(tags.mutations())) {
          Long time = EntityMutations.time(mutation, mutationTimeIndex);
          if (time == null) {
            continue;
          }
          Object[] row = new Object[fromMutation.length];
          for (int i = 0; i < row.length; i++) {
            row[i] = fromMutation[i] < 0 ? null : mutation[fromMutation[i]];
          }
          keyRow = row;
          mutationsByDay.computeIfAbsent(Math.floorDiv(time, Resolution.DAY_MILLIS),
              d -> new ArrayList<>())
              .add(new ArrayRow(time, EntityMutations.isBefore(mutation, isBeforeIndex), row));
        }
      }
      snapshotsByDs.values().forEach(rows -> rows.sort(ORDER));
      mutationsByDay.values().forEach(rows -> rows.sort(ORDER));
      int width = features.outputSchema().size();
      Map<Long, BatchIr> batchByDay = new HashMap<>();
      for (Object[] left : result.getAll(tags.left())) {
        Object[] row = new Object[left.length + width];
        System.arraycopy(left, 0, row, 0, left.length);
        Object ts = left[leftTsIndex];
        if (ts != null && keyRow != null) {
          long q = ((Number) ts).longValue();
          long day = Math.floorDiv(q, Resolution.DAY_MILLIS);
          BatchIr batch = batchByDay.computeIfAbsent(day, d -> online.batchIr(
              snapshotsByDs.getOrDefault(
                  PartitionDates.ofEpochMillis((d - 1) * Resolution.DAY_MILLIS), List.of()),
              d * Resolution.DAY_MILLIS));
          Object[] raw = online.finalizedAt(batch, mutationsByDay.getOrDefault(day, List.of()), q);
          System.arraycopy(features.derived(keyRow, raw), 0, row, left.length, width);
        }
        out.output(row);
      }
    }
  }
}
