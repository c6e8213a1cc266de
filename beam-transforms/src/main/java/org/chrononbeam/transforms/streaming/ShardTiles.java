package org.chrononbeam.transforms.streaming;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * The tiles of one shard of {@link TileUpdates}: each tile's accumulator ({@link
 * TileAccumulator#key} and {@link TileAccumulator#start} say which tile it is) in an
 * open-addressing table of 64-bit hashes of (key bytes, tile start), probed linearly. A lookup reads the hash
 * array, then the accumulator it finds and its key, where a {@code HashMap} of tile keys reads a
 * table, an entry, the key object and its bytes: with some 100K tiles a shard's map is far larger
 * than the caches, so each of those reads is a miss.
 */
final class ShardTiles {

  private static final int MIN_CAPACITY = 16;

  /** Per slot the hash of its tile ({@link #hash}, never 0), or 0 for a free slot. */
  private long[] hashes;

  private TileAccumulator[] tiles;
  private int size;

  ShardTiles() {
    this(0);
  }

  private ShardTiles(int expected) {
    int capacity = capacityFor(expected);
    hashes = new long[capacity];
    tiles = new TileAccumulator[capacity];
  }

  /** The hash of the tile of {@code key} that starts at {@code start}: never 0. */
  static long hash(byte[] key, long start) {
    long h = start * 0x9E3779B97F4A7C15L;
    for (byte b : key) {
      h = (h ^ b) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  /** The tile of {@code key} that starts at {@code start}, of hash {@code hash}; null if absent. */
  TileAccumulator get(byte[] key, long start, long hash) {
    int mask = hashes.length - 1;
    for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
      long h = hashes[slot];
      if (h == 0) {
        return null;
      }
      if (h == hash) {
        TileAccumulator tile = tiles[slot];
        if (tile.start() == start && Arrays.equals(tile.key(), key)) {
          return tile;
        }
      }
    }
  }

  /** Adds {@code tile}, of hash {@code hash}, which must not be here yet. */
  void add(TileAccumulator tile, long hash) {
    if ((size + 1) * 3L > hashes.length * 2L) {
      resize(hashes.length * 2);
    }
    insert(tile, hash);
    size++;
  }

  int size() {
    return size;
  }

  /**
   * Removes the tiles that expire at or before {@code now}, and returns the earliest expiry of
   * those left ({@link Long#MAX_VALUE} if none is).
   */
  long removeExpired(long now) {
    long[] oldHashes = hashes;
    TileAccumulator[] oldTiles = tiles;
    int left = 0;
    long next = Long.MAX_VALUE;
    for (TileAccumulator tile : oldTiles) {
      if (tile != null && tile.expires() > now) {
        left++;
        next = Math.min(next, tile.expires());
      }
    }
    hashes = new long[capacityFor(left)];
    tiles = new TileAccumulator[hashes.length];
    size = left;
    for (int slot = 0; slot < oldHashes.length; slot++) {
      if (oldHashes[slot] != 0 && oldTiles[slot].expires() > now) {
        insert(oldTiles[slot], oldHashes[slot]);
      }
    }
    return next;
  }

  /** The table size (a power of two) that holds {@code tiles} at most two thirds full. */
  private static int capacityFor(int tiles) {
    int capacity = MIN_CAPACITY;
    while (tiles * 3L > capacity * 2L) {
      capacity *= 2;
    }
    return capacity;
  }

  private void resize(int capacity) {
    long[] oldHashes = hashes;
    TileAccumulator[] oldTiles = tiles;
    hashes = new long[capacity];
    tiles = new TileAccumulator[capacity];
    for (int slot = 0; slot < oldHashes.length; slot++) {
      if (oldHashes[slot] != 0) {
        insert(oldTiles[slot], oldHashes[slot]);
      }
    }
  }

  private void insert(TileAccumulator tile, long hash) {
    int mask = hashes.length - 1;
    int slot = (int) hash & mask;
    while (hashes[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    hashes[slot] = hash;
    tiles[slot] = tile;
  }

  /**
   * A shard's tiles as their count, then per tile its key's length and bytes, its start, and its
   * accumulator ({@link TileCombineFn.TileAccumulatorCoder}).
   */
  static final class Coder extends CustomCoder<ShardTiles> {
    private static final long serialVersionUID = 1L;

    private final TileCombineFn.TileAccumulatorCoder accumulators;

    Coder(TileCombineFn.TileAccumulatorCoder accumulators) {
      this.accumulators = accumulators;
    }

    @Override
    public void encode(ShardTiles shard, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(shard.size);
      for (TileAccumulator tile : shard.tiles) {
        if (tile != null) {
          out.writeInt(tile.key().length);
          out.write(tile.key());
          out.writeLong(tile.start());
          accumulators.encode(tile, outStream);
        }
      }
      out.flush();
    }

    @Override
    public ShardTiles decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      int size = in.readInt();
      ShardTiles shard = new ShardTiles(size);
      for (int i = 0; i < size; i++) {
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        long start = in.readLong();
        TileAccumulator read = accumulators.decode(inStream);
        TileAccumulator tile =
            new TileAccumulator(key, start, read.irs(), read.latestTs(), read.expires());
        shard.add(tile, hash(key, start));
      }
      return shard;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Coder coder && coder.accumulators.equals(accumulators);
    }

    @Override
    public int hashCode() {
      return accumulators.hashCode();
    }
  }
}
