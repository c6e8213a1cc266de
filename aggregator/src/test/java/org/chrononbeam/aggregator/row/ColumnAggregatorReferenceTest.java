package org.chrononbeam.aggregator.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.NaiveColumn;
import org.chrononbeam.aggregator.testing.OutputCheck;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation and input shape against the naive reference on random rows: one pass, random
 * splits merged in random order, the empty / single / many / deleted-to-zero matrix, and clones.
 */
class ColumnAggregatorReferenceTest {

  private static final InputSchema SCHEMA = RandomRows.SCHEMA;

  static Stream<ColumnSpec> all() {
    return ColumnCases.ALL.stream();
  }

  static Stream<ColumnSpec> deletable() {
    return ColumnCases.DELETABLE.stream();
  }

  private static ColumnAggregator aggregatorOf(ColumnSpec spec) {
    return new ColumnAggregator(
        SCHEMA, spec.input(), spec.operation(), spec.args(), spec.bucket(), spec.elementWise());
  }

  private static Object aggregate(ColumnAggregator column, List<? extends Row> rows) {
    Object ir = null;
    for (Row row : rows) {
      ir = column.update(ir, row);
    }
    return ir;
  }

  private static void assertMatchesNaive(
      ColumnSpec spec, List<? extends Row> rows, Object actualOutput, String context) {
    OutputCheck.assertMatches(
        SCHEMA, spec, NaiveColumn.evaluate(SCHEMA, spec, rows), actualOutput, context);
  }

  /**
   * The reference of {@link ColumnAggregator#update(Object, ColumnInputs, long, long)}: each row
   * in the range, in list order, through the per-row update.
   */
  private static Object updateRowByRow(
      ColumnAggregator column, Object ir, List<? extends Row> rows, long from, long until) {
    for (Row row : rows) {
      if (row.ts() >= from && row.ts() < until) {
        ir = column.update(ir, row);
      }
    }
    return ir;
  }

  private static Object normalized(ColumnAggregator column, Object ir) {
    return ir == null ? null : column.normalize(ir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void rangeUpdatesFromReadInputsEqualRowByRowUpdates(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    for (int seed = 0; seed < 12; seed++) {
      RandomRows random = new RandomRows(900 + seed, seed % 3 == 0 ? 0.5 : 0.2);
      Random rng = random.random();
      List<Row> rows = new ArrayList<>(random.events(rng.nextInt(40), 0, 2 * RandomRows.DAY));
      if (column.isDeletable()) {
        for (Row row : new ArrayList<>(rows)) {
          if (rng.nextInt(4) == 0) {
            rows.add(new ArrayRow(row.ts(), true, ((ArrayRow) row).values()));
          }
        }
      }
      Collections.shuffle(rows, rng);
      Object start = seed % 2 == 0 ? null : aggregate(column, random.events(5, 0, 1000));
      ColumnInputs inputs = column.inputs(RowColumns.of(rows));
      for (int i = 0; i < 6; i++) {
        long from = rows.isEmpty() || i == 0
            ? Long.MIN_VALUE
            : rows.get(rng.nextInt(rows.size())).ts();
        long until = rows.isEmpty() || i == 1
            ? Long.MAX_VALUE
            : rows.get(rng.nextInt(rows.size())).ts();
        Object expected = updateRowByRow(column, column.clone(start), rows, from, until);
        Object actual = column.update(column.clone(start), inputs, from, until);
        assertEquals(normalized(column, expected), normalized(column, actual),
            spec + " seed " + seed + " [" + from + ", " + until + ")");
        assertEquals(column.finalize(expected), column.finalize(actual), spec + " seed " + seed);
        for (ColumnSpec otherSpec : ColumnCases.ALL) {
          ColumnAggregator other = aggregatorOf(otherSpec);
          if (other.sharesInputsWith(column)) {
            Object shared = column.update(
                column.clone(start), other.inputs(RowColumns.of(rows)), from, until);
            assertEquals(normalized(column, expected), normalized(column, shared),
                spec + " with the inputs of " + otherSpec + " seed " + seed);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void onePassMatchesNaive(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    for (int size : new int[] {0, 1, 2, 3, 4, 5, 17, 400}) {
      for (double nullRate : new double[] {0, 0.3, 1}) {
        RandomRows random = new RandomRows(size * 31L + (long) (nullRate * 10), nullRate);
        List<? extends Row> rows = random.events(size, 0, RandomRows.DAY);
        Object ir = aggregate(column, rows);
        assertMatchesNaive(spec, rows, column.finalize(ir),
            "size " + size + " nullRate " + nullRate);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void randomSplitsMergeLikeOnePass(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    for (int trial = 0; trial < 20; trial++) {
      RandomRows random = new RandomRows(1000 + trial, 0.2);
      Random rng = random.random();
      List<? extends Row> rows = random.events(1 + rng.nextInt(300), 0, 3 * RandomRows.DAY);
      int parts = 1 + rng.nextInt(7);
      List<List<Row>> split = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        split.add(new ArrayList<>());
      }
      for (Row row : rows) {
        split.get(rng.nextInt(parts)).add(row);
      }
      List<Object> irs = new ArrayList<>();
      for (List<Row> part : split) {
        irs.add(aggregate(column, part));
      }
      Collections.shuffle(irs, rng);
      Object merged = null;
      for (Object ir : irs) {
        merged = column.merge(merged, ir);
      }
      assertMatchesNaive(spec, rows, column.finalize(merged), "trial " + trial + " parts " + parts);
      Object balanced = mergeTree(column, irs, 0, irs.size());
      assertMatchesNaive(spec, rows, column.finalize(balanced), "tree trial " + trial);
    }
  }

  private static Object mergeTree(ColumnAggregator column, List<Object> irs, int from, int to) {
    if (to - from == 1) {
      return column.clone(irs.get(from));
    }
    int middle = (from + to) / 2;
    return column.merge(mergeTree(column, irs, from, middle), mergeTree(column, irs, middle, to));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void mergeDoesNotMutateItsSecondArgumentAndClonesAreIndependent(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    RandomRows random = new RandomRows(7, 0.1);
    List<? extends Row> first = random.events(60, 0, RandomRows.DAY);
    List<? extends Row> second = random.events(60, RandomRows.DAY, RandomRows.DAY);
    Object a = aggregate(column, first);
    Object b = aggregate(column, second);
    Object copyOfA = column.clone(a);
    Object merged = column.merge(a, b);
    assertMatchesNaive(spec, second, column.finalize(b), "b after merge");
    List<Row> both = new ArrayList<>(first);
    both.addAll(second);
    assertMatchesNaive(spec, both, column.finalize(merged), "merged");
    assertMatchesNaive(spec, first, column.finalize(copyOfA), "clone of a after a was merged");
  }

  private enum State { EMPTY, SINGLE, MANY, DELETED_TO_ZERO }

  private static List<Row> rowsOf(State state, RandomRows random, boolean deletable) {
    switch (state) {
      case EMPTY:
        return List.of();
      case SINGLE:
        return new ArrayList<>(random.events(1, 0, RandomRows.DAY));
      case MANY:
        return new ArrayList<>(random.events(80, 0, RandomRows.DAY));
      default:
        List<Row> rows = new ArrayList<>(random.events(20, 0, RandomRows.DAY));
        if (deletable) {
          for (Row row : new ArrayList<>(rows)) {
            rows.add(new ArrayRow(row.ts(), true, ((ArrayRow) row).values()));
          }
        }
        return rows;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void everyPairOfEmptySingleManyAndDeletedStatesMerges(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    boolean deletable = column.isDeletable();
    int seed = 0;
    for (State left : State.values()) {
      for (State right : State.values()) {
        if (!deletable && (left == State.DELETED_TO_ZERO || right == State.DELETED_TO_ZERO)) {
          continue;
        }
        List<Row> leftRows = rowsOf(left, new RandomRows(seed++, 0.1), deletable);
        List<Row> rightRows = rowsOf(right, new RandomRows(seed++, 0.1), deletable);
        Object merged = column.merge(aggregate(column, leftRows), aggregate(column, rightRows));
        List<Row> all = new ArrayList<>(leftRows);
        all.addAll(rightRows);
        assertMatchesNaive(spec, all, column.finalize(merged), left + " + " + right);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletable")
  void insertsAndDeletesMatchTheNetMultiset(ColumnSpec spec) {
    ColumnAggregator column = aggregatorOf(spec);
    for (int trial = 0; trial < 10; trial++) {
      RandomRows random = new RandomRows(500 + trial, 0.2);
      Random rng = random.random();
      List<Row> rows = new ArrayList<>(random.events(100, 0, RandomRows.DAY));
      List<Row> withDeletes = new ArrayList<>(rows);
      for (Row row : rows) {
        if (rng.nextInt(3) == 0) {
          withDeletes.add(new ArrayRow(row.ts() + 1, true, ((ArrayRow) row).values()));
        }
      }
      Collections.shuffle(withDeletes, rng);
      Object ir = aggregate(column, withDeletes);
      assertMatchesNaive(spec, withDeletes, column.finalize(ir), "trial " + trial);
    }
  }

  @Test
  void nonDeletableOperationsAreRefusedWithMutations() {
    for (ColumnSpec spec : ColumnCases.ALL) {
      List<org.chrononbeam.api.Aggregation> aggregations = List.of(spec.toAggregation(List.of()));
      if (ColumnCases.DELETABLE.contains(spec)) {
        assertEquals(1, RowAggregator.of(SCHEMA, aggregations, true).size());
      } else {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> RowAggregator.of(SCHEMA, aggregations, true), spec.toString());
        assertTrue(error.getMessage().contains("only SUM, COUNT, AVERAGE and HISTOGRAM"));
      }
    }
    ColumnAggregator last = aggregatorOf(ColumnSpec.of("d", Operation.LAST, Map.of()));
    Row deletion = new ArrayRow(1, true, new RandomRows(1, 0).values());
    assertThrows(UnsupportedOperationException.class, () -> last.update(null, deletion));
  }

  @Test
  void emptyInputGivesNullForEveryOperation() {
    for (ColumnSpec spec : ColumnCases.ALL) {
      ColumnAggregator column = aggregatorOf(spec);
      Object[] nulls = new Object[SCHEMA.names().size()];
      Object ir = column.update(null, new ArrayRow(5, false, nulls));
      assertNull(ir, spec.toString());
      assertNull(column.finalize(ir), spec.toString());
    }
  }
}
