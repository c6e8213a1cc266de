package org.chrononbeam.it.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.chrononbeam.it.JoinConsistency;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.testing.kafka.EmbeddedKafka;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #6's end-to-end proof: streaming through a real broker gives, online, exactly what a
 * backfill over all the data gives offline, untiled and tiled, on the Direct and Flink runners.
 *
 * <p>Purchases of days {@code D-4 .. D} are imported into the warehouse, and the join's GroupBy
 * (TEMPORAL events: SUM, COUNT, AVERAGE, MAX over 1h, 1d and 7d, an unbounded SUM and MIN, LAST_K)
 * is uploaded as of {@code D} with the join's metadata, once with tiling off and once on. Day
 * {@code D+1}'s purchases are produced to a Kafka topic as JSON, keyed by user and in time order
 * (the order a source emits them in; a tile read inside its span is exact when each key's events
 * arrive in time order), then imported too, and the join is backfilled for the checkouts of
 * {@code D+1}. Each run streams the topic with {@code chronon streaming} (its own consumer group,
 * so from the start) into a copy of the upload, and {@code fetchJoin} at every checkout's time
 * must equal its backfilled row (doubles within 1e-9 relative). Malformed messages sit among the
 * purchases on the topic: each must be in the run's dead-letter topic once, with its reason. The
 * restart tests stop the job mid-stream and restart it (untiled: from the committed offsets;
 * tiled: from Flink's savepoint or retained checkpoint), with the same comparison after.
 *
 * <p>The data has what breaks windows: times on midnights, hours and 5-minute tile edges and 1 ms
 * off them, checkouts exactly at the batch end and exactly at purchase times, null keys and null
 * values, and a left key of another type than the GroupBy's ({@code int} buyer to {@code long}
 * user). A user's purchase times are unique (untiled streaming stores one version per key and
 * millisecond).
 */
@Timeout(600)
class StreamingBackfillConsistencyTest {

  private static final long DAY = JoinConsistency.DAY;
  private static final String D = "2023-12-06";
  private static final String NEXT = "2023-12-07";
  private static final long FIRST = 1_701_475_200_000L; // 2023-12-02 00:00 UTC, D-4
  private static final long BATCH_END = FIRST + 5 * DAY; // 2023-12-07 00:00 UTC
  private static final String JOIN = "team.stream_checkouts.v1";
  private static final String GROUP_BY = "team.stream_purchases.v1";
  private static final String TOPIC = "stream-purchases";
  private static final Set<String> LEFT_COLUMNS = Set.of("row_id", "buyer", "ts", "ds");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user_id", "type": ["null", "long"], "default": null},
        {"name": "amount", "type": ["null", "double"], "default": null},
        {"name": "item", "type": ["null", "string"], "default": null},
        {"name": "ts", "type": "long"}]}""";
  /** Malformed messages among the day's purchases on the topic, and their reasons' starts. */
  private static final Map<String, String> MALFORMED = Map.of(
      "{{", "decode: not JSON",
      "{\"user_id\": \"u7\", \"amount\": 1.5, \"ts\": 1701910800000}", "decode: field user_id",
      "{\"user_id\": 7, \"amount\": \"12\", \"ts\": 1701910800000}", "decode: field amount",
      "{\"user_id\": 7, \"amount\": 1.5}", "decode: field ts",
      "7,1.5,item1,1701910800000", "decode: not JSON");

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  private static String warehouse;
  private static List<Purchase> nextDay;
  private static int messages;
  private static List<Map<String, Object>> trainingRows;

  /** A purchase: null user, amount or item for a missing value. */
  record Purchase(Long user, Double amount, String item, long ts) {
    String csv() {
      return (user == null ? "" : user) + "," + (amount == null ? "" : amount) + ","
          + (item == null ? "" : item) + "," + ts;
    }

    byte[] json() {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("user_id", user);
      message.put("amount", amount);
      message.put("item", item);
      message.put("ts", ts);
      try {
        return JSON.writeValueAsBytes(message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @BeforeAll
  static void uploadStreamAndBackfill() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    warehouse = dir.resolve("warehouse").toString();
    Random random = new Random(17);
    List<Purchase> purchases = purchases(random);
    List<Purchase> batch = purchases.stream().filter(p -> p.ts() < BATCH_END).toList();
    nextDay = purchases.stream().filter(p -> p.ts() >= BATCH_END)
        .sorted(Comparator.comparingLong(Purchase::ts)).toList();

    importCsv("data.purchases", "purchases-batch.csv", "user_id,amount,item,ts",
        batch.stream().map(Purchase::csv).toList(), "user_id=long");
    for (boolean tiled : List.of(false, true)) {
      Path join = writeConfigs(tiled);
      String template = "embedded:" + dir.resolve(template(tiled));
      assertEquals(0, ChrononCli.run("upload", "--conf", join.toString(), "--end-ds", D,
          "--kv", template, "--warehouse", warehouse));
      assertEquals(0, ChrononCli.run("metadata-upload", "--conf", join.toString(),
          "--kv", template));
    }

    kafka.createTopic(TOPIC, 3);
    send(TOPIC, nextDay.subList(0, nextDay.size() / 2));
    kafka.send(TOPIC, MALFORMED.keySet().stream()
        .map(m -> m.getBytes(StandardCharsets.UTF_8)).toList());
    send(TOPIC, nextDay.subList(nextDay.size() / 2, nextDay.size()));
    messages = nextDay.size() + MALFORMED.size();

    importCsv("data.purchases", "purchases-next.csv", "user_id,amount,item,ts",
        nextDay.stream().map(Purchase::csv).toList(), "user_id=long");
    importCsv("data.checkouts", "checkouts.csv", "row_id,buyer,ts", checkouts(random),
        "buyer=int");
    assertEquals(0, ChrononCli.run("backfill", "--conf", writeConfigs(true).toString(),
        "--start-ds", NEXT, "--end-ds", NEXT, "--warehouse", warehouse));
    trainingRows = JoinConsistency.read(Warehouse.at(warehouse), "ml.team_stream_checkouts_v1")
        .stream().filter(row -> row.get("buyer") != null).toList();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  static Stream<Arguments> runs() {
    return Stream.of(arguments("direct", false), arguments("direct", true),
        arguments("flink", false), arguments("flink", true));
  }

  @ParameterizedTest(name = "{0}, tiled={1}")
  @MethodSource("runs")
  void fetchedJoinEqualsTheBackfillAfterStreamingTheNextDay(String runner, boolean tiled)
      throws IOException {
    String run = runner + (tiled ? "-tiles" : "-rows");
    String spec = copyOfUpload(tiled, run);
    String deadLetters = TOPIC + ".dead-letters-" + run;
    assertEquals(0, ChrononCli.run(streaming(tiled, spec, "e2e-" + run, messages, runner,
        "--dead-letter-topic", deadLetters)));
    assertFetchedJoinEqualsTheBackfill(spec, run);
    assertDeadLettersAreTheMalformedMessages(deadLetters);
  }

  /** Each malformed message is in the dead-letter topic once, with its reason. */
  static void assertDeadLettersAreTheMalformedMessages(String topic) throws IOException {
    Map<String, String> reasons = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.read(topic, MALFORMED.size())) {
      JsonNode letter = JSON.readTree(record.value());
      assertEquals(TOPIC, letter.get("topic").asText());
      String payload = new String(Base64.getDecoder().decode(letter.get("payload").asText()),
          StandardCharsets.UTF_8);
      assertEquals(null, reasons.put(payload, letter.get("reason").asText()), payload);
    }
    assertEquals(new TreeSet<>(MALFORMED.keySet()), reasons.keySet());
    for (Map.Entry<String, String> malformed : MALFORMED.entrySet()) {
      String reason = reasons.get(malformed.getKey());
      assertTrue(reason.startsWith(malformed.getValue()),
          malformed.getKey() + ": " + reason);
    }
  }

  /**
   * An untiled restart from the committed offsets, through the command: the first run stops
   * after some messages (committing their offsets), the second resumes there.
   */
  @Test
  void anUntiledRestartFromTheCommittedOffsetsIsExact() throws IOException {
    String spec = copyOfUpload(false, "restart-rows");
    int first = messages / 3;
    assertEquals(0, ChrononCli.run(streaming(false, spec, "e2e-restart-rows", first, "direct")));
    assertEquals(first, kafka.committedOffsets("e2e-restart-rows", TOPIC));
    assertEquals(0, ChrononCli.run(streaming(false, spec, "e2e-restart-rows",
        messages - first, "direct")));
    assertEquals(messages, kafka.committedOffsets("e2e-restart-rows", TOPIC));
    assertFetchedJoinEqualsTheBackfill(spec, "restart-rows");
  }

  static Stream<Arguments> restarts() {
    return Stream.of(arguments("savepoint", true), arguments("crash", true),
        arguments("crash", false));
  }

  /**
   * Restart on Flink, as an operator restarts a job or as it recovers from a crash: the first run
   * streams part of the day (for many keys, the first events of a tile) and, while more messages
   * arrive, is stopped with a savepoint, or cancelled (the messages it processed after its last
   * checkpoint are in the store already, their offsets not committed). The second run streams the
   * rest (the later events of those tiles). Tiled, it restores the savepoint or the checkpoint
   * Flink retained: the open tiles and the read offsets come back together, so each tile continues
   * where the state left it and every message read again rewrites the same versions. Untiled, it
   * is a new job without state that resumes from the committed offsets: rows are idempotent puts.
   */
  @ParameterizedTest(name = "{0}, tiled={1}")
  @MethodSource("restarts")
  void aFlinkJobRestartedMidStreamIsExact(String stop, boolean tiled) throws Exception {
    String run = stop + (tiled ? "-tiles" : "-rows");
    String topic = "stream-purchases-" + run;
    String group = "e2e-restart-" + run;
    kafka.createTopic(topic, 3);
    List<Purchase> before = new ArrayList<>();
    List<Purchase> after = new ArrayList<>();
    int split = splitTiles(before, after);
    assertTrue(split >= 10, "only " + split + " tiles have events on both sides of the restart");
    List<Purchase> lateFirst = after.subList(0, after.size() / 3);
    List<Purchase> lateRest = after.subList(after.size() / 3, after.size());
    String spec = copyOfUpload(tiled, "restart-" + run);
    LocalFlinkJobs flink = LocalFlinkJobs.onFreePort();
    Path checkpoints = dir.resolve("flink-checkpoints-" + run);
    Path savepoints = dir.resolve("flink-savepoints-" + run);

    send(topic, before);
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> ChrononCli.run(
        streaming(tiled, spec, group, 0, "flink", "--topic", topic, "--checkpointingInterval=1000",
            "--flinkConfDir=" + confDir(flink, "flink-first-" + run, checkpoints, null))));
    awaitCommitted(group, topic, before.size(), first);
    send(topic, lateFirst);
    String job = flink.runningJob();
    String restoreFrom;
    if (stop.equals("savepoint")) {
      restoreFrom = flink.stopWithSavepoint(job, savepoints);
      assertEquals(0, first.get(2, java.util.concurrent.TimeUnit.MINUTES));
    } else {
      Thread.sleep(500);
      flink.cancel(job);
      assertTrue(first.get(2, java.util.concurrent.TimeUnit.MINUTES) != 0, "a cancelled job fails");
      restoreFrom = tiled ? LocalFlinkJobs.retainedCheckpoint(checkpoints, job) : null;
    }
    assertTrue(kafka.committedOffsets(group, topic) < nextDay.size());

    send(topic, lateRest);
    CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> ChrononCli.run(
        streaming(tiled, spec, group, 0, "flink", "--topic", topic, "--checkpointingInterval=1000",
            "--flinkConfDir=" + confDir(flink, "flink-restart-" + run, checkpoints,
                restoreFrom))));
    awaitCommitted(group, topic, nextDay.size(), second);
    flink.stopWithSavepoint(flink.runningJob(), savepoints);
    assertEquals(0, second.get(2, java.util.concurrent.TimeUnit.MINUTES));
    assertFetchedJoinEqualsTheBackfill(spec, "restart-" + run);
  }

  /**
   * Splits the day's purchases around a restart, each part in time order: of each key's 5-minute
   * tile the earlier half of its events goes {@code before} and the rest {@code after} (a tile's
   * single event to either, alternately), so a tile's events still arrive in time order.
   *
   * @return how many tiles have events in both parts
   */
  private static int splitTiles(List<Purchase> before, List<Purchase> after) {
    Map<String, List<Purchase>> tiles = new LinkedHashMap<>();
    for (Purchase purchase : nextDay) {
      tiles.computeIfAbsent(purchase.user() + "@" + Math.floorDiv(purchase.ts(), 300_000L),
          tile -> new ArrayList<>()).add(purchase);
    }
    int split = 0;
    int single = 0;
    for (List<Purchase> tile : tiles.values()) {
      int firstHalf = tile.size() == 1 ? single++ % 2 : tile.size() / 2;
      before.addAll(tile.subList(0, firstHalf));
      after.addAll(tile.subList(firstHalf, tile.size()));
      split += tile.size() > 1 ? 1 : 0;
    }
    before.sort(Comparator.comparingLong(Purchase::ts));
    after.sort(Comparator.comparingLong(Purchase::ts));
    return split;
  }

  private static String confDir(LocalFlinkJobs flink, String name, Path checkpoints,
      String savepoint) {
    try {
      return flink.confDir(dir.resolve(name), checkpoints, savepoint).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code group} committed {@code count} offsets of {@code topic}. */
  private static void awaitCommitted(String group, String topic, long count,
      CompletableFuture<Integer> job) throws InterruptedException {
    LocalFlinkJobs.await(count + " committed offsets of " + group, () -> {
      if (job.isDone()) {
        throw new IllegalStateException("the streaming job ended with status " + job.join());
      }
      return kafka.committedOffsets(group, topic) == count;
    });
  }

  /** Produces {@code purchases} to {@code topic} as JSON, keyed by user, in order. */
  private static void send(String topic, List<Purchase> purchases) {
    kafka.send(topic,
        purchases.stream().map(p -> String.valueOf(p.user()).getBytes(StandardCharsets.UTF_8))
            .toList(),
        purchases.stream().map(Purchase::json).toList());
  }

  /** The arguments of {@code chronon streaming} for this test's GroupBy. */
  static String[] streaming(boolean tiled, String spec, String group, int records, String runner,
      String... more) {
    List<String> args = new ArrayList<>(List.of("streaming", "--conf",
        groupByConf(tiled).toString(), "--kv", spec, "--kafka", kafka.bootstrapServers(),
        "--group", group, "--runner", runner));
    args.addAll(List.of(more));
    if (records > 0) {
      args.addAll(List.of("--max-records", String.valueOf(records)));
    }
    if (tiled) {
      args.add("--tiled");
    }
    return args.toArray(String[]::new);
  }

  /** Fetches the join at every training row's time and compares it with the row. */
  static void assertFetchedJoinEqualsTheBackfill(String spec, String label) {
    int[] counts = JoinConsistency.assertFetchedJoinEqualsRows(label, spec,
        KvLayout.requestName(JOIN), trainingRows, LEFT_COLUMNS, "buyer");
    assertTrue(trainingRows.size() >= 400, "compared " + trainingRows.size() + " rows");
    assertTrue(counts[1] > counts[0] / 2, counts[1] + " of " + counts[0] + " values are set");
  }

  /** A fresh copy of the upload (tiled or not) for one run, as a KV spec. */
  static String copyOfUpload(boolean tiled, String run) throws IOException {
    Path from = dir.resolve(template(tiled));
    Path to = dir.resolve("kv-" + run);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return "embedded:" + to;
  }

  private static String template(boolean tiled) {
    return tiled ? "kv-upload-tiles" : "kv-upload-rows";
  }

  private static Path production(boolean tiled) {
    return dir.resolve(tiled ? "production-tiles" : "production-rows");
  }

  static Path groupByConf(boolean tiled) {
    return production(tiled).resolve("group_bys/team/stream_purchases.v1");
  }

  /** Writes the join and its GroupBy (tiling on or off) as compiled configs; returns the join's. */
  private static Path writeConfigs(boolean tiled) throws IOException {
    Join join = join(tiled);
    Path joinConf = production(tiled).resolve("joins/team/stream_checkouts.v1");
    Files.createDirectories(joinConf.getParent());
    Files.writeString(joinConf, ThriftJson.write(join));
    Files.createDirectories(groupByConf(tiled).getParent());
    Files.writeString(groupByConf(tiled), ThriftJson.write(join.getJoinParts().get(0).getGroupBy()));
    return joinConf;
  }

  private static Join join(boolean tiled) throws IOException {
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setOutputNamespace("ml").setTeam("team"))
        .setLeft(JoinConsistency.checkouts())
        .setJoinParts(List.of(new JoinPart().setGroupBy(groupBy(tiled))
            .setKeyMapping(Map.of("buyer", "user_id"))));
  }

  private static GroupBy groupBy(boolean tiled) throws IOException {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("stream_format", "json");
    custom.put("stream_schema", JSON.readTree(SCHEMA));
    if (tiled) {
      custom.put("enable_tiling", true);
    }
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    List<Aggregation> aggregations = new ArrayList<>(JoinConsistency.purchaseAggregations());
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.MIN));
    return new GroupBy()
        .setMetaData(new MetaData().setName(GROUP_BY).setOutputNamespace("features")
            .setTeam("team").setCustomJson(JSON.writeValueAsString(custom)))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setTopic(TOPIC).setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(aggregations);
  }

  /** Purchases over {@code D-4 .. D+1}, a user's times unique. */
  private static List<Purchase> purchases(Random random) {
    List<Purchase> purchases = new ArrayList<>();
    Map<Long, Set<Long>> used = new LinkedHashMap<>();
    for (int i = 0; i < 4000; i++) {
      Long user = random.nextInt(30) == 0 ? null : (long) random.nextInt(40);
      long ts;
      do {
        ts = JoinConsistency.edgy(random, FIRST, 6);
      } while (!used.computeIfAbsent(user, u -> new HashSet<>()).add(ts));
      Double amount = random.nextInt(10) == 0 ? null : random.nextInt(10000) / 100.0;
      String item = random.nextInt(8) == 0 ? null : "item" + random.nextInt(9);
      purchases.add(new Purchase(user, amount, item, ts));
    }
    return purchases;
  }

  /** Checkouts of {@code D+1}: on the batch end, on purchase times, and on edgy times. */
  private static List<String> checkouts(Random random) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      long ts = switch (i % 10) {
        case 0 -> BATCH_END;
        case 1, 2 -> nextDay.get(random.nextInt(nextDay.size())).ts();
        default -> JoinConsistency.edgy(random, BATCH_END, 1);
      };
      String buyer = random.nextInt(25) == 0 ? "" : String.valueOf(random.nextInt(45));
      lines.add(i + "," + buyer + "," + ts);
    }
    return lines;
  }

  private static void importCsv(String table, String file, String header, List<String> lines,
      String type) throws IOException {
    Path path = dir.resolve(file);
    List<String> all = new ArrayList<>(List.of(header));
    all.addAll(lines);
    Files.write(path, all);
    assertEquals(0, ChrononCli.run("import", "--table", table, "--from", path.toString(),
        "--warehouse", warehouse, "--type", type));
  }
}
