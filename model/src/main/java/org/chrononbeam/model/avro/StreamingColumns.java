package org.chrononbeam.model.avro;

/**
 * Streaming rows whose columns are all primitives, decoded column by column into primitive arrays
 * ({@link StreamingRowCodec#decodeColumns}): no object per row or value. An integral, date,
 * timestamp or boolean (1 or 0) value is held as a {@code long}, a float or double as a {@code
 * double}. Row {@code r}'s values are those {@link StreamingRowCodec#decode} gives for the same
 * bytes.
 */
public final class StreamingColumns {

  private final int size;
  private final long[] ts;
  /** The mutation flags, or null when no row can be a before-image. */
  private final boolean[] isBefore;
  /** Per column: the kind letter of {@code StreamingRowCodec}. */
  private final char[] kinds;
  /**
   * Null flags and values, column after column: column {@code c} of row {@code r} at {@code c *
   * size + r}; {@code longs} for the integral and boolean columns, {@code doubles} for the
   * floating ones (null when there are none of a kind).
   */
  private final boolean[] nulls;
  /** Per column: whether some row's value is null. */
  private final boolean[] columnHasNull;
  private final long[] longs;
  private final double[] doubles;

  StreamingColumns(int size, long[] ts, boolean[] isBefore, char[] kinds, boolean[] nulls,
      boolean[] columnHasNull, long[] longs, double[] doubles) {
    this.size = size;
    this.ts = ts;
    this.isBefore = isBefore;
    this.kinds = kinds;
    this.nulls = nulls;
    this.columnHasNull = columnHasNull;
    this.longs = longs;
    this.doubles = doubles;
  }

  /** Whether values of the column of kind letter {@code kind} are held as doubles. */
  static boolean isFloating(char kind) {
    return kind == 'F' || kind == 'D';
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** The number of columns. */
  public int columnCount() {
    return kinds.length;
  }

  /** Row {@code r}'s event time. */
  public long ts(int r) {
    return ts[r];
  }

  /** Whether row {@code r} is a mutation's before-image. */
  public boolean isBefore(int r) {
    return isBefore != null && isBefore[r];
  }

  /** Whether column {@code c} of row {@code r} is null. */
  public boolean isNull(int r, int c) {
    return nulls[c * size + r];
  }

  /** Column {@code c} (integral, date, timestamp or boolean, not null) of row {@code r}. */
  public long getLong(int r, int c) {
    return longs[c * size + r];
  }

  /**
   * Column {@code c} (numeric, not null) of row {@code r} as a double: what {@code
   * Number.doubleValue()} gives for the decoded value.
   */
  public double getDouble(int r, int c) {
    return isFloating(kinds[c]) ? doubles[c * size + r] : (double) longs[c * size + r];
  }

  /** Whether column {@code c} is held as doubles ({@link #doubles}), else as longs. */
  public boolean isFloating(int c) {
    return isFloating(kinds[c]);
  }

  /** Whether column {@code c} is null in some row. */
  public boolean hasNull(int c) {
    return columnHasNull[c];
  }

  /** The event times, row {@code r}'s at {@code r}: the array itself, not to be modified. */
  public long[] timestamps() {
    return ts;
  }

  /**
   * The mutation flags, row {@code r}'s at {@code r} (the array itself, not to be modified), or
   * null when no row can be a before-image.
   */
  public boolean[] mutationFlags() {
    return isBefore;
  }

  /**
   * The values of the integral and boolean columns, column {@code c} of row {@code r} at {@code c
   * * size() + r}, as {@link #getLong} reads them: the array itself, not to be modified.
   */
  public long[] longs() {
    return longs;
  }

  /** {@link #longs} for the floating columns, as {@link #getDouble} reads them. */
  public double[] doubles() {
    return doubles;
  }

  /** Column {@code c} of row {@code r} as {@link StreamingRowCodec#decode} gives it, or null. */
  public Object get(int r, int c) {
    int at = c * size + r;
    if (nulls[at]) {
      return null;
    }
    return switch (kinds[c]) {
      case 'Z' -> longs[at] == 1;
      case 'B' -> (byte) longs[at];
      case 'S' -> (short) longs[at];
      case 'I' -> (int) longs[at];
      case 'J' -> longs[at];
      case 'F' -> (float) doubles[at];
      default -> doubles[at];
    };
  }
}
