package org.chrononbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.chrononbeam.api.BootstrapPart;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.NaiveFeatures;
import org.chrononbeam.transforms.RandomEvents;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinBackfillTest {

  static final String PURCHASES = "data.purchases";
  static final String CHECKOUTS = "data.checkouts";
  static final long DAY = 86_400_000L;

  static final Schema LEFT =
      SchemaBuilder.record("checkout")
          .fields()
          .requiredLong("row_id")
          .optionalInt("user_id")
          .optionalString("item")
          .optionalLong("ts")
          .requiredString("ds")
          .endRecord();

  @TempDir Path root;

  /** A GroupBy over the purchases table keyed by {@code key}. */
  static GroupBy purchases(String name, Accuracy accuracy, String key, List<Window> windows) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.MAX)) {
      aggregations.add(
          new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.AVERAGE));
    aggregations.add(
        new Aggregation()
            .setInputColumn("item")
            .setOperation(Operation.LAST_K)
            .setArgMap(Map.of("k", "2"))
            .setWindows(windows));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("features"))
        .setSources(
            List.of(
                Source.events(
                    new EventSource()
                        .setTable(PURCHASES)
                        .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of(key))
        .setAggregations(aggregations)
        .setAccuracy(accuracy);
  }

  static Source checkouts() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("row_id", "row_id");
    selects.put("buyer", "user_id");
    selects.put("item", "item");
    return Source.events(
        new EventSource()
            .setTable(CHECKOUTS)
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")));
  }

  @Test
  void eventsLeftMatchesTheNaiveReferenceRowByRow() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents right =
        new RandomEvents(21L, Schema.Type.LONG, k -> (long) k)
            .add(2500, 30, "2023-11-15", "2023-12-08");
    BackfillTables.write(warehouse, PURCHASES, right.schema(), right.records());
    List<GenericRecord> left = leftRows(right, 600, "2023-12-04", "2023-12-08");
    BackfillTables.write(warehouse, CHECKOUTS, LEFT, left);

    GroupBy temporal =
        purchases(
            "team.purchases.v1",
            Accuracy.TEMPORAL,
            "user_id",
            List.of(
                new Window(1, TimeUnit.HOURS),
                new Window(12, TimeUnit.HOURS),
                new Window(3, TimeUnit.DAYS),
                new Window(14, TimeUnit.DAYS)));
    GroupBy snapshot =
        purchases(
            "team.purchases_daily.v1",
            Accuracy.SNAPSHOT,
            "user_id",
            List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS)));
    GroupBy byItem =
        purchases(
            "team.item_purchases.v1",
            Accuracy.TEMPORAL,
            "item",
            List.of(new Window(2, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS)));
    Join join =
        new Join()
            .setMetaData(
                new MetaData().setName("team.checkout_features.v1").setOutputNamespace("ml"))
            .setLeft(checkouts())
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(temporal).setKeyMapping(Map.of("buyer", "user_id")),
                    new JoinPart()
                        .setGroupBy(temporal)
                        .setKeyMapping(Map.of("buyer", "user_id"))
                        .setPrefix("again"),
                    new JoinPart().setGroupBy(snapshot).setKeyMapping(Map.of("buyer", "user_id")),
                    new JoinPart().setGroupBy(byItem)));

    JoinBackfill backfill = JoinBackfill.of(warehouse, join).withDates("2023-12-05", "2023-12-08");
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows = BackfillTables.collect(pipeline, pipeline.apply(backfill));

    List<String> expectedColumns = new ArrayList<>(List.of("row_id", "buyer", "item", "ts"));
    expectedColumns.addAll(OutputColumns.of(join));
    expectedColumns.add("ds");
    assertEquals(
        expectedColumns,
        backfill.outputSchema().getFields().stream().map(Schema.Field::name).toList());
    assertEquals("ml.team_checkout_features_v1", backfill.outputTable());

    Map<Long, GenericRecord> leftById = new HashMap<>();
    for (GenericRecord record : left) {
      String ds = record.get("ds").toString();
      if (ds.compareTo("2023-12-05") >= 0) {
        leftById.put((Long) record.get("row_id"), record);
      }
    }
    assertEquals(leftById.size(), rows.size(), "every left row in range, once");
    Map<String, Object> nonNull = new HashMap<>();
    for (Map<String, Object> row : rows) {
      GenericRecord l = leftById.get((Long) row.get("row_id"));
      assertEquals(l.get("ds").toString(), row.get("ds"));
      assertEquals(l.get("ts"), row.get("ts"));
      assertEquals(l.get("user_id"), row.get("buyer"));
      for (JoinPart part : join.getJoinParts()) {
        GroupBy groupBy = part.getGroupBy();
        String keyColumn = groupBy.getKeyColumns().get(0).equals("item") ? "item" : "user_id";
        Object key = l.get(keyColumn);
        List<NaiveFeatures.Event> events =
            key == null
                ? List.of()
                : right.byKey(keyColumn).getOrDefault(RandomEvents.normalized(key), List.of());
        Long ts = (Long) l.get("ts");
        List<String> columns = OutputColumns.of(part);
        List<Object> expected;
        if (ts == null) {
          expected = new ArrayList<>(java.util.Collections.nCopies(columns.size(), null));
        } else {
          long q = groupBy.getAccuracy() == Accuracy.TEMPORAL ? ts : Math.floorDiv(ts, DAY) * DAY;
          expected = NaiveFeatures.at(groupBy, groupBy.getAccuracy(), events, q);
        }
        for (int c = 0; c < columns.size(); c++) {
          NaiveFeatures.assertSame(
              expected.get(c),
              row.get(columns.get(c)),
              "row " + row.get("row_id") + " " + columns.get(c));
          if (row.get(columns.get(c)) != null) {
            nonNull.put(columns.get(c), row.get(columns.get(c)));
          }
        }
      }
    }
    assertEquals(OutputColumns.of(join).size(), nonNull.size(), "every feature seen non-null");
    assertTrue(rows.stream().anyMatch(r -> r.get("buyer") == null), "null keys exercised");
  }

  /**
   * Left checkouts: random rows, plus rows at exactly a purchase's timestamp (the purchase must not
   * count) and at exact midnights; a few with null user or ts.
   */
  static List<GenericRecord> leftRows(RandomEvents right, int count, String first, String last) {
    Random random = new Random(5);
    RandomEvents base = new RandomEvents(6L, Schema.Type.INT, k -> k).add(count, 30, first, last);
    List<GenericRecord> rows = new ArrayList<>();
    long id = 0;
    for (GenericRecord event : base.records()) {
      rows.add(left(id++, event.get("user_id"), event.get("item"), (Long) event.get("ts")));
    }
    long start = PartitionDates.startMillis(first);
    long end = PartitionDates.startMillis(last) + DAY;
    for (GenericRecord purchase : right.records()) {
      long ts = (Long) purchase.get("ts");
      if (ts >= start && ts < end && random.nextInt(8) == 0) {
        Object user = purchase.get("user_id");
        rows.add(
            left(id++, user == null ? null : ((Long) user).intValue(), purchase.get("item"), ts));
      }
    }
    for (String ds : PartitionDates.range(first, last)) {
      rows.add(left(id++, 3, "item1", PartitionDates.startMillis(ds)));
    }
    GenericRecord noTs = left(id++, 4, "item2", null);
    noTs.put("ds", last);
    rows.add(noTs);
    return rows;
  }

  static GenericRecord left(long id, Object user, Object item, Long ts) {
    GenericRecord record = new GenericData.Record(LEFT);
    record.put("row_id", id);
    record.put("user_id", user);
    record.put("item", item == null ? null : item.toString());
    record.put("ts", ts);
    record.put("ds", ts == null ? null : PartitionDates.ofEpochMillis(ts));
    return record;
  }

  @Test
  void entitiesLeftTakesValuesAsOfTheEndOfThePartitionDay() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents right =
        new RandomEvents(31L, Schema.Type.STRING, k -> "u" + k)
            .add(800, 12, "2023-11-25", "2023-12-06");
    BackfillTables.write(warehouse, PURCHASES, right.schema(), right.records());
    Schema usersSchema =
        SchemaBuilder.record("user")
            .fields()
            .optionalString("user")
            .requiredString("ds")
            .endRecord();
    List<GenericRecord> users = new ArrayList<>();
    for (String ds : PartitionDates.range("2023-12-01", "2023-12-05")) {
      for (int u = 0; u < 14; u++) {
        GenericRecord user = new GenericData.Record(usersSchema);
        user.put("user", u == 13 ? null : "u" + u);
        user.put("ds", ds);
        users.add(user);
      }
    }
    BackfillTables.write(warehouse, "data.users", usersSchema, users);
    GroupBy groupBy =
        purchases(
            "team.purchases.v2",
            Accuracy.SNAPSHOT,
            "user_id",
            List.of(new Window(1, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS)));
    Join join =
        new Join()
            .setMetaData(new MetaData().setName("team.users.v1").setOutputNamespace("ml"))
            .setLeft(
                Source.entities(
                    new EntitySource()
                        .setSnapshotTable("data.users")
                        .setQuery(new Query().setSelects(Map.of("user", "user")))))
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("user", "user_id"))))
            .setDerivations(
                List.of(
                    new Derivation().setName("*").setExpression("*"),
                    new Derivation()
                        .setName("spend_per_purchase_7d")
                        .setExpression(
                            "team_purchases_v2_amount_sum_7d /"
                                + " team_purchases_v2_amount_count_7d")));

    JoinBackfill backfill = JoinBackfill.of(warehouse, join).withDates("2023-12-02", "2023-12-05");
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows = BackfillTables.collect(pipeline, pipeline.apply(backfill));

    assertEquals(4 * 14, rows.size());
    List<String> columns = OutputColumns.of(join);
    assertEquals("spend_per_purchase_7d", columns.get(columns.size() - 1));
    for (Map<String, Object> row : rows) {
      long q = PartitionDates.startMillis((String) row.get("ds")) + DAY;
      Object user = row.get("user");
      List<NaiveFeatures.Event> events =
          user == null ? List.of() : right.byKey().getOrDefault(user, List.of());
      List<Object> expected = NaiveFeatures.at(groupBy, Accuracy.SNAPSHOT, events, q);
      List<String> raw = OutputColumns.of(join.getJoinParts().get(0));
      for (int c = 0; c < raw.size(); c++) {
        NaiveFeatures.assertSame(expected.get(c), row.get(raw.get(c)), user + "@" + row.get("ds"));
      }
      Object sum = row.get("team_purchases_v2_amount_sum_7d");
      Object count = row.get("team_purchases_v2_amount_count_7d");
      if (sum == null || count == null) {
        assertNull(row.get("spend_per_purchase_7d"));
      } else {
        NaiveFeatures.assertSame(
            (Double) sum / (Long) count, row.get("spend_per_purchase_7d"), "derived");
      }
    }
  }

  @Test
  void entitiesGroupByGivesTheSnapshotOfTheDayBeforeTheLeftRow() {
    Warehouse warehouse = Warehouse.at(root.toString());
    Schema balancesSchema =
        SchemaBuilder.record("balance")
            .fields()
            .optionalLong("user_id")
            .optionalDouble("balance")
            .requiredString("ds")
            .endRecord();
    Random random = new Random(9);
    List<GenericRecord> balances = new ArrayList<>();
    Map<String, List<GenericRecord>> snapshots = new HashMap<>();
    for (String ds : PartitionDates.range("2023-12-01", "2023-12-05")) {
      for (int i = 0; i < 40; i++) {
        GenericRecord row = new GenericData.Record(balancesSchema);
        row.put("user_id", random.nextInt(20) == 0 ? null : (long) random.nextInt(25));
        row.put("balance", random.nextInt(8) == 0 ? null : (double) random.nextInt(1000));
        row.put("ds", ds);
        balances.add(row);
        snapshots.computeIfAbsent(ds, d -> new ArrayList<>()).add(row);
      }
    }
    BackfillTables.write(warehouse, "data.balances", balancesSchema, balances);
    RandomEvents unused = new RandomEvents(1L, Schema.Type.LONG, k -> (long) k);
    List<GenericRecord> left = leftRows(unused, 300, "2023-12-02", "2023-12-05");
    BackfillTables.write(warehouse, CHECKOUTS, LEFT, left);
    GroupBy groupBy =
        new GroupBy()
            .setMetaData(new MetaData().setName("team.balances.v1").setOutputNamespace("f"))
            .setSources(
                List.of(
                    Source.entities(
                        new EntitySource()
                            .setSnapshotTable("data.balances")
                            .setQuery(
                                new Query()
                                    .setSelects(
                                        Map.of("user_id", "user_id", "balance", "balance"))))))
            .setKeyColumns(List.of("user_id"))
            .setAccuracy(Accuracy.SNAPSHOT)
            .setAggregations(
                List.of(
                    new Aggregation().setInputColumn("balance").setOperation(Operation.SUM),
                    new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT),
                    new Aggregation().setInputColumn("balance").setOperation(Operation.MAX)));
    GroupBy latest = groupBy.deepCopy().setAggregations(null);
    latest.getMetaData().setName("team.balance.v1");
    latest
        .getSources()
        .get(0)
        .getEntities()
        .getQuery()
        .setSelects(Map.of("user_id", "user_id", "balance", "balance"));
    Join join =
        new Join()
            .setMetaData(new MetaData().setName("team.with_balances.v1").setOutputNamespace("ml"))
            .setLeft(checkouts())
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("buyer", "user_id")),
                    new JoinPart().setGroupBy(latest).setKeyMapping(Map.of("buyer", "user_id"))));

    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows =
        BackfillTables.collect(
            pipeline,
            pipeline.apply(JoinBackfill.of(warehouse, join).withDates("2023-12-02", "2023-12-05")));

    assertEquals(left.size(), rows.size());
    int matched = 0;
    for (Map<String, Object> row : rows) {
      Object buyer = row.get("buyer");
      Long ts = (Long) row.get("ts");
      List<Double> values = new ArrayList<>();
      if (buyer != null && ts != null) {
        String dayBefore = PartitionDates.plusDays(PartitionDates.ofEpochMillis(ts), -1);
        for (GenericRecord balance : snapshots.getOrDefault(dayBefore, List.of())) {
          Object user = balance.get("user_id");
          if (user != null
              && (Long) user == ((Integer) buyer).longValue()
              && balance.get("balance") != null) {
            values.add((Double) balance.get("balance"));
          }
        }
      }
      String where = "row " + row.get("row_id");
      if (values.isEmpty()) {
        assertNull(row.get("team_balances_v1_balance_sum"), where);
        assertNull(row.get("team_balances_v1_balance_count"), where);
      } else {
        matched++;
        NaiveFeatures.assertSame(
            values.stream().mapToDouble(Double::doubleValue).sum(),
            row.get("team_balances_v1_balance_sum"),
            where);
        assertEquals((long) values.size(), row.get("team_balances_v1_balance_count"), where);
        NaiveFeatures.assertSame(
            values.stream().mapToDouble(Double::doubleValue).max().getAsDouble(),
            row.get("team_balances_v1_balance_max"),
            where);
      }
      // Without aggregations, the snapshot's rows of the key (no ts) are ordered by their values:
      // the last one holds the largest balance, or null when all are null.
      assertEquals(
          row.get("team_balances_v1_balance_max"), row.get("team_balance_v1_balance"), where);
    }
    assertTrue(matched > 100, "rows with a snapshot: " + matched);
  }

  /**
   * An events GroupBy that aggregates {@code ds} (not among its selects: the partition the read
   * appends) still gets it, though events rows otherwise travel without it.
   */
  @Test
  void eventsGroupByOverDsKeepsThePartitionColumn() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents right =
        new RandomEvents(51L, Schema.Type.LONG, k -> (long) k)
            .add(900, 20, "2023-11-28", "2023-12-04");
    BackfillTables.write(warehouse, PURCHASES, right.schema(), right.records());
    List<GenericRecord> left = leftRows(right, 300, "2023-12-03", "2023-12-04");
    BackfillTables.write(warehouse, CHECKOUTS, LEFT, left);
    List<Window> windows = List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS));
    GroupBy groupBy =
        purchases("team.days.v1", Accuracy.TEMPORAL, "user_id", windows)
            .setAggregations(
                List.of(
                    new Aggregation()
                        .setInputColumn("amount")
                        .setOperation(Operation.SUM)
                        .setWindows(windows),
                    new Aggregation()
                        .setInputColumn("ds")
                        .setOperation(Operation.COUNT)
                        .setWindows(windows),
                    new Aggregation().setInputColumn("ds").setOperation(Operation.LAST)));
    Join join =
        new Join()
            .setMetaData(new MetaData().setName("team.days.v1").setOutputNamespace("ml"))
            .setLeft(checkouts())
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("buyer", "user_id"))));
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows =
        BackfillTables.collect(
            pipeline,
            pipeline.apply(JoinBackfill.of(warehouse, join).withDates("2023-12-03", "2023-12-04")));

    Map<Long, GenericRecord> leftById = new HashMap<>();
    left.forEach(record -> leftById.put((Long) record.get("row_id"), record));
    List<String> columns = OutputColumns.of(join.getJoinParts().get(0));
    int withDays = 0;
    for (Map<String, Object> row : rows) {
      GenericRecord l = leftById.get((Long) row.get("row_id"));
      Object key = l.get("user_id");
      Long ts = (Long) l.get("ts");
      List<NaiveFeatures.Event> events = new ArrayList<>();
      if (key != null) {
        for (NaiveFeatures.Event event :
            right.byKey().getOrDefault(RandomEvents.normalized(key), List.of())) {
          Map<String, Object> values = new LinkedHashMap<>(event.values());
          values.put("ds", PartitionDates.ofEpochMillis(event.ts()));
          events.add(new NaiveFeatures.Event(event.ts(), values));
        }
      }
      List<Object> expected =
          ts == null
              ? java.util.Collections.nCopies(columns.size(), null)
              : NaiveFeatures.at(groupBy, Accuracy.TEMPORAL, events, ts);
      for (int c = 0; c < columns.size(); c++) {
        NaiveFeatures.assertSame(
            expected.get(c), row.get(columns.get(c)), "row " + row.get("row_id") + " " + c);
      }
      if (row.get(columns.get(columns.size() - 1)) != null) {
        withDays++;
      }
    }
    assertEquals(
        left.stream().filter(r -> r.get("ds").toString().compareTo("2023-12-03") >= 0).count(),
        rows.size());
    assertTrue(withDays > 100, "rows with a last ds: " + withDays);
  }

  @Test
  void skewKeysDropTheirLeftRows() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents right =
        new RandomEvents(41L, Schema.Type.LONG, k -> (long) k)
            .add(300, 5, "2023-12-01", "2023-12-02");
    BackfillTables.write(warehouse, PURCHASES, right.schema(), right.records());
    List<GenericRecord> left = leftRows(right, 100, "2023-12-02", "2023-12-02");
    BackfillTables.write(warehouse, CHECKOUTS, LEFT, left);
    GroupBy groupBy =
        purchases("team.p.v1", Accuracy.TEMPORAL, "user_id", List.of(new Window(1, TimeUnit.DAYS)));
    Join join =
        new Join()
            .setMetaData(new MetaData().setName("team.skewed.v1").setOutputNamespace("ml"))
            .setLeft(checkouts())
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("buyer", "user_id"))))
            .setSkewKeys(Map.of("buyer", List.of("1", "2")));
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows =
        BackfillTables.collect(
            pipeline,
            pipeline.apply(JoinBackfill.of(warehouse, join).withDates(null, "2023-12-02")));
    long kept =
        left.stream()
            .filter(r -> r.get("user_id") != null)
            .filter(r -> (Integer) r.get("user_id") != 1 && (Integer) r.get("user_id") != 2)
            .count();
    assertEquals(kept, rows.size());
    assertTrue(kept < left.size() - 10);
  }

  @Test
  void columnarDerivationsAndSkewFilterEqualTheRowPath() {
    Warehouse warehouse = Warehouse.at(root.toString());
    RandomEvents right =
        new RandomEvents(51L, Schema.Type.LONG, k -> (long) k)
            .add(1500, 12, "2023-11-28", "2023-12-04");
    BackfillTables.write(warehouse, PURCHASES, right.schema(), right.records());
    List<GenericRecord> left = leftRows(right, 300, "2023-12-02", "2023-12-04");
    BackfillTables.write(warehouse, CHECKOUTS, LEFT, left);
    GroupBy groupBy =
        purchases(
            "team.p.v1",
            Accuracy.TEMPORAL,
            "user_id",
            List.of(new Window(1, TimeUnit.DAYS), new Window(3, TimeUnit.DAYS)));
    List<Derivation> strict =
        List.of(
            new Derivation().setName("*").setExpression("*"),
            new Derivation()
                .setName("avg_1d")
                .setExpression("team_p_v1_amount_sum_1d / team_p_v1_amount_count_1d"),
            new Derivation().setName("z").setExpression("team_p_v1_amount_count_3d * 2 + buyer"),
            new Derivation().setName("max_3d").setExpression("team_p_v1_amount_max_3d"),
            new Derivation()
                .setName("team_p_v1_amount_sum_3d")
                .setExpression("team_p_v1_amount_sum_3d * 2"),
            new Derivation().setName("late").setExpression("ds > '2023-12-03'"),
            new Derivation().setName("next_id").setExpression("row_id + 1"),
            new Derivation().setName("shout").setExpression("upper(item)"));
    List<Derivation> withDecimal = new ArrayList<>(strict);
    withDecimal.add(
        new Derivation()
            .setName("sum_1d")
            .setExpression("coalesce(cast(team_p_v1_amount_sum_1d as decimal(12, 2)), 0)"));
    Join raw =
        new Join()
            .setMetaData(new MetaData().setName("team.derived.v1").setOutputNamespace("ml"))
            .setLeft(checkouts())
            .setJoinParts(
                List.of(
                    new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("buyer", "user_id"))));
    Join columnar =
        raw.deepCopy()
            .setDerivations(strict)
            .setSkewKeys(Map.of("item", List.of("\"item1\"")));
    Join rows =
        raw.deepCopy()
            .setDerivations(withDecimal)
            .setSkewKeys(Map.of("item", List.of("replace('item1', ' ', '')")));
    RowSchema base =
        JoinBackfill.of(warehouse, raw).withDates("2023-12-03", "2023-12-04").outputRowSchema();
    CompiledDerivations compiled = DerivationCompiler.compile(strict, base);
    assertTrue(compiled.columnar().isPresent(), "* keeps a list feature, as it is");
    assertTrue(compiled.computing().orElseThrow().columnar().isPresent());
    assertTrue(
        DerivationCompiler.compile(withDecimal, base).computing().orElseThrow().columnar().isEmpty());
    RowSchema leftSchema = RowSchema.of(base.columns().subList(0, 4));
    assertTrue(SkewFilter.sql("j", columnar.getSkewKeys(), leftSchema).columnar().isPresent());
    assertNull(SkewFilter.of(columnar.getSkewKeys(), leftSchema));
    assertTrue(SkewFilter.sql("j", rows.getSkewKeys(), leftSchema).columnar().isEmpty());

    Map<Object, Map<String, Object>> expected = new HashMap<>();
    for (Map<String, Object> row : backfill(warehouse, rows)) {
      expected.put(row.get("row_id"), row);
    }
    List<Map<String, Object>> actual = backfill(warehouse, columnar);
    long kept =
        left.stream()
            .filter(r -> r.get("ds").toString().compareTo("2023-12-03") >= 0)
            .filter(r -> r.get("item") != null && !r.get("item").toString().equals("item1"))
            .count();
    assertEquals(kept, actual.size());
    assertEquals(kept, expected.size());
    int derived = 0;
    for (Map<String, Object> row : actual) {
      Map<String, Object> reference = expected.get(row.get("row_id"));
      assertEquals(row.size() + 1, reference.size(), "the row path's one more derivation");
      for (String column : row.keySet()) {
        assertEquals(reference.get(column), row.get(column), row.get("row_id") + " " + column);
      }
      Object count = row.get("team_p_v1_amount_count_3d");
      if (count != null && row.get("buyer") != null) {
        assertEquals((Long) count * 2 + (Integer) row.get("buyer"), row.get("z"));
        derived++;
      }
    }
    assertTrue(derived > 50, "rows with derived values: " + derived);

    List<Derivation> copies =
        List.of(
            new Derivation().setName("*").setExpression("*"),
            new Derivation().setName("max_3d").setExpression("team_p_v1_amount_max_3d"));
    assertTrue(DerivationCompiler.compile(copies, base).computing().isEmpty());
    List<Map<String, Object>> copied =
        backfill(warehouse, columnar.deepCopy().setDerivations(copies));
    assertEquals(kept, copied.size());
    for (Map<String, Object> row : copied) {
      Map<String, Object> reference = expected.get(row.get("row_id"));
      for (String column : row.keySet()) {
        Object value = row.get(column);
        if (column.equals("team_p_v1_amount_sum_3d") && value != null) {
          value = (Double) value * 2;
        }
        assertEquals(reference.get(column), value, row.get("row_id") + " " + column);
      }
    }
  }

  /** The rows of the backfill of {@code join} over 2023-12-03 to 2023-12-04. */
  private static List<Map<String, Object>> backfill(Warehouse warehouse, Join join) {
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    return BackfillTables.collect(
        pipeline,
        pipeline.apply(JoinBackfill.of(warehouse, join).withDates("2023-12-03", "2023-12-04")));
  }

  @Test
  void checksItsArgumentsAtOnce() {
    Warehouse warehouse = Warehouse.at(root.toString());
    Join noParts =
        new Join()
            .setMetaData(new MetaData().setName("a.b").setOutputNamespace("ml"))
            .setLeft(checkouts());
    assertThrows(IllegalArgumentException.class, () -> JoinBackfill.of(warehouse, noParts));
    Join noNamespace = noParts.deepCopy().setMetaData(new MetaData().setName("a.b"));
    assertThrows(IllegalArgumentException.class, () -> JoinBackfill.of(warehouse, noNamespace));
    GroupBy groupBy =
        purchases("team.p.v1", Accuracy.TEMPORAL, "user_id", List.of(new Window(1, TimeUnit.DAYS)));
    Join join = noParts.deepCopy().setJoinParts(List.of(new JoinPart().setGroupBy(groupBy)));
    assertThrows(
        IllegalArgumentException.class,
        () -> JoinBackfill.of(warehouse, join).withDates("2023-12-02", "2023-12-01"));
    assertThrows(
        IllegalStateException.class,
        () -> Pipeline.create().apply(JoinBackfill.of(warehouse, join)));
    assertThrows(
        UnsupportedOperationException.class,
        () ->
            JoinBackfill.of(
                warehouse, join.deepCopy().setBootstrapParts(List.of(new BootstrapPart()))));
    DisplayData display =
        DisplayData.from(JoinBackfill.of(warehouse, join).withDates(null, "2023-12-01"));
    assertTrue(display.items().stream().anyMatch(i -> i.getValue().equals("ml.a_b")), "table");
  }
}
