package org.chrononbeam.transforms.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.kv.beam.KvStoreWrite;
import org.chrononbeam.kv.beam.PutBatches;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
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
 * PCollection<List<PutRequest>> puts = rowBatches.apply(
 *     TileUpdates.of(groupBy, projection.rowSchema()).writingTo("embedded:/tmp/kv"));
 * // or StreamingTilesWrite, without the puts as output
 * }</pre>
 *
 * <p>How: every row goes to a shard, the hash of its KV key modulo {@link #withShards shards}
 * ({@value #DEFAULT_SHARDS} by default); a bundle's rows of a shard travel to the keyed step as one
 * element ({@link TileChunk}, in the order they were read), so the runner's exchange and keyed
 * state are entered per shard and bundle, not per row. Per shard, a stateful {@code DoFn} keeps the
 * shard's tiles in one table in a {@code ValueState} ({@link ShardTiles}: per key bytes and tile
 * start {@code floor(ts, tile)}, the accumulator; an open-addressing lookup by a 64-bit hash), folds
 * each row into its tile's accumulator with the aggregator's own algebra ({@link TileCombineFn}:
 * {@code RowAggregator.update} and {@code merge}, the same IRs the backfill and upload build) and
 * puts the whole tile so far into {@code <NAME>_STREAMING} after every row, so that a fetch at any
 * time sees exactly the tile's rows before it (a write per bundle would hide a tile's earlier rows
 * from a fetch between them and the bundle's last row of the tile): key = the GroupBy's key bytes,
 * value = {@code TileCodec} Avro of {@code Tile(tileStart, irs)}, version = the latest event time
 * in the tile. That is what the fetcher reads when the GroupBy's customJson has {@code
 * "enable_tiling": true}: per tile start, the newest version before the query time. A tile's state
 * is dropped {@link #RETENTION_MILLIS} of event time after the tile's end, on the input's clock:
 * the rows' timestamps are the reader's (KafkaIO's processing time, not the events' {@code ts}), so
 * the tile expires at the row's timestamp plus what is left of the tile's retention at the row's
 * {@code ts} (the latest such time over its rows), and one timer per shard drops the shard's
 * expired tiles once the watermark passes the next grid time ({@link #dropTime}, at most an hour or
 * a tile later). An event-time timer at the tile's end would fire as soon as the reader's watermark
 * passes it, which for a replay of older events is at once, and the tile's next row would then
 * overwrite it without the rows before. A row of a dropped tile starts it again.
 *
 * <p>Restarts: tiles live in the runner's keyed state (per shard, a table of its keys' tiles), as in
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
 * alone, without their earlier rows. The state's layout (a table of tiles per shard, in a {@code
 * ValueState}) is not the one of the earlier layouts (per-key state, then a map of tiles per
 * shard): a savepoint of such a job does not restore into this one.
 *
 * <p>Rows with a null key column or {@code ts} are dropped and counted in {@value
 * #NULL_KEY_COUNT}. Tiled GroupBys are TEMPORAL with aggregations over events (Chronon's tiled
 * path has no mutations).
 */
public final class TileUpdates
    extends PTransform<PCollection<List<Object[]>>, PCollection<List<PutRequest>>> {

  /** The counter of rows dropped for a null key column or ts. */
  public static final String NULL_KEY_COUNT = "streamNullKeyRows";

  /**
   * How long after a tile's end its state is kept, in event time: the horizon over which the
   * fetcher adds streaming values to a batch upload ({@link
   * OnlineAggregator#DEFAULT_HORIZON_MILLIS}).
   */
  public static final long RETENTION_MILLIS = OnlineAggregator.DEFAULT_HORIZON_MILLIS;

  /** The customJson key that turns tiling on, for the writer and the fetcher alike. */
  public static final String ENABLE_TILING = "enable_tiling";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The shards the keyed step runs on unless {@link #withShards} says otherwise. */
  public static final int DEFAULT_SHARDS = 32;

  /** The coarsest step of the grid tile states are dropped on (see {@link #dropTime}). */
  static final long EXPIRY_GRID_MILLIS = 3_600_000L;

  private final ServingColumns columns;
  private final TileAlgebra algebra;
  private final int shards;
  private final @Nullable String kvSpec;

  private TileUpdates(
      ServingColumns columns, TileAlgebra algebra, int shards, @Nullable String kvSpec) {
    this.columns = columns;
    this.algebra = algebra;
    this.shards = shards;
    this.kvSpec = kvSpec;
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
    return new TileUpdates(
        columns, new TileAlgebra(groupBy, columns.inputSchema()), DEFAULT_SHARDS, null);
  }

  /**
   * Runs the keyed step on {@code shards} (> 0) shards: the keys of the runner's keyed state and
   * exchange, so the most parallel instances of that step that get work. Each bundle sends its
   * rows as one element per shard.
   */
  public TileUpdates withShards(int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be > 0, found " + shards);
    }
    return new TileUpdates(columns, algebra, shards, kvSpec);
  }

  /**
   * Also stores each put in the KV store {@code spec} names ({@code scheme:location}, see {@code
   * KvStores}), from the keyed step itself, before its bundle ends. A tile is put again at its
   * version as rows join it, so its puts must land in the order they are made: a shard's puts are
   * made by one keyed step at a time, each bundle's stored before the bundle ends ({@link
   * PutBatches#lastPutOfEachCellWins}), where a sink step of their own could store two bundles'
   * puts at once on some runners.
   *
   * @throws IllegalArgumentException if the spec has no scheme
   */
  public TileUpdates writingTo(String spec) {
    KvStoreWrite.to(spec);
    return new TileUpdates(columns, algebra, shards, spec);
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
  public PCollection<List<PutRequest>> expand(PCollection<List<Object[]>> rows) {
    List<Column> inputs = new ArrayList<>();
    for (int i = 0; i < columns.inputNames().size(); i++) {
      inputs.add(new Column(columns.inputNames().get(i), columns.inputTypes().get(i)));
    }
    ValuesCoder inputsCoder = ValuesCoder.of(RowSchema.of(inputs));
    return rows
        .apply("Shard", ParDo.of(new ShardFn(columns, inputsCoder, shards)))
        .setCoder(KvCoder.of(VarIntCoder.of(), new TileChunk.Coder(inputsCoder)))
        .apply("Tile",
            ParDo.of(new TileFn(algebra, KvLayout.streamingDataset(columns.name()), kvSpec)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", columns.name()).withLabel("GroupBy"))
        .add(DisplayData.item("dataset", KvLayout.streamingDataset(columns.name()))
            .withLabel("Dataset"))
        .add(DisplayData.item("tileMillis", algebra.tileMillis()).withLabel("Tile size (ms)"))
        .add(DisplayData.item("shards", shards).withLabel("Shards"))
        .addIfNotNull(DisplayData.item("kvStore", kvSpec).withLabel("KV store"));
  }

  /** The shard of key bytes, from 0 to {@code shards - 1}. */
  static int shardOf(byte[] key, int shards) {
    int hash = Arrays.hashCode(key) * 0x9E3779B9;
    return Math.floorMod(hash ^ (hash >>> 16), shards);
  }

  /**
   * When a tile whose state expires at {@code expires} is dropped: the expiry rounded up to the
   * grid of {@code max(tile, 1 hour)}, the times the shard's timer fires at.
   */
  static long dropTime(long expires, long tileMillis) {
    long grid = Math.max(tileMillis, EXPIRY_GRID_MILLIS);
    return Math.floorDiv(expires, grid) * grid + (Math.floorMod(expires, grid) == 0 ? 0 : grid);
  }

  /**
   * Batches of rows into one {@link TileChunk} per shard (the hash of the key bytes modulo the
   * shard count) and window, output at the end of the bundle with the earliest timestamp of their
   * rows.
   */
  private static final class ShardFn extends DoFn<List<Object[]>, KV<Integer, TileChunk>> {
    private static final int MIN_CHUNK_BYTES = 1_024;

    private final ServingColumns columns;
    private final int[] inputColumns;
    private final ValuesCoder inputs;
    private final int shards;
    private final Counter nullKeys = Metrics.counter(RowCounts.NAMESPACE, NULL_KEY_COUNT);
    private transient Map<BoundedWindow, TileChunk[]> open;
    /** Per shard the bytes of its last chunk: the next one's buffer starts that large. */
    private transient int[] lastChunkBytes;

    ShardFn(ServingColumns columns, ValuesCoder inputs, int shards) {
      this.columns = columns;
      this.inputColumns = columns.inputIndices();
      this.inputs = inputs;
      this.shards = shards;
    }

    @StartBundle
    public void startBundle() {
      open = new HashMap<>();
      if (lastChunkBytes == null) {
        lastChunkBytes = new int[shards];
      }
    }

    @ProcessElement
    public void process(
        @Element List<Object[]> rows, @Timestamp Instant timestamp, BoundedWindow window) {
      TileChunk[] chunks = open.computeIfAbsent(window, w -> new TileChunk[shards]);
      long dropped = 0;
      for (Object[] row : rows) {
        Long ts = columns.ts(row);
        byte[] key = columns.keyBytes(row);
        if (key == null || ts == null) {
          dropped++;
          continue;
        }
        int shard = shardOf(key, shards);
        if (chunks[shard] == null) {
          chunks[shard] = new TileChunk(inputs, Math.max(MIN_CHUNK_BYTES, lastChunkBytes[shard]));
        }
        chunks[shard].add(key, ts, timestamp.getMillis(), row, inputColumns);
      }
      if (dropped > 0) {
        nullKeys.inc(dropped);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<BoundedWindow, TileChunk[]> window : open.entrySet()) {
        TileChunk[] chunks = window.getValue();
        for (int shard = 0; shard < chunks.length; shard++) {
          if (chunks[shard] != null) {
            lastChunkBytes[shard] = chunks[shard].byteSize();
            context.output(KV.of(shard, chunks[shard]),
                new Instant(chunks[shard].earliestTimestamp()), window.getKey());
          }
        }
      }
      open.clear();
    }
  }

  /**
   * Keeps a shard's tiles in one {@link ValueState}, a {@link ShardTiles} table, folds
   * each chunk's rows into them with {@link TileCombineFn#addInput} in the chunk's order, puts the
   * tile after every row (a chunk's puts output as one list, in row order), and drops a tile's
   * state once the watermark passes its {@link #dropTime}: the grid time at or after its expiry,
   * the latest, over its rows, of the row's timestamp plus the retention left at its event time
   * (the tile's end plus {@link #RETENTION_MILLIS}, minus the row's {@code ts}).
   *
   * <p>State accesses: per chunk, the shard's table is read once and written once, and the expiry
   * state is read once if the chunk starts a tile; a row's tile is a lookup in that table. On
   * Flink's heap state backend (the runner's default) the table is the state's own object, so a
   * chunk costs two lookups in Flink's state table whatever its size; a backend that serializes
   * state (RocksDB) would read and write the whole shard per chunk. One timer per shard, not per
   * key or tile: it is set no later than the earliest drop time of the shard's tiles (kept in the
   * {@code expiry} state), so only a new tile dropped before it moves it; when it fires it drops
   * the tiles expired by then and is set again to the earliest drop time left. A tile's expiry
   * only moves later, so the timer is never late. It fires at most once per grid step of the
   * watermark, each time going over the shard's tiles.
   */
  private static final class TileFn extends DoFn<KV<Integer, TileChunk>, List<PutRequest>> {
    private final TileCombineFn combineFn;
    private final TileAlgebra algebra;
    private final long tileMillis;
    private final String dataset;
    private final @Nullable String kvSpec;
    private transient TileCodec.Encoder tileEncoder;
    private transient @Nullable KvStore store;
    private transient @Nullable PutBatches batches;

    @StateId("tiles")
    private final StateSpec<ValueState<ShardTiles>> tilesSpec;

    @StateId("expiry")
    private final StateSpec<ValueState<Long>> expirySpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("expiry")
    private final TimerSpec timerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    TileFn(TileAlgebra algebra, String dataset, @Nullable String kvSpec) {
      this.combineFn = new TileCombineFn(algebra);
      this.algebra = algebra;
      this.tileMillis = algebra.tileMillis();
      this.dataset = dataset;
      this.kvSpec = kvSpec;
      this.tilesSpec = StateSpecs.value(
          new ShardTiles.Coder(new TileCombineFn.TileAccumulatorCoder(algebra)));
    }

    @Setup
    public void setup() {
      tileEncoder = algebra.tileCodec().encoder();
      if (kvSpec != null) {
        store = KvStores.open(kvSpec);
      }
    }

    @StartBundle
    public void startBundle() {
      if (store != null) {
        batches = PutBatches.lastPutOfEachCellWins(store);
      }
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, TileChunk> element,
        @StateId("tiles") ValueState<ShardTiles> state,
        @StateId("expiry") ValueState<Long> expiry,
        @TimerId("expiry") Timer timer,
        OutputReceiver<List<PutRequest>> out) {
      TileChunk chunk = element.getValue();
      List<PutRequest> puts = new ArrayList<>(chunk.size());
      TileChunk.Rows rows = chunk.rows();
      ShardTiles read = state.read();
      ShardTiles tiles = read == null ? new ShardTiles() : read;
      long earliestNew = Long.MAX_VALUE;
      while (rows.next()) {
        long ts = rows.ts();
        long tileStart = Math.floorDiv(ts, tileMillis) * tileMillis;
        byte[] key = rows.key();
        long hash = ShardTiles.hash(key, tileStart);
        TileAccumulator current = tiles.get(key, tileStart, hash);
        boolean created = current == null;
        if (created) {
          current = combineFn.createAccumulator(key, tileStart);
          tiles.add(current, hash);
        }
        combineFn.addInput(current, ts, rows.inputs());
        long retained = tileStart + tileMillis + RETENTION_MILLIS - ts;
        long expires = rows.timestamp() + Math.max(retained, 0);
        current.expiresNoEarlierThan(expires);
        if (created) {
          earliestNew = Math.min(earliestNew, expires);
        }
        PutRequest put = new PutRequest(key, tileEncoder.encode(new Tile(tileStart,
            current.irs())), dataset, current.latestTs());
        puts.add(put);
        if (batches != null) {
          batches.add(put);
        }
      }
      out.output(puts);
      state.write(tiles);
      if (earliestNew != Long.MAX_VALUE) {
        long at = dropTime(earliestNew, tileMillis);
        Long set = expiry.read();
        if (set == null || at < set) {
          timer.set(new Instant(at));
          expiry.write(at);
        }
      }
    }

    @OnTimer("expiry")
    public void expire(
        OnTimerContext context,
        @StateId("tiles") ValueState<ShardTiles> state,
        @StateId("expiry") ValueState<Long> expiry,
        @TimerId("expiry") Timer timer) {
      ShardTiles tiles = state.read();
      if (tiles == null) {
        expiry.clear();
        return;
      }
      long next = tiles.removeExpired(context.fireTimestamp().getMillis());
      if (next == Long.MAX_VALUE) {
        state.clear();
        expiry.clear();
      } else {
        state.write(tiles);
        long at = dropTime(next, tileMillis);
        timer.set(new Instant(at));
        expiry.write(at);
      }
    }

    @FinishBundle
    public void finishBundle() {
      if (batches != null) {
        batches.finish();
      }
    }

    @Teardown
    public void teardown() {
      if (store != null) {
        store.close();
      }
    }
  }
}
