package org.chrononbeam.it.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EntitySource;
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
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.stream.StreamDeclaration;
import org.chrononbeam.testing.kafka.EmbeddedKafka;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.streaming.DeadLetterWrite;
import org.chrononbeam.transforms.streaming.KafkaEventRead;
import org.chrononbeam.transforms.streaming.StreamingProjection;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.chrononbeam.transforms.upload.StreamingRowsWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming against a real broker on the Direct runner: KafkaIO reads a topic of valid and
 * malformed JSON purchases, the projection runs the GroupBy's query, the rows go to the KV store
 * and the malformed messages to a dead-letter topic, with their reasons.
 */
@Timeout(120)
class StreamingKafkaTest {

  static final String SCHEMA = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user", "type": "string"},
        {"name": "price_cents", "type": ["null", "long"], "default": null},
        {"name": "event_ts", "type": ["null", "long"], "default": null}]}""";
  static final ObjectMapper JSON = new ObjectMapper();

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

  static GroupBy groupBy(String topic) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user");
    selects.put("amount", "price_cents / 100.0");
    String custom;
    try {
      custom = JSON.writeValueAsString(Map.of("stream_format", "json", "stream_schema", JSON.readTree(SCHEMA)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new GroupBy()
        .setMetaData(new MetaData().setName("team.purchases.v1").setCustomJson(custom))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setTopic(topic).setQuery(new Query().setSelects(selects)
                .setWheres(List.of("price_cents > 0")).setTimeColumn("event_ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(List.of(new Aggregation().setInputColumn("amount")
            .setOperation(Operation.SUM).setWindows(List.of(new Window(1, TimeUnit.DAYS)))));
  }

  static byte[] purchase(String user, long cents, long ts) {
    return ("{\"user\": \"" + user + "\", \"price_cents\": " + cents + ", \"event_ts\": " + ts + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(RowCounts.NAMESPACE, name)).build()).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  @Test
  void theBrokerRoundTripsMessages() {
    kafka.createTopic("roundtrip", 1);
    kafka.send("roundtrip", List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)));
    List<String> read = kafka.read("roundtrip", 2).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    assertEquals(List.of("a", "b"), read);
  }

  @Test
  void validMessagesAreProjectedAndMalformedOnesGoToTheDeadLetterTopic() throws Exception {
    kafka.createTopic("purchases-a", 2);
    kafka.createTopic("purchases-a-dlq", 1);
    List<byte[]> messages = new ArrayList<>();
    List<String> expectedRows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      messages.add(purchase("u" + (i % 4), 100 + i, 1_700_000_000_000L + i));
      expectedRows.add("[u" + (i % 4) + ", " + (100 + i) / 100.0 + ", " + (1_700_000_000_000L + i)
          + ", 2023-11-14]");
    }
    messages.add(purchase("u9", -1, 5));
    messages.add("{\"user\": \"u1\", \"price_cents\": \"12\", \"event_ts\": 1}".getBytes(StandardCharsets.UTF_8));
    messages.add("{{".getBytes(StandardCharsets.UTF_8));
    messages.add("{\"user\": \"u1\", \"price_cents\": 12}".getBytes(StandardCharsets.UTF_8));
    kafka.send("purchases-a", messages);

    GroupBy groupBy = groupBy("purchases-a");
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = p
        .apply(KafkaEventRead.from(kafka.bootstrapServers(), projection.topic())
            .withMaxRecords(messages.size()))
        .apply(projection);
    PAssert.that(out.get(StreamingProjection.ROWS).apply(MapElements
            .into(TypeDescriptors.strings()).via(java.util.Arrays::toString)))
        .containsInAnyOrder(expectedRows);
    out.get(StreamingProjection.DEAD_LETTERS)
        .apply(DeadLetterWrite.toTopic(kafka.bootstrapServers(), "purchases-a-dlq"));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(44, counter(result, StreamingProjection.MESSAGE_COUNT));
    assertEquals(40, counter(result, StreamingProjection.ROW_COUNT));
    assertEquals(1, counter(result, StreamingProjection.FILTERED_COUNT));
    assertEquals(3, counter(result, StreamingProjection.DEAD_LETTER_COUNT));

    Map<String, String> reasons = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.read("purchases-a-dlq", 3)) {
      JsonNode letter = JSON.readTree(record.value());
      assertEquals("purchases-a", letter.get("topic").asText());
      assertTrue(letter.get("offset").asLong() >= 0);
      reasons.put(new String(Base64.getDecoder().decode(letter.get("payload").asText()),
          StandardCharsets.UTF_8), letter.get("reason").asText());
    }
    assertEquals(Map.of(
        "{\"user\": \"u1\", \"price_cents\": \"12\", \"event_ts\": 1}",
        "decode: field price_cents: expected a long, found string \"12\"",
        "{{", reasons.get("{{"),
        "{\"user\": \"u1\", \"price_cents\": 12}", "ts: the query's ts is null"), reasons);
    assertTrue(reasons.get("{{").startsWith("decode: not JSON"), reasons.get("{{"));
  }

  /** Every version of every key in {@code dataset}: key -> ts -> value. */
  static Map<String, Map<Long, String>> stored(String spec, GroupBy groupBy, List<String> users) {
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    ServingColumns columns = ServingColumns.of(groupBy, projection.rowSchema());
    String dataset = KvLayout.streamingDataset(groupBy.getMetaData().getName());
    Map<String, Map<Long, String>> stored = new TreeMap<>();
    try (KvStore store = KvStores.open(spec)) {
      for (String user : users) {
        Object[] row = new Object[projection.rowSchema().size()];
        row[0] = user;
        byte[] key = columns.keyBytes(row);
        Map<Long, String> versions = new TreeMap<>();
        for (TimedValue value : store.multiGet(List.of(GetRequest.since(key, dataset, 0))).join()
            .get(0).values()) {
          versions.put(value.millis(), Base64.getEncoder().encodeToString(value.bytes()));
        }
        stored.put(user, versions);
      }
    }
    return stored;
  }

  static void runUntiled(GroupBy groupBy, String spec, String group, int records) {
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    KafkaEventRead read = KafkaEventRead.from(kafka.bootstrapServers(), projection.topic())
        .withMaxRecords(records);
    p.apply(group == null ? read : read.withConsumerGroup(group))
        .apply(projection)
        .get(StreamingProjection.ROWS)
        .apply(StreamingRowsWrite.of(groupBy, projection.rowSchema()).withKvStore(spec));
    p.run().waitUntilFinish();
  }

  @Test
  void aRestartFromCommittedOffsetsLosesNothingAndReplaysCountNothingTwice() {
    kafka.createTopic("purchases-b", 2);
    GroupBy groupBy = groupBy("purchases-b");
    String spec = "embedded:" + dir.resolve("kv-b");
    try (KvStore store = KvStores.open(spec)) {
      store.create(KvLayout.streamingDataset("team.purchases.v1"));
    }
    List<byte[]> first = new ArrayList<>();
    List<byte[]> second = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      (i < 20 ? first : second).add(purchase("u" + (i % 3), 100 + i, 1_700_000_000_000L + 1000L * i));
    }
    kafka.send("purchases-b", first);
    runUntiled(groupBy, spec, "streaming-b", first.size());
    assertEquals(first.size(), kafka.committedOffsets("streaming-b", "purchases-b"));
    Map<String, Map<Long, String>> afterFirst = stored(spec, groupBy, List.of("u0", "u1", "u2"));
    assertEquals(20, afterFirst.values().stream().mapToInt(Map::size).sum());

    kafka.send("purchases-b", second);
    runUntiled(groupBy, spec, "streaming-b", second.size());
    assertEquals(30, kafka.committedOffsets("streaming-b", "purchases-b"));
    Map<String, Map<Long, String>> afterRestart = stored(spec, groupBy, List.of("u0", "u1", "u2"));
    assertEquals(30, afterRestart.values().stream().mapToInt(Map::size).sum());
    for (Map.Entry<String, Map<Long, String>> user : afterFirst.entrySet()) {
      assertTrue(afterRestart.get(user.getKey()).entrySet().containsAll(user.getValue().entrySet()));
    }

    runUntiled(groupBy, spec, null, 30);
    assertEquals(afterRestart, stored(spec, groupBy, List.of("u0", "u1", "u2")),
        "replaying every message rewrites the same versions");
  }

  /**
   * An entities GroupBy's mutation topic: inserts, updates and deletes as before/after JSON
   * messages are written with is_before at their mutation_ts, a replay rewrites the same versions,
   * and the fetcher's values equal a signed sum of the images before each query time.
   */
  @Test
  void entityMutationsFromTheTopicAreRetractedAndAddedByTheFetcher() throws Exception {
    kafka.createTopic("balances-m", 1);
    String schema = """
        {"type": "record", "name": "Account", "fields": [
          {"name": "user", "type": "string"},
          {"name": "balance", "type": ["null", "double"], "default": null},
          {"name": "ts", "type": ["null", "long"], "default": null},
          {"name": "mutation_ts", "type": "long"}]}""";
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user");
    selects.put("balance", "balance");
    GroupBy groupBy = new GroupBy()
        .setMetaData(new MetaData().setName("team.balances.v1").setCustomJson(
            JSON.writeValueAsString(Map.of("stream_format", "json",
                "stream_schema", JSON.readTree(schema)))))
        .setSources(List.of(Source.entities(new EntitySource().setSnapshotTable("data.accounts")
            .setMutationTopic("balances-m").setQuery(new Query().setSelects(selects)
                .setTimeColumn("ts").setMutationTimeColumn("mutation_ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(
            new Aggregation().setInputColumn("balance").setOperation(Operation.SUM),
            new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT)));
    long t = 1_700_000_000_000L;
    List<byte[]> messages = List.of(
        account(null, row("u0", "10.0", "5", t)),
        account(row("u0", "10.0", "5", t + 1000), row("u0", "25.5", "" + (t + 1000), t + 1000)),
        account(null, row("u0", "null", "7", t + 2000)),
        account(row("u0", "25.5", "" + (t + 1000), t + 3000), null),
        account(null, row("u1", "4.0", "9", t + 3000)));
    kafka.send("balances-m", messages);
    String spec = "embedded:" + dir.resolve("kv-m");
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    ServingColumns columns = ServingColumns.of(groupBy, projection.rowSchema());
    try (KvStore store = KvStores.open(spec)) {
      store.create(KvLayout.batchDataset("team.balances.v1"));
      store.create(KvLayout.streamingDataset("team.balances.v1"));
      store.multiPut(List.of(ServingInfoCodec.put(columns.servingInfo("2023-11-13")))).join();
    }
    runUntiled(groupBy, spec, null, messages.size());
    Map<String, Map<Long, String>> written = stored(spec, groupBy, List.of("u0", "u1"));
    assertEquals(List.of(t + 1, t + 1000, t + 1001, t + 2001, t + 3000),
        List.copyOf(written.get("u0").keySet()), "after-images 1 ms after their change");
    runUntiled(groupBy, spec, null, messages.size());
    assertEquals(written, stored(spec, groupBy, List.of("u0", "u1")), "a replay rewrites");

    Map<Long, List<Object>> expected = new TreeMap<>(Map.of(
        t, java.util.Arrays.asList(null, null),
        t + 1, List.of(10.0, 1L),
        t + 1000, List.of(10.0, 1L),
        t + 1001, List.of(25.5, 1L),
        t + 2500, List.of(25.5, 1L),
        t + 3000, List.of(25.5, 1L),
        t + 3001, List.of(0.0, 0L)));
    List<Request> requests = expected.keySet().stream()
        .map(q -> new Request("team.balances.v1", Map.of("user_id", "u0"), q)).toList();
    List<Response> responses;
    try (KvStore store = KvStores.open(spec)) {
      responses = new Fetcher(store, FetcherOptions.defaults()).fetchGroupBys(requests).join();
    }
    int i = 0;
    for (Map.Entry<Long, List<Object>> at : expected.entrySet()) {
      Map<String, Object> values = responses.get(i++).values();
      assertEquals(at.getValue(), java.util.Arrays.asList(
          values.get("balance_sum"), values.get("balance_count")), "u0 at " + at.getKey());
    }
  }

  /** An account row of the mutation topic as a JSON object. */
  private static String row(String user, String balance, String ts, long mutationTs) {
    return "{\"user\": \"" + user + "\", \"balance\": " + balance + ", \"ts\": " + ts
        + ", \"mutation_ts\": " + mutationTs + "}";
  }

  /** A JSON mutation message of a before and an after row (JSON objects, or null). */
  private static byte[] account(String before, String after) {
    return ("{\"before\": " + before + ", \"after\": " + after + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
