package org.chrononbeam.fetcher;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The values of a fetch as an immutable map from column name to value, in column order, over the
 * column names of its join or GroupBy (worked out once, shared by every response): building a
 * response hashes nothing. Values may be null.
 */
final class ColumnValues extends AbstractMap<String, Object> {

  /** Distinct column names, in order, and the position of each. */
  static final class Columns {

    private final List<String> names;
    private final Map<String, Integer> positions;

    private Columns(List<String> names, Map<String, Integer> positions) {
      this.names = names;
      this.positions = positions;
    }

    /** The columns {@code names}, or null when a name repeats (such values need a real map). */
    static Columns of(List<String> names) {
      Map<String, Integer> positions = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        if (positions.put(names.get(i), i) != null) {
          return null;
        }
      }
      return new Columns(List.copyOf(names), positions);
    }

    /** How many columns. */
    int size() {
      return names.size();
    }
  }

  private final Columns columns;
  private final Object[] values;

  /**
   * The map of {@code columns} to {@code values} (one per column, kept, not copied: the caller
   * gives up the array).
   */
  ColumnValues(Columns columns, Object[] values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          values.length + " values for the " + columns.size() + " columns " + columns.names);
    }
    this.columns = columns;
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return columns.positions.containsKey(key);
  }

  @Override
  public Object get(Object key) {
    Integer position = columns.positions.get(key);
    return position == null ? null : values[position];
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return values.length;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(columns.names.get(i), values[i]);
          }
        };
      }
    };
  }
}
