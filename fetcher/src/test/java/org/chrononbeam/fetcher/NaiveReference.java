package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Operation;

/**
 * The brute-force answer a fetch must give: for each feature, the events of the key with {@code
 * floor(q - w, hop) <= ts < q} (all events before {@code q} when unbounded), null prices skipped,
 * aggregated directly. Hops follow Chronon: 1 day for windows of 12 days or more (and for every
 * SNAPSHOT window), 1 hour for 12 hours or more, else 5 minutes. An empty window is null.
 */
final class NaiveReference {

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private NaiveReference() {}

  /** One purchase of a user. */
  record Event(long user, long ts, Double price) {}

  /**
   * One output column.
   *
   * @param windowMillis null for unbounded
   */
  record Feature(String column, Operation operation, int k, Long windowMillis) {}

  static long hop(long windowMillis, Accuracy accuracy) {
    if (accuracy == Accuracy.SNAPSHOT || windowMillis >= 12 * DAY) {
      return DAY;
    }
    return windowMillis >= 12 * HOUR ? HOUR : 5 * MINUTE;
  }

  /** The value of {@code feature} over {@code events} (one user's) at {@code q}. */
  static Object value(Feature feature, Accuracy accuracy, List<Event> events, long q) {
    long start = Long.MIN_VALUE;
    if (feature.windowMillis() != null) {
      long hop = hop(feature.windowMillis(), accuracy);
      start = Math.floorDiv(q - feature.windowMillis(), hop) * hop;
    }
    List<Event> in = new ArrayList<>();
    for (Event event : events) {
      if (event.ts() >= start && event.ts() < q && event.price() != null) {
        in.add(event);
      }
    }
    if (in.isEmpty()) {
      return null;
    }
    double sum = in.stream().mapToDouble(Event::price).sum();
    return switch (feature.operation()) {
      case SUM -> sum;
      case COUNT -> (long) in.size();
      case AVERAGE -> sum / in.size();
      case MAX -> in.stream().mapToDouble(Event::price).max().getAsDouble();
      case LAST_K -> in.stream()
          .sorted(Comparator.comparingLong(Event::ts).reversed())
          .limit(feature.k())
          .map(Event::price)
          .toList();
      default -> throw new IllegalArgumentException("no reference for " + feature.operation());
    };
  }

  /** Asserts {@code actual} equals the reference, doubles to a relative 1e-9. */
  static void assertFeature(Object expected, Object actual, String message) {
    if (expected == null) {
      assertNull(actual, message);
    } else if (expected instanceof Double e) {
      assertNotNull(actual, message);
      double a = ((Number) actual).doubleValue();
      assertTrue(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)),
          message + ": expected " + e + " but was " + a);
    } else {
      assertEquals(expected, actual, message);
    }
  }

  /** Asserts every feature of {@code values} (prefixed by {@code prefix}) equals the reference. */
  static void assertFeatures(List<Feature> features, Accuracy accuracy, List<Event> events, long q,
      String prefix, Map<String, Object> values, String message) {
    for (Feature feature : features) {
      String column = prefix + feature.column();
      assertTrue(values.containsKey(column), message + ": no column " + column + " in " + values);
      assertFeature(value(feature, accuracy, events, q), values.get(column),
          message + " " + column + " at " + q);
    }
  }
}
