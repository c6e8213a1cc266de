package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronon fetch} against an embedded store holding one SNAPSHOT GroupBy (user 5 spent 12.5
 * on the last day) and a join over it with a key mapping and a prefix.
 */
class FetchCommandTest {

  private static final long BATCH_END = LocalDate.of(2024, 3, 11).toEpochDay() * 86_400_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static String kv;

  @BeforeAll
  static void upload() {
    kv = "embedded:" + dir.resolve("kv");
    GroupBy groupBy = new GroupBy()
        .setMetaData(new MetaData().setName("team.spend.v1").setTeam("team"))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.SNAPSHOT)
        .setAggregations(List.of(new Aggregation().setInputColumn("price")
            .setOperation(Operation.SUM).setWindows(List.of(new Window(1, TimeUnit.DAYS)))));
    GroupByServingInfo info = ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.LONG),
        List.of("price"), List.of(new TDataType(DataKind.DOUBLE)), false, "2024-03-10");
    byte[] key = KeyCodec.fromSchema(info.getKeyAvroSchema()).encode(Map.of("user_id", 5));
    byte[] outputs = ValueCodec.of("Outputs", List.of("price_sum_1d"),
        List.of(new TDataType(DataKind.DOUBLE))).encode(new Object[] {12.5});
    Join join = new Join()
        .setMetaData(new MetaData().setName("team.checkout.v1").setTeam("team"))
        .setJoinParts(List.of(new JoinPart().setGroupBy(groupBy)
            .setKeyMapping(Map.of("buyer", "user_id")).setPrefix("b")));
    try (KvStore store = KvStores.open(kv)) {
      store.create("TEAM_SPEND_V1_BATCH");
      store.create(KvLayout.METADATA_DATASET);
      store.multiPut(List.of(
          ServingInfoCodec.put(info),
          new PutRequest(key, outputs, "TEAM_SPEND_V1_BATCH", BATCH_END),
          new PutRequest(
              KvLayout.metadataKey(ConfigKind.JOIN, "team.checkout.v1")
                  .getBytes(StandardCharsets.UTF_8),
              ThriftJson.write(join).getBytes(StandardCharsets.UTF_8),
              KvLayout.METADATA_DATASET, BATCH_END))).join();
    }
  }

  @Test
  void fetchesAGroupByAndAJoinAsJson() throws Exception {
    CliRun groupBy = CliRun.chronon("fetch", "--type", "group-by", "--name", "team.spend.v1",
        "-k", "{\"user_id\":\"5\"}", "--at-millis", Long.toString(BATCH_END + 1), "--kv", kv);
    assertEquals(0, groupBy.status(), groupBy.err());
    assertEquals(12.5, JSON.readTree(groupBy.out()).get("price_sum_1d").asDouble());

    CliRun join = CliRun.chronon("fetch", "--type", "join", "--name", "team/checkout.v1",
        "-k", "{\"buyer\":5}", "--at-millis", Long.toString(BATCH_END), "--kv", kv);
    assertEquals(0, join.status(), join.err());
    JsonNode values = JSON.readTree(join.out());
    assertEquals(12.5, values.get("b_team_spend_v1_price_sum_1d").asDouble());
    assertEquals(1, values.size());

    CliRun unknown = CliRun.chronon("fetch", "--type", "join", "--name", "team/checkout.v1",
        "-k", "{\"buyer\":6}", "--at-millis", Long.toString(BATCH_END), "--kv", kv);
    assertEquals(0, unknown.status(), unknown.err());
    assertTrue(JSON.readTree(unknown.out()).get("b_team_spend_v1_price_sum_1d").isNull());
  }

  @Test
  void aFetchBeforeTheBatchEndOrWithBadArgumentsFails() {
    CliRun early = CliRun.chronon("fetch", "--type", "group-by", "--name", "team.spend.v1",
        "-k", "{\"user_id\":5}", "--at-millis", Long.toString(BATCH_END - 1), "--kv", kv);
    assertEquals(1, early.status());
    assertTrue(early.err().contains("INVALID_REQUEST") && early.err().contains("before the batch end"),
        early.err());
    CliRun badType = CliRun.chronon("fetch", "--type", "table", "--name", "x", "-k", "{}",
        "--kv", kv);
    assertEquals(2, badType.status());
    assertTrue(badType.err().contains("join or group-by"), badType.err());
    CliRun badKeys = CliRun.chronon("fetch", "--type", "join", "--name", "team/checkout.v1",
        "-k", "[5]", "--kv", kv);
    assertEquals(2, badKeys.status());
    assertTrue(badKeys.err().contains("JSON object"), badKeys.err());
  }
}
