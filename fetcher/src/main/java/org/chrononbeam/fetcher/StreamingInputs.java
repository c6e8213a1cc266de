package org.chrononbeam.fetcher;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.ColumnInputs;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.model.avro.StreamingColumns;

/**
 * A GroupBy's streaming rows, decoded column by column, as the aggregation's input rows: input
 * column {@code i} is streaming column {@code fromStreaming[i]}, or the event time where that is
 * negative (an input column named {@code ts}). The rows as objects are built only when a column
 * reads whole values; a column with no null value is read in place ({@link #inPlace}).
 */
final class StreamingInputs implements RowColumns {

  private final StreamingColumns columns;
  private final int[] fromStreaming;
  private List<ArrayRow> rows;

  StreamingInputs(StreamingColumns columns, int[] fromStreaming) {
    this.columns = columns;
    this.fromStreaming = fromStreaming;
  }

  @Override
  public int size() {
    return columns.size();
  }

  @Override
  public long ts(int r) {
    return columns.ts(r);
  }

  @Override
  public boolean isBefore(int r) {
    return columns.isBefore(r);
  }

  @Override
  public boolean isNull(int r, int column) {
    int c = fromStreaming[column];
    return c >= 0 && columns.isNull(r, c);
  }

  @Override
  public long getLong(int r, int column) {
    int c = fromStreaming[column];
    return c < 0 ? columns.ts(r) : columns.getLong(r, c);
  }

  @Override
  public double getDouble(int r, int column) {
    int c = fromStreaming[column];
    return c < 0 ? columns.ts(r) : columns.getDouble(r, c);
  }

  @Override
  public ColumnInputs inPlace(int column, boolean floating) {
    int c = fromStreaming[column];
    int size = columns.size();
    long[] ts = columns.timestamps();
    boolean[] deletes = columns.mutationFlags();
    if (c < 0) {
      return floating ? null : ColumnInputs.ofLongs(size, ts, deletes, ts, 0);
    }
    if (columns.isFloating(c) != floating || columns.hasNull(c)) {
      return null;
    }
    return floating
        ? ColumnInputs.ofDoubles(size, ts, deletes, columns.doubles(), c * size)
        : ColumnInputs.ofLongs(size, ts, deletes, columns.longs(), c * size);
  }

  @Override
  public List<ArrayRow> rows() {
    if (rows == null) {
      rows = new ArrayList<>(columns.size());
      Object[] streamed = new Object[columns.columnCount()];
      for (int r = 0; r < columns.size(); r++) {
        for (int c = 0; c < streamed.length; c++) {
          streamed[c] = columns.get(r, c);
        }
        long ts = columns.ts(r);
        rows.add(new ArrayRow(ts, columns.isBefore(r), inputValues(ts, streamed, fromStreaming)));
      }
    }
    return rows;
  }

  /** The input row's values of a streaming row's {@code ts} and column {@code values}. */
  static Object[] inputValues(long ts, Object[] values, int[] fromStreaming) {
    Object[] input = new Object[fromStreaming.length];
    for (int i = 0; i < input.length; i++) {
      input[i] = fromStreaming[i] < 0 ? ts : values[fromStreaming[i]];
    }
    return input;
  }
}
