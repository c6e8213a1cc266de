package org.chrononbeam.aggregator.ops;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.RandomAccess;
import org.chrononbeam.model.values.LongElements;

/**
 * An unmodifiable {@code List<Long>} over a {@code long[]}: an output list (FIRST_K, LAST_K of
 * LONG inputs) whose elements are boxed only when read with {@link #get}; {@link #getLong} reads
 * them unboxed. Equal, as {@link AbstractList} defines it, to any list of the same {@code Long}s.
 */
public final class LongList extends AbstractList<Long>
    implements RandomAccess, Serializable, LongElements {

  private static final long serialVersionUID = 1L;

  private final long[] values;

  /** The list of {@code values}, which the list owns from now on. */
  public LongList(long[] values) {
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Long get(int index) {
    return values[index];
  }

  /** Element {@code index}, unboxed. */
  @Override
  public long getLong(int index) {
    return values[index];
  }
}
