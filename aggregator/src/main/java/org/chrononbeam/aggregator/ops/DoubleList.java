package org.chrononbeam.aggregator.ops;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.chrononbeam.model.values.DoubleElements;

/**
 * An unmodifiable {@code List<Double>} over a {@code double[]}: an output list (FIRST_K, LAST_K of
 * DOUBLE inputs) whose elements are boxed only when read with {@link #get}; {@link #getDouble}
 * reads them unboxed. Equal, as {@link AbstractList} defines it, to any list of the same {@code
 * Double}s ({@link Double#equals}: NaN equals NaN, 0.0 does not equal -0.0).
 */
public final class DoubleList extends AbstractList<Double>
    implements RandomAccess, Serializable, DoubleElements {

  private static final long serialVersionUID = 1L;

  private final double[] values;

  /** The list of {@code values}, which the list owns from now on. */
  public DoubleList(double[] values) {
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Double get(int index) {
    return values[index];
  }

  /** Element {@code index}, unboxed. */
  @Override
  public double getDouble(int index) {
    return values[index];
  }
}
