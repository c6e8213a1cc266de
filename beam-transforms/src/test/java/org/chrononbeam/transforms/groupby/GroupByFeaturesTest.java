package org.chrononbeam.transforms.groupby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.NaiveFeatures;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowOrder;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupByFeatures#atSnapshotsInto} against the brute-force oracle on random snapshot rows:
 * at each midnight query, the rows of the partition of the day before, a row without a {@code ts}
 * counting as of that day's start; days without a partition, duplicate and unordered queries.
 */
class GroupByFeaturesTest {

  private static final long DAY = 86_400_000L;
  private static final RowSchema ROWS =
      RowSchema.of(
          Column.of("host", DataKind.STRING),
          Column.of("price", DataKind.DOUBLE),
          Column.of("ts", DataKind.LONG),
          Column.of("ds", DataKind.STRING));

  @Test
  void snapshotValuesMatchTheNaiveReference() {
    List<Window> windows = List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS));
    GroupBy groupBy =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.hosts.v1").setOutputNamespace("features"))
            .setSources(
                List.of(
                    Source.entities(
                        new EntitySource().setSnapshotTable("data.listings").setQuery(new Query()))))
            .setKeyColumns(List.of("host"))
            .setAccuracy(Accuracy.SNAPSHOT)
            .setAggregations(
                List.of(
                    new Aggregation()
                        .setInputColumn("price")
                        .setOperation(Operation.SUM)
                        .setWindows(windows),
                    new Aggregation().setInputColumn("price").setOperation(Operation.COUNT),
                    new Aggregation()
                        .setInputColumn("price")
                        .setOperation(Operation.MAX)
                        .setWindows(windows)));
    GroupByFeatures features = GroupByFeatures.of(groupBy, ROWS);
    List<String> days = PartitionDates.range("2023-12-01", "2023-12-08");
    Random random = new Random(21);
    ChunkRows view = new ChunkRows();
    for (int round = 0; round < 200; round++) {
      RowChunk rows = RowChunk.of(ROWS);
      Map<String, List<NaiveFeatures.Event>> byDay = new HashMap<>();
      for (String day : days) {
        if (random.nextInt(4) == 0) {
          continue;
        }
        long start = PartitionDates.startMillis(day);
        for (int i = random.nextInt(6); i > 0; i--) {
          Double price = random.nextInt(5) == 0 ? null : (double) random.nextInt(100);
          Long ts =
              random.nextBoolean()
                  ? null
                  : start + new long[] {0, -1, DAY - 1, -2 * DAY, DAY}[random.nextInt(5)];
          rows.add(new Object[] {"h", price, ts, day});
          Map<String, Object> values = new HashMap<>();
          values.put("price", price);
          byDay
              .computeIfAbsent(day, d -> new ArrayList<>())
              .add(new NaiveFeatures.Event(ts == null ? start : ts, values));
        }
      }
      long[] queries = new long[random.nextInt(12)];
      for (int q = 0; q < queries.length; q++) {
        queries[q] = PartitionDates.startMillis(days.get(random.nextInt(days.size()))) + DAY;
      }
      Object[][] actual = new Object[queries.length][features.outputSchema().size()];
      features.atSnapshotsInto(rows, queries, recording(actual), view);
      for (int q = 0; q < queries.length; q++) {
        String day = PartitionDates.ofEpochMillis(queries[q] - DAY);
        List<Object> expected =
            NaiveFeatures.at(
                groupBy, Accuracy.SNAPSHOT, byDay.getOrDefault(day, List.of()), queries[q]);
        assertEquals(expected.size(), actual[q].length);
        for (int o = 0; o < expected.size(); o++) {
          NaiveFeatures.assertSame(
              expected.get(o), actual[q][o], "round " + round + ", " + day + ", output " + o);
        }
      }
    }
  }

  /**
   * A GroupBy without aggregations: at each query, the value columns of the last row of the day's
   * snapshot by (time, values), numbers given unboxed; against sorting the day's row arrays.
   */
  @Test
  void withoutAggregationsGivesTheLastRowOfTheSnapshot() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("host", "host");
    selects.put("price", "price");
    GroupBy groupBy =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.listing.v1").setOutputNamespace("features"))
            .setSources(
                List.of(
                    Source.entities(
                        new EntitySource()
                            .setSnapshotTable("data.listings")
                            .setQuery(new Query().setSelects(selects)))))
            .setKeyColumns(List.of("host"));
    GroupByFeatures features = GroupByFeatures.of(groupBy, ROWS);
    assertEquals(List.of("price"), features.outputSchema().names());
    List<String> days = PartitionDates.range("2023-12-01", "2023-12-04");
    Random random = new Random(22);
    ChunkRows view = new ChunkRows();
    for (int round = 0; round < 200; round++) {
      RowChunk rows = RowChunk.of(ROWS);
      List<Object[]> arrays = new ArrayList<>();
      for (String day : days) {
        long start = PartitionDates.startMillis(day);
        for (int i = random.nextInt(4); i > 0; i--) {
          Object[] row = {
            "h",
            random.nextInt(4) == 0 ? null : (double) random.nextInt(5),
            random.nextBoolean() ? null : start + random.nextInt(3) - 1,
            day
          };
          rows.add(row);
          arrays.add(row);
        }
      }
      long[] queries = new long[1 + random.nextInt(6)];
      for (int q = 0; q < queries.length; q++) {
        queries[q] = PartitionDates.startMillis(days.get(random.nextInt(days.size()))) + DAY;
      }
      Object[][] actual = new Object[queries.length][1];
      features.atSnapshotsInto(rows, queries, recording(actual), view);
      for (int q = 0; q < queries.length; q++) {
        long start = queries[q] - DAY;
        String day = PartitionDates.ofEpochMillis(start);
        Object[] last = null;
        Comparator<Object[]> order =
            Comparator.<Object[]>comparingLong(r -> r[2] == null ? start : (Long) r[2])
                .thenComparing(RowOrder.VALUES);
        for (Object[] row : arrays) {
          boolean before = (row[2] == null ? start : (Long) row[2]) < queries[q];
          if (row[3].equals(day) && before && (last == null || order.compare(row, last) >= 0)) {
            last = row;
          }
        }
        assertEquals(last == null ? null : last[1], actual[q][0], "round " + round + ", " + day);
      }
    }
  }

  /**
   * Derivations by their columnar form against the row function (the same derivations and one
   * that is not strict, which sends them a row at a time), over random events of one key and over
   * the snapshots of a GroupBy without aggregations; values compared as a chunk holds them.
   */
  @Test
  void columnarDerivationsEqualTheRowFunction() {
    RowSchema events =
        RowSchema.of(
            Column.of("host", DataKind.STRING),
            Column.of("shard", DataKind.INT),
            Column.of("price", DataKind.DOUBLE),
            Column.of("qty", DataKind.INT),
            Column.of("ts", DataKind.LONG),
            Column.of("ds", DataKind.STRING));
    List<Window> windows = List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS));
    GroupBy raw =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.sales.v1").setOutputNamespace("features"))
            .setSources(
                List.of(
                    Source.events(
                        new EventSource().setTable("data.sales").setQuery(new Query()))))
            .setKeyColumns(List.of("host", "shard"))
            .setAccuracy(Accuracy.TEMPORAL)
            .setAggregations(
                List.of(
                    new Aggregation()
                        .setInputColumn("price")
                        .setOperation(Operation.SUM)
                        .setWindows(windows),
                    new Aggregation().setInputColumn("price").setOperation(Operation.COUNT),
                    new Aggregation()
                        .setInputColumn("qty")
                        .setOperation(Operation.MAX)
                        .setWindows(windows),
                    new Aggregation().setInputColumn("qty").setOperation(Operation.AVERAGE),
                    new Aggregation()
                        .setInputColumn("qty")
                        .setOperation(Operation.LAST_K)
                        .setArgMap(Map.of("k", "2"))
                        .setWindows(windows)));
    List<Derivation> strict =
        List.of(
            derivation("*", "*"),
            derivation("avg_1d", "price_sum_1d / price_count"),
            derivation("z", "qty_max_3d * 2 + shard"),
            derivation("sum_3d", "price_sum_3d"),
            derivation("price_sum_1d", "price_sum_1d * 2"),
            derivation("h", "upper(host)"));
    RowSchema input =
        RowSchema.of(
            Stream.concat(
                    events.columns().subList(0, 2).stream(),
                    GroupByFeatures.of(raw, events).outputSchema().columns().stream())
                .toList());
    CompiledDerivations compiled = DerivationCompiler.compile(strict, input);
    assertTrue(compiled.columnar().isPresent(), "* keeps a list, as it is");
    assertTrue(compiled.computing().orElseThrow().columnar().isPresent(), "columnar");
    GroupByFeatures columnar = GroupByFeatures.of(raw.deepCopy().setDerivations(strict), events);
    assertTrue(
        DerivationCompiler.compile(rowPath(strict, "price_count"), input)
            .computing()
            .orElseThrow()
            .columnar()
            .isEmpty(),
        "the row path");
    GroupByFeatures rows =
        GroupByFeatures.of(raw.deepCopy().setDerivations(rowPath(strict, "price_count")), events);
    Random random = new Random(23);
    ChunkRows view = new ChunkRows();
    long start = PartitionDates.startMillis("2023-12-01");
    int derived = 0;
    for (int round = 0; round < 200; round++) {
      RowChunk chunk = RowChunk.of(events);
      Integer shard = random.nextInt(8) == 0 ? null : random.nextInt(5) - 2;
      for (int i = random.nextInt(round % 10 == 0 ? 2 : 30); i > 0; i--) {
        long ts = start + (long) (random.nextDouble() * 5 * DAY);
        chunk.add(
            new Object[] {
              "h" + round % 3,
              shard,
              random.nextInt(5) == 0 ? null : (double) random.nextInt(100) - 20,
              random.nextInt(5) == 0 ? null : random.nextInt(9) - 4,
              ts,
              PartitionDates.ofEpochMillis(ts)
            });
      }
      long[] queries = new long[random.nextInt(10)];
      for (int q = 0; q < queries.length; q++) {
        queries[q] = start + (long) (random.nextDouble() * 6 * DAY);
      }
      Arrays.sort(queries);
      RowChunk actual = RowChunk.nulls(columnar.outputSchema(), queries.length);
      RowChunk expected = RowChunk.nulls(rows.outputSchema(), queries.length);
      int[] order = chunk.timeOrder(4);
      columnar.atSortedInto(view.of(chunk, order, 4), queries, actual.sink(identity(queries)));
      rows.atSortedInto(view.of(chunk, order, 4), queries, expected.sink(identity(queries)));
      derived += assertSameColumns(expected, actual, "round " + round);
    }
    assertTrue(derived > 300, "derived values: " + derived);

    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("host", "host");
    selects.put("price", "price");
    GroupBy entities =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.listing.v1").setOutputNamespace("features"))
            .setSources(
                List.of(
                    Source.entities(
                        new EntitySource()
                            .setSnapshotTable("data.listings")
                            .setQuery(new Query().setSelects(selects)))))
            .setKeyColumns(List.of("host"));
    List<Derivation> selected =
        List.of(derivation("*", "*"), derivation("double_price", "price * 2 + 1"));
    List<Derivation> renamed = List.of(derivation("*", "*"), derivation("cost", "price"));
    GroupByFeatures selectedColumnar =
        GroupByFeatures.of(entities.deepCopy().setDerivations(selected), ROWS);
    GroupByFeatures selectedRows =
        GroupByFeatures.of(entities.deepCopy().setDerivations(rowPath(selected, "price")), ROWS);
    GroupByFeatures renamedColumnar =
        GroupByFeatures.of(entities.deepCopy().setDerivations(renamed), ROWS);
    GroupByFeatures renamedRows =
        GroupByFeatures.of(entities.deepCopy().setDerivations(rowPath(renamed, "price")), ROWS);
    List<String> days = PartitionDates.range("2023-12-01", "2023-12-04");
    for (int round = 0; round < 100; round++) {
      RowChunk chunk = RowChunk.of(ROWS);
      for (String day : days) {
        for (int i = random.nextInt(4); i > 0; i--) {
          chunk.add(
              new Object[] {
                "h",
                random.nextInt(4) == 0 ? null : (double) random.nextInt(5),
                random.nextBoolean() ? null : PartitionDates.startMillis(day),
                day
              });
        }
      }
      long[] queries = new long[1 + random.nextInt(6)];
      for (int q = 0; q < queries.length; q++) {
        queries[q] = PartitionDates.startMillis(days.get(random.nextInt(days.size()))) + DAY;
      }
      RowChunk actual = RowChunk.nulls(selectedColumnar.outputSchema(), queries.length);
      RowChunk expected = RowChunk.nulls(selectedRows.outputSchema(), queries.length);
      selectedColumnar.atSnapshotsInto(chunk, queries, actual.sink(identity(queries)), view);
      selectedRows.atSnapshotsInto(chunk, queries, expected.sink(identity(queries)), view);
      assertSameColumns(expected, actual, "snapshot round " + round);
      RowChunk copied = RowChunk.nulls(renamedColumnar.outputSchema(), queries.length);
      RowChunk reference = RowChunk.nulls(renamedRows.outputSchema(), queries.length);
      renamedColumnar.atSnapshotsInto(chunk, queries, copied.sink(identity(queries)), view);
      renamedRows.atSnapshotsInto(chunk, queries, reference.sink(identity(queries)), view);
      assertSameColumns(reference, copied, "renamed round " + round);
    }
  }

  private static Derivation derivation(String name, String expression) {
    return new Derivation().setName(name).setExpression(expression);
  }

  /**
   * {@code derivations} then one casting {@code column}, as a double, to a decimal: no columnar
   * form.
   */
  private static List<Derivation> rowPath(List<Derivation> derivations, String column) {
    List<Derivation> all = new ArrayList<>(derivations);
    all.add(
        derivation(
            "decimal", "coalesce(cast(cast(" + column + " as double) as decimal(20, 2)), 0)"));
    return all;
  }

  private static int[] identity(long[] queries) {
    int[] rows = new int[queries.length];
    Arrays.setAll(rows, r -> r);
    return rows;
  }

  /**
   * Asserts that {@code actual}'s columns hold what the first columns of {@code expected} hold;
   * returns the number of values that are not null.
   */
  private static int assertSameColumns(RowChunk expected, RowChunk actual, String message) {
    assertEquals(
        actual.schema().columns(),
        expected.schema().columns().subList(0, actual.schema().size()),
        message);
    int nonNull = 0;
    for (int r = 0; r < actual.size(); r++) {
      for (int c = 0; c < actual.schema().size(); c++) {
        assertEquals(expected.get(c, r), actual.get(c, r), message + ", query " + r + ", " + c);
        nonNull += actual.isNull(c, r) ? 0 : 1;
      }
    }
    return nonNull;
  }

  /** A sink boxing what it is given into {@code values[query][output]}. */
  private static ValueSink recording(Object[][] values) {
    return new ValueSink() {
      @Override
      public void setNull(int query, int output) {
        values[query][output] = null;
      }

      @Override
      public void setLong(int query, int output, long value) {
        values[query][output] = value;
      }

      @Override
      public void setDouble(int query, int output, double value) {
        values[query][output] = value;
      }

      @Override
      public void setObject(int query, int output, Object value) {
        values[query][output] = value;
      }
    };
  }
}
