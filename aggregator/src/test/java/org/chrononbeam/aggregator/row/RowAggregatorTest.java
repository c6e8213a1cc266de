package org.chrononbeam.aggregator.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chrononbeam.aggregator.ops.DataTypes;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.NaiveColumn;
import org.chrononbeam.aggregator.testing.OutputCheck;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;

/** All columns at once: update, clone, merge and finalize of row IRs against the reference. */
class RowAggregatorTest {

  private static final InputSchema SCHEMA = RandomRows.SCHEMA;

  @Test
  void rowIrsOfEveryColumnMatchTheReference() {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      aggregations.add(spec.toAggregation(List.of()));
    }
    RowAggregator rows = RowAggregator.of(SCHEMA, aggregations, false);
    assertEquals(ColumnCases.ALL.size(), rows.size());
    RandomRows random = new RandomRows(5, 0.25);
    List<? extends Row> first = random.events(150, 0, RandomRows.DAY);
    List<? extends Row> second = random.events(150, 0, RandomRows.DAY);
    Object[] a = rows.newIrs();
    first.forEach(row -> rows.update(a, row));
    Object[] b = rows.newIrs();
    second.forEach(row -> rows.update(b, row));
    Object[] copyOfA = rows.clone(a);
    Object[] merged = rows.merge(a, b);
    List<Row> both = new ArrayList<>(first);
    both.addAll(second);
    Object[] mergedOutputs = rows.finalize(merged);
    Object[] copyOutputs = rows.finalize(copyOfA);
    for (int i = 0; i < ColumnCases.ALL.size(); i++) {
      ColumnSpec spec = ColumnCases.ALL.get(i);
      OutputCheck.assertMatches(SCHEMA, spec, NaiveColumn.evaluate(SCHEMA, spec, both),
          mergedOutputs[i], "merged");
      OutputCheck.assertMatches(SCHEMA, spec, NaiveColumn.evaluate(SCHEMA, spec, first),
          copyOutputs[i], "clone");
    }
  }

  @Test
  void eachBucketOfAnAggregationIsAColumn() {
    Aggregation aggregation = new Aggregation()
        .setInputColumn("i").setOperation(Operation.SUM).setBuckets(List.of("bucket", "s"));
    RowAggregator rows = RowAggregator.of(SCHEMA, List.of(aggregation), false);
    assertEquals(2, rows.size());
    assertEquals("bucket", rows.column(0).bucketColumn());
    assertEquals("s", rows.column(1).bucketColumn());
    assertEquals(DataTypes.mapOf(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.LONG)),
        rows.column(1).outputType());
  }

  @Test
  void invalidColumnsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ColumnAggregator(
        SCHEMA, "missing", Operation.SUM, Map.of(), null, false));
    assertThrows(IllegalArgumentException.class, () -> new ColumnAggregator(
        SCHEMA, "i", Operation.SUM, Map.of(), null, true));
    assertThrows(IllegalArgumentException.class, () -> new ColumnAggregator(
        SCHEMA, "s", Operation.SUM, Map.of(), null, false));
  }
}
