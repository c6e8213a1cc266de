package org.chrononbeam.aggregator.row;

/**
 * A {@link Row} backed by an array of values (in-memory form, see {@code DataTypes}). The array is
 * not copied; callers must not mutate it while the row is in use.
 */
public record ArrayRow(long ts, boolean isBefore, Object[] values) implements Row {

  /** An insert (not a deletion) at {@code ts}. */
  public static ArrayRow of(long ts, Object... values) {
    return new ArrayRow(ts, false, values);
  }

  @Override
  public Object get(int index) {
    return values[index];
  }
}
