package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.junit.jupiter.api.Test;

/**
 * APPROX_HISTOGRAM_K against exact counts (the reference): on random trees of updates, merges,
 * clones and IR round trips, every estimate lies between the true count and the true count plus
 * the IR's maximum error.
 */
class ApproxHistogramAggregatorTest {

  /** An IR and the exact counts of what went into it. */
  private record Built(ApproxHistogramState ir, Map<String, Long> counts) {}

  @Test
  void estimatesBoundTheTrueCountsThroughMergesClonesAndRoundTrips() {
    SplittableRandom random = new SplittableRandom(41);
    for (int round = 0; round < 3_000; round++) {
      ApproxHistogramAggregator aggregator = new ApproxHistogramAggregator(1 + random.nextInt(6));
      int spread = 2 + random.nextInt(40);
      List<Built> parts = new ArrayList<>();
      for (int p = 1 + random.nextInt(30); p > 0; p--) {
        parts.add(built(aggregator, random, spread));
      }
      Built acc = copy(aggregator, parts.get(0), random);
      for (Built part : parts.subList(1, parts.size())) {
        Built other = copy(aggregator, part, random);
        ApproxHistogramState merged =
            random.nextBoolean()
                ? aggregator.merge(acc.ir(), other.ir())
                : aggregator.merge(other.ir(), acc.ir());
        Map<String, Long> counts = new HashMap<>(acc.counts());
        other.counts().forEach((item, count) -> counts.merge(item, count, Long::sum));
        acc = new Built(merged, counts);
        assertBounded(aggregator, acc, "round " + round);
      }
    }
  }

  /**
   * An IR whose sketch's purges removed every item (two items, as often each, in a sketch holding
   * at most one) keeps its error when merged into another and through its bytes, which
   * DataSketches drops for a sketch without items.
   */
  @Test
  void aSketchPurgedOfEveryItemKeepsItsError() {
    ApproxHistogramAggregator aggregator = new ApproxHistogramAggregator(1);
    ApproxHistogramState emptied = aggregator.prepare("a", 0);
    for (String item : List.of("b", "c", "d", "e", "f", "g")) {
      emptied = aggregator.update(emptied, item, 0);
    }
    assertTrue(emptied.sketch.isEmpty(), "the purges left items: " + emptied.sketch);
    long error = ApproxHistogramAggregator.maximumError(emptied);
    assertTrue(error > 0);
    ApproxHistogramState decoded = aggregator.denormalize(aggregator.normalize(emptied));
    assertEquals(error, ApproxHistogramAggregator.maximumError(decoded));

    ApproxHistogramState other = aggregator.prepare("a", 0);
    for (String item : List.of("a", "h", "a", "i", "a", "a")) {
      other = aggregator.update(other, item, 0);
    }
    long otherError = ApproxHistogramAggregator.maximumError(other);
    ApproxHistogramState merged = aggregator.merge(other, aggregator.clone(emptied));
    assertEquals(error + otherError, ApproxHistogramAggregator.maximumError(merged));
    Map<?, ?> histogram = (Map<?, ?>) aggregator.finalize(merged);
    assertTrue((Long) histogram.get("a") >= 6, histogram.toString());
  }

  private static Built built(ApproxHistogramAggregator aggregator, SplittableRandom random,
      int spread) {
    Map<String, Long> counts = new HashMap<>();
    ApproxHistogramState ir = null;
    for (int i = 1 + random.nextInt(random.nextBoolean() ? 3 : 40); i > 0; i--) {
      String item = "v" + random.nextInt(1 + random.nextInt(spread));
      ir = ir == null ? aggregator.prepare(item, 0) : aggregator.update(ir, item, 0);
      counts.merge(item, 1L, Long::sum);
    }
    return new Built(ir, counts);
  }

  /** The IR itself, a clone, or the IR through its normalized form, at random. */
  private static Built copy(ApproxHistogramAggregator aggregator, Built built,
      SplittableRandom random) {
    ApproxHistogramState ir =
        switch (random.nextInt(3)) {
          case 0 -> built.ir();
          case 1 -> aggregator.clone(built.ir());
          default -> aggregator.denormalize(aggregator.normalize(built.ir()));
        };
    return new Built(ir, built.counts());
  }

  private static void assertBounded(ApproxHistogramAggregator aggregator, Built built,
      String context) {
    long error = ApproxHistogramAggregator.maximumError(built.ir());
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) aggregator.finalize(built.ir())).entrySet()) {
      long truth = built.counts().getOrDefault((String) entry.getKey(), 0L);
      long estimate = (Long) entry.getValue();
      assertTrue(estimate >= truth && estimate <= truth + error,
          context + ": " + entry.getKey() + " estimate " + estimate + ", true " + truth
              + ", error " + error);
    }
    if (built.ir().sketch != null) {
      assertTrue(error <= 2 * ItemsSketch.getAprioriError(sketchSize(built.ir()), total(built)),
          context + ": error " + error);
    }
  }

  private static int sketchSize(ApproxHistogramState ir) {
    return ir.sketch.getMaximumMapCapacity() * 4 / 3;
  }

  private static long total(Built built) {
    return built.counts().values().stream().mapToLong(Long::longValue).sum();
  }
}
