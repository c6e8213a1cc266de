package org.chrononbeam.aggregator.row;

import java.util.List;

/**
 * The input values of one {@link ColumnAggregator} in a list of rows, read once so that several
 * IRs of the column (one per window) can be updated with the same rows without reading each row
 * again: for a scalar numeric input without buckets, the timestamps and primitive values in
 * arrays; otherwise the rows themselves. Built by {@link ColumnAggregator#inputs}.
 */
public final class ColumnInputs {

  /** A row whose input is null: it updates nothing. */
  static final byte ABSENT = 0;
  /** A row whose input is added. */
  static final byte INSERT = 1;
  /** A row whose input is deleted (a mutation's before-image). */
  static final byte DELETE = 2;

  final List<? extends Row> rows;
  final long[] ts;
  final byte[] kinds;
  final long[] longs;
  final double[] doubles;

  ColumnInputs(
      List<? extends Row> rows, long[] ts, byte[] kinds, long[] longs, double[] doubles) {
    this.rows = rows;
    this.ts = ts;
    this.kinds = kinds;
    this.longs = longs;
    this.doubles = doubles;
  }
}
