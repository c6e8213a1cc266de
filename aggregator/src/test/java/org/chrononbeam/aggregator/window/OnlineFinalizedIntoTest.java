package org.chrononbeam.aggregator.window;

import static org.chrononbeam.aggregator.window.OnlineReferenceTest.BATCH_END;
import static org.chrononbeam.aggregator.window.OnlineReferenceTest.HORIZON;
import static org.chrononbeam.aggregator.window.OnlineReferenceTest.queryTime;
import static org.chrononbeam.aggregator.window.OnlineReferenceTest.windowed;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.DAY;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.START;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.testing.RecordingSink;
import org.junit.jupiter.api.Test;

/**
 * {@link OnlineAggregator#finalizedInto} against {@link OnlineAggregator#finalizedAt}: for random
 * keys (no events to hundreds, nulls), batch IRs and streaming rows in any order, with and without
 * deletions, at query times on the batch end, the horizon's end, hour boundaries and in between,
 * every query's values arrive at its own query index, through the setter of the output's type,
 * exactly once, equal to finalizedAt's.
 */
class OnlineFinalizedIntoTest {

  /**
   * For keys of {@code eventsPerKey} events over 16 days from {@code seed}, deleting some of them
   * later when {@code deletions}: every query's finalizedInto against finalizedAt.
   */
  private static void check(WindowedAggregation aggregation, long seed, boolean deletions) {
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    int[] eventsPerKey = {0, 1, 3, 40, 300};
    double[] nullRates = {0, 0.2, 0.7};
    for (int key = 0; key < eventsPerKey.length * nullRates.length; key++) {
      RandomRows random = new RandomRows(seed + key, nullRates[key % nullRates.length]);
      Random rng = random.random();
      List<ArrayRow> inserts =
          random.events(eventsPerKey[key % eventsPerKey.length], START, 16 * DAY);
      List<? extends Row> events = deletions
          ? SawtoothReferenceTest.withDeletions(rng, inserts, 2, DAY)
          : inserts;
      BatchIr batch = online.batchIr(events, BATCH_END);
      List<Row> streaming = new ArrayList<>(events);
      Collections.shuffle(streaming, rng);
      int queries = 12;
      Object[][] values = new Object[queries][];
      RecordingSink sink = new RecordingSink(queries, aggregation.outputs().size());
      for (int i = 0; i < queries; i++) {
        long q = queryTime(rng);
        int query = queries - 1 - i;
        values[query] = online.finalizedAt(batch, streaming, q);
        online.finalizedInto(batch, streaming, q, sink, query);
      }
      sink.assertHolds(values, SawtoothFinalizedIntoTest.outputKinds(aggregation),
          SawtoothFinalizedIntoTest.randomizedOutputs(aggregation), "key " + key);
    }
  }

  @Test
  void finalizedIntoDeliversFinalizedAtForEveryOperationAndWindow() {
    check(windowed(ColumnCases.ALL, false), 8100, false);
  }

  @Test
  void finalizedIntoDeliversFinalizedAtWithDeletions() {
    check(windowed(ColumnCases.DELETABLE, true), 8200, true);
  }

  @Test
  void queriesOutsideTheHorizonAreRefused() {
    WindowedAggregation aggregation = windowed(ColumnCases.DELETABLE, true);
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    BatchIr batch = online.batchIr(List.of(), BATCH_END);
    RecordingSink sink = new RecordingSink(1, aggregation.outputs().size());
    assertThrows(IllegalArgumentException.class,
        () -> online.finalizedInto(batch, List.of(), BATCH_END - 1, sink, 0));
    assertThrows(IllegalArgumentException.class,
        () -> online.finalizedInto(batch, List.of(), BATCH_END + HORIZON + 1, sink, 0));
  }
}
