package org.chrononbeam.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.joda.time.Instant;

/**
 * Tiled streaming against two references over the same random events: the aggregator's own {@code
 * OnlineAggregator.tiles} and a brute-force loop (sum, count, max and version per key and tile).
 */
class TileUpdatesTest {

  private static final long FIVE_MINUTES = 300_000L;
  private static final long START = 1_700_006_400_000L;
  static final RowSchema ROWS = RowSchema.builder()
      .add("user_id", DataKind.LONG).add("amount", DataKind.DOUBLE).add("item", DataKind.STRING)
      .add("ts", DataKind.LONG).add("ds", DataKind.STRING).build();

  @TempDir Path root;

  /** SUM, COUNT, MAX of amount over 1h and 1d (tail hops 5 min and 1 h), LAST of item. */
  static GroupBy groupBy(String customJson) {
    List<Window> windows = List.of(new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.MAX)) {
      aggregations.add(new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("item").setOperation(Operation.LAST));
    Map<String, String> selects = new LinkedHashMap<>();
    for (String column : List.of("user_id", "amount", "item")) {
      selects.put(column, column);
    }
    return new GroupBy()
        .setMetaData(new MetaData().setName("team.purchases.v1").setCustomJson(customJson))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setTopic("purchases").setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(aggregations);
  }

  /**
   * Rows over 3 hours for 6 keys: whole-number amounts (sums are exact in any order), a tenth
   * null, some exactly on tile boundaries, a few null keys; timestamps unique per key.
   */
  static List<Object[]> rows(long seed, int count) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    Set<String> used = new HashSet<>();
    while (rows.size() < count) {
      Long key = random.nextInt(30) == 0 ? null : (long) random.nextInt(6);
      long ts = START + (random.nextInt(4) == 0
          ? random.nextInt(36) * FIVE_MINUTES + random.nextInt(3) - 1
          : random.nextInt(3 * 3_600_000));
      if (!used.add(key + "@" + ts)) {
        continue;
      }
      Double amount = random.nextInt(10) == 0 ? null : (double) random.nextInt(1000);
      rows.add(new Object[] {key, amount, "item" + random.nextInt(50), ts, "2023-11-15"});
    }
    return rows;
  }

  static final String TILED = "{\"enable_tiling\": true}";

  /**
   * The stored tiles of the rows (their newest version per tile) against the aggregator's tiles and
   * a brute-force loop, on the embedded store and on one that completes calls in a random order
   * ({@link JitteredKvStoreProvider}): a tile's last put must be the one kept.
   */
  @ParameterizedTest
  @ValueSource(strings = {"embedded", "jittered"})
  void storedTilesMatchTheAggregatorsTilesAndABruteForceLoop(String scheme) throws Exception {
    GroupBy groupBy = groupBy(TILED);
    List<Object[]> rows = rows(7L, 600);
    String spec = scheme + ":" + root.resolve("kv");
    String dataset = KvLayout.streamingDataset("team.purchases.v1");
    try (KvStore store = KvStores.open(spec)) {
      store.create(dataset);
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionList<Object[]> slices = PCollectionList.empty(p);
    int slice = rows.size() / 8;
    for (int from = 0; from < rows.size(); from += slice) {
      slices = slices.and(p.apply("Rows from " + from,
          Create.of(rows.subList(from, Math.min(from + slice, rows.size())))
              .withCoder(ValuesCoder.of(ROWS))));
    }
    slices.apply(Flatten.pCollections()).apply(batches())
        .apply(StreamingTilesWrite.of(groupBy, ROWS).withKvStore(spec));
    p.run().waitUntilFinish();

    ServingColumns columns = ServingColumns.of(groupBy, ROWS);
    WindowedAggregation aggregation = WindowedAggregation.of(
        columns.inputSchema(), groupBy.getAggregations(), Accuracy.TEMPORAL, false);
    OnlineAggregator online = new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    assertEquals(FIVE_MINUTES, online.tileMillis());
    TileCodec codec = new TileCodec(aggregation.rows());
    Map<Long, List<Object[]>> byKey = new TreeMap<>();
    for (Object[] row : rows) {
      if (row[0] != null) {
        byKey.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add(row);
      }
    }
    int tilesChecked = 0;
    try (KvStore store = KvStores.open(spec)) {
      for (Map.Entry<Long, List<Object[]>> key : byKey.entrySet()) {
        List<Object[]> events = key.getValue();
        byte[] keyBytes = columns.keyBytes(events.get(0));
        List<TimedValue> versions = store.multiGet(List.of(GetRequest.since(keyBytes, dataset, 0)))
            .join().get(0).values();
        Map<Long, Tile> newest = new HashMap<>();
        Map<Long, Long> newestVersion = new HashMap<>();
        for (TimedValue version : versions) {
          Tile tile = codec.decode(version.bytes());
          if (version.millis() > newestVersion.getOrDefault(tile.start(), Long.MIN_VALUE)) {
            newest.put(tile.start(), tile);
            newestVersion.put(tile.start(), version.millis());
          }
        }
        List<ArrayRow> sorted = events.stream()
            .sorted(Comparator.comparingLong(r -> (Long) r[3]))
            .map(r -> ArrayRow.of((Long) r[3], columns.inputValues(r)))
            .toList();
        List<Tile> expected = online.tiles(sorted);
        assertEquals(expected.size(), newest.size(), "tiles of key " + key.getKey());
        for (Tile tile : expected) {
          assertEquals(
              Arrays.asList(aggregation.rows().finalize(tile.irs())),
              Arrays.asList(aggregation.rows().finalize(newest.get(tile.start()).irs())),
              "key " + key.getKey() + " tile " + tile.start());
        }
        for (Map.Entry<Long, long[]> naive : naiveTiles(events).entrySet()) {
          long start = naive.getKey();
          long[] sumCountMaxVersion = naive.getValue();
          Object[] values = aggregation.rows().finalize(newest.get(start).irs());
          assertEquals(sumCountMaxVersion[1] == 0 ? null : (double) sumCountMaxVersion[0], values[0]);
          assertEquals(sumCountMaxVersion[1] == 0 ? null : sumCountMaxVersion[1], values[1]);
          assertEquals(sumCountMaxVersion[1] == 0 ? null : (double) sumCountMaxVersion[2], values[2]);
          assertEquals(sumCountMaxVersion[3], newestVersion.get(start));
          tilesChecked++;
        }
        assertTrue(versions.stream().allMatch(v -> Math.floorDiv(v.millis(), FIVE_MINUTES) * FIVE_MINUTES
            == codec.decode(v.bytes()).start()), "a tile's versions fall in the tile");
      }
    }
    assertTrue(tilesChecked > 150, "tiles checked: " + tilesChecked);
  }

  /** Per tile start: {sum, count, max} of the non-null amounts and the latest ts. */
  private static Map<Long, long[]> naiveTiles(List<Object[]> events) {
    Map<Long, long[]> tiles = new TreeMap<>();
    for (Object[] row : events) {
      long ts = (Long) row[3];
      long start = Math.floorDiv(ts, FIVE_MINUTES) * FIVE_MINUTES;
      long[] t = tiles.computeIfAbsent(start, s -> new long[] {0, 0, Long.MIN_VALUE, Long.MIN_VALUE});
      if (row[1] != null) {
        long amount = ((Double) row[1]).longValue();
        t[0] += amount;
        t[1]++;
        t[2] = Math.max(t[2], amount);
      }
      t[3] = Math.max(t[3], ts);
    }
    return tiles;
  }

  @Test
  void theCombineFnMergesLikeOnePass() {
    GroupBy groupBy = groupBy(TILED);
    ServingColumns columns = ServingColumns.of(groupBy, ROWS);
    TileAlgebra algebra = new TileAlgebra(groupBy, columns.inputSchema());
    List<KV<Long, Object[]>> inputs = new ArrayList<>();
    for (Object[] row : rows(11L, 200)) {
      inputs.add(KV.of((Long) row[3], columns.inputValues(row)));
    }
    Object[] expected = algebra.rows().newIrs();
    long latest = Long.MIN_VALUE;
    for (KV<Long, Object[]> input : inputs) {
      algebra.rows().update(expected, ArrayRow.of(input.getKey(), input.getValue()));
      latest = Math.max(latest, input.getKey());
    }
    List<Object> expectedValues = Arrays.asList(algebra.rows().finalize(expected));
    long expectedLatest = latest;
    CombineFnTester.testCombineFn(new TileCombineFn(algebra), inputs,
        new BaseMatcher<TileAccumulator>() {
          @Override
          public boolean matches(Object actual) {
            TileAccumulator tile = (TileAccumulator) actual;
            return tile.latestTs() == expectedLatest
                && expectedValues.equals(Arrays.asList(algebra.rows().finalize(tile.irs())));
          }

          @Override
          public void describeTo(Description description) {
            description.appendText(expectedValues + " at " + expectedLatest);
          }
        });
  }

  /**
   * Row timestamps are the reader's clock: equal to the events' times, or (a replay of old events)
   * years after them. Either way a tile keeps its state while the watermark is before its drop
   * time (the tile's retention on the rows' clock, rounded up to the drop grid), and drops it
   * after.
   */
  @ParameterizedTest
  @ValueSource(longs = {0L, 3 * 365 * 86_400_000L})
  void aTilesStateIsDroppedOnceTheWatermarkPassesItsRetention(long lag) {
    GroupBy groupBy = groupBy(TILED);
    TileUpdates tiles = TileUpdates.of(groupBy, ROWS);
    TileAlgebra algebra = new TileAlgebra(groupBy, ServingColumns.of(groupBy, ROWS).inputSchema());
    long tileEnd = START + FIVE_MINUTES;
    long dropped = TileUpdates.dropTime(tileEnd + TileUpdates.RETENTION_MILLIS + lag, FIVE_MINUTES);
    TestStream<Object[]> stream = TestStream.create(ValuesCoder.of(ROWS))
        .addElements(row(10.0, START + 1, lag))
        .addElements(row(20.0, START + 2, lag))
        .advanceWatermarkTo(new Instant(dropped - 1))
        .addElements(row(5.0, START + 3, lag))
        .advanceWatermarkTo(new Instant(dropped + 1))
        .addElements(row(7.0, START + 4, lag))
        .advanceWatermarkToInfinity();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PAssert.that(p.apply(stream).apply(batches()).apply(tiles).apply(Flatten.iterables()).apply(MapElements.into(TypeDescriptors.strings())
            .via((PutRequest put) -> put.tsMillis() - START + " "
                + algebra.rows().finalize(algebra.tileCodec().decode(put.valueBytes()).irs())[0])))
        .containsInAnyOrder("1 10.0", "2 30.0", "3 35.0", "4 7.0");
    p.run().waitUntilFinish();
  }

  /**
   * A tile's state is read once per bundle and kept in memory between its rows: over random rows
   * arriving in batches (each a bundle), there is one write per row, and the last write of every
   * tile holds what the naive reference (folding the rows one by one with the same algebra) ends
   * with, at the same version.
   */
  @Test
  void aWritePerRowEndsInTheNaiveFoldOfEachTile() {
    GroupBy groupBy = groupBy(TILED);
    ServingColumns columns = ServingColumns.of(groupBy, ROWS);
    TileAlgebra algebra = new TileAlgebra(groupBy, columns.inputSchema());
    TileCombineFn fn = new TileCombineFn(algebra);
    List<Object[]> rows = rows(11L, 800);
    Random random = new Random(12L);
    TestStream.Builder<Object[]> stream = TestStream.create(ValuesCoder.of(ROWS));
    Map<String, TileAccumulator> naive = new TreeMap<>();
    int keyed = 0;
    for (int from = 0; from < rows.size(); ) {
      int to = Math.min(rows.size(), from + 1 + random.nextInt(60));
      List<TimestampedValue<Object[]>> batch = new ArrayList<>();
      for (Object[] row : rows.subList(from, to)) {
        batch.add(TimestampedValue.of(row, new Instant(START)));
        byte[] key = columns.keyBytes(row);
        if (key != null) {
          keyed++;
          long ts = (Long) row[3];
          String tile = HexFormat.of().formatHex(key) + "@" + Math.floorDiv(ts, FIVE_MINUTES) * FIVE_MINUTES;
          naive.put(tile, fn.addInput(naive.getOrDefault(tile, fn.createAccumulator()),
              KV.of(ts, columns.inputValues(row))));
        }
      }
      stream = stream.addElements(batch.get(0), batch.subList(1, batch.size()).toArray(TimestampedValue[]::new));
      from = to;
    }
    Map<String, String> expected = new TreeMap<>();
    naive.forEach((tile, acc) -> expected.put(tile,
        acc.latestTs() + " " + Arrays.asList(algebra.rows().finalize(acc.irs()))));
    int rowsWithKeys = keyed;

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PAssert.that(p.apply(stream.advanceWatermarkToInfinity()).apply(batches())
            .apply(TileUpdates.of(groupBy, ROWS)).apply(Flatten.iterables()))
        .satisfies(puts -> {
          Map<String, PutRequest> last = new TreeMap<>();
          int count = 0;
          for (PutRequest put : puts) {
            count++;
            String tile = HexFormat.of().formatHex(put.keyBytes()) + "@"
                + algebra.tileCodec().decode(put.valueBytes()).start();
            PutRequest before = last.get(tile);
            if (before == null || put.tsMillis() >= before.tsMillis()) {
              last.put(tile, put);
            }
          }
          Map<String, String> actual = new TreeMap<>();
          last.forEach((tile, put) -> actual.put(tile, put.tsMillis() + " " + Arrays.asList(
              algebra.rows().finalize(algebra.tileCodec().decode(put.valueBytes()).irs()))));
          assertEquals(expected, actual);
          assertEquals(rowsWithKeys, count, "writes");
          return null;
        });
    p.run().waitUntilFinish();
  }

  /**
   * Expiry against a naive reference with a timer per tile: random rows of 6 keys over many tiles,
   * timestamped 0, 4 or 10 hours after their event time (so a key's new tile may expire before its
   * older ones), in batches with no tile twice, the watermark advancing after each batch through
   * the retention. The reference drops every tile whose drop time (its expiry, the latest over its
   * rows of the row's timestamp plus the retention left at its event time, rounded up to the grid)
   * the watermark passed; each row's
   * put must hold the reference's tile after that row.
   */
  @Test
  void tilesExpireAsWithATimerPerTile() {
    GroupBy groupBy = groupBy(TILED);
    ServingColumns columns = ServingColumns.of(groupBy, ROWS);
    TileAlgebra algebra = new TileAlgebra(groupBy, columns.inputSchema());
    TileCombineFn fn = new TileCombineFn(algebra);
    List<Object[]> rows = rows(21L, 1500);
    Random random = new Random(22L);
    long[] lags = {0L, 4 * 3_600_000L, 10 * 3_600_000L};
    int batches = 40;
    long step = (3 * 3_600_000L + TileUpdates.RETENTION_MILLIS + lags[2]) / (batches - 10) / 2 * 2;
    Map<String, TileAccumulator> tiles = new HashMap<>();
    Map<String, Long> expiries = new HashMap<>();
    Set<String> expired = new HashSet<>();
    int restarted = 0;
    List<String> expected = new ArrayList<>();
    TestStream.Builder<Object[]> stream = TestStream.create(ValuesCoder.of(ROWS));
    int next = 0;
    for (int b = 0; next < rows.size(); b++) {
      List<TimestampedValue<Object[]>> batch = new ArrayList<>();
      Set<String> inBatch = new HashSet<>();
      int size = 1 + random.nextInt(2 * rows.size() / batches);
      for (; next < rows.size() && batch.size() < size; next++) {
        Object[] row = rows.get(next);
        long ts = (Long) row[3];
        long timestamp = ts + lags[random.nextInt(lags.length)];
        byte[] key = columns.keyBytes(row);
        long tileStart = Math.floorDiv(ts, FIVE_MINUTES) * FIVE_MINUTES;
        String tile = key == null ? null : HexFormat.of().formatHex(key) + "@" + tileStart;
        if (tile != null && !inBatch.add(tile)) {
          break;
        }
        batch.add(TimestampedValue.of(row, new Instant(timestamp)));
        if (tile != null) {
          if (expired.contains(tile) && !tiles.containsKey(tile)) {
            restarted++;
          }
          TileAccumulator acc = fn.addInput(tiles.getOrDefault(tile, fn.createAccumulator()),
              KV.of(ts, columns.inputValues(row)));
          tiles.put(tile, acc);
          long retained = tileStart + FIVE_MINUTES + TileUpdates.RETENTION_MILLIS - ts;
          expiries.merge(tile,
              TileUpdates.dropTime(timestamp + Math.max(retained, 0), FIVE_MINUTES), Math::max);
          expected.add(tile + " " + acc.latestTs() + " "
              + Arrays.asList(algebra.rows().finalize(acc.irs())));
        }
      }
      if (!batch.isEmpty()) {
        stream = stream.addElements(
            batch.get(0), batch.subList(1, batch.size()).toArray(TimestampedValue[]::new));
      }
      // Odd, while every expiry is even (even lags and tile ends): never equal to one.
      long watermark = START + (b + 1) * step + 1;
      stream = stream.advanceWatermarkTo(new Instant(watermark));
      expiries.entrySet().removeIf(e -> {
        boolean drop = e.getValue() < watermark;
        if (drop) {
          tiles.remove(e.getKey());
          expired.add(e.getKey());
        }
        return drop;
      });
    }
    assertTrue(expected.size() > 1000 && restarted > 10,
        "rows with keys: " + expected.size() + ", of expired tiles: " + restarted);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PAssert.that(p.apply(stream.advanceWatermarkToInfinity()).apply(batches())
            .apply(TileUpdates.of(groupBy, ROWS))
            .apply(Flatten.iterables())
            .apply(shown(algebra)))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /**
   * Many keys over few shards, against a naive fold per row: random rows of 400 keys (out of order
   * in time, a tenth of the amounts null, some exactly on tile edges, a few null keys) arrive as
   * random lists in random batches; each row's put must hold the reference's tile after that row
   * (every earlier row of its tile, in arrival order), at the same version.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, TileUpdates.DEFAULT_SHARDS})
  void everyPutHoldsTheNaiveFoldOfItsTileOverManyKeys(int shards) {
    GroupBy groupBy = groupBy(TILED);
    ServingColumns columns = ServingColumns.of(groupBy, ROWS);
    TileAlgebra algebra = new TileAlgebra(groupBy, columns.inputSchema());
    TileCombineFn fn = new TileCombineFn(algebra);
    Random random = new Random(31L + shards);
    Map<String, TileAccumulator> naive = new HashMap<>();
    List<String> expected = new ArrayList<>();
    TestStream.Builder<List<Object[]>> stream =
        TestStream.create(ListCoder.of(ValuesCoder.of(ROWS)));
    for (int batch = 0; batch < 30; batch++) {
      List<TimestampedValue<List<Object[]>>> lists = new ArrayList<>();
      for (int l = 1 + random.nextInt(4); l > 0; l--) {
        List<Object[]> rows = new ArrayList<>();
        for (int r = random.nextInt(60); r > 0; r--) {
          Long key = random.nextInt(30) == 0 ? null : (long) random.nextInt(400);
          long ts = START + (random.nextInt(4) == 0
              ? random.nextInt(36) * FIVE_MINUTES + random.nextInt(3) - 1
              : random.nextInt(3 * 3_600_000));
          Double amount = random.nextInt(10) == 0 ? null : (double) random.nextInt(1000);
          Object[] row = {key, amount, "item" + random.nextInt(50), ts, "2023-11-15"};
          rows.add(row);
          if (key != null) {
            String tile = HexFormat.of().formatHex(columns.keyBytes(row)) + "@"
                + Math.floorDiv(ts, FIVE_MINUTES) * FIVE_MINUTES;
            TileAccumulator acc = fn.addInput(naive.getOrDefault(tile, fn.createAccumulator()),
                KV.of(ts, columns.inputValues(row)));
            naive.put(tile, acc);
            expected.add(tile + " " + acc.latestTs() + " "
                + Arrays.asList(algebra.rows().finalize(acc.irs())));
          }
        }
        lists.add(TimestampedValue.of(rows, new Instant(START)));
      }
      stream = stream.addElements(
          lists.get(0), lists.subList(1, lists.size()).toArray(TimestampedValue[]::new));
    }
    assertTrue(expected.size() > 1500 && naive.size() > 1000,
        "puts: " + expected.size() + ", tiles: " + naive.size());

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PAssert.that(p.apply(stream.advanceWatermarkToInfinity())
            .apply(TileUpdates.of(groupBy, ROWS).withShards(shards))
            .apply(Flatten.iterables())
            .apply(shown(algebra)))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /** Each put as "key@tile start version [finalized values]". */
  static MapElements<PutRequest, String> shown(TileAlgebra algebra) {
    return MapElements.into(TypeDescriptors.strings()).via((PutRequest put) -> {
      Tile tile = algebra.tileCodec().decode(put.valueBytes());
      return HexFormat.of().formatHex(put.keyBytes()) + "@" + tile.start() + " "
          + put.tsMillis() + " " + Arrays.asList(algebra.rows().finalize(tile.irs()));
    });
  }

  /** Each row as a batch of its own, as a batched {@code StreamingProjection} outputs rows. */
  static PTransform<PCollection<Object[]>, PCollection<List<Object[]>>> batches() {
    return new PTransform<>() {
      @Override
      public PCollection<List<Object[]>> expand(PCollection<Object[]> rows) {
        return rows
            .apply(MapElements.into(new TypeDescriptor<List<Object[]>>() {}).via(row -> List.<Object[]>of(row)))
            .setCoder(ListCoder.of(ValuesCoder.of(ROWS)));
      }
    };
  }

  /** A row of key 1 with {@code amount} at event time {@code ts}, timestamped {@code lag} later. */
  private static TimestampedValue<Object[]> row(double amount, long ts, long lag) {
    return TimestampedValue.of(new Object[] {1L, amount, "i", ts, "d"}, new Instant(ts + lag));
  }

  @Test
  void onlyTiledTemporalGroupBysWithAggregationsAreAccepted() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TileUpdates.of(groupBy("{\"lag\": 0}"), ROWS)).getMessage().contains("enable_tiling"));
    GroupBy snapshot = groupBy(TILED).setAccuracy(Accuracy.SNAPSHOT);
    snapshot.getAggregations().forEach(a -> a.setWindows(List.of(new Window(1, TimeUnit.DAYS))));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TileUpdates.of(snapshot, ROWS)).getMessage().contains("not TEMPORAL"));
    assertThrows(IllegalStateException.class, () -> Pipeline.create().apply(Create.of(rows(1L, 1))
        .withCoder(ValuesCoder.of(ROWS))).apply(batches())
        .apply(StreamingTilesWrite.of(groupBy(TILED), ROWS)));
    assertEquals(FIVE_MINUTES, TileUpdates.of(groupBy(TILED), ROWS).tileMillis());
  }

  @Test
  void accumulatorsRoundTripThroughTheirCoder() throws Exception {
    GroupBy groupBy = groupBy(TILED);
    TileAlgebra algebra = new TileAlgebra(groupBy, ServingColumns.of(groupBy, ROWS).inputSchema());
    TileCombineFn fn = new TileCombineFn(algebra);
    TileAccumulator tile = fn.addInput(fn.createAccumulator(), KV.of(5L, new Object[] {3.0, "x"}));
    tile.expiresNoEarlierThan(1_700_000_000_000L);
    TileAccumulator back = org.apache.beam.sdk.util.CoderUtils.clone(
        new TileCombineFn.TileAccumulatorCoder(algebra), tile);
    assertEquals(5L, back.latestTs());
    assertEquals(1_700_000_000_000L, back.expires());
    assertEquals(Arrays.asList(algebra.rows().finalize(tile.irs())),
        Arrays.asList(algebra.rows().finalize(back.irs())));
  }
}
