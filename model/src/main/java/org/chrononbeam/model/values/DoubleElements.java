package org.chrononbeam.model.values;

/**
 * A list of {@code double}s that reads its elements unboxed, such as the LAST_K of a DOUBLE column:
 * what SQL over the list (an element, a search) reads without boxing. It holds no {@code NULL}.
 */
public interface DoubleElements {
  /** The number of elements. */
  int size();

  /** Element {@code index} (0-based), unboxed. */
  double getDouble(int index);
}
