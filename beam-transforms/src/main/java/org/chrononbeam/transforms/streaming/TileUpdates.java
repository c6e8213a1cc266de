package org.chrononbeam.transforms.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.joda.time.Instant;

/**
 * Tiled streaming (Chronon's tiled Flink job): a GroupBy's projected rows into per-key tiles of
 * its smallest tail hop, each update written as the tile's IR so the fetcher sees fresh values.
 *
 * <pre>{@code
 * PCollection<PutRequest> puts = rows.apply(TileUpdates.of(groupBy, projection.rowSchema()));
 * puts.apply(KvStoreWrite.to("embedded:/tmp/kv"));      // or StreamingTilesWrite in one step
 * }</pre>
 *
 * <p>How: every row is keyed by its KV key; per key, a stateful {@code DoFn} keeps the key's
 * tiles in a {@code MapState} (tile start {@code floor(ts, tile)} to accumulator), folds each row
 * into its tile's accumulator with the aggregator's own algebra ({@link TileCombineFn}: {@code RowAggregator.update} and {@code merge},
 * the same IRs the backfill and upload build) and puts the whole tile so far into {@code
 * <NAME>_STREAMING} after every row, so that a fetch at any time sees exactly the tile's rows
 * before it (a write per bundle would hide a tile's earlier rows from a fetch between them and
 * the bundle's last row of the tile): key = the GroupBy's key bytes, value =
 * {@code TileCodec} Avro of {@code Tile(tileStart, irs)}, version = the latest event time in the
 * tile. That is what the fetcher reads
 * when the GroupBy's customJson has {@code "enable_tiling": true}: per tile start, the newest
 * version before the query time. A tile's state is dropped {@link #RETENTION_MILLIS} of event time
 * after the tile's end, on the input's clock: the rows' timestamps are the reader's (KafkaIO's
 * processing time, not the events' {@code ts}), so the tile expires at the row's timestamp plus
 * what is left of the tile's retention at the row's {@code ts} (the latest such time over its
 * rows), and one timer per key drops the key's expired tiles. An event-time timer at the tile's
 * end would fire as soon as the reader's watermark passes it, which for a replay of older events
 * is at once, and the tile's next row would then overwrite it without the rows before. A row of a
 * dropped tile starts it again.
 *
 * <p>Restarts: tiles live in the runner's keyed state (one state cell per key, holding its tiles), as in
 * Chronon's Flink job, and the read offsets are checkpointed with them, so a restart restores both
 * from a Flink savepoint or retained checkpoint (Flink's {@code execution.savepoint.path}, or
 * Beam's {@code --savepointPath} on a remote cluster). The messages replayed are then exactly those
 * after the restored offsets, which the restored tiles do not hold, and each put of a tile
 * overwrites its version (same key, dataset and ts): nothing is lost or counted twice. Restarting
 * without runner state, with each tile re-seeded from the KV store, is not exact: a stored tile
 * does not say which messages it holds, and the messages replayed from the last committed offsets
 * were processed and written before the stop, so re-seeded tiles would count them twice (unless
 * every tile also stored the offsets it holds, outside Chronon's tile layout). A restart without
 * the state (the Direct runner) rebuilds the tiles open at that time from the replayed messages
 * alone, without their earlier rows.
 *
 * <p>Rows with a null key column or {@code ts} are dropped and counted in {@value
 * #NULL_KEY_COUNT}. Tiled GroupBys are TEMPORAL with aggregations over events (Chronon's tiled
 * path has no mutations).
 */
public final class TileUpdates extends PTransform<PCollection<Object[]>, PCollection<PutRequest>> {

  /** The counter of rows dropped for a null key column or ts. */
  public static final String NULL_KEY_COUNT = "streamNullKeyRows";

  /**
   * How long after a tile's end its state is kept, in event time: the horizon over which the
   * fetcher adds streaming values to a batch upload ({@link OnlineAggregator#DEFAULT_HORIZON_MILLIS}).
   */
  public static final long RETENTION_MILLIS = OnlineAggregator.DEFAULT_HORIZON_MILLIS;

  /** The customJson key that turns tiling on, for the writer and the fetcher alike. */
  public static final String ENABLE_TILING = "enable_tiling";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServingColumns columns;
  private final TileAlgebra algebra;

  private TileUpdates(ServingColumns columns, TileAlgebra algebra) {
    this.columns = columns;
    this.algebra = algebra;
  }

  /**
   * Tiles the rows of {@code rowSchema} (as {@link StreamingProjection#rowSchema()} lays them out)
   * for {@code groupBy}.
   *
   * @throws IllegalArgumentException if the GroupBy is not TEMPORAL with aggregations, does not
   *     enable tiling in its customJson, or its key or input columns are not in the rows
   */
  public static TileUpdates of(GroupBy groupBy, RowSchema rowSchema) {
    ServingColumns columns = ServingColumns.of(groupBy, rowSchema);
    if (!groupBy.isSetAggregations() || InferredAccuracy.of(groupBy) != Accuracy.TEMPORAL) {
      throw new IllegalArgumentException("GroupBy " + columns.name()
          + " is not TEMPORAL with aggregations: the fetcher reads no streaming values for it");
    }
    if (!tilingEnabled(groupBy)) {
      throw new IllegalArgumentException("GroupBy " + columns.name() + " does not set \""
          + ENABLE_TILING + "\": true in its customJson, so the fetcher would not read tiles");
    }
    return new TileUpdates(columns, new TileAlgebra(groupBy, columns.inputSchema()));
  }

  /** Whether {@code groupBy}'s customJson sets {@code "enable_tiling": true}. */
  public static boolean tilingEnabled(GroupBy groupBy) {
    if (groupBy.getMetaData() == null || !groupBy.getMetaData().isSetCustomJson()) {
      return false;
    }
    try {
      JsonNode custom = JSON.readTree(groupBy.getMetaData().getCustomJson());
      return custom != null && custom.path(ENABLE_TILING).asBoolean(false);
    } catch (IOException e) {
      throw new IllegalArgumentException("GroupBy " + groupBy.getMetaData().getName()
          + ": customJson is not JSON: " + e.getMessage(), e);
    }
  }

  /** The tile size in milliseconds: the GroupBy's smallest tail hop. */
  public long tileMillis() {
    return algebra.tileMillis();
  }

  @Override
  public PCollection<PutRequest> expand(PCollection<Object[]> rows) {
    List<Column> inputs = new ArrayList<>();
    for (int i = 0; i < columns.inputNames().size(); i++) {
      inputs.add(new Column(columns.inputNames().get(i), columns.inputTypes().get(i)));
    }
    return rows
        .apply("Key", ParDo.of(new KeyFn(columns)))
        .setCoder(KvCoder.of(
            ByteArrayCoder.of(), KvCoder.of(VarLongCoder.of(), ValuesCoder.of(RowSchema.of(inputs)))))
        .apply("Tile", ParDo.of(new TileFn(algebra, KvLayout.streamingDataset(columns.name()))));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", columns.name()).withLabel("GroupBy"))
        .add(DisplayData.item("dataset", KvLayout.streamingDataset(columns.name()))
            .withLabel("Dataset"))
        .add(DisplayData.item("tileMillis", algebra.tileMillis()).withLabel("Tile size (ms)"));
  }

  /** A row to {@code KV<key bytes, KV<ts, input values>>}. */
  private static final class KeyFn extends DoFn<Object[], KV<byte[], KV<Long, Object[]>>> {
    private final ServingColumns columns;
    private final Counter nullKeys = Metrics.counter(RowCounts.NAMESPACE, NULL_KEY_COUNT);

    KeyFn(ServingColumns columns) {
      this.columns = columns;
    }

    @ProcessElement
    public void process(
        @Element Object[] row, OutputReceiver<KV<byte[], KV<Long, Object[]>>> out) {
      Long ts = columns.ts(row);
      byte[] key = columns.keyBytes(row);
      if (key == null || ts == null) {
        nullKeys.inc();
        return;
      }
      out.output(KV.of(key, KV.of(ts, columns.inputValues(row))));
    }
  }

  /**
   * Keeps each key's tiles in a {@link MapState} (tile start to accumulator), folds rows into
   * them with {@link TileCombineFn#addInput}, puts the tile after every row, and drops a tile's
   * state once the watermark passes its expiry: the latest, over its rows, of the row's timestamp
   * plus the retention left at its event time (the tile's end plus {@link #RETENTION_MILLIS},
   * minus the row's {@code ts}).
   *
   * <p>One timer per key, not per tile: it is set no later than the earliest expiry of the key's
   * tiles (its time kept in the {@code expiry} state), so only a new tile expiring before it moves
   * it, and then to a tile before that expiry; when it fires it drops the tiles expired by then
   * and is set again to the earliest expiry left. A tile's expiry only moves later, so the timer
   * is never late. With most tiles new (few rows per
   * key and tile), a timer per tile cost a timer write, a timer delete and their state accesses
   * per row.
   *
   * <p>State accesses: a tile's accumulator is read from state once per bundle, at its first row
   * in the bundle; the bundle's later rows of it update that accumulator in memory, and every row
   * writes it back, so the state always holds every row processed, whatever the runner snapshots
   * and whenever.
   */
  private static final class TileFn extends DoFn<KV<byte[], KV<Long, Object[]>>, PutRequest> {
    private final TileCombineFn combineFn;
    private final TileAlgebra algebra;
    private final long tileMillis;
    private final String dataset;
    private transient Map<TileId, Touched> touched;

    @StateId("tiles")
    private final StateSpec<MapState<Long, TileAccumulator>> tilesSpec;

    @StateId("expiry")
    private final StateSpec<ValueState<Long>> expirySpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("expiry")
    private final TimerSpec timerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    TileFn(TileAlgebra algebra, String dataset) {
      this.combineFn = new TileCombineFn(algebra);
      this.algebra = algebra;
      this.tileMillis = algebra.tileMillis();
      this.dataset = dataset;
      this.tilesSpec = StateSpecs.map(
          VarLongCoder.of(), new TileCombineFn.TileAccumulatorCoder(algebra));
    }

    @StartBundle
    public void startBundle() {
      touched = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element KV<byte[], KV<Long, Object[]>> row,
        @Timestamp Instant timestamp,
        @StateId("tiles") MapState<Long, TileAccumulator> tiles,
        @StateId("expiry") ValueState<Long> expiry,
        @TimerId("expiry") Timer timer,
        OutputReceiver<PutRequest> out) {
      long ts = row.getValue().getKey();
      long tileStart = Math.floorDiv(ts, tileMillis) * tileMillis;
      TileId id = new TileId(row.getKey(), tileStart);
      Touched before = touched.get(id);
      TileAccumulator current = before == null || before.stale()
          ? tiles.get(tileStart).read() : before.tile();
      boolean created = current == null;
      if (created) {
        current = combineFn.createAccumulator();
      }
      current = combineFn.addInput(current, row.getValue());
      long retained = tileStart + tileMillis + RETENTION_MILLIS - ts;
      long expires = timestamp.getMillis() + Math.max(retained, 0);
      current.expiresNoEarlierThan(expires);
      tiles.put(tileStart, current);
      out.output(new PutRequest(id.key(), algebra.tileCodec().encode(new Tile(tileStart,
          current.irs())), dataset, current.latestTs()));
      if (created) {
        Long set = expiry.read();
        if (set == null || expires < set) {
          // A tile early: a new tile of the key expires no earlier than its row's timestamp plus
          // the retention, so this timer need not move for tiles whose rows come after this
          // one's, even when their rows are nearer their tiles' ends (a replay, or a lagging
          // reader). Early, the timer only re-arms itself.
          long at = expires - tileMillis;
          timer.set(new Instant(at));
          expiry.write(at);
        }
      }
      touched.put(id, new Touched(current, false));
    }

    @FinishBundle
    public void finishBundle() {
      touched.clear();
    }

    @OnTimer("expiry")
    public void expire(
        OnTimerContext context,
        @Key byte[] key,
        @StateId("tiles") MapState<Long, TileAccumulator> tiles,
        @StateId("expiry") ValueState<Long> expiry,
        @TimerId("expiry") Timer timer) {
      long now = context.fireTimestamp().getMillis();
      long next = Long.MAX_VALUE;
      List<Long> expired = new ArrayList<>();
      for (Map.Entry<Long, TileAccumulator> tile : tiles.entries().read()) {
        if (tile.getValue().expires() <= now) {
          expired.add(tile.getKey());
        } else {
          next = Math.min(next, tile.getValue().expires());
        }
      }
      for (Long tileStart : expired) {
        tiles.remove(tileStart);
        // A row of the tile later in the bundle starts it again (from the cleared state, not the
        // accumulator kept here).
        TileId id = new TileId(key, tileStart);
        Touched touchedBefore = touched.get(id);
        if (touchedBefore != null) {
          touched.put(id, new Touched(touchedBefore.tile(), true));
        }
      }
      if (next == Long.MAX_VALUE) {
        expiry.clear();
      } else {
        timer.set(new Instant(next));
        expiry.write(next);
      }
    }
  }

  /** A key (its bytes, compared by content) and tile start. */
  private record TileId(byte[] key, long start) {
    @Override
    public boolean equals(Object other) {
      return other instanceof TileId id && id.start == start && Arrays.equals(id.key, key);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(key) + Long.hashCode(start);
    }
  }

  /**
   * A tile's accumulator after the bundle's latest row of it, and whether its state was dropped
   * since (stale: the next row reads the state again instead of updating this accumulator).
   */
  private record Touched(TileAccumulator tile, boolean stale) {}
}
