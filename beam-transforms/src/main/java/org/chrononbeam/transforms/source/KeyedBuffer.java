package org.chrononbeam.transforms.source;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.RowSchema;

/**
 * Rows packed per key into {@link RowChunk}s, the buffer of {@link KeyedChunks}: the key is {@link
 * KeyBytes} of the key columns, rows with a null key column go under {@link KeyedChunks#NULL_KEY}
 * or are dropped.
 *
 * <p>Rows are buffered in arrival order in one chunk, each with the number of its key; {@link
 * #drain} then orders them by key with a counting sort and copies each key's rows into its chunk,
 * column by column. Writing each row straight into its key's chunk instead touched a different
 * chunk's arrays per row, one cache miss per column. When the key is one integral column (the
 * usual case: a user or item id), keys are found by the column's {@code long} value in an
 * open-addressing table, without encoding the key bytes or hashing them per row; the bytes are made
 * once per key, when the chunks are taken.
 */
final class KeyedBuffer {

  /** What fills rows added with {@link #addRows}. */
  interface RowsFiller<E extends Exception> {
    /**
     * Sets rows {@code first} to {@code first + n - 1} of {@code chunk}, which has room for {@code
     * count}, and returns {@code n} (at most {@code count}).
     */
    int fill(RowChunk chunk, int first, int count) throws E;
  }

  private static final int DROPPED = -1;

  private final RowChunk empty;
  private final int[] keyIndices;
  private final boolean keepNullKeys;
  /** The one key column when it is integral, else -1. */
  private final int integralKey;

  /** The rows buffered, in arrival order, and per row the number of its key (or DROPPED). */
  private final RowChunk buffered;

  private int[] keyOfRow = new int[16];
  private int kept;

  /**
   * The integral keys' table: at {@code 2 * slot} a key, at {@code 2 * slot + 1} its number (-1
   * when the slot is free), side by side so that a lookup reads one cache line.
   */
  private long[] table;
  /** Per key number, its integral key, or (with byte keys) its bytes. */
  private long[] integralKeys = new long[16];

  private byte[][] byteKeys = new byte[16][];
  private final Map<ByteBuffer, Integer> numberOfBytes = new HashMap<>();
  private int keyCount;

  KeyedBuffer(RowChunk empty, int[] keyIndices, boolean keepNullKeys) {
    this.empty = empty;
    this.keyIndices = keyIndices;
    this.keepNullKeys = keepNullKeys;
    this.integralKey =
        keyIndices.length == 1 && isIntegral(empty.schema(), keyIndices[0]) ? keyIndices[0] : -1;
    this.buffered = empty.emptyCopy();
    clearTable(16);
  }

  /** Adds {@code row} to its key's chunk; a row with a null key column is dropped unless kept. */
  void add(Object[] row) {
    int key;
    Object value = integralKey >= 0 ? row[integralKey] : null;
    if (KeyBytes.isIntegral(value)) {
      key = numberOf(((Number) value).longValue());
    } else {
      key = numberOf(KeyBytes.of(row, keyIndices));
    }
    if (key != DROPPED) {
      buffered.add(row);
      keep(key);
    }
  }

  /**
   * Adds the rows (at most {@code count}) that {@code filler} writes straight into the buffer's
   * columns; rows with a null key column are dropped unless kept, as by {@link #add}.
   */
  <E extends Exception> void addRows(int count, RowsFiller<E> filler) throws E {
    int first = buffered.extend(count);
    int end = first + filler.fill(buffered, first, count);
    buffered.truncate(end);
    if (integralKey >= 0) {
      long[] values = buffered.longColumn(integralKey);
      boolean[] nulls = buffered.nullColumn(integralKey);
      for (int r = first; r < end; r++) {
        keyOf(r, nulls[r] ? numberOf((byte[]) null) : numberOf(values[r]));
      }
    } else {
      for (int r = first; r < end; r++) {
        keyOf(r, numberOf(KeyBytes.of(buffered, r, keyIndices)));
      }
    }
  }

  /** The number of rows buffered. */
  int rows() {
    return kept;
  }

  /**
   * Emits every key's chunk to {@code out} once the buffer holds {@code maxRows} rows or more
   * (counting rows {@link #addRows} dropped, which it holds until the next drain).
   */
  void emitIfFull(int maxRows, DoFn.OutputReceiver<KV<byte[], RowChunk>> out) {
    if (buffered.size() >= maxRows) {
      drain((key, chunk) -> out.output(KV.of(key, chunk)));
    }
  }

  /** Emits every key's chunk at the end of a bundle, in the global window (as rows come). */
  void emitAll(DoFn<?, KV<byte[], RowChunk>>.FinishBundleContext context) {
    drain(
        (key, chunk) ->
            context.output(
                KV.of(key, chunk), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
  }

  /** Hands every key's chunk to {@code consumer}, then empties the buffer. */
  void drain(BiConsumer<byte[], RowChunk> consumer) {
    int rows = buffered.size();
    int[] starts = new int[keyCount + 1];
    for (int r = 0; r < rows; r++) {
      if (keyOfRow[r] != DROPPED) {
        starts[keyOfRow[r] + 1]++;
      }
    }
    for (int k = 0; k < keyCount; k++) {
      starts[k + 1] += starts[k];
    }
    int[] order = new int[starts[keyCount]];
    int[] next = Arrays.copyOf(starts, keyCount);
    for (int r = 0; r < rows; r++) {
      if (keyOfRow[r] != DROPPED) {
        order[next[keyOfRow[r]]++] = r;
      }
    }
    boolean[] withNulls = buffered.columnsWithNulls();
    for (int k = 0; k < keyCount; k++) {
      int count = starts[k + 1] - starts[k];
      RowChunk chunk = empty.emptyCopy(count);
      chunk.addRows(buffered, withNulls, order, starts[k], count);
      byte[] key = byteKeys[k] != null ? byteKeys[k] : KeyBytes.integral(integralKeys[k]);
      consumer.accept(key, chunk);
    }
    buffered.clear();
    Arrays.fill(byteKeys, 0, keyCount, null);
    numberOfBytes.clear();
    clearTable(16);
    keyCount = 0;
    kept = 0;
  }

  private void keep(int key) {
    keyOf(buffered.size() - 1, key);
  }

  private void keyOf(int row, int key) {
    if (row >= keyOfRow.length) {
      keyOfRow = Arrays.copyOf(keyOfRow, Math.max(row + 1, keyOfRow.length * 2));
    }
    keyOfRow[row] = key;
    if (key != DROPPED) {
      kept++;
    }
  }

  /** The number of integral key {@code key}, a new one if it has none yet. */
  private int numberOf(long key) {
    int mask = table.length / 2 - 1;
    int slot = hash(key) & mask;
    while (table[2 * slot + 1] >= 0) {
      if (table[2 * slot] == key) {
        return (int) table[2 * slot + 1];
      }
      slot = (slot + 1) & mask;
    }
    int number = newNumber();
    integralKeys[number] = key;
    table[2 * slot] = key;
    table[2 * slot + 1] = number;
    if (keyCount > table.length / 4) {
      grow();
    }
    return number;
  }

  /** The number of the key of bytes {@code key} (null: a null key), or DROPPED. */
  private int numberOf(byte[] key) {
    if (key == null) {
      if (!keepNullKeys) {
        return DROPPED;
      }
      key = KeyedChunks.NULL_KEY;
    }
    Integer known = numberOfBytes.get(ByteBuffer.wrap(key));
    if (known != null) {
      return known;
    }
    int number = newNumber();
    byteKeys[number] = key;
    numberOfBytes.put(ByteBuffer.wrap(key), number);
    return number;
  }

  private int newNumber() {
    if (keyCount == integralKeys.length) {
      integralKeys = Arrays.copyOf(integralKeys, keyCount * 2);
      byteKeys = Arrays.copyOf(byteKeys, keyCount * 2);
    }
    return keyCount++;
  }

  private void grow() {
    long[] old = table;
    clearTable(old.length);
    int mask = table.length / 2 - 1;
    for (int entry = 0; entry < old.length; entry += 2) {
      if (old[entry + 1] >= 0) {
        int slot = hash(old[entry]) & mask;
        while (table[2 * slot + 1] >= 0) {
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = old[entry];
        table[2 * slot + 1] = old[entry + 1];
      }
    }
  }

  /** An empty table of {@code slots} slots (a power of two). */
  private void clearTable(int slots) {
    table = new long[2 * slots];
    for (int slot = 0; slot < slots; slot++) {
      table[2 * slot + 1] = -1;
    }
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
