package org.chrononbeam.aggregator.row;

import java.util.List;

/**
 * The input values of one {@link ColumnAggregator} in a list of rows, read once so that several
 * IRs of the column (one per window) can be updated with the same rows without reading each row
 * again: for a scalar numeric input without buckets, the rows whose input is not null, in order,
 * as arrays of timestamps, deletion flags and primitive values; otherwise the rows themselves.
 * Built by {@link ColumnAggregator#inputs}, or by {@link RowColumns#inPlace} over arrays the rows
 * already hold.
 */
public final class ColumnInputs {

  final List<? extends Row> rows;
  /** How many of the rows have an input: the used length of the arrays. */
  final int count;
  final long[] ts;
  /** The deletion flags, or null when no input is a deletion. */
  final boolean[] deletes;
  /** The values, input {@code r} at {@code offset + r}: {@code longs} or {@code doubles}. */
  final long[] longs;
  final double[] doubles;
  final int offset;

  ColumnInputs(List<? extends Row> rows) {
    this(rows, 0, null, null, null, null, 0);
  }

  private ColumnInputs(List<? extends Row> rows, int count, long[] ts, boolean[] deletes,
      long[] longs, double[] doubles, int offset) {
    this.rows = rows;
    this.count = count;
    this.ts = ts;
    this.deletes = deletes;
    this.longs = longs;
    this.doubles = doubles;
    this.offset = offset;
  }

  /**
   * {@code count} inputs, input {@code r} at time {@code ts[r]}, a deletion where {@code
   * deletes[r]} ({@code deletes} null: none), with value {@code longs[offset + r]}. The arrays are
   * used as they are, not copied: they must not change while the inputs are in use.
   */
  public static ColumnInputs ofLongs(
      int count, long[] ts, boolean[] deletes, long[] longs, int offset) {
    return new ColumnInputs(null, count, ts, deletes, longs, null, offset);
  }

  /** {@link #ofLongs} with the values in {@code doubles}. */
  public static ColumnInputs ofDoubles(
      int count, long[] ts, boolean[] deletes, double[] doubles, int offset) {
    return new ColumnInputs(null, count, ts, deletes, null, doubles, offset);
  }
}
