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
  private final boolean[] isBefore;
  /** Per column: the kind letter of {@code StreamingRowCodec}, null flags, and the values. */
  private final char[] kinds;
  private final boolean[][] nulls;
  private final long[][] longs;
  private final double[][] doubles;

  StreamingColumns(int size, long[] ts, boolean[] isBefore, char[] kinds, boolean[][] nulls,
      long[][] longs, double[][] doubles) {
    this.size = size;
    this.ts = ts;
    this.isBefore = isBefore;
    this.kinds = kinds;
    this.nulls = nulls;
    this.longs = longs;
    this.doubles = doubles;
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
    return isBefore[r];
  }

  /** Whether column {@code c} of row {@code r} is null. */
  public boolean isNull(int r, int c) {
    return nulls[c][r];
  }

  /** Column {@code c} (integral, date, timestamp or boolean, not null) of row {@code r}. */
  public long getLong(int r, int c) {
    return longs[c][r];
  }

  /**
   * Column {@code c} (numeric, not null) of row {@code r} as a double: what {@code
   * Number.doubleValue()} gives for the decoded value.
   */
  public double getDouble(int r, int c) {
    return doubles[c] != null ? doubles[c][r] : (double) longs[c][r];
  }

  /** Column {@code c} of row {@code r} as {@link StreamingRowCodec#decode} gives it, or null. */
  public Object get(int r, int c) {
    if (nulls[c][r]) {
      return null;
    }
    return switch (kinds[c]) {
      case 'Z' -> longs[c][r] == 1;
      case 'B' -> (byte) longs[c][r];
      case 'S' -> (short) longs[c][r];
      case 'I' -> (int) longs[c][r];
      case 'J' -> longs[c][r];
      case 'F' -> (float) doubles[c][r];
      default -> doubles[c][r];
    };
  }
}
