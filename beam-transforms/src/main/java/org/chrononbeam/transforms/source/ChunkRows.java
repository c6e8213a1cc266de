package org.chrononbeam.transforms.source;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.chrononbeam.aggregator.row.Row;

/**
 * Rows of a {@link RowChunk} in a given order as the aggregator's {@link Row}s, read from the
 * chunk's columns without boxing numbers ({@link Row#getLong}, {@link Row#getDouble}). The view
 * objects are kept and pointed at the next chunk by {@link #of}, so a caller that aggregates one
 * key after another allocates nothing per row once the pool has grown to its largest key. The rows
 * are inserts, but for entity mutations given with their before-image flags ({@link #of(RowChunk,
 * int[], int, int, long[], boolean[])}).
 *
 * <pre>{@code
 * ChunkRows rows = new ChunkRows();
 * features.atSortedInto(rows.of(chunk, chunk.timeOrder(ts), ts), queries, sink);
 * }</pre>
 *
 * <p>The list is valid until the next call of {@link #of}; it is not thread-safe.
 */
public final class ChunkRows extends AbstractList<Row> implements RandomAccess {

  private ChunkRow[] pool = new ChunkRow[0];
  private int size;

  /**
   * Points this list at rows {@code order} of {@code chunk}, whose times are in the {@code
   * tsColumn} (not null in those rows); returns this list.
   */
  public ChunkRows of(RowChunk chunk, int[] order, int tsColumn) {
    return of(chunk, order, tsColumn, 0);
  }

  /**
   * Like {@link #of(RowChunk, int[], int)}, a row whose {@code tsColumn} is null (every row when
   * the column is -1) counting as of {@code missingTs}.
   */
  public ChunkRows of(RowChunk chunk, int[] order, int tsColumn, long missingTs) {
    point(chunk, order, 0, order.length);
    for (int i = 0; i < order.length; i++) {
      ChunkRow row = pool[i];
      row.ts =
          tsColumn < 0 || chunk.isNull(tsColumn, order[i])
              ? missingTs
              : chunk.longValue(tsColumn, order[i]);
      row.before = false;
    }
    return this;
  }

  /**
   * Points this list at rows {@code order[from, to)} of {@code chunk}, row {@code r} at time {@code
   * ts[r]} and a before-image, whose values are deleted ({@link Row#isBefore}), when {@code
   * before[r]}; returns this list.
   */
  public ChunkRows of(RowChunk chunk, int[] order, int from, int to, long[] ts, boolean[] before) {
    point(chunk, order, from, to);
    for (int i = 0; i < size; i++) {
      ChunkRow row = pool[i];
      row.ts = ts[row.row];
      row.before = before[row.row];
    }
    return this;
  }

  /** Points the first {@code to - from} views at rows {@code order[from, to)} of {@code chunk}. */
  private void point(RowChunk chunk, int[] order, int from, int to) {
    int count = to - from;
    if (pool.length < count) {
      int old = pool.length;
      pool = Arrays.copyOf(pool, Math.max(count, old * 2));
      for (int i = old; i < pool.length; i++) {
        pool[i] = new ChunkRow();
      }
    }
    for (int i = 0; i < count; i++) {
      pool[i].chunk = chunk;
      pool[i].row = order[from + i];
    }
    size = count;
  }

  @Override
  public Row get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return pool[index];
  }

  @Override
  public int size() {
    return size;
  }

  /** One row of a chunk. */
  private static final class ChunkRow implements Row {
    private RowChunk chunk;
    private int row;
    private long ts;
    private boolean before;

    @Override
    public long ts() {
      return ts;
    }

    @Override
    public boolean isBefore() {
      return before;
    }

    @Override
    public Object get(int index) {
      return chunk.get(index, row);
    }

    @Override
    public boolean isNull(int index) {
      return chunk.isNull(index, row);
    }

    @Override
    public long getLong(int index) {
      return chunk.getLong(index, row);
    }

    @Override
    public double getDouble(int index) {
      return chunk.getDouble(index, row);
    }
  }
}
