package org.chrononbeam.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.junit.jupiter.api.Test;

/** {@link ShardTiles} against a {@code HashMap} keyed by the tile's key bytes and start. */
class ShardTilesTest {

  private static final TileAlgebra ALGEBRA = algebra();

  private static TileAlgebra algebra() {
    GroupBy groupBy = TileUpdatesTest.groupBy(TileUpdatesTest.TILED);
    return new TileAlgebra(
        groupBy, ServingColumns.of(groupBy, TileUpdatesTest.ROWS).inputSchema());
  }

  private static String naiveKey(byte[] key, long start) {
    return HexFormat.of().formatHex(key) + "@" + start;
  }

  /**
   * Keys of 1 to 6 bytes over 3 values (so many share prefixes and lengths), few starts (negative,
   * zero, the extremes): lookups, adds, expiry and coder round trips, checked after every step.
   */
  @Test
  void findsAddsAndExpiresTheTilesAHashMapDoes() throws Exception {
    long[] starts = {Long.MIN_VALUE, -300_000L, 0L, 300_000L, 1_700_000_100_000L, Long.MAX_VALUE};
    ShardTiles.Coder coder = new ShardTiles.Coder(new TileCombineFn.TileAccumulatorCoder(ALGEBRA));
    TileCombineFn fn = new TileCombineFn(ALGEBRA);
    for (int round = 0; round < 20; round++) {
      Random random = new Random(round);
      ShardTiles tiles = new ShardTiles();
      Map<String, TileAccumulator> naive = new HashMap<>();
      for (int step = 0; step < 3_000; step++) {
        byte[] key = new byte[1 + random.nextInt(6)];
        for (int i = 0; i < key.length; i++) {
          key[i] = (byte) (random.nextInt(3) - 1);
        }
        long start = starts[random.nextInt(starts.length)];
        byte[] copy = Arrays.copyOf(key, key.length);
        TileAccumulator found = tiles.get(copy, start, ShardTiles.hash(copy, start));
        TileAccumulator expected = naive.get(naiveKey(key, start));
        assertSame(expected, found, "round " + round + ", step " + step);
        if (found == null) {
          TileAccumulator tile = fn.createAccumulator(key, start);
          tile.expiresNoEarlierThan(random.nextInt(1_000));
          tiles.add(tile, ShardTiles.hash(key, start));
          naive.put(naiveKey(key, start), tile);
        } else {
          fn.addInput(found, KV.of((long) step, new Object[] {1.0 * step, "i" + step}));
          found.expiresNoEarlierThan(found.expires() + random.nextInt(100));
        }
        if (random.nextInt(500) == 0) {
          long now = random.nextInt(1_100);
          naive.values().removeIf(tile -> tile.expires() <= now);
          long next = naive.values().stream()
              .mapToLong(TileAccumulator::expires).min().orElse(Long.MAX_VALUE);
          assertEquals(next, tiles.removeExpired(now), "round " + round + ", step " + step);
        }
        if (random.nextInt(1_000) == 0) {
          tiles = checkedRoundTrip(coder, tiles, naive);
        }
        assertEquals(naive.size(), tiles.size());
      }
      for (TileAccumulator tile : naive.values()) {
        long hash = ShardTiles.hash(tile.key(), tile.start());
        assertSame(tile, tiles.get(tile.key(), tile.start(), hash));
      }
    }
  }

  /**
   * Decodes the encoded {@code tiles}, checks it holds {@code naive}'s tiles, puts the decoded ones
   * in {@code naive} in their place, and returns it.
   */
  private static ShardTiles checkedRoundTrip(
      ShardTiles.Coder coder, ShardTiles tiles, Map<String, TileAccumulator> naive)
      throws Exception {
    ShardTiles back = CoderUtils.clone(coder, tiles);
    assertEquals(naive.size(), back.size());
    for (Map.Entry<String, TileAccumulator> entry : naive.entrySet()) {
      TileAccumulator tile = entry.getValue();
      TileAccumulator read =
          back.get(tile.key(), tile.start(), ShardTiles.hash(tile.key(), tile.start()));
      assertNotNull(read, naiveKey(tile.key(), tile.start()));
      assertArrayEquals(tile.key(), read.key());
      assertEquals(tile.start(), read.start());
      assertEquals(tile.latestTs(), read.latestTs());
      assertEquals(tile.expires(), read.expires());
      assertEquals(Arrays.asList(ALGEBRA.rows().finalize(tile.irs())),
          Arrays.asList(ALGEBRA.rows().finalize(read.irs())));
      entry.setValue(read);
    }
    return back;
  }

  @Test
  void anEmptyShardRoundTripsAndExpiresToNothing() throws Exception {
    ShardTiles.Coder coder = new ShardTiles.Coder(new TileCombineFn.TileAccumulatorCoder(ALGEBRA));
    ShardTiles empty = CoderUtils.clone(coder, new ShardTiles());
    assertEquals(0, empty.size());
    assertEquals(Long.MAX_VALUE, empty.removeExpired(0));
    assertNull(empty.get(new byte[] {1}, 0, ShardTiles.hash(new byte[] {1}, 0)));
  }
}
