package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The total order on values of one Chronon type that MIN, MAX, TOP_K and BOTTOM_K use, and that
 * breaks timestamp ties in FIRST, LAST, FIRST_K and LAST_K so their results do not depend on the
 * order inputs are merged in.
 *
 * <p>Numbers compare numerically (integral values exactly, floating values with {@link
 * Double#compare}); strings by UTF-16 code units ({@link String#compareTo}); booleans false before
 * true; binaries as {@link ByteBuffer#compareTo} does; lists lexicographically; maps by their entries sorted
 * by key.
 */
public final class ValueOrder implements Comparator<Object> {

  /** The one instance. */
  public static final ValueOrder INSTANCE = new ValueOrder();

  private ValueOrder() {}

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return compareNumbers((Number) a, (Number) b);
    }
    if (a instanceof CharSequence && b instanceof CharSequence) {
      return a.toString().compareTo(b.toString());
    }
    if (a instanceof Boolean && b instanceof Boolean) {
      return Boolean.compare((Boolean) a, (Boolean) b);
    }
    if (isBinary(a) && isBinary(b)) {
      return bytes(a).compareTo(bytes(b));
    }
    if (a instanceof List && b instanceof List) {
      return compareLists((List<?>) a, (List<?>) b);
    }
    if (a instanceof Map && b instanceof Map) {
      return compareLists(sortedEntries((Map<?, ?>) a), sortedEntries((Map<?, ?>) b));
    }
    throw new IllegalArgumentException(
        "cannot order " + a.getClass().getName() + " and " + b.getClass().getName());
  }

  private static int compareNumbers(Number a, Number b) {
    boolean floating = a instanceof Double || a instanceof Float
        || b instanceof Double || b instanceof Float;
    return floating
        ? Double.compare(a.doubleValue(), b.doubleValue())
        : Long.compare(a.longValue(), b.longValue());
  }

  private int compareLists(List<?> a, List<?> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c = x == null ? (y == null ? 0 : -1) : (y == null ? 1 : compare(x, y));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static List<Object> sortedEntries(Map<?, ?> map) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    entries.sort(Comparator.comparing(e -> e.getKey().toString()));
    List<Object> flat = new ArrayList<>(entries.size() * 2);
    for (Map.Entry<?, ?> entry : entries) {
      flat.add(entry.getKey().toString());
      flat.add(entry.getValue());
    }
    return flat;
  }

  private static boolean isBinary(Object value) {
    return value instanceof byte[] || value instanceof ByteBuffer;
  }

  private static ByteBuffer bytes(Object value) {
    return value instanceof byte[] ? ByteBuffer.wrap((byte[]) value) : (ByteBuffer) value;
  }
}
