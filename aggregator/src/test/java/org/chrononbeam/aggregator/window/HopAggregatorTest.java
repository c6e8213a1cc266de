package org.chrononbeam.aggregator.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.NaiveColumn;
import org.chrononbeam.aggregator.testing.OutputCheck;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Aggregation;
import org.junit.jupiter.api.Test;

/** Hop IRs against grouping the events by {@code ts - ts mod hop} by hand. */
class HopAggregatorTest {

  @Test
  void hopIrsHoldExactlyTheEventsOfTheirHop() {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      aggregations.add(spec.toAggregation(List.of()));
    }
    RowAggregator rows = RowAggregator.of(RandomRows.SCHEMA, aggregations, false);
    long[] hopSizes = {RandomRows.DAY, 3_600_000L, 300_000L};
    HopAggregator hopAggregator = new HopAggregator(rows, hopSizes);
    List<ArrayRow> events = new RandomRows(17, 0.2).events(400, -RandomRows.DAY, 3 * RandomRows.DAY);
    List<HopIrs> hops = hopAggregator.aggregate(events);
    assertEquals(hopSizes.length, hops.size());
    for (int h = 0; h < hopSizes.length; h++) {
      long hop = hopSizes[h];
      TreeMap<Long, List<Row>> byHop = new TreeMap<>();
      for (Row event : events) {
        byHop.computeIfAbsent(event.ts() - Math.floorMod(event.ts(), hop), s -> new ArrayList<>())
            .add(event);
      }
      HopIrs hopIrs = hops.get(h);
      assertEquals(hop, hopIrs.hopMillis());
      assertArrayEquals(byHop.keySet().stream().mapToLong(Long::longValue).toArray(),
          hopIrs.starts());
      for (int i = 0; i < hopIrs.size(); i++) {
        Object[] outputs = rows.finalize(hopIrs.irs()[i]);
        List<Row> inHop = byHop.get(hopIrs.starts()[i]);
        for (int c = 0; c < ColumnCases.ALL.size(); c++) {
          ColumnSpec spec = ColumnCases.ALL.get(c);
          OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
              NaiveColumn.evaluate(RandomRows.SCHEMA, spec, inHop), outputs[c],
              "hop " + hop + " start " + hopIrs.starts()[i]);
        }
      }
    }
  }

  @Test
  void unsortedEventsAreRejected() {
    RowAggregator rows = RowAggregator.of(RandomRows.SCHEMA,
        List.of(ColumnCases.ALL.get(0).toAggregation(List.of())), false);
    RandomRows random = new RandomRows(1, 0);
    List<ArrayRow> events = List.of(ArrayRow.of(10, random.values()), ArrayRow.of(5, random.values()));
    assertThrows(IllegalArgumentException.class,
        () -> new HopAggregator(rows, new long[] {300_000L}).aggregate(events));
  }
}
