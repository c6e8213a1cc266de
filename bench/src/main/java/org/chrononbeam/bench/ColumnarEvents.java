package org.chrononbeam.bench;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.RandomAccess;
import org.chrononbeam.aggregator.ops.DataTypes;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * Benchmark events stored column by column in primitive arrays, seen as a list of {@link Row}s
 * whose numeric getters read the arrays without boxing. Columns: {@code l} LONG, {@code d}
 * DOUBLE, {@code s} STRING; no nulls.
 */
final class ColumnarEvents extends AbstractList<Row> implements RandomAccess {

  static final InputSchema SCHEMA = schema();

  private final long[] ts;
  private final long[] longs;
  private final double[] doubles;
  private final String[] strings;
  private final int from;
  private final int size;

  private ColumnarEvents(
      long[] ts, long[] longs, double[] doubles, String[] strings, int from, int size) {
    this.ts = ts;
    this.longs = longs;
    this.doubles = doubles;
    this.strings = strings;
    this.from = from;
    this.size = size;
  }

  private static InputSchema schema() {
    Map<String, TDataType> columns = new LinkedHashMap<>();
    columns.put("l", DataTypes.of(DataKind.LONG));
    columns.put("d", DataTypes.of(DataKind.DOUBLE));
    columns.put("s", DataTypes.of(DataKind.STRING));
    return InputSchema.of(columns);
  }

  /**
   * {@code count} events with timestamps ascending over {@code spanMillis} from {@code start},
   * values from {@code cardinality} distinct ones.
   */
  static ColumnarEvents random(long seed, int count, long start, long spanMillis,
      int cardinality) {
    Random random = new Random(seed);
    long[] ts = new long[count];
    long[] longs = new long[count];
    double[] doubles = new double[count];
    String[] vocabulary = new String[Math.min(cardinality, 100_000)];
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = "value-" + i;
    }
    String[] strings = new String[count];
    double step = (double) spanMillis / count;
    for (int i = 0; i < count; i++) {
      ts[i] = start + (long) (i * step);
      int value = random.nextInt(cardinality);
      longs[i] = value;
      doubles[i] = value * 0.5;
      strings[i] = vocabulary[value % vocabulary.length];
    }
    return new ColumnarEvents(ts, longs, doubles, strings, 0, count);
  }

  /** The events {@code [fromIndex, toIndex)} of this list, sharing its arrays. */
  @Override
  public ColumnarEvents subList(int fromIndex, int toIndex) {
    return new ColumnarEvents(ts, longs, doubles, strings, from + fromIndex, toIndex - fromIndex);
  }

  @Override
  public Row get(int index) {
    return new EventView(from + index);
  }

  @Override
  public int size() {
    return size;
  }

  /** A reusable row positioned with {@link Cursor#at}: reading events allocates nothing. */
  Cursor cursor() {
    return new Cursor();
  }

  /** A mutable {@link Row} over this list's arrays; {@link #at} moves it to another event. */
  final class Cursor implements Row {
    private int index;

    /** Moves to event {@code position} of the list and returns this. */
    Cursor at(int position) {
      index = from + position;
      return this;
    }

    @Override
    public long ts() {
      return ts[index];
    }

    @Override
    public Object get(int column) {
      return valueAt(index, column);
    }

    @Override
    public boolean isNull(int column) {
      return false;
    }

    @Override
    public long getLong(int column) {
      return longs[index];
    }

    @Override
    public double getDouble(int column) {
      return doubles[index];
    }
  }

  private Object valueAt(int index, int column) {
    switch (column) {
      case 0:
        return longs[index];
      case 1:
        return doubles[index];
      default:
        return strings[index];
    }
  }

  private final class EventView implements Row {
    private final int index;

    EventView(int index) {
      this.index = index;
    }

    @Override
    public long ts() {
      return ts[index];
    }

    @Override
    public Object get(int column) {
      return valueAt(index, column);
    }

    @Override
    public boolean isNull(int column) {
      return false;
    }

    @Override
    public long getLong(int column) {
      return longs[index];
    }

    @Override
    public double getDouble(int column) {
      return doubles[index];
    }
  }
}
