package org.chrononbeam.aggregator.row;

import java.util.List;

/**
 * Rows read by position and column, so that rows held column by column (e.g. decoded straight
 * into primitive arrays) feed the aggregator with no object per row. Row {@code r} reads as a
 * {@link Row} with the same timestamp, mutation flag and values would, and {@link #rows()} are
 * those rows, for the columns that read whole values (lists, maps, strings, buckets).
 */
public interface RowColumns {

  /** The number of rows. */
  int size();

  /** Row {@code r}'s {@link Row#ts()}. */
  long ts(int r);

  /** Row {@code r}'s {@link Row#isBefore()}. */
  boolean isBefore(int r);

  /** Row {@code r}'s {@link Row#isNull isNull(column)}. */
  boolean isNull(int r, int column);

  /** Row {@code r}'s {@link Row#getLong getLong(column)}. */
  long getLong(int r, int column);

  /** Row {@code r}'s {@link Row#getDouble getDouble(column)}. */
  double getDouble(int r, int column);

  /** The rows as objects, in order. */
  List<? extends Row> rows();

  /**
   * The values of {@code column} in every row, with the rows' timestamps and mutation flags, as
   * {@link ColumnInputs} over arrays these rows hold (not copied), when every row's value is
   * non-null and held so: as {@link #getDouble} reads it when {@code floating}, else as {@link
   * #getLong} does. Null otherwise (the default), and {@link ColumnAggregator#inputs} copies them.
   */
  default ColumnInputs inPlace(int column, boolean floating) {
    return null;
  }

  /** {@code rows} read through their {@link Row} methods. */
  static RowColumns of(List<? extends Row> rows) {
    return new RowColumns() {
      @Override
      public int size() {
        return rows.size();
      }

      @Override
      public long ts(int r) {
        return rows.get(r).ts();
      }

      @Override
      public boolean isBefore(int r) {
        return rows.get(r).isBefore();
      }

      @Override
      public boolean isNull(int r, int column) {
        return rows.get(r).isNull(column);
      }

      @Override
      public long getLong(int r, int column) {
        return rows.get(r).getLong(column);
      }

      @Override
      public double getDouble(int r, int column) {
        return rows.get(r).getDouble(column);
      }

      @Override
      public List<? extends Row> rows() {
        return rows;
      }
    };
  }
}
