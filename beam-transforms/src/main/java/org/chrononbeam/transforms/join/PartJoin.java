package org.chrononbeam.transforms.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.chrononbeam.aggregator.window.Resolution;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.groupby.GroupByFeatures;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.KeyedChunks;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * One join part: appends a GroupBy's features, as of each left row's query time, to the left rows.
 * The left rows are keyed by the part's left key columns (through {@code keyMapping}) and
 * co-grouped with the GroupBy's source rows keyed by its key columns, both sides packed per key
 * and bundle into columnar {@link RowChunk}s ({@link KeyedChunks}); per key the GroupBy rows are
 * sorted once and the sawtooth evaluates every left row's query time in one pass, reading numbers
 * from the columns without boxing. A left row with a null key, or with no
 * matching GroupBy rows, gets null features. Every left row comes out exactly once.
 *
 * <p>A SNAPSHOT GroupBy over entities (snapshot tables) gives, at query time {@code q} (a midnight
 * for every left kind a SNAPSHOT GroupBy allows), the aggregate of the key's rows in the snapshot
 * partition of the day before {@code q}: {@code D} for an entities left row of {@code ds = D},
 * {@code D-1} for an events left row of day {@code D}.
 */
final class PartJoin extends PartTransform {

  /** How a left row's query time is found. */
  enum QueryTime {
    /** Events left, TEMPORAL GroupBy: the left row's {@code ts}. */
    LEFT_TS,
    /** Events left, SNAPSHOT GroupBy: the start of the left row's day (end of the day before). */
    START_OF_LEFT_DAY,
    /** Entities left: the end of the left row's partition day. */
    END_OF_PARTITION
  }

  private final Warehouse warehouse;
  private final QueryTime queryTime;
  private final String startDs;
  private final String endDs;
  private final GroupByFeatures features;
  private final boolean entitiesRight;

  PartJoin(
      Warehouse warehouse,
      JoinPart part,
      String joinName,
      RowSchema leftSchema,
      boolean eventsLeft,
      String startDs,
      String endDs) {
    super(part, joinName, leftSchema);
    this.warehouse = warehouse;
    this.startDs = startDs;
    this.endDs = endDs;
    GroupBy groupBy = part.getGroupBy();
    String name = groupBy.getMetaData().getName();
    if (groupBy.getSourcesSize() == 0 || groupBy.getKeyColumnsSize() == 0) {
      throw new IllegalArgumentException("GroupBy " + name + " needs sources and keyColumns");
    }
    this.entitiesRight = groupBy.getSources().get(0).isSetEntities();
    for (Source source : groupBy.getSources()) {
      if (source.isSetEntities() != entitiesRight) {
        throw new IllegalArgumentException(
            "GroupBy " + name + " mixes events and entities sources");
      }
    }
    this.features = GroupByFeatures.of(groupBy, rowSchemaOf(warehouse, groupBy, entitiesRight));
    Accuracy accuracy = features.accuracy();
    if (TemporalEntitiesPartJoin.handles(groupBy, eventsLeft)) {
      throw new IllegalArgumentException(
          "join " + joinName + ": GroupBy " + name + " is computed by TemporalEntitiesPartJoin");
    }
    this.queryTime =
        !eventsLeft
            ? QueryTime.END_OF_PARTITION
            : accuracy == Accuracy.TEMPORAL ? QueryTime.LEFT_TS : QueryTime.START_OF_LEFT_DAY;
    if (queryTime != QueryTime.END_OF_PARTITION
        && leftSchema.indexOf(QueryCompiler.TIME_COLUMN) < 0) {
      throw new IllegalArgumentException(
          "join " + joinName + ": an events left side needs a ts (set its query's timeColumn)");
    }
    leftKeyIndices();
  }

  @Override
  RowSchema groupByColumns() {
    return features.outputSchema();
  }

  @Override
  public PCollection<RowChunk> expand(PCollection<RowChunk> left) {
    GroupBy groupBy = part.getGroupBy();
    RowSchema rightSchema = features.rowSchema();
    List<PCollection<KV<byte[], RowChunk>>> reads = new ArrayList<>();
    String readStart = firstPartitionToRead();
    int[] keyIndices = KeyedRows.indices(rightSchema, groupBy.getKeyColumns());
    for (int i = 0; i < groupBy.getSourcesSize(); i++) {
      reads.add(
          left.getPipeline()
              .apply(
                  "Source" + i,
                  read(warehouse, groupBy, i, entitiesRight)
                      .withPartitions(readStart, endDs)
                      .packedBy(keyIndices)));
    }
    PCollection<KV<byte[], RowChunk>> right =
        PCollectionList.of(reads).apply("Sources", Flatten.pCollections());
    PCollection<KV<byte[], RowChunk>> keyedLeft =
        left.apply(
            "KeyLeft", KeyedChunks.by(leftSchema, leftKeyIndices()).withNullKeys().ofChunks());

    TupleTag<RowChunk> leftTag = new TupleTag<>() {};
    TupleTag<RowChunk> rightTag = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(leftTag, keyedLeft)
        .and(rightTag, right)
        .apply("CoGroup", CoGroupByKey.create())
        .apply(
            "Features",
            ParDo.of(
                new FeaturesFn(
                    features,
                    featureColumns(),
                    outputSchema(),
                    leftTag,
                    rightTag,
                    queryTime,
                    leftSchema.indexOf(QueryCompiler.TIME_COLUMN),
                    leftSchema.indexOf(PartitionDates.DS),
                    rightSchema.indexOf(QueryCompiler.TIME_COLUMN),
                    entitiesRight)))
        .setCoder(RowChunkCoder.of(outputSchema()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("queryTime", queryTime.name()).withLabel("Query time"));
  }

  /**
   * The first right partition any left row can need: for entities the snapshot of the day before
   * the first left day (one day early for an entities left side, which needs day {@code D}); for
   * events the first any window reaches, or null when one is unbounded.
   */
  private String firstPartitionToRead() {
    if (entitiesRight) {
      return PartitionDates.plusDays(startDs, -1);
    }
    OptionalLong lookback = features.lookbackMillis();
    if (lookback.isEmpty()) {
      return null;
    }
    long firstQuery = PartitionDates.startMillis(startDs);
    if (queryTime == QueryTime.END_OF_PARTITION) {
      firstQuery += Resolution.DAY_MILLIS;
    }
    return PartitionDates.ofEpochMillis(firstQuery - lookback.getAsLong());
  }

  /**
   * The read of the GroupBy's source {@code i}. Only entity snapshot rows need the partition they
   * were read from; events rows go without it unless the GroupBy aggregates or is keyed by a
   * {@code ds} column.
   */
  private static SourceRead read(
      Warehouse warehouse, GroupBy groupBy, int i, boolean entitiesRight) {
    SourceRead read =
        SourceRead.of(warehouse, groupBy.getSources().get(i))
            .withConfigName(groupBy.getMetaData().getName());
    return entitiesRight || readsDs(groupBy) ? read : read.withoutPartitionColumn();
  }

  private static boolean readsDs(GroupBy groupBy) {
    return groupBy.getKeyColumns().contains(PartitionDates.DS)
        || ServingColumns.inputColumns(groupBy).contains(PartitionDates.DS);
  }

  private static RowSchema rowSchemaOf(
      Warehouse warehouse, GroupBy groupBy, boolean entitiesRight) {
    RowSchema schema = null;
    for (int i = 0; i < groupBy.getSourcesSize(); i++) {
      RowSchema next = read(warehouse, groupBy, i, entitiesRight).rowSchema();
      if (schema != null && !schema.equals(next)) {
        throw new IllegalArgumentException(
            "the sources of GroupBy "
                + groupBy.getMetaData().getName()
                + " select different columns: "
                + schema
                + " and "
                + next);
      }
      schema = next;
    }
    return schema;
  }

  /**
   * One key's chunks of left rows and GroupBy rows to one chunk of the left rows with the features
   * appended: the key's left rows as they came, side by side with a chunk of their features (null
   * for rows without a query time). The key's GroupBy rows are put in time order once and swept by
   * the sawtooth for every left row's query time at once; events are read from their columns and
   * the values written into the feature columns without boxing.
   */
  private static final class FeaturesFn extends DoFn<KV<byte[], CoGbkResult>, RowChunk> {
    private final GroupByFeatures features;
    private final RowSchema featureSchema;
    private final RowSchema outputSchema;
    private final TupleTag<RowChunk> leftTag;
    private final TupleTag<RowChunk> rightTag;
    private final QueryTime queryTime;
    private final int tsIndex;
    private final int dsIndex;
    private final int rightTsIndex;
    private final boolean snapshots;
    private transient ChunkRows events;

    /** {@code snapshots}: the GroupBy's rows are entity snapshots, partitioned by {@code ds}. */
    FeaturesFn(
        GroupByFeatures features,
        RowSchema featureSchema,
        RowSchema outputSchema,
        TupleTag<RowChunk> leftTag,
        TupleTag<RowChunk> rightTag,
        QueryTime queryTime,
        int tsIndex,
        int dsIndex,
        int rightTsIndex,
        boolean snapshots) {
      this.features = features;
      this.featureSchema = featureSchema;
      this.outputSchema = outputSchema;
      this.leftTag = leftTag;
      this.rightTag = rightTag;
      this.queryTime = queryTime;
      this.tsIndex = tsIndex;
      this.dsIndex = dsIndex;
      this.rightTsIndex = rightTsIndex;
      this.snapshots = snapshots;
    }

    @Setup
    public void setup() {
      events = new ChunkRows();
    }

    @ProcessElement
    public void process(@Element KV<byte[], CoGbkResult> group, OutputReceiver<RowChunk> out) {
      if (group.getKey().length == 0) {
        for (RowChunk chunk : group.getValue().getAll(leftTag)) {
          out.output(withNullFeatures(chunk, featureSchema, outputSchema));
        }
        return;
      }
      RowChunk lefts = RowChunk.merged(group.getValue().getAll(leftTag));
      if (lefts == null) {
        return;
      }
      RowChunk rights = RowChunk.merged(group.getValue().getAll(rightTag));
      if (rights == null) {
        out.output(withNullFeatures(lefts, featureSchema, outputSchema));
        return;
      }
      int count = 0;
      long[] queries = new long[lefts.size()];
      int[] rowOfQuery = new int[lefts.size()];
      for (int r = 0; r < lefts.size(); r++) {
        if (queryTime == QueryTime.END_OF_PARTITION) {
          queries[count] =
              PartitionDates.startMillis((String) lefts.get(dsIndex, r)) + Resolution.DAY_MILLIS;
        } else if (!lefts.isNull(tsIndex, r)) {
          long ts = lefts.longValue(tsIndex, r);
          queries[count] =
              queryTime == QueryTime.LEFT_TS ? ts : Resolution.floor(ts, Resolution.DAY_MILLIS);
        } else {
          continue;
        }
        rowOfQuery[count++] = r;
      }
      if (count < queries.length) {
        queries = Arrays.copyOf(queries, count);
      }
      RowChunk values = RowChunk.nulls(featureSchema, lefts.size());
      ValueSink sink = values.sink(rowOfQuery);
      if (snapshots) {
        features.atSnapshotsInto(rights, queries, sink, events);
      } else if (rightTsIndex >= 0) {
        features.atSortedInto(
            events.of(rights, rights.timeOrder(rightTsIndex), rightTsIndex), queries, sink);
      }
      out.output(RowChunk.sideBySide(outputSchema, lefts, values));
    }
  }
}
