package org.chrononbeam.transforms.source;

import java.util.Comparator;

/**
 * The order of rows with equal timestamps: by their values, column by column, nulls first. The
 * backfill and the upload aggregate one key's events in time order with ties in this order, so
 * order-sensitive results (sums of doubles) agree on every runner and between the two.
 */
public enum RowOrder implements Comparator<Object[]> {
  VALUES;

  @Override
  public int compare(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = compareValues(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Comparable && a.getClass() == b.getClass()) {
      return ((Comparable) a).compareTo(b);
    }
    return a.toString().compareTo(b.toString());
  }
}
