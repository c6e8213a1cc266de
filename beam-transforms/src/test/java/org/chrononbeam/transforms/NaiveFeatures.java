package org.chrononbeam.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;

/**
 * The brute-force oracle of backfill features: for each output column, every event of the key that
 * falls in the window at {@code q} is collected and the operation computed from scratch. No IRs, no
 * hops, no sorting tricks; the window rule is restated here from Chronon's documentation: {@code
 * [floor(q - w, hop), q)}, hop 1 day (SNAPSHOT, or windows of 12 days or more), 1 hour (12 hours or
 * more), else 5 minutes.
 */
public final class NaiveFeatures {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  /** One event: its time and its column values by name. */
  public record Event(long ts, Map<String, Object> values) {}

  private NaiveFeatures() {}

  /** Every output column of {@code groupBy} at {@code q}: for each aggregation, for each window. */
  public static List<Object> at(GroupBy groupBy, Accuracy accuracy, List<Event> events, long q) {
    List<Object> outputs = new ArrayList<>();
    for (Aggregation aggregation : groupBy.getAggregations()) {
      List<Window> windows =
          aggregation.isSetWindows()
              ? aggregation.getWindows()
              : java.util.Collections.singletonList(null);
      for (Window window : windows) {
        outputs.add(evaluate(aggregation, window, accuracy, events, q));
      }
    }
    return outputs;
  }

  /** One aggregation over one window at {@code q}; null when the window holds no input. */
  public static Object evaluate(
      Aggregation aggregation, Window window, Accuracy accuracy, List<Event> events, long q) {
    long start = window == null ? Long.MIN_VALUE : windowStart(window, accuracy, q);
    List<Event> in = new ArrayList<>();
    for (Event event : events) {
      Object value = event.values().get(aggregation.getInputColumn());
      if (event.ts() >= start && event.ts() < q && value != null) {
        in.add(event);
      }
    }
    if (in.isEmpty()) {
      return null;
    }
    String column = aggregation.getInputColumn();
    in.sort(Comparator.comparingLong(Event::ts));
    List<Object> values = in.stream().map(e -> e.values().get(column)).toList();
    switch (aggregation.getOperation()) {
      case COUNT:
        return (long) values.size();
      case SUM:
        if (values.get(0) instanceof Double) {
          return values.stream().mapToDouble(v -> (Double) v).sum();
        }
        return values.stream().mapToLong(v -> ((Number) v).longValue()).sum();
      case AVERAGE:
        return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).average().getAsDouble();
      case MIN:
        return values.stream().min(NaiveFeatures::compare).get();
      case MAX:
        return values.stream().max(NaiveFeatures::compare).get();
      case FIRST:
        return values.get(0);
      case LAST:
        return values.get(values.size() - 1);
      case UNIQUE_COUNT:
        return (long) new HashSet<>(values).size();
      case LAST_K:
        int k = Integer.parseInt(aggregation.getArgMap().get("k"));
        List<Object> newest = new ArrayList<>();
        for (int i = values.size() - 1; i >= 0 && newest.size() < k; i--) {
          newest.add(values.get(i));
        }
        return newest;
      default:
        throw new IllegalArgumentException("no naive " + aggregation.getOperation());
    }
  }

  /** The inclusive start of {@code window} at {@code q}. */
  public static long windowStart(Window window, Accuracy accuracy, long q) {
    long length = window.getLength() * (window.getTimeUnit() == TimeUnit.DAYS ? DAY : HOUR);
    long hop;
    if (accuracy == Accuracy.SNAPSHOT || length >= 12 * DAY) {
      hop = DAY;
    } else if (length >= 12 * HOUR) {
      hop = HOUR;
    } else {
      hop = 5 * 60_000L;
    }
    return Math.floorDiv(q - length, hop) * hop;
  }

  /** Asserts two feature values agree: doubles within 1e-9 relative, lists element by element. */
  public static void assertSame(Object expected, Object actual, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
      return;
    }
    if (expected instanceof Double || actual instanceof Double || actual instanceof Float) {
      double e = ((Number) expected).doubleValue();
      double a = ((Number) actual).doubleValue();
      assertTrue(
          Math.abs(e - a) <= 1e-9 * Math.max(1, Math.abs(e)),
          where + ": expected " + e + " got " + a);
      return;
    }
    if (expected instanceof Number && actual instanceof Number) {
      assertEquals(((Number) expected).longValue(), ((Number) actual).longValue(), where);
      return;
    }
    if (expected instanceof List<?> && actual instanceof List<?>) {
      List<?> e = (List<?>) expected;
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), where + " size: " + e + " vs " + a);
      for (int i = 0; i < e.size(); i++) {
        assertSame(e.get(i), a.get(i), where + "[" + i + "]");
      }
      return;
    }
    if (!expected.toString().equals(actual.toString())) {
      fail(where + ": expected " + expected + " got " + actual);
    }
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    return ((Comparable<Object>) a).compareTo(b);
  }
}
