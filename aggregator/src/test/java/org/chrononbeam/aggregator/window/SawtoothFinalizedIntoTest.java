package org.chrononbeam.aggregator.window;

import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.DAY;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.START;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.WINDOWS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.testing.RecordingSink;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;

/**
 * {@link SawtoothAggregator#finalizedInto} against {@link SawtoothAggregator#finalizedAt}: the
 * same value for every query and output, through the setter of the output's type (numbers and
 * booleans never as objects), exactly once, for every operation, shape and window, with nulls,
 * deletions, boundary timestamps and duplicate query times.
 */
class SawtoothFinalizedIntoTest {

  private static WindowedAggregation windowed(
      List<ColumnSpec> specs, List<Window> windows, Accuracy accuracy, boolean withMutations) {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : specs) {
      aggregations.add(spec.toAggregation(windows));
      aggregations.add(spec.toAggregation(List.of()));
    }
    return WindowedAggregation.of(RandomRows.SCHEMA, aggregations, accuracy, withMutations);
  }

  static DataKind[] outputKinds(WindowedAggregation aggregation) {
    return aggregation.outputs().stream()
        .map(output -> aggregation.rows().column(output.column()).outputType().getKind())
        .toArray(DataKind[]::new);
  }

  /** The sawtooth's queries, plus some of them again and some one millisecond apart. */
  private static long[] queriesWithDuplicates(
      Random random, List<? extends Row> events, long span, int count) {
    long[] queries = SawtoothReferenceTest.queries(random, events, span, count);
    long[] withDuplicates = new long[count + count / 2];
    System.arraycopy(queries, 0, withDuplicates, 0, count);
    for (int i = count; i < withDuplicates.length; i++) {
      withDuplicates[i] = queries[random.nextInt(count)] + (random.nextInt(4) == 0 ? 1 : 0);
    }
    for (int i = withDuplicates.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = withDuplicates[i];
      withDuplicates[i] = withDuplicates[j];
      withDuplicates[j] = swap;
    }
    return withDuplicates;
  }

  /** The outputs of APPROX_PERCENTILE: a KLL sketch's merges are randomized. */
  static Set<Integer> randomizedOutputs(WindowedAggregation aggregation) {
    Set<Integer> outputs = new HashSet<>();
    for (int o = 0; o < aggregation.outputs().size(); o++) {
      int column = aggregation.outputs().get(o).column();
      if (aggregation.rows().column(column).operation() == Operation.APPROX_PERCENTILE) {
        outputs.add(o);
      }
    }
    return outputs;
  }

  /**
   * Checks finalizedInto against finalizedAt (exactly, but for the randomized sketches' values),
   * and returns the sink.
   */
  private static RecordingSink assertFinalizedIntoEqualsFinalizedAt(
      WindowedAggregation aggregation, List<? extends Row> events, long[] queries,
      String context) {
    SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
    Object[][] values = sawtooth.finalizedAt(events, queries).toArray(new Object[0][]);
    RecordingSink sink = new RecordingSink(queries.length, aggregation.outputs().size());
    sawtooth.finalizedInto(events, queries, sink);
    sink.assertHolds(values, outputKinds(aggregation), randomizedOutputs(aggregation), context);
    return sink;
  }

  /** Checks finalizedInto's values, boxed back, against the brute-force loop. */
  private static void assertMatchesBruteForce(WindowedAggregation aggregation,
      List<? extends Row> events, long[] queries, RecordingSink sink, String context) {
    DataKind[] kinds = outputKinds(aggregation);
    for (int q = 0; q < queries.length; q++) {
      SawtoothReferenceTest.assertOutputs(
          aggregation, events, queries[q], sink.boxed(q, kinds), context);
    }
  }

  /**
   * For keys with each of {@code eventsPerKey} events in 10 days and null rates 0, 0.1 and 0.6
   * (random seeds from {@code seed}): finalizedInto against finalizedAt, and against the
   * brute-force loop when {@code bruteForce}.
   */
  private static void checkKeys(WindowedAggregation aggregation, long seed, int[] eventsPerKey,
      int queryCount, boolean bruteForce) {
    double[] nullRates = {0, 0.1, 0.6};
    for (int key = 0; key < eventsPerKey.length * nullRates.length; key++) {
      RandomRows random = new RandomRows(seed + key, nullRates[key % nullRates.length]);
      List<ArrayRow> events = random.events(eventsPerKey[key % eventsPerKey.length], START,
          10 * DAY);
      long[] queries = queriesWithDuplicates(random.random(), events, 10 * DAY, queryCount);
      RecordingSink sink =
          assertFinalizedIntoEqualsFinalizedAt(aggregation, events, queries, "key " + key);
      if (bruteForce) {
        assertMatchesBruteForce(aggregation, events, queries, sink, "key " + key);
      }
    }
  }

  @Test
  void finalizedIntoDeliversFinalizedAtForEveryOperationAndWindow() {
    checkKeys(windowed(ColumnCases.ALL, WINDOWS, Accuracy.TEMPORAL, false), 7000,
        new int[] {0, 1, 2, 7, 40, 300}, 40, false);
  }

  /**
   * finalizedInto's values against the brute-force loop, for every operation; the keys of the test
   * above too, among which key 11 (seed 7011) once made APPROX_HISTOGRAM_K(s, k=4) over 12 days
   * estimate a count below the true one.
   */
  @Test
  void finalizedIntoValuesEqualBruteForce() {
    WindowedAggregation aggregation =
        windowed(ColumnCases.ALL, WINDOWS, Accuracy.TEMPORAL, false);
    checkKeys(aggregation, 7400, new int[] {0, 1, 7, 40, 300}, 30, true);
    checkKeys(aggregation, 7000, new int[] {0, 1, 2, 7, 40, 300}, 40, true);
  }

  @Test
  void deletionsDownToEmptyWindowsArriveAsFinalizeGivesThem() {
    WindowedAggregation aggregation =
        windowed(ColumnCases.DELETABLE, WINDOWS, Accuracy.TEMPORAL, true);
    for (int key = 0; key < 6; key++) {
      RandomRows random = new RandomRows(7100 + key, 0.2);
      Random rng = random.random();
      List<Row> events = SawtoothReferenceTest.withDeletions(
          rng, random.events(120, START, 8 * DAY), 2, DAY);
      long[] queries = queriesWithDuplicates(rng, events, 8 * DAY, 40);
      RecordingSink sink =
          assertFinalizedIntoEqualsFinalizedAt(aggregation, events, queries, "key " + key);
      assertMatchesBruteForce(aggregation, events, queries, sink, "key " + key);
    }
  }

  @Test
  void snapshotWindowsAtDayBoundaries() {
    WindowedAggregation aggregation = windowed(ColumnCases.ALL,
        List.of(new Window(1, TimeUnit.DAYS), new Window(14, TimeUnit.DAYS)), Accuracy.SNAPSHOT,
        false);
    RandomRows random = new RandomRows(7200, 0.2);
    List<ArrayRow> events = random.events(200, START, 20 * DAY);
    long[] queries = new long[30];
    for (int d = 0; d < queries.length; d++) {
      queries[d] = START + (d % 22) * DAY;
    }
    assertFinalizedIntoEqualsFinalizedAt(aggregation, events, queries, "snapshot");
  }

  @Test
  void timeOrderSortsIndicesByQueryTime() {
    Random random = new Random(7300);
    for (int round = 0; round < 200; round++) {
      int size = random.nextInt(round < 20 ? 4 : 300);
      long[] queries = new long[size];
      for (int i = 0; i < size; i++) {
        queries[i] = random.nextInt(3) == 0 ? Long.MIN_VALUE + random.nextInt(3)
            : START + random.nextInt(Math.max(1, size / 2)) * (long) random.nextInt(2_000_000);
      }
      if (round % 5 == 0) {
        Arrays.sort(queries);
      }
      int[] expected = IntStream.range(0, size).boxed()
          .sorted(Comparator.comparingLong(i -> queries[i]))
          .mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, SawtoothAggregator.timeOrder(queries), "round " + round);
    }
  }
}
