package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronon upload} and {@code chronon metadata-upload} into an embedded store, read back
 * with {@code chronon fetch}. User 5 bought for 10.0 at 2024-03-10 08:00, 20.5 at 23:59:59.999 and
 * 7.0 on 03-09; a null-key row is dropped and counted.
 */
class UploadCommandTest {

  private static final long DAY = 86_400_000L;
  private static final long BATCH_END = LocalDate.of(2024, 3, 11).toEpochDay() * DAY;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static GroupBy groupBy() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("price", "price");
    return new GroupBy()
        .setMetaData(new MetaData().setName("team.spend.v1").setTeam("team")
            .setOutputNamespace("features"))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(
            new Aggregation().setInputColumn("price").setOperation(Operation.SUM)
                .setWindows(List.of(new Window(1, TimeUnit.DAYS), new Window(2, TimeUnit.DAYS))),
            new Aggregation().setInputColumn("price").setOperation(Operation.COUNT)));
  }

  private String warehouseWithPurchases() throws IOException {
    Path csv = dir.resolve("purchases.csv");
    long day = BATCH_END - DAY;
    Files.write(csv, List.of("user_id,price,ts",
        "5,10.0," + (day + 8 * 3_600_000L),
        "5,20.5," + (BATCH_END - 1),
        "5,7.0," + (day - DAY + 1),
        "6,1.0," + (day - 5 * DAY),
        ",99.0," + (day + 1),
        "5,1000.0," + BATCH_END));
    String warehouse = dir.resolve("warehouse").toString();
    CliRun imported = CliRun.chronon("import", "--table", "data.purchases", "--from",
        csv.toString(), "--warehouse", warehouse, "--type", "user_id=long");
    assertEquals(0, imported.status(), imported.err());
    return warehouse;
  }

  @Test
  void uploadsAGroupByThatFetchAnswersAndReuploadsTheSameValues() throws IOException {
    String warehouse = warehouseWithPurchases();
    Path conf = dir.resolve("production/group_bys/team/spend.v1");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, ThriftJson.write(groupBy()));
    String kv = "embedded:" + dir.resolve("kv");

    for (int run = 0; run < 2; run++) {
      CliRun upload = CliRun.chronon("upload", "--conf", conf.toString(), "--end-ds",
          "2024-03-10", "--kv", kv, "--warehouse", warehouse);
      assertEquals(0, upload.status(), upload.err());
      assertTrue(upload.out().contains("uploaded GroupBy team.spend.v1 as of 2024-03-10 into"
          + " TEAM_SPEND_V1_BATCH: 5 rows in, 2 keys, 1 rows with a null key dropped, batch end "
          + BATCH_END), upload.out());

      CliRun fetch = CliRun.chronon("fetch", "--type", "group-by", "--name", "team.spend.v1",
          "-k", "{\"user_id\":5}", "--at-millis", Long.toString(BATCH_END), "--kv", kv);
      assertEquals(0, fetch.status(), fetch.err());
      JsonNode values = JSON.readTree(fetch.out());
      assertEquals(30.5, values.get("price_sum_1d").asDouble());
      assertEquals(37.5, values.get("price_sum_2d").asDouble());
      assertEquals(3, values.get("price_count").asLong());

      CliRun later = CliRun.chronon("fetch", "--type", "group-by", "--name", "team.spend.v1",
          "-k", "{\"user_id\":5}", "--at-millis", Long.toString(BATCH_END + 9 * 3_600_000L),
          "--kv", kv);
      assertEquals(0, later.status(), later.err());
      assertEquals(20.5, JSON.readTree(later.out()).get("price_sum_1d").asDouble());
    }
  }

  @Test
  void uploadsAJoinsGroupBysAndItsMetadataSoFetchServesTheJoin() throws IOException {
    String warehouse = warehouseWithPurchases();
    Join join = new Join()
        .setMetaData(new MetaData().setName("team.checkout.v1").setTeam("team")
            .setOutputNamespace("ml"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(Map.of("buyer", "buyer")).setTimeColumn("ts"))))
        .setJoinParts(List.of(new JoinPart().setGroupBy(groupBy())
            .setKeyMapping(Map.of("buyer", "user_id")).setPrefix("b")));
    Path conf = dir.resolve("production/joins/team/checkout.v1");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, ThriftJson.write(join));
    String kv = "embedded:" + dir.resolve("kv");

    CliRun upload = CliRun.chronon("upload", "--conf", conf.toString(), "--end-ds", "2024-03-10",
        "--kv", kv, "--warehouse", warehouse);
    assertEquals(0, upload.status(), upload.err());
    CliRun metadata = CliRun.chronon("metadata-upload", "--conf",
        dir.resolve("production").toString(), "--kv", kv);
    assertEquals(0, metadata.status(), metadata.err());
    assertTrue(metadata.out().contains("joins/team/checkout.v1"), metadata.out());
    assertTrue(metadata.out().contains("group_bys/team/spend.v1"), metadata.out());
    assertTrue(metadata.out().contains("uploaded 2 configs into ZIPLINE_METADATA"),
        metadata.out());

    CliRun fetch = CliRun.chronon("fetch", "--type", "join", "--name", "team/checkout.v1",
        "-k", "{\"buyer\":\"5\"}", "--at-millis", Long.toString(BATCH_END + 1), "--kv", kv);
    assertEquals(0, fetch.status(), fetch.err());
    JsonNode values = JSON.readTree(fetch.out());
    assertEquals(30.5, values.get("b_team_spend_v1_price_sum_1d").asDouble());
    assertEquals(3, values.get("b_team_spend_v1_price_count").asLong());
  }

  @Test
  void badArgumentsFailWithAMessage() {
    CliRun missing = CliRun.chronon("upload", "--conf", dir.resolve("nope").toString(),
        "--end-ds", "2024-03-10", "--kv", "embedded:" + dir);
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("no such file"), missing.err());
    CliRun noMetadata = CliRun.chronon("metadata-upload", "--conf",
        dir.resolve("nope").toString(), "--kv", "embedded:" + dir);
    assertEquals(2, noMetadata.status());
    assertTrue(noMetadata.err().contains("no such file or folder"), noMetadata.err());
  }

  @Test
  void aBadEndDateOrStoreSpecFails() throws IOException {
    Path conf = dir.resolve("spend.v1.json");
    Files.writeString(conf, ThriftJson.write(groupBy()));
    CliRun badDate = CliRun.chronon("upload", "--conf", conf.toString(), "--end-ds", "2024-3-10",
        "--kv", "embedded:" + dir);
    assertEquals(1, badDate.status());
    assertTrue(badDate.err().startsWith("upload: "), badDate.err());
    CliRun badSpec = CliRun.chronon("upload", "--conf", conf.toString(), "--end-ds",
        "2024-03-10", "--kv", "nowhere");
    assertEquals(1, badSpec.status());
    assertTrue(badSpec.err().contains("scheme:location"), badSpec.err());
  }
}
