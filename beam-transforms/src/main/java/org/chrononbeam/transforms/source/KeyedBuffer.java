package org.chrononbeam.transforms.source;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.RowSchema;

/**
 * Rows packed per key into {@link RowChunk}s, the buffer of {@link KeyedChunks}: the key is {@link
 * KeyBytes} of the key columns, rows with a null key column go under {@link KeyedChunks#NULL_KEY}
 * or are dropped. When the key is one integral column (the usual case: a user or item id), rows
 * are found by the column's {@code long} value in an open-addressing table, without encoding the
 * key bytes or hashing them per row; the bytes are made once per key, when the chunks are taken.
 */
final class KeyedBuffer {

  private final RowChunk empty;
  private final int[] keyIndices;
  private final boolean keepNullKeys;
  /** The one key column when it is integral, else -1. */
  private final int integralKey;

  private final Map<ByteBuffer, RowChunk> byBytes = new HashMap<>();
  private long[] keys;
  private RowChunk[] chunks;
  private int keyCount;
  private int rows;

  KeyedBuffer(RowChunk empty, int[] keyIndices, boolean keepNullKeys) {
    this.empty = empty;
    this.keyIndices = keyIndices;
    this.keepNullKeys = keepNullKeys;
    this.integralKey =
        keyIndices.length == 1 && isIntegral(empty.schema(), keyIndices[0]) ? keyIndices[0] : -1;
    clearTable(16);
  }

  /** Adds {@code row} to its key's chunk; a row with a null key column is dropped unless kept. */
  void add(Object[] row) {
    if (integralKey >= 0) {
      Object value = row[integralKey];
      if (KeyBytes.isIntegral(value)) {
        chunkOf(((Number) value).longValue()).add(row);
        rows++;
        return;
      }
    }
    byte[] key = KeyBytes.of(row, keyIndices);
    if (key == null) {
      if (!keepNullKeys) {
        return;
      }
      key = KeyedChunks.NULL_KEY;
    }
    byBytes.computeIfAbsent(ByteBuffer.wrap(key), k -> empty.emptyCopy()).add(row);
    rows++;
  }

  /** The number of rows buffered. */
  int rows() {
    return rows;
  }

  /** Hands every key's chunk to {@code consumer}, then empties the buffer. */
  void drain(BiConsumer<byte[], RowChunk> consumer) {
    for (int slot = 0; slot < chunks.length; slot++) {
      if (chunks[slot] != null) {
        consumer.accept(KeyBytes.integral(keys[slot]), chunks[slot]);
      }
    }
    byBytes.forEach((key, chunk) -> consumer.accept(key.array(), chunk));
    byBytes.clear();
    clearTable(16);
    rows = 0;
  }

  private RowChunk chunkOf(long key) {
    int mask = chunks.length - 1;
    int slot = hash(key) & mask;
    while (chunks[slot] != null) {
      if (keys[slot] == key) {
        return chunks[slot];
      }
      slot = (slot + 1) & mask;
    }
    RowChunk chunk = empty.emptyCopy();
    keys[slot] = key;
    chunks[slot] = chunk;
    if (++keyCount * 2 > chunks.length) {
      grow();
    }
    return chunk;
  }

  private void grow() {
    long[] oldKeys = keys;
    RowChunk[] oldChunks = chunks;
    clearTable(oldChunks.length * 2);
    int mask = chunks.length - 1;
    for (int old = 0; old < oldChunks.length; old++) {
      if (oldChunks[old] != null) {
        int slot = hash(oldKeys[old]) & mask;
        while (chunks[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[old];
        chunks[slot] = oldChunks[old];
        keyCount++;
      }
    }
  }

  private void clearTable(int capacity) {
    keys = new long[capacity];
    chunks = new RowChunk[capacity];
    keyCount = 0;
  }

  /** Spreads the key's bits (Fibonacci hashing), as ids are often consecutive. */
  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private static boolean isIntegral(RowSchema schema, int column) {
    DataKind kind = schema.column(column).kind();
    return kind == DataKind.BYTE
        || kind == DataKind.SHORT
        || kind == DataKind.INT
        || kind == DataKind.LONG;
  }
}
