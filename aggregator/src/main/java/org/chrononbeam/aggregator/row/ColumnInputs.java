package org.chrononbeam.aggregator.row;

import java.util.List;

/**
 * The input values of one {@link ColumnAggregator} in a list of rows, read once so that several
 * IRs of the column (one per window) can be updated with the same rows without reading each row
 * again: for a scalar numeric input without buckets, the rows whose input is not null, in order,
 * as arrays of timestamps, deletion flags and primitive values; otherwise the rows themselves.
 * Built by {@link ColumnAggregator#inputs}.
 */
public final class ColumnInputs {

  final List<? extends Row> rows;
  /** How many of the rows have an input: the used length of the arrays. */
  final int count;
  final long[] ts;
  final boolean[] deletes;
  final long[] longs;
  final double[] doubles;

  ColumnInputs(List<? extends Row> rows) {
    this.rows = rows;
    this.count = 0;
    this.ts = null;
    this.deletes = null;
    this.longs = null;
    this.doubles = null;
  }

  ColumnInputs(int count, long[] ts, boolean[] deletes, long[] longs, double[] doubles) {
    this.rows = null;
    this.count = count;
    this.ts = ts;
    this.deletes = deletes;
    this.longs = longs;
    this.doubles = doubles;
  }
}
