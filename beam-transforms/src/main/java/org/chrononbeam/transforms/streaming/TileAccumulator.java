package org.chrononbeam.transforms.streaming;

/**
 * The state of one key's tile while it fills: the row IR of its events so far, the latest event
 * time among them ({@link Long#MIN_VALUE} while empty), which is the version the tile is written
 * at, and when its state expires; for one of a shard's tiles ({@link ShardTiles}), also which tile
 * it is (key bytes and tile start). Mutable; owned by the {@link TileCombineFn} that made it.
 */
final class TileAccumulator {

  private final byte[] key;
  private final long start;
  private final Object[] irs;
  private long latestTs;
  private long expires;

  /** An accumulator of no particular tile ({@link #key} null), as a {@code CombineFn}'s. */
  TileAccumulator(Object[] irs, long latestTs, long expires) {
    this(null, 0, irs, latestTs, expires);
  }

  /** The accumulator of the tile of {@code key} that starts at {@code start}. */
  TileAccumulator(byte[] key, long start, Object[] irs, long latestTs, long expires) {
    this.key = key;
    this.start = start;
    this.irs = irs;
    this.latestTs = latestTs;
    this.expires = expires;
  }

  /** The tile's key bytes; null for an accumulator of no particular tile. */
  byte[] key() {
    return key;
  }

  /** The tile's start, epoch ms (0 for an accumulator of no particular tile). */
  long start() {
    return start;
  }

  /** The row IR, one element per aggregation column. */
  Object[] irs() {
    return irs;
  }

  /** The latest event time in the tile, epoch ms; {@link Long#MIN_VALUE} when empty. */
  long latestTs() {
    return latestTs;
  }

  void seen(long ts) {
    latestTs = Math.max(latestTs, ts);
  }

  /**
   * When {@link TileUpdates} may drop the tile's state, epoch ms of the input's clock ({@link
   * Long#MIN_VALUE} until set).
   */
  long expires() {
    return expires;
  }

  void expiresNoEarlierThan(long millis) {
    expires = Math.max(expires, millis);
  }
}
