package org.chrononbeam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same join backfill ({@code chronon backfill}) on the Direct runner, Spark on {@code local[2]}
 * and a local Flink cluster with parallelism 2 writes identical tables: same rows, same values,
 * compared exactly (every runner runs the same aggregator code on the same per-key event order, so
 * even double sums agree to the bit).
 *
 * <p>The data is random with timestamps on day, hour and five-minute edges, left rows at exactly a
 * purchase's time, null keys, two GroupBys (TEMPORAL and SNAPSHOT), one of them twice under a
 * prefix.
 */
class JoinBackfillPortabilityTest {

  private static final Map<String, List<String>> READ = new ConcurrentHashMap<>();
  private static final long DAY = 86_400_000L;
  private static final long START = 1_701_388_800_000L; // 2023-12-01 00:00 UTC

  @TempDir Path dir;

  @Test
  @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
  void directSparkAndFlinkWriteTheSameTrainingTable() throws IOException {
    Path purchases = dir.resolve("purchases.csv");
    Path checkouts = dir.resolve("checkouts.csv");
    writeData(purchases, checkouts);
    Path conf = dir.resolve("production/joins/team/checkouts.v1");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, ThriftJson.write(join()));

    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String runner : List.of("direct", "spark", "flink")) {
      String warehouse = dir.resolve("warehouse-" + runner).toString();
      assertEquals(
          0,
          ChrononCli.run(
              "import",
              "--table",
              "data.purchases",
              "--from",
              purchases.toString(),
              "--warehouse",
              warehouse,
              "--type",
              "user_id=long"));
      assertEquals(
          0,
          ChrononCli.run(
              "import",
              "--table",
              "data.checkouts",
              "--from",
              checkouts.toString(),
              "--warehouse",
              warehouse,
              "--type",
              "buyer=int"));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "backfill",
                  "--conf",
                  conf.toString(),
                  "--start-ds",
                  "2023-12-04",
                  "--end-ds",
                  "2023-12-07",
                  "--warehouse",
                  warehouse,
                  "--step-days",
                  "2",
                  "--runner",
                  runner));
      if (runner.equals("spark")) {
        args.add("--sparkMaster=local[2]");
      }
      if (runner.equals("flink")) {
        args.add("--parallelism=2");
      }
      assertEquals(0, ChrononCli.run(args.toArray(String[]::new)), runner);
      tables.put(runner, read(Warehouse.at(warehouse), "ml.team_checkouts_v1"));
    }

    List<String> direct = tables.get("direct");
    assertTrue(direct.size() > 300, "rows: " + direct.size());
    assertTrue(direct.stream().anyMatch(r -> r.contains("team_purchases_v1_amount_sum_3h=null")));
    assertTrue(direct.stream().anyMatch(r -> !r.contains("team_purchases_v1_amount_sum_3h=null")));
    assertSameRows(direct, tables.get("spark"), "spark");
    assertSameRows(direct, tables.get("flink"), "flink");
  }

  /** Equal tables, or a failure showing the first rows that differ. */
  private static void assertSameRows(List<String> direct, List<String> other, String runner) {
    List<String> missing = new ArrayList<>(direct);
    missing.removeAll(other);
    List<String> extra = new ArrayList<>(other);
    extra.removeAll(direct);
    assertEquals(
        List.of(),
        missing.stream().map(r -> r.substring(0, 60)).toList(),
        runner
            + " lacks rows ("
            + direct.size()
            + " vs "
            + other.size()
            + "); extra: "
            + extra.stream().map(r -> r.substring(0, 60)).toList());
    for (int i = 0; i < Math.min(direct.size(), other.size()); i++) {
      assertEquals(direct.get(i), other.get(i), runner + " differs from direct at row " + i);
    }
    assertEquals(direct.size(), other.size(), runner + " has another number of rows");
  }

  private static Join join() {
    GroupBy temporal =
        groupBy(
            "team.purchases.v1",
            Accuracy.TEMPORAL,
            List.of(new Window(3, TimeUnit.HOURS), new Window(2, TimeUnit.DAYS)));
    GroupBy snapshot =
        groupBy(
            "team.purchases_daily.v1",
            Accuracy.SNAPSHOT,
            List.of(new Window(1, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS)));
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("row_id", "row_id");
    selects.put("buyer", "buyer");
    return new Join()
        .setMetaData(
            new MetaData().setName("team.checkouts.v1").setOutputNamespace("ml").setTeam("team"))
        .setLeft(
            Source.events(
                new EventSource()
                    .setTable("data.checkouts")
                    .setQuery(new Query().setSelects(selects).setTimeColumn("ts"))))
        .setJoinParts(
            List.of(
                new JoinPart().setGroupBy(temporal).setKeyMapping(Map.of("buyer", "user_id")),
                new JoinPart()
                    .setGroupBy(temporal)
                    .setKeyMapping(Map.of("buyer", "user_id"))
                    .setPrefix("again"),
                new JoinPart().setGroupBy(snapshot).setKeyMapping(Map.of("buyer", "user_id"))));
  }

  private static GroupBy groupBy(String name, Accuracy accuracy, List<Window> windows) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op :
        List.of(
            Operation.SUM,
            Operation.COUNT,
            Operation.AVERAGE,
            Operation.MAX,
            Operation.UNIQUE_COUNT)) {
      aggregations.add(
          new Aggregation()
              .setInputColumn(op == Operation.UNIQUE_COUNT ? "item" : "amount")
              .setOperation(op)
              .setWindows(windows));
    }
    aggregations.add(
        new Aggregation()
            .setInputColumn("item")
            .setOperation(Operation.LAST_K)
            .setArgMap(Map.of("k", "3")));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("features").setTeam("team"))
        .setSources(
            List.of(
                Source.events(
                    new EventSource()
                        .setTable("data.purchases")
                        .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(accuracy)
        .setAggregations(aggregations);
  }

  /** Purchases over 2023-12-01..07 and checkouts over 12-04..07, with edge timestamps. */
  private static void writeData(Path purchases, Path checkouts) throws IOException {
    Random random = new Random(7);
    List<String> purchaseLines = new ArrayList<>(List.of("user_id,amount,item,ts"));
    List<Long> purchaseTimes = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      long ts = edgy(random, START, 7);
      purchaseTimes.add(ts);
      String user = random.nextInt(30) == 0 ? "" : String.valueOf(random.nextInt(40));
      String amount = random.nextInt(10) == 0 ? "" : String.valueOf(random.nextInt(10000) / 100.0);
      String item = random.nextInt(8) == 0 ? "" : "item" + random.nextInt(9);
      purchaseLines.add(user + "," + amount + "," + item + "," + ts);
    }
    Files.write(purchases, purchaseLines);
    List<String> checkoutLines = new ArrayList<>(List.of("row_id,buyer,ts"));
    for (int i = 0; i < 600; i++) {
      long ts =
          i % 5 == 0
              ? purchaseTimes.get(random.nextInt(purchaseTimes.size()))
              : edgy(random, START + 3 * DAY, 4);
      if (ts < START + 3 * DAY) {
        ts += 3 * DAY;
      }
      String buyer = random.nextInt(25) == 0 ? "" : String.valueOf(random.nextInt(40));
      checkoutLines.add(i + "," + buyer + "," + ts);
    }
    Files.write(checkouts, checkoutLines);
  }

  private static long edgy(Random random, long start, int days) {
    long ts = start + (long) (random.nextDouble() * days * DAY);
    return switch (random.nextInt(6)) {
      case 0 -> Math.floorDiv(ts, DAY) * DAY;
      case 1 -> Math.floorDiv(ts, 3_600_000L) * 3_600_000L;
      case 2 ->
          Math.floorDiv(ts, 300_000L) * 300_000L - 1 < start
              ? ts
              : Math.floorDiv(ts, 300_000L) * 300_000L - 1;
      default -> ts;
    };
  }

  /** Every row of a table as one sorted string per row. */
  private static List<String> read(Warehouse warehouse, String table) {
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    String id = warehouse.root();
    READ.put(id, Collections.synchronizedList(new ArrayList<>()));
    pipeline.apply(WarehouseIO.read(warehouse, table)).apply(ParDo.of(new Collect(id)));
    pipeline.run().waitUntilFinish();
    List<String> rows = new ArrayList<>(READ.remove(id));
    rows.sort(null);
    return rows;
  }

  private static final class Collect extends DoFn<GenericRecord, Void> {
    private final String id;

    Collect(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element GenericRecord record) {
      StringBuilder row = new StringBuilder();
      for (Schema.Field field : record.getSchema().getFields()) {
        row.append(field.name()).append('=').append(record.get(field.pos())).append(';');
      }
      READ.get(id).add(row.toString());
    }
  }
}
