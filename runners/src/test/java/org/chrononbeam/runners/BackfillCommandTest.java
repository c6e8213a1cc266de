package org.chrononbeam.runners;

import static org.chrononbeam.runners.CliRun.chronon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
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
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.runners.quickstart.SampleData;
import org.chrononbeam.transforms.backfill.BackfillPlan;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillCommandTest {

  @TempDir Path dir;
  String warehouse;

  @BeforeEach
  void importTables() throws IOException {
    warehouse = dir.resolve("warehouse").toString();
    Path purchases = dir.resolve("purchases.csv");
    Files.writeString(
        purchases,
        String.join(
            "\n",
            "user_id,amount,ts",
            "1,10.0,1701388800000", // 2023-12-01 00:00:00.000
            "1,5.0,1701475199999", // 2023-12-01 23:59:59.999
            "2,7.0,1701475200000", // 2023-12-02 00:00:00.000
            "1,1.0,1701561600000", // 2023-12-03 00:00:00.000
            ""));
    Path checkouts = dir.resolve("checkouts.csv");
    Files.writeString(
        checkouts,
        String.join(
            "\n",
            "buyer,ts",
            "1,1701475199999", // 2023-12-01 23:59:59.999: sees only the 00:00 purchase
            "1,1701475200000", // 2023-12-02 00:00: sees both purchases of the 1st
            "2,1701475200000", // same time as user 2's purchase: excluded
            ",1701500000000", // null key
            "2,1701561600001", // 2023-12-03
            ""));
    assertEquals(
        0,
        chronon(
                "import",
                "--table",
                "data.purchases",
                "--from",
                purchases.toString(),
                "--warehouse",
                warehouse)
            .status());
    assertEquals(
        0,
        chronon(
                "import",
                "--table",
                "data.checkouts",
                "--from",
                checkouts.toString(),
                "--warehouse",
                warehouse)
            .status());
  }

  static GroupBy groupBy(List<Operation> operations) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    return new GroupBy()
        .setMetaData(
            new MetaData()
                .setName("team.purchases.v1")
                .setOutputNamespace("features")
                .setTeam("team"))
        .setSources(
            List.of(
                Source.events(
                    new EventSource()
                        .setTable("data.purchases")
                        .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(
            operations.stream()
                .map(
                    op ->
                        new Aggregation()
                            .setInputColumn("amount")
                            .setOperation(op)
                            .setWindows(List.of(new Window(1, TimeUnit.DAYS))))
                .toList());
  }

  /** Writes the GroupBy of {@code operations} where compile.py would put it; returns its path. */
  Path groupByConfig(List<Operation> operations) throws IOException {
    Path conf = dir.resolve("production/group_bys/team/purchases.v1");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, ThriftJson.write(groupBy(operations)));
    return conf;
  }

  Path joinConfig(List<Operation> operations) throws IOException {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("buyer", "buyer");
    Join join =
        new Join()
            .setMetaData(
                new MetaData()
                    .setName("team.checkouts.v1")
                    .setOutputNamespace("ml")
                    .setTeam("team"))
            .setLeft(
                Source.events(
                    new EventSource()
                        .setTable("data.checkouts")
                        .setQuery(new Query().setSelects(selects).setTimeColumn("ts"))))
            .setJoinParts(
                List.of(
                    new JoinPart()
                        .setGroupBy(groupBy(operations))
                        .setKeyMapping(Map.of("buyer", "user_id"))));
    Path file = dir.resolve("production/joins/team/checkouts.v1");
    Files.createDirectories(file.getParent());
    Files.writeString(file, ThriftJson.write(join));
    return file;
  }

  @Test
  void joinBackfillRunsInChunksThenOnlyWhatIsMissingThenAllAfterAChange() throws IOException {
    Path conf = joinConfig(List.of(Operation.SUM));

    CliRun first =
        chronon(
            "backfill",
            "--conf",
            conf.toString(),
            "--start-ds",
            "2023-12-01",
            "--end-ds",
            "2023-12-03",
            "--warehouse",
            warehouse,
            "--step-days",
            "2");

    assertEquals(0, first.status(), first.err() + first.out());
    assertTrue(first.out().contains("3 days wanted, 3 to compute"), first.out());
    assertTrue(first.out().contains("[1/2] 2023-12-01 to 2023-12-02: "), first.out());
    assertTrue(first.out().contains("[2/2] 2023-12-03 to 2023-12-03: "), first.out());
    assertTrue(
        first
            .out()
            .contains(
                "done: ml.team_checkouts_v1: 12 rows in, 5 rows out, 3 partitions" + " written"),
        first.out());
    Warehouse wh = Warehouse.at(warehouse);
    assertEquals(
        List.of("2023-12-01", "2023-12-02", "2023-12-03"), wh.partitions("ml.team_checkouts_v1"));
    assertEquals(
        List.of("buyer", "ts", "team_purchases_v1_amount_sum_1d", "ds"),
        wh.schema("ml.team_checkouts_v1").getFields().stream().map(Schema.Field::name).toList());
    assertTrue(BackfillPlan.storedHash(wh, "ml.team_checkouts_v1").isPresent());
    // The 1d window hops by 1 hour and ends strictly before the checkout's ts.
    assertEquals(
        List.of(
            "1 1701475199999 10.0", // 12-01 23:59:59.999: its own-millisecond purchase excluded
            "1 1701475200000 15.0", // 12-02 00:00: both purchases of the 1st
            "2 1701475200000 null", // the purchase at the same millisecond does not count
            "2 1701561600001 7.0", // 12-03 00:00:00.001: the window starts at 12-02 00:00
            "null 1701500000000 null"), // no key, no features
        rows(wh, "ml.team_checkouts_v1", "buyer", "ts", "team_purchases_v1_amount_sum_1d"));

    CliRun again =
        chronon(
            "backfill",
            "--conf",
            conf.toString(),
            "--start-ds",
            "2023-12-01",
            "--end-ds",
            "2023-12-03",
            "--warehouse",
            warehouse);
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("3 days wanted, 0 to compute"), again.out());
    assertFalse(again.out().contains("[1/"), again.out());

    Path changed = joinConfig(List.of(Operation.SUM, Operation.COUNT));
    CliRun recompute =
        chronon(
            "backfill",
            "--conf",
            changed.toString(),
            "--start-ds",
            "2023-12-01",
            "--end-ds",
            "2023-12-03",
            "--warehouse",
            warehouse);
    assertEquals(0, recompute.status(), recompute.err());
    assertTrue(
        recompute.out().contains("3 to compute (definition changed: recomputing)"),
        recompute.out());
    assertTrue(
        wh.schema("ml.team_checkouts_v1").getField("team_purchases_v1_amount_count_1d") != null);
  }

  private static final Map<String, List<String>> READ = new ConcurrentHashMap<>();

  /** The given columns of every row of a table, space-separated, sorted. */
  static List<String> rows(Warehouse warehouse, String table, String... columns) {
    Pipeline pipeline = Pipeline.create();
    READ.put(table, Collections.synchronizedList(new ArrayList<>()));
    pipeline.apply(WarehouseIO.read(warehouse, table)).apply(ParDo.of(new Collect(table, columns)));
    pipeline.run().waitUntilFinish();
    List<String> rows = new ArrayList<>(READ.remove(table));
    rows.sort(null);
    return rows;
  }

  static final class Collect extends DoFn<GenericRecord, Void> {
    private final String table;
    private final String[] columns;

    Collect(String table, String[] columns) {
      this.table = table;
      this.columns = columns;
    }

    @ProcessElement
    public void process(@Element GenericRecord record) {
      List<String> values = new ArrayList<>();
      for (String column : columns) {
        values.add(String.valueOf(record.get(column)));
      }
      READ.get(table).add(String.join(" ", values));
    }
  }

  @Test
  void groupByBackfillWritesDailySnapshots() throws IOException {
    Path conf = groupByConfig(List.of(Operation.SUM));

    CliRun run =
        chronon(
            "backfill",
            "--conf",
            conf.toString(),
            "--start-ds",
            "2023-12-01",
            "--end-ds",
            "2023-12-03",
            "--warehouse",
            warehouse);

    assertEquals(0, run.status(), run.err() + run.out());
    assertTrue(
        run.out()
            .contains("backfill GroupBy team.purchases.v1 into" + " features.team_purchases_v1"),
        run.out());
    // user 1: 15.0 on the 1st, nothing on the 2nd (dropped), 1.0 on the 3rd; user 2: 7.0 on the 2nd
    assertTrue(run.out().contains("3 rows out, 3 partitions written"), run.out());
    assertEquals(
        List.of("1 1.0 2023-12-03", "1 15.0 2023-12-01", "2 7.0 2023-12-02"),
        rows(
            Warehouse.at(warehouse),
            "features.team_purchases_v1",
            "user_id",
            "amount_sum_1d",
            "ds"));
  }

  @Test
  void daysWithoutRowsAreWrittenEmptyAndNotComputedAgain() throws IOException {
    Path conf = groupByConfig(List.of(Operation.SUM));
    String[] args = {
      "backfill", "--conf", conf.toString(), "--start-ds", "2023-11-29", "--end-ds", "2023-12-01",
      "--warehouse", warehouse
    };

    CliRun first = chronon(args);

    assertEquals(0, first.status(), first.err() + first.out());
    // no purchases before the 1st: the 29th and 30th are empty partitions
    assertTrue(first.out().contains("1 rows out, 3 partitions written"), first.out());
    Warehouse wh = Warehouse.at(warehouse);
    assertEquals(
        List.of("2023-11-29", "2023-11-30", "2023-12-01"),
        wh.partitions("features.team_purchases_v1"));
    assertEquals(
        List.of("1 15.0 2023-12-01"),
        rows(wh, "features.team_purchases_v1", "user_id", "amount_sum_1d", "ds"));

    CliRun second = chronon(args);

    assertEquals(0, second.status(), second.err() + second.out());
    assertTrue(second.out().contains("3 days wanted, 0 to compute"), second.out());
  }

  @Test
  void quickstartTrainingSetBackfillsFromTheSampleData() {
    SampleData.SampleFiles files = SampleData.writeTo(dir.resolve("sample"));
    String quickstart = dir.resolve("quickstart-warehouse").toString();
    Map<String, Path> tables =
        Map.of(
            "data.purchases",
            files.purchases(),
            "data.returns",
            files.returns(),
            "data.checkouts",
            files.checkouts(),
            "data.users",
            files.users());
    tables.forEach(
        (table, file) ->
            assertEquals(
                0,
                chronon(
                        "import",
                        "--table",
                        table,
                        "--from",
                        file.toString(),
                        "--warehouse",
                        quickstart)
                    .status(),
                table));
    String end = SampleData.lastDay().toString();
    String start = SampleData.lastDay().minusDays(2).toString();
    Path conf =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("quickstart/production/joins/quickstart/training_set.v1");

    CliRun run =
        chronon(
            "backfill",
            "--conf",
            conf.toString(),
            "--start-ds",
            start,
            "--end-ds",
            end,
            "--warehouse",
            quickstart);

    assertEquals(0, run.status(), run.err() + run.out());
    assertTrue(run.out().contains("3 partitions written"), run.out());
    List<String> columns =
        Warehouse.at(quickstart)
            .schema("quickstart.quickstart_training_set_v1")
            .getFields()
            .stream()
            .map(Schema.Field::name)
            .toList();
    assertEquals(List.of("user_id", "ts"), columns.subList(0, 2));
    assertTrue(
        columns.contains("quickstart_purchases_v1_purchase_price_sum_14d"), columns.toString());
    assertTrue(columns.contains("quickstart_users_v1_email_verified"), columns.toString());
    assertEquals("ds", columns.get(columns.size() - 1));
  }

  @Test
  void badArgumentsFailWithAMessage() throws IOException {
    Path conf = joinConfig(List.of(Operation.SUM));
    CliRun badDate =
        chronon(
            "backfill",
            "--conf",
            conf.toString(),
            "--end-ds",
            "2023-12-32",
            "--warehouse",
            warehouse);
    assertEquals(1, badDate.status());
    assertTrue(badDate.err().contains("2023-12-32"), badDate.err());
    CliRun missing =
        chronon("backfill", "--conf", dir.resolve("nope").toString(), "--end-ds", "2023-12-01");
    assertEquals(2, missing.status());
  }
}
