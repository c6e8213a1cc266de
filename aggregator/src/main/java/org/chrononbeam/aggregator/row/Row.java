package org.chrononbeam.aggregator.row;

/**
 * One input row as the aggregator reads it: a timestamp, whether it is the "before" image of an
 * entity mutation (Chronon's {@code is_before}: its values are deleted, not added), and column
 * values by index in the {@link InputSchema}.
 *
 * <p>Columnar implementations override {@link #getLong} and {@link #getDouble} to serve numeric
 * columns without boxing; the defaults unbox {@link #get}. {@code getLong} is only called on
 * integral and boolean columns (true = 1), {@code getDouble} on numeric ones, and neither on a
 * null value.
 */
public interface Row {

  /** Event time, epoch milliseconds UTC. */
  long ts();

  /** True when the row's values are to be deleted (entity mutation before-image). */
  default boolean isBefore() {
    return false;
  }

  /** The value of column {@code index} in its in-memory form, or null. */
  Object get(int index);

  /** Whether column {@code index} is null. */
  default boolean isNull(int index) {
    return get(index) == null;
  }

  /** Column {@code index} of an integral or boolean column as a long. */
  default long getLong(int index) {
    Object value = get(index);
    return value instanceof Boolean ? ((Boolean) value ? 1L : 0L) : ((Number) value).longValue();
  }

  /** Column {@code index} of a numeric column as a double. */
  default double getDouble(int index) {
    return ((Number) get(index)).doubleValue();
  }
}
