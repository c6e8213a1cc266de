package org.chrononbeam.it.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.stream.StreamDeclaration;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.testing.kafka.EmbeddedKafka;
import org.chrononbeam.transforms.streaming.StreamingProjection;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronon streaming} and {@code chronon local-streaming} against a real broker, read back
 * through the fetcher: untiled rows and tiles of the same events give the brute-force window sums
 * and counts.
 */
@Timeout(180)
class StreamingCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String END_DS = "2023-11-14";
  private static final long BATCH_END = 1_700_006_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final String SCHEMA = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user", "type": "string"},
        {"name": "amount", "type": ["null", "long"], "default": null},
        {"name": "ts", "type": "long"}]}""";

  @TempDir static Path dir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** SUM of amount over 1h (5-minute tiles) and COUNT over 1d, read from {@code topic}. */
  static GroupBy groupBy(String name, String topic, String format, boolean tiled) throws Exception {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("stream_format", format);
    custom.put("stream_schema", JSON.readTree(SCHEMA));
    if (tiled) {
      custom.put("enable_tiling", true);
    }
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user");
    selects.put("amount", "amount");
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setTeam("team").setOutputNamespace("features")
            .setCustomJson(JSON.writeValueAsString(custom)))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setTopic(topic).setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(List.of(
            new Aggregation().setInputColumn("amount").setOperation(Operation.SUM)
                .setWindows(List.of(new Window(1, TimeUnit.HOURS))),
            new Aggregation().setInputColumn("amount").setOperation(Operation.COUNT)
                .setWindows(List.of(new Window(1, TimeUnit.DAYS)))));
  }

  static Path write(GroupBy groupBy) throws Exception {
    String[] parts = groupBy.getMetaData().getName().split("\\.", 2);
    Path file = dir.resolve("production/group_bys/" + parts[0] + "/" + parts[1]);
    Files.createDirectories(file.getParent());
    Files.writeString(file, ThriftJson.write(groupBy));
    return file;
  }

  /** Events {user, amount, ts} after the batch end, amount null one time in eight. */
  static List<Object[]> events(long seed) {
    Random random = new Random(seed);
    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Long amount = random.nextInt(8) == 0 ? null : (long) random.nextInt(100);
      events.add(new Object[] {"u" + random.nextInt(3), amount, BATCH_END + HOUR + random.nextInt((int) (2 * HOUR))});
    }
    return events;
  }

  /** Stores the serving info of an upload through END_DS with no batch values. */
  static void serve(String spec, GroupBy groupBy) {
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    try (KvStore store = KvStores.open(spec)) {
      store.create(KvLayout.batchDataset(groupBy.getMetaData().getName()));
      store.multiPut(List.of(ServingInfoCodec.put(
          ServingColumns.of(groupBy, projection.rowSchema()).servingInfo(END_DS)))).join();
    }
  }

  /** Checks the fetched amount_sum_1h and amount_count_1d of each user at {@code q} by brute force. */
  static void assertFetchedMatchNaive(String spec, String name, List<Object[]> events, long q) {
    try (KvStore store = KvStores.open(spec)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      for (String user : List.of("u0", "u1", "u2")) {
        Long sum = null;
        long count = 0;
        long sumFrom = Math.floorDiv(q - HOUR, 300_000L) * 300_000L;
        for (Object[] e : events) {
          long ts = (Long) e[2];
          if (e[0].equals(user) && e[1] != null && ts < q) {
            count++;
            if (ts >= sumFrom) {
              sum = (sum == null ? 0 : sum) + (Long) e[1];
            }
          }
        }
        Response response = fetcher.fetchGroupBys(List.of(new Request(name, Map.of("user_id", user), q)))
            .join().get(0);
        assertTrue(response.succeeded(), String.valueOf(response.failure()));
        assertEquals(count, response.values().get("amount_count_1d"), user + " count at " + q);
        assertEquals(sum, response.values().get("amount_sum_1h"), user + " sum at " + q);
      }
    }
  }

  @Test
  void untiledAndTiledStreamingGiveTheNaiveWindowValuesThroughTheFetcher() throws Exception {
    List<Object[]> events = events(3L);
    List<byte[]> json = new ArrayList<>();
    List<byte[]> csv = new ArrayList<>();
    for (Object[] e : events) {
      String amount = e[1] == null ? "" : ", \"amount\": " + e[1];
      json.add(("{\"user\": \"" + e[0] + "\"" + amount + ", \"ts\": " + e[2] + "}")
          .getBytes(StandardCharsets.UTF_8));
      csv.add((e[0] + "," + (e[1] == null ? "" : e[1]) + "," + e[2]).getBytes(StandardCharsets.UTF_8));
    }
    csv.add("u1,lots,5".getBytes(StandardCharsets.UTF_8));
    kafka.createTopic("cmd-rows", 2);
    kafka.createTopic("cmd-tiles", 2);
    kafka.send("cmd-rows", json);
    kafka.send("cmd-tiles", csv);

    String spec = "embedded:" + dir.resolve("kv");
    GroupBy rows = groupBy("team.rows.v1", "cmd-rows", "json", false);
    GroupBy tiles = groupBy("team.tiles.v1", "cmd-tiles", "csv", true);
    assertEquals(0, ChrononCli.run("streaming", "--conf", write(rows).toString(), "--kv", spec,
        "--kafka", kafka.bootstrapServers(), "--max-records", String.valueOf(json.size())));
    assertEquals(0, ChrononCli.run("streaming", "--conf", write(tiles).toString(), "--kv", spec,
        "--kafka", kafka.bootstrapServers(), "--tiled", "--max-records", String.valueOf(csv.size())));
    assertEquals(1, ChrononCli.run("streaming", "--conf", write(tiles).toString(), "--kv", spec,
        "--kafka", kafka.bootstrapServers(), "--max-records", "1"));
    String letters = new String(kafka.read("cmd-tiles.dead-letters", 1).get(0).value(), StandardCharsets.UTF_8);
    assertTrue(letters.contains("decode: field amount: expected long, found \\\"lots\\\""), letters);

    serve(spec, rows);
    serve(spec, tiles);
    for (long q : new long[] {BATCH_END + 3 * HOUR + 7 * 60_000L, BATCH_END + 20 * HOUR}) {
      assertFetchedMatchNaive(spec, "team.rows.v1", events, q);
      assertFetchedMatchNaive(spec, "team.tiles.v1", events, q);
    }
  }

  @Test
  void untiledAndTiledStreamingRunOnFlink() throws Exception {
    List<Object[]> events = events(5L);
    List<byte[]> csv = new ArrayList<>();
    for (Object[] e : events) {
      csv.add((e[0] + "," + (e[1] == null ? "" : e[1]) + "," + e[2]).getBytes(StandardCharsets.UTF_8));
    }
    kafka.createTopic("cmd-flink", 2);
    kafka.send("cmd-flink", csv);
    String spec = "embedded:" + dir.resolve("kv-flink");
    GroupBy rows = groupBy("team.flink_rows.v1", "cmd-flink", "csv", false);
    GroupBy tiles = groupBy("team.flink_tiles.v1", "cmd-flink", "csv", true);
    for (GroupBy groupBy : List.of(rows, tiles)) {
      List<String> args = new ArrayList<>(List.of("streaming", "--conf", write(groupBy).toString(),
          "--kv", spec, "--kafka", kafka.bootstrapServers(), "--runner", "flink",
          "--max-records", String.valueOf(csv.size())));
      if (groupBy == tiles) {
        args.add("--tiled");
      }
      assertEquals(0, ChrononCli.run(args.toArray(String[]::new)));
      serve(spec, groupBy);
      assertFetchedMatchNaive(spec, groupBy.getMetaData().getName(), events,
          BATCH_END + 3 * HOUR + 7 * 60_000L);
    }
  }

  @Test
  void localStreamingPrintsEachWrite() throws Exception {
    kafka.createTopic("cmd-local", 1);
    kafka.send("cmd-local", List.of(
        "{\"user\": \"u1\", \"amount\": 25, \"ts\": 1700010000000}".getBytes(StandardCharsets.UTF_8),
        "{\"user\": \"u2\", \"ts\": 1700010060000}".getBytes(StandardCharsets.UTF_8)));
    GroupBy groupBy = groupBy("team.local.v1", "cmd-local", "json", false);
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      status = ChrononCli.run("local-streaming", "--conf", write(groupBy).toString(),
          "--kafka", kafka.bootstrapServers(), "--max-records", "2");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, status);
    List<String> puts = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("put ")).sorted().toList();
    assertEquals(List.of(
        "put TEAM_LOCAL_V1_STREAMING keys={user_id=u1} values={amount=25} ts=2023-11-15T01:00:00Z",
        "put TEAM_LOCAL_V1_STREAMING keys={user_id=u2} values={amount=null} ts=2023-11-15T01:01:00Z"),
        puts);
  }
}
