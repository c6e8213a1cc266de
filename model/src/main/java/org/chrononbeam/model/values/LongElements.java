package org.chrononbeam.model.values;

/**
 * A list of {@code long}s that reads its elements unboxed, such as the LAST_K of a LONG column: what
 * SQL over the list (an element, a search) reads without boxing. It holds no {@code NULL}.
 */
public interface LongElements {
  /** The number of elements. */
  int size();

  /** Element {@code index} (0-based), unboxed. */
  long getLong(int index);
}
