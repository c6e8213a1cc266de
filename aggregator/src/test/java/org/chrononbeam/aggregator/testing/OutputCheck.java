package org.chrononbeam.aggregator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.chrononbeam.aggregator.ops.ApproxHistogramAggregator;
import org.chrononbeam.aggregator.ops.ApproxPercentileAggregator;
import org.chrononbeam.aggregator.ops.ApproxUniqueCountAggregator;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.api.DataKind;

/**
 * Compares an aggregator output with the {@link NaiveColumn} reference: exactly for exact
 * operations, with a relative tolerance for floating sums and moments, and within the documented
 * error for sketches.
 */
public final class OutputCheck {

  private OutputCheck() {}

  /** Fails with {@code context} unless {@code actual} matches {@code expected} for {@code spec}. */
  public static void assertMatches(
      InputSchema schema, ColumnSpec spec, Object expected, Object actual, String context) {
    int levels = (spec.bucket() == null ? 0 : 1)
        + (spec.elementWise() || schema.typeOf(spec.input()).getKind() == DataKind.MAP ? 1 : 0);
    assertLevel(spec, levels, expected, actual, context + " " + spec);
  }

  private static void assertLevel(
      ColumnSpec spec, int levels, Object expected, Object actual, String context) {
    if (expected == null) {
      assertNull(actual, context);
      return;
    }
    assertNotNull(actual, context + " expected " + expected);
    if (levels == 0) {
      assertOperation(spec, expected, actual, context);
      return;
    }
    if (expected instanceof Map) {
      Map<?, ?> e = (Map<?, ?>) expected;
      Map<?, ?> a = (Map<?, ?>) actual;
      assertEquals(e.keySet(), a.keySet(), context);
      for (Object key : e.keySet()) {
        assertLevel(spec, levels - 1, e.get(key), a.get(key), context + "[" + key + "]");
      }
    } else {
      List<?> e = (List<?>) expected;
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), context);
      for (int i = 0; i < e.size(); i++) {
        assertLevel(spec, levels - 1, e.get(i), a.get(i), context + "[" + i + "]");
      }
    }
  }

  private static void assertOperation(
      ColumnSpec spec, Object expected, Object actual, String context) {
    Map<String, String> args = spec.args();
    switch (spec.operation()) {
      case SUM:
        if (expected instanceof Double) {
          assertClose((Double) expected, (Double) actual, 1e-9, 1e3, context);
        } else {
          assertEquals(expected, actual, context);
        }
        return;
      case AVERAGE:
        assertClose((Double) expected, (Double) actual, 1e-9, 1, context);
        return;
      case VARIANCE:
        assertClose((Double) expected, (Double) actual, 1e-8, 1, context);
        return;
      case SKEW:
      case KURTOSIS:
        assertClose((Double) expected, (Double) actual, 1e-6, 1, context);
        return;
      case APPROX_UNIQUE_COUNT:
        int lgK = Integer.parseInt(
            args.getOrDefault("k", String.valueOf(ApproxUniqueCountAggregator.DEFAULT_LG_K)));
        long exact = (Long) expected;
        double tolerance = 4 * 0.6 / Math.sqrt(1 << lgK) * exact + 1;
        assertTrue(Math.abs((Long) actual - exact) <= tolerance,
            context + " estimate " + actual + " vs exact " + exact);
        return;
      case APPROX_PERCENTILE:
        assertPercentiles(args, (float[]) expected, (List<?>) actual, context);
        return;
      case APPROX_HISTOGRAM_K:
        assertApproxHistogram(args, (Map<?, ?>) expected, (Map<?, ?>) actual, context);
        return;
      default:
        assertEquals(expected, actual, context);
    }
  }

  private static void assertClose(
      double expected, double actual, double relative, double floor, String context) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), context + " expected NaN, got " + actual);
      return;
    }
    double tolerance = relative * Math.max(Math.abs(expected), floor);
    assertTrue(Math.abs(expected - actual) <= tolerance,
        context + " expected " + expected + " got " + actual);
  }

  private static void assertPercentiles(
      Map<String, String> args, float[] sorted, List<?> actual, String context) {
    double[] ranks = ApproxPercentileAggregator.parsePercentiles(
        args.getOrDefault("percentiles", "[0.5]"));
    int k = Integer.parseInt(
        args.getOrDefault("k", String.valueOf(ApproxPercentileAggregator.DEFAULT_K)));
    double epsilon = new ApproxPercentileAggregator(k, ranks).rankError() + 1.0 / sorted.length;
    assertEquals(ranks.length, actual.size(), context);
    for (int i = 0; i < ranks.length; i++) {
      float value = (Float) actual.get(i);
      int below = 0;
      int atOrBelow = 0;
      for (float x : sorted) {
        if (x < value) {
          below++;
        }
        if (x <= value) {
          atOrBelow++;
        }
      }
      double low = (double) below / sorted.length;
      double high = (double) atOrBelow / sorted.length;
      assertTrue(ranks[i] >= low - epsilon && ranks[i] <= high + epsilon,
          context + " rank " + ranks[i] + " got value " + value + " with rank [" + low + ", "
              + high + "]");
    }
  }

  private static void assertApproxHistogram(
      Map<String, String> args, Map<?, ?> exact, Map<?, ?> actual, String context) {
    int k = Integer.parseInt(
        args.getOrDefault("k", String.valueOf(ApproxHistogramAggregator.DEFAULT_K)));
    if (exact.size() <= k) {
      assertEquals(exact, actual, context);
      return;
    }
    assertTrue(actual.size() <= k, context + " more than k values: " + actual);
    long total = 0;
    for (Object count : exact.values()) {
      total += (Long) count;
    }
    int maxMapSize = Integer.highestOneBit(Math.max(8, 4 * k) - 1) << 1;
    double bound = 2 * ItemsSketch.getAprioriError(maxMapSize, total);
    for (Map.Entry<?, ?> entry : actual.entrySet()) {
      long truth = exact.containsKey(entry.getKey()) ? (Long) exact.get(entry.getKey()) : 0;
      long estimate = (Long) entry.getValue();
      if (estimate < truth || estimate > truth + bound) {
        fail(context + " " + entry.getKey() + " estimate " + estimate + " vs true " + truth
            + " (bound " + bound + ")");
      }
    }
  }
}
