package org.chrononbeam.aggregator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.NaiveColumn;
import org.chrononbeam.aggregator.testing.OutputCheck;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;

/**
 * The sawtooth against a brute-force loop over all events per query, for every operation and
 * window, many keys, and query times on event times, hop boundaries and window boundaries.
 */
class SawtoothReferenceTest {

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final long START = 1_600_000_000_000L - Math.floorMod(1_600_000_000_000L, DAY);

  static final List<Window> WINDOWS = List.of(
      new Window(1, TimeUnit.HOURS),
      new Window(11, TimeUnit.HOURS),
      new Window(12, TimeUnit.HOURS),
      new Window(1, TimeUnit.DAYS),
      new Window(12, TimeUnit.DAYS));

  /** The window length, and its tail hop by Chronon's rule, computed independently. */
  static long[] naiveLengthAndHop(Window window) {
    long length = window.getLength() * (window.getTimeUnit() == TimeUnit.DAYS ? DAY : HOUR);
    long hop = length >= 12 * DAY ? DAY : length >= 12 * HOUR ? HOUR : 5 * MINUTE;
    return new long[] {length, hop};
  }

  /** The events of {@code events} in window {@code window} (null = unbounded) at {@code q}. */
  static List<Row> naiveWindow(List<? extends Row> events, Window window, long q) {
    long start = Long.MIN_VALUE;
    if (window != null) {
      long[] lengthAndHop = naiveLengthAndHop(window);
      long tail = q - lengthAndHop[0];
      start = tail - Math.floorMod(tail, lengthAndHop[1]);
    }
    List<Row> selected = new ArrayList<>();
    for (Row event : events) {
      if (event.ts() >= start && event.ts() < q) {
        selected.add(event);
      }
    }
    return selected;
  }

  /** Query times: random, on event times, on hop boundaries, and where a window tail falls on one. */
  static long[] queries(Random random, List<? extends Row> events, long span, int count) {
    long[] queries = new long[count];
    for (int i = 0; i < count; i++) {
      long base = START + (long) (random.nextDouble() * (span + 2 * DAY));
      switch (random.nextInt(6)) {
        case 0:
          queries[i] = events.isEmpty()
              ? base : events.get(random.nextInt(events.size())).ts() + random.nextInt(2);
          break;
        case 1:
          queries[i] = base - Math.floorMod(base, 5 * MINUTE);
          break;
        case 2:
          queries[i] = base - Math.floorMod(base, HOUR);
          break;
        case 3:
          queries[i] = base - Math.floorMod(base, DAY);
          break;
        case 4:
          long[] lengthAndHop = naiveLengthAndHop(WINDOWS.get(random.nextInt(WINDOWS.size())));
          long boundary = events.isEmpty()
              ? base : events.get(random.nextInt(events.size())).ts();
          queries[i] = boundary + lengthAndHop[0] + random.nextInt(3) - 1;
          break;
        default:
          queries[i] = base;
      }
    }
    return queries;
  }

  private static WindowedAggregation windowed(List<ColumnSpec> specs) {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : specs) {
      aggregations.add(spec.toAggregation(WINDOWS));
      aggregations.add(spec.toAggregation(List.of()));
    }
    return WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
  }

  @Test
  void sawtoothEqualsBruteForceForEveryOperationAndWindow() {
    WindowedAggregation aggregation = windowed(ColumnCases.ALL);
    SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
    int[] eventsPerKey = {0, 1, 2, 7, 40, 150, 300, 1000};
    double[] nullRates = {0, 0.1, 0.5};
    long span = 15 * DAY;
    for (int key = 0; key < eventsPerKey.length * nullRates.length; key++) {
      RandomRows random = new RandomRows(key, nullRates[key % nullRates.length]);
      List<ArrayRow> events = random.events(eventsPerKey[key % eventsPerKey.length], START, span);
      long[] queries = queries(random.random(), events, span, 50);
      List<Object[]> values = sawtooth.finalizedAt(events, queries);
      assertEquals(queries.length, values.size());
      for (int qi = 0; qi < queries.length; qi++) {
        assertOutputs(aggregation, events, queries[qi], values.get(qi), "key " + key);
      }
    }
  }

  /** Checks every output of {@code aggregation} at {@code q} against the brute-force loop. */
  static void assertOutputs(WindowedAggregation aggregation, List<? extends Row> events, long q,
      Object[] values, String context) {
    List<WindowedOutput> outputs = aggregation.outputs();
    for (int o = 0; o < outputs.size(); o++) {
      WindowedOutput output = outputs.get(o);
      Aggregation source = aggregation.rows().aggregation(output.column());
      ColumnSpec spec = specOf(aggregation, output.column());
      assertEquals(spec.operation(), aggregation.rows().column(output.column()).operation());
      Window window = source.isSetWindows() ? windowOf(source, aggregation, o) : null;
      List<Row> inWindow = naiveWindow(events, window, q);
      OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
          NaiveColumn.evaluate(RandomRows.SCHEMA, spec, inWindow), values[o],
          context + " q " + q + " window " + window);
    }
  }

  private static ColumnSpec specOf(WindowedAggregation aggregation, int column) {
    Aggregation source = aggregation.rows().aggregation(column);
    return new ColumnSpec(source.getInputColumn(), source.getOperation(), source.getArgMap(),
        aggregation.rows().column(column).bucketColumn(), source.isElementWise());
  }

  private static Window windowOf(Aggregation source, WindowedAggregation aggregation, int output) {
    int column = aggregation.outputs().get(output).column();
    int first = output;
    while (first > 0 && aggregation.outputs().get(first - 1).column() == column) {
      first--;
    }
    return source.getWindows().get(output - first);
  }

  /**
   * {@code events} with the deletion of about one in {@code oneIn} of them, half at the event's
   * time and half up to {@code maxDelay} later, sorted by time.
   */
  static List<Row> withDeletions(Random rng, List<ArrayRow> events, int oneIn, long maxDelay) {
    List<Row> withDeletions = new ArrayList<>(events);
    for (ArrayRow event : events) {
      if (rng.nextInt(oneIn) == 0) {
        long deletedAt = event.ts() + rng.nextInt(2) * (long) rng.nextInt((int) maxDelay);
        withDeletions.add(new ArrayRow(deletedAt, true, event.values()));
      }
    }
    withDeletions.sort(java.util.Comparator.comparingLong(Row::ts));
    return withDeletions;
  }

  @Test
  void entityMutationsInTheEventsAreDeletedInEveryWindow() {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.DELETABLE) {
      aggregations.add(spec.toAggregation(WINDOWS));
      aggregations.add(spec.toAggregation(List.of()));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, true);
    SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
    for (int key = 0; key < 6; key++) {
      RandomRows random = new RandomRows(900 + key, 0.2);
      Random rng = random.random();
      List<Row> events = withDeletions(rng, random.events(150, START, 10 * DAY), 3, 2 * DAY);
      long[] queries = queries(rng, events, 10 * DAY, 40);
      List<Object[]> values = sawtooth.finalizedAt(events, queries);
      for (int qi = 0; qi < queries.length; qi++) {
        assertOutputs(aggregation, events, queries[qi], values.get(qi), "key " + key);
      }
    }
  }

  @Test
  void snapshotWindowsAtDayBoundariesEqualBruteForceOverWholeDays() {
    List<Window> days = List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS),
        new Window(14, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      aggregations.add(spec.toAggregation(days));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.SNAPSHOT, false);
    SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
    for (int key = 0; key < 4; key++) {
      RandomRows random = new RandomRows(50 + key, 0.2);
      List<ArrayRow> events = random.events(200, START, 20 * DAY);
      long[] queries = new long[22];
      for (int d = 0; d < queries.length; d++) {
        queries[d] = START + d * DAY;
      }
      List<Object[]> values = sawtooth.finalizedAt(events, queries);
      for (int qi = 0; qi < queries.length; qi++) {
        long q = queries[qi];
        List<WindowedOutput> outputs = aggregation.outputs();
        for (int o = 0; o < outputs.size(); o++) {
          int column = outputs.get(o).column();
          Window window = days.get(o % days.size());
          long start = q - window.getLength() * DAY;
          List<Row> inWindow = new ArrayList<>();
          for (Row event : events) {
            if (event.ts() >= start && event.ts() < q) {
              inWindow.add(event);
            }
          }
          ColumnSpec spec = ColumnCases.ALL.get(column);
          OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
              NaiveColumn.evaluate(RandomRows.SCHEMA, spec, inWindow), values.get(qi)[o],
              "snapshot q " + q + " window " + window);
        }
      }
    }
  }

  @Test
  void unsortedEventsAreRejected() {
    WindowedAggregation unboundedOnly = WindowedAggregation.of(RandomRows.SCHEMA,
        List.of(ColumnCases.ALL.get(0).toAggregation(List.of())), Accuracy.TEMPORAL, false);
    RandomRows random = new RandomRows(3, 0);
    List<ArrayRow> events =
        List.of(ArrayRow.of(START + 10, random.values()), ArrayRow.of(START, random.values()));
    assertThrows(IllegalArgumentException.class,
        () -> new SawtoothAggregator(unboundedOnly).finalizedAt(events, new long[] {START + DAY}));
  }

  @Test
  void queriesInAnyOrderGiveTheSameValuesAndIrsFinalizeToThem() {
    WindowedAggregation aggregation = windowed(List.of(ColumnCases.ALL.get(0),
        ColumnCases.ALL.get(22)));
    SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
    RandomRows random = new RandomRows(99, 0.1);
    List<ArrayRow> events = random.events(200, START, 5 * DAY);
    long[] queries = queries(random.random(), events, 5 * DAY, 30);
    long[] reversed = new long[queries.length];
    for (int i = 0; i < queries.length; i++) {
      reversed[i] = queries[queries.length - 1 - i];
    }
    List<Object[]> forward = sawtooth.finalizedAt(events, queries);
    List<Object[]> backward = sawtooth.finalizedAt(events, reversed);
    List<Object[]> irs = sawtooth.irsAt(events, queries);
    for (int i = 0; i < queries.length; i++) {
      assertEquals(Arrays.asList(forward.get(i)), Arrays.asList(aggregation.finalize(irs.get(i))));
      assertEquals(Arrays.asList(forward.get(i)), Arrays.asList(backward.get(queries.length - 1 - i)));
    }
  }
}
