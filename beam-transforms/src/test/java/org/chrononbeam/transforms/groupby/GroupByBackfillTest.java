package org.chrononbeam.transforms.groupby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
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
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.NaiveFeatures;
import org.chrononbeam.transforms.RandomEvents;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupByBackfillTest {

  static final String EVENTS = "data.purchases";
  static final long DAY = 86_400_000L;

  @TempDir Path root;

  /** The purchases GroupBy: several operations, day, hour and unbounded windows. */
  static GroupBy groupBy(String name, Accuracy accuracy, List<Window> windows) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op :
        List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.MIN, Operation.MAX)) {
      aggregations.add(
          new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM));
    aggregations.add(
        new Aggregation()
            .setInputColumn("item")
            .setOperation(Operation.UNIQUE_COUNT)
            .setWindows(windows));
    aggregations.add(
        new Aggregation().setInputColumn("item").setOperation(Operation.LAST).setWindows(windows));
    aggregations.add(
        new Aggregation()
            .setInputColumn("item")
            .setOperation(Operation.LAST_K)
            .setArgMap(Map.of("k", "3")));
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.FIRST));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("features"))
        .setSources(
            List.of(
                Source.events(
                    new EventSource()
                        .setTable(EVENTS)
                        .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(aggregations)
        .setAccuracy(accuracy);
  }

  @Test
  void snapshotDayWindowsMatchTheNaiveReference() {
    GroupBy groupBy =
        groupBy(
            "team.purchases.v1",
            Accuracy.SNAPSHOT,
            List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS)));
    checkAgainstNaive(groupBy, 11L, "2023-12-03", "2023-12-09");
  }

  @Test
  void temporalHourWindowsAreEvaluatedAtMidnight() {
    GroupBy groupBy =
        groupBy(
            "team.purchases_hours.v1",
            Accuracy.TEMPORAL,
            List.of(
                new Window(6, TimeUnit.HOURS),
                new Window(12, TimeUnit.HOURS),
                new Window(2, TimeUnit.DAYS),
                new Window(13, TimeUnit.DAYS)));
    checkAgainstNaive(groupBy, 12L, "2023-12-02", "2023-12-10");
  }

  private void checkAgainstNaive(GroupBy groupBy, long seed, String start, String end) {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents events =
        new RandomEvents(seed, Schema.Type.LONG, k -> (long) k)
            .add(1500, 25, "2023-11-20", "2023-12-10");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());

    GroupByBackfill backfill = GroupByBackfill.of(warehouse, groupBy).withDates(start, end);
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows = BackfillTables.collect(pipeline, pipeline.apply(backfill));

    List<String> columns = OutputColumns.of(groupBy);
    Map<String, Map<String, Object>> actual = new HashMap<>();
    for (Map<String, Object> row : rows) {
      String id = row.get("user_id") + "@" + row.get("ds");
      assertTrue(actual.put(id, row) == null, "one row per key and day: " + id);
    }
    int expectedRows = 0;
    for (Map.Entry<Object, List<NaiveFeatures.Event>> key : events.byKey().entrySet()) {
      for (String ds : PartitionDates.range(start, end)) {
        long q = PartitionDates.startMillis(ds) + DAY;
        List<Object> expected = NaiveFeatures.at(groupBy, groupBy.getAccuracy(), key.getValue(), q);
        if (expected.stream().allMatch(v -> v == null)) {
          assertTrue(!actual.containsKey(key.getKey() + "@" + ds), "all-null row kept");
          continue;
        }
        expectedRows++;
        Map<String, Object> row = actual.get(key.getKey() + "@" + ds);
        assertTrue(row != null, "missing row " + key.getKey() + "@" + ds);
        for (int c = 0; c < columns.size(); c++) {
          NaiveFeatures.assertSame(
              expected.get(c),
              row.get(columns.get(c)),
              key.getKey() + "@" + ds + " " + columns.get(c));
        }
      }
    }
    assertEquals(expectedRows, rows.size());
    assertTrue(expectedRows > 50, "the data exercises many rows: " + expectedRows);
  }

  @Test
  void writesItsOutputTableWithKeysFeaturesAndDs() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents events =
        new RandomEvents(3L, Schema.Type.STRING, k -> "u" + k)
            .add(200, 5, "2023-12-01", "2023-12-03");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());
    GroupBy groupBy =
        groupBy("team.purchases.v2", Accuracy.SNAPSHOT, List.of(new Window(2, TimeUnit.DAYS)));
    GroupByBackfill backfill =
        GroupByBackfill.of(warehouse, groupBy).withDates("2023-12-02", "2023-12-03");
    assertEquals("features.team_purchases_v2", backfill.outputTable());

    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    pipeline.apply(backfill).apply(WarehouseIO.write(warehouse, backfill.outputTable()));
    pipeline.run().waitUntilFinish();

    assertEquals(List.of("2023-12-02", "2023-12-03"), warehouse.partitions(backfill.outputTable()));
    List<String> expectedColumns = new ArrayList<>();
    expectedColumns.add("user_id");
    expectedColumns.addAll(OutputColumns.of(groupBy));
    expectedColumns.add("ds");
    Schema stored = warehouse.schema(backfill.outputTable());
    assertEquals(expectedColumns, stored.getFields().stream().map(Schema.Field::name).toList());
    List<Map<String, Object>> rows = BackfillTables.readAll(warehouse, backfill.outputTable());
    assertEquals(10, rows.size(), "5 users with purchases on both days: " + rows);
    assertTrue(rows.stream().allMatch(r -> r.get("user_id") instanceof String));
  }

  @Test
  void derivationsShapeTheFeatureColumns() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents events =
        new RandomEvents(4L, Schema.Type.LONG, k -> (long) k)
            .add(300, 6, "2023-12-01", "2023-12-04");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());
    GroupBy groupBy =
        groupBy("team.purchases.v3", Accuracy.SNAPSHOT, List.of(new Window(2, TimeUnit.DAYS)))
            .setDerivations(
                List.of(
                    new Derivation().setName("*").setExpression("*"),
                    new Derivation().setName("spend_2d").setExpression("amount_sum_2d"),
                    new Derivation()
                        .setName("ticket_2d")
                        .setExpression("amount_sum_2d / amount_count_2d + user_id * 0")));
    GroupByBackfill backfill =
        GroupByBackfill.of(warehouse, groupBy).withDates("2023-12-02", "2023-12-04");
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows = BackfillTables.collect(pipeline, pipeline.apply(backfill));

    List<String> columns = OutputColumns.of(groupBy);
    assertTrue(
        columns.contains("spend_2d") && !columns.contains("amount_sum_2d"), columns.toString());
    assertEquals(
        columns,
        backfill.outputSchema().getFields().stream()
            .map(Schema.Field::name)
            .filter(c -> !c.equals("user_id") && !c.equals("ds"))
            .toList());
    assertTrue(rows.size() > 10);
    for (Map<String, Object> row : rows) {
      long q = PartitionDates.startMillis((String) row.get("ds")) + DAY;
      List<NaiveFeatures.Event> keyEvents = events.byKey().get(row.get("user_id"));
      Object sum =
          NaiveFeatures.evaluate(
              groupBy.getAggregations().get(0),
              new Window(2, TimeUnit.DAYS),
              Accuracy.SNAPSHOT,
              keyEvents,
              q);
      Object count =
          NaiveFeatures.evaluate(
              groupBy.getAggregations().get(1),
              new Window(2, TimeUnit.DAYS),
              Accuracy.SNAPSHOT,
              keyEvents,
              q);
      NaiveFeatures.assertSame(sum, row.get("spend_2d"), "spend_2d");
      NaiveFeatures.assertSame(
          sum == null ? null : (Double) sum / (Long) count, row.get("ticket_2d"), "ticket_2d");
    }
  }

  @Test
  void entitiesSnapshotsAggregateEachDaysPartition() {
    Warehouse warehouse = Warehouse.at(root.toString());
    Schema schema =
        SchemaBuilder.record("listing")
            .fields()
            .optionalString("host")
            .optionalDouble("price")
            .requiredString("ds")
            .endRecord();
    Random random = new Random(13);
    List<GenericRecord> rows = new ArrayList<>();
    Map<String, List<Double>> expected = new HashMap<>();
    for (String ds : PartitionDates.range("2023-12-01", "2023-12-04")) {
      for (int i = 0; i < 30; i++) {
        String host = random.nextInt(15) == 0 ? null : "h" + random.nextInt(6);
        Double price = random.nextInt(6) == 0 ? null : (double) random.nextInt(500);
        GenericRecord row = new GenericData.Record(schema);
        row.put("host", host);
        row.put("price", price);
        row.put("ds", ds);
        rows.add(row);
        if (host != null && price != null) {
          expected.computeIfAbsent(host + "@" + ds, k -> new ArrayList<>()).add(price);
        }
      }
    }
    BackfillTables.write(warehouse, "data.listings", schema, rows);
    GroupBy groupBy =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.hosts.v1").setOutputNamespace("features"))
            .setSources(
                List.of(
                    Source.entities(
                        new EntitySource()
                            .setSnapshotTable("data.listings")
                            .setQuery(
                                new Query().setSelects(Map.of("host", "host", "price", "price"))))))
            .setKeyColumns(List.of("host"))
            .setAccuracy(Accuracy.SNAPSHOT)
            .setAggregations(
                List.of(
                    new Aggregation().setInputColumn("price").setOperation(Operation.SUM),
                    new Aggregation().setInputColumn("price").setOperation(Operation.COUNT)));
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> out =
        BackfillTables.collect(
            pipeline,
            pipeline.apply(
                GroupByBackfill.of(warehouse, groupBy).withDates("2023-12-02", "2023-12-04")));

    Map<String, Map<String, Object>> actual = new HashMap<>();
    out.forEach(r -> actual.put(r.get("host") + "@" + r.get("ds"), r));
    expected.keySet().removeIf(k -> k.endsWith("2023-12-01"));
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach(
        (id, prices) -> {
          NaiveFeatures.assertSame(
              prices.stream().mapToDouble(Double::doubleValue).sum(),
              actual.get(id).get("price_sum"),
              id);
          assertEquals((long) prices.size(), actual.get(id).get("price_count"), id);
        });
  }

  @Test
  void checksItsArgumentsAtOnce() {
    Warehouse warehouse = Warehouse.at(root.toString());
    GroupBy noKeys = groupBy("a.b", Accuracy.SNAPSHOT, List.of()).setKeyColumns(List.of());
    assertThrows(IllegalArgumentException.class, () -> GroupByBackfill.of(warehouse, noKeys));
    GroupBy groupBy = groupBy("a.b", Accuracy.SNAPSHOT, List.of(new Window(1, TimeUnit.DAYS)));
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupByBackfill.of(warehouse, groupBy).withDates("2023-12-05", "2023-12-01"));
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupByBackfill.of(warehouse, groupBy).withDates(null, "2023-13-01"));
    assertThrows(
        IllegalStateException.class,
        () -> Pipeline.create().apply(GroupByBackfill.of(warehouse, groupBy)));
    DisplayData display =
        DisplayData.from(GroupByBackfill.of(warehouse, groupBy).withDates(null, "2023-12-01"));
    assertTrue(
        display.items().stream().anyMatch(i -> i.getValue().equals("features.a_b")), "table");
  }
}
