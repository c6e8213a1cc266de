package org.chrononbeam.aggregator.window;

import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.DAY;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.HOUR;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.START;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.WINDOWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;

/**
 * The online form (batch IR as of a batch end, plus streaming events or tiles) against the
 * brute-force loop at random query times after the batch end.
 */
class OnlineReferenceTest {

  static final long BATCH_END = START + 13 * DAY;
  static final long HORIZON = OnlineAggregator.DEFAULT_HORIZON_MILLIS;

  static WindowedAggregation windowed(List<ColumnSpec> specs, boolean withMutations) {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : specs) {
      aggregations.add(spec.toAggregation(WINDOWS));
      aggregations.add(spec.toAggregation(List.of()));
    }
    return WindowedAggregation.of(
        RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, withMutations);
  }

  /** A query time in the horizon: its start, its end, on an hour, or anywhere in between. */
  static long queryTime(Random random) {
    long q = BATCH_END + (long) (random.nextDouble() * HORIZON);
    switch (random.nextInt(5)) {
      case 0:
        return BATCH_END;
      case 1:
        return BATCH_END + HORIZON;
      case 2:
        return q - Math.floorMod(q, HOUR);
      default:
        return q;
    }
  }

  private static List<Row> between(List<? extends Row> events, long from, long until) {
    List<Row> selected = new ArrayList<>();
    for (Row event : events) {
      if (event.ts() >= from && event.ts() < until) {
        selected.add(event);
      }
    }
    return selected;
  }

  @Test
  void batchIrPlusStreamingEventsOrTilesEqualsBruteForce() {
    WindowedAggregation aggregation = windowed(ColumnCases.ALL, false);
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    int[] eventsPerKey = {0, 1, 5, 60, 250};
    for (int key = 0; key < eventsPerKey.length * 2; key++) {
      RandomRows random = new RandomRows(300 + key, 0.2);
      List<ArrayRow> events =
          random.events(eventsPerKey[key % eventsPerKey.length], START, 16 * DAY);
      BatchIr batch = online.batchIr(events, BATCH_END);
      List<Row> streaming = between(events, BATCH_END, Long.MAX_VALUE);
      Collections.shuffle(streaming, random.random());
      for (int i = 0; i < 8; i++) {
        long q = queryTime(random.random());
        SawtoothReferenceTest.assertOutputs(aggregation, events, q,
            online.finalizedAt(batch, streaming, q), "events key " + key);
        List<Tile> tiles = online.tiles(between(events, BATCH_END, q));
        SawtoothReferenceTest.assertOutputs(aggregation, events, q,
            online.finalizedFromTiles(batch, tiles, q), "tiles key " + key);
      }
    }
  }

  /**
   * The reference of {@link OnlineAggregator#finalizedAt}'s order of work: per output, a copy of
   * the collapsed IR, the tail hops in its window merged in order, then each streaming row in the
   * window updated in list order through the per-row update.
   */
  private static Object[] rowByRow(
      WindowedAggregation aggregation, BatchIr batch, List<? extends Row> streaming, long q) {
    long batchEnd = batch.batchEnd();
    long[] hopSizes = aggregation.hopSizes();
    Object[] irs = new Object[aggregation.outputs().size()];
    for (int o = 0; o < irs.length; o++) {
      WindowedOutput output = aggregation.outputs().get(o);
      WindowSpec window = output.window();
      ColumnAggregator column = aggregation.rows().column(output.column());
      Object ir = column.clone(batch.collapsed()[o]);
      if (!window.isUnbounded()) {
        HopIrs hops = batch.tailHops().get(
            Arrays.stream(hopSizes).boxed().toList().indexOf(window.hopMillis()));
        long until = Math.min(window.startAt(batchEnd + HORIZON), batchEnd);
        for (int i = hops.firstAtOrAfter(window.startAt(q));
            i < hops.size() && hops.starts()[i] < until; i++) {
          ir = column.merge(ir, hops.irs()[i][output.column()]);
        }
      }
      long from = Math.max(batchEnd, window.startAt(q));
      for (Row row : streaming) {
        if (row.ts() >= from && row.ts() < q) {
          ir = column.update(ir, row);
        }
      }
      irs[o] = ir;
    }
    return aggregation.finalize(irs);
  }

  /**
   * Every operation but APPROX_PERCENTILE, whose KLL sketch compacts with random bits, so two runs
   * over the same inputs need not give the same value.
   */
  private static final List<ColumnSpec> DETERMINISTIC = ColumnCases.ALL.stream()
      .filter(spec -> spec.operation() != Operation.APPROX_PERCENTILE)
      .toList();

  @Test
  void streamingUpdatesAreThoseOfTheRowByRowReferenceExactly() {
    for (boolean mutations : new boolean[] {false, true}) {
      WindowedAggregation aggregation =
          windowed(mutations ? ColumnCases.DELETABLE : DETERMINISTIC, mutations);
      OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
      for (int key = 0; key < 12; key++) {
        RandomRows random = new RandomRows(1100 + key, key % 3 == 0 ? 0.5 : 0.2);
        Random rng = random.random();
        List<Row> events = new ArrayList<>(random.events(rng.nextInt(200), START, 15 * DAY));
        if (mutations) {
          for (Row event : new ArrayList<>(events)) {
            if (event.ts() >= BATCH_END && rng.nextInt(3) == 0) {
              events.add(new ArrayRow(event.ts() + rng.nextInt(3), true,
                  ((ArrayRow) event).values()));
            }
          }
        }
        BatchIr batch = online.batchIr(events, BATCH_END);
        List<Row> streaming = between(events, BATCH_END, Long.MAX_VALUE);
        Collections.shuffle(streaming, rng);
        for (int i = 0; i < 8; i++) {
          long q = i < 2 || streaming.isEmpty()
              ? queryTime(rng)
              : Math.min(BATCH_END + HORIZON, streaming.get(rng.nextInt(streaming.size())).ts());
          assertEquals(Arrays.asList(rowByRow(aggregation, batch, streaming, q)),
              Arrays.asList(online.finalizedAt(batch, streaming, q)), "key " + key + " q " + q);
        }
      }
    }
  }

  @Test
  void mutationsAfterTheBatchEndAreDeleted() {
    WindowedAggregation aggregation = windowed(ColumnCases.DELETABLE, true);
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    for (int key = 0; key < 6; key++) {
      RandomRows random = new RandomRows(700 + key, 0.2);
      Random rng = random.random();
      List<Row> events = new ArrayList<>(random.events(120, START, 15 * DAY));
      for (Row event : new ArrayList<>(events)) {
        if (event.ts() >= BATCH_END - DAY && rng.nextInt(3) == 0) {
          long deletedAt = Math.max(event.ts(), BATCH_END) + rng.nextInt(3_600_000);
          events.add(new ArrayRow(deletedAt, true, ((ArrayRow) event).values()));
        }
      }
      events.sort(java.util.Comparator.comparingLong(Row::ts));
      BatchIr batch = online.batchIr(events, BATCH_END);
      List<Row> streaming = between(events, BATCH_END, Long.MAX_VALUE);
      for (int i = 0; i < 8; i++) {
        long q = queryTime(rng);
        SawtoothReferenceTest.assertOutputs(aggregation, events, q,
            online.finalizedAt(batch, streaming, q), "key " + key);
      }
    }
  }

  @Test
  void queriesOutsideTheBatchHorizonAreRefused() {
    OnlineAggregator online = new OnlineAggregator(windowed(ColumnCases.ALL, false), HORIZON);
    BatchIr batch = online.batchIr(List.of(), BATCH_END);
    assertThrows(IllegalArgumentException.class,
        () -> online.finalizedAt(batch, List.of(), BATCH_END - 1));
    assertThrows(IllegalArgumentException.class,
        () -> online.finalizedAt(batch, List.of(), BATCH_END + HORIZON + 1));
    assertThrows(IllegalArgumentException.class, () -> online.batchIr(List.of(), BATCH_END + 1));
  }
}
