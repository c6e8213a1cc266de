package org.chrononbeam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigtable.emulator.core.EmulatorController;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.upload.StreamingRowsWrite;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test that matters for serving: what the fetcher answers online equals what the backfill
 * computes offline. A join of two TEMPORAL GroupBys (SUM, COUNT, AVERAGE, MAX over 1h, 1d, 7d;
 * an unbounded SUM; LAST_K; one GroupBy filtered by a where clause and joined under a prefix) is
 * backfilled for the left rows of day {@code D+1}; then, in each KV store (embedded RocksDB, the
 * Bigtable emulator, an in-JVM MongoDB server), the GroupBys are uploaded as of {@code D}, day
 * {@code D+1}'s purchases are written as streaming rows, the join's metadata is uploaded, and
 * every sampled left row of {@code D+1} is fetched at its own time: each value must equal the
 * backfill's (doubles within 1e-9 relative).
 *
 * <p>Purchases span {@code D-4 .. D+1} with timestamps on midnights, hours and five-minute edges
 * (and one millisecond off them), null keys and null values; purchase times are unique per user
 * (two purchases of one user in the same millisecond would be one streaming version). Left rows
 * fall on the batch end itself, on hour edges and exactly on purchase times.
 */
class BackfillFetchConsistencyTest {

  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final String D = "2023-12-06";
  private static final String NEXT = "2023-12-07";
  private static final long FIRST = 1_701_475_200_000L; // 2023-12-02 00:00 UTC, D-4
  private static final long BATCH_END = FIRST + 5 * DAY; // 2023-12-07 00:00 UTC
  private static final String JOIN = "team.checkouts.v1";
  private static final String REQUEST = KvLayout.requestName(JOIN);
  static final Set<String> LEFT_COLUMNS = Set.of("row_id", "buyer", "ts", "ds");
  private static final Map<String, List<Map<String, Object>>> COLLECTED = new ConcurrentHashMap<>();

  @TempDir static Path dir;
  private static String warehouse;
  private static Path joinConf;
  private static List<Map<String, Object>> trainingRows;
  private static EmulatorController bigtable;
  private static MongoServer mongo;

  @BeforeAll
  static void backfillAndStartStores() throws Exception {
    warehouse = dir.resolve("warehouse").toString();
    Path purchases = dir.resolve("purchases.csv");
    Path checkouts = dir.resolve("checkouts.csv");
    writeData(purchases, checkouts);
    assertEquals(0, ChrononCli.run("import", "--table", "data.purchases", "--from",
        purchases.toString(), "--warehouse", warehouse, "--type", "user_id=long"));
    assertEquals(0, ChrononCli.run("import", "--table", "data.checkouts", "--from",
        checkouts.toString(), "--warehouse", warehouse, "--type", "buyer=int"));
    joinConf = dir.resolve("production/joins/team/checkouts.v1");
    Files.createDirectories(joinConf.getParent());
    Files.writeString(joinConf, ThriftJson.write(join()));
    assertEquals(0, ChrononCli.run("backfill", "--conf", joinConf.toString(), "--start-ds", NEXT,
        "--end-ds", NEXT, "--warehouse", warehouse));
    trainingRows = read(Warehouse.at(warehouse), "ml.team_checkouts_v1");

    bigtable = EmulatorController.createBundled();
    bigtable.start();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
  }

  @AfterAll
  static void stopStores() {
    if (bigtable != null) {
      bigtable.stop();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  static Stream<String> stores() {
    return Stream.of("embedded", "bigtable", "mongo");
  }

  @ParameterizedTest
  @MethodSource("stores")
  @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
  void fetchedValuesEqualTheBackfill(String kind) {
    String spec = switch (kind) {
      case "embedded" -> "embedded:" + dir.resolve("kv-embedded");
      case "bigtable" -> "bigtable:test-project/consistency@localhost:" + bigtable.getPort();
      default -> {
        InetSocketAddress address = mongo.getLocalAddress();
        yield "mongo:mongodb://127.0.0.1:" + address.getPort() + "/consistency";
      }
    };
    assertEquals(0, ChrononCli.run("upload", "--conf", joinConf.toString(), "--end-ds", D,
        "--kv", spec, "--warehouse", warehouse));
    writeStreamingRows(spec);
    assertEquals(0, ChrononCli.run("metadata-upload", "--conf", joinConf.toString(),
        "--kv", spec));

    List<Map<String, Object>> sample = sample(new Random(kind.hashCode()));
    List<Response> responses = fetchAtRows(spec, REQUEST, sample);

    int compared = 0;
    int nonNull = 0;
    int atBatchEnd = 0;
    for (int i = 0; i < sample.size(); i++) {
      Map<String, Object> expected = sample.get(i);
      String where = kind + " row " + expected.get("row_id") + " buyer " + expected.get("buyer")
          + " at " + expected.get("ts");
      nonNull += assertFeaturesEqual(expected, responses.get(i), where);
      compared += expected.size() - LEFT_COLUMNS.size();
      atBatchEnd += (Long) expected.get("ts") == BATCH_END ? 1 : 0;
    }
    assertTrue(sample.size() >= 100, "sampled " + sample.size());
    assertTrue(atBatchEnd > 0, "no left row at the batch end");
    assertTrue(nonNull > compared / 2, nonNull + " of " + compared + " values are set");
  }

  /** Day D+1's purchases of both GroupBys through the untiled streaming writer. */
  private static void writeStreamingRows(String spec) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(
        "--runner=DirectRunner").create());
    for (JoinPart part : join().getJoinParts()) {
      GroupBy groupBy = part.getGroupBy();
      SourceRead read = SourceRead.of(Warehouse.at(warehouse), groupBy.getSources().get(0))
          .withConfigName(groupBy.getMetaData().getName())
          .withPartitions(NEXT, NEXT);
      pipeline
          .apply("Read " + groupBy.getMetaData().getName(), read)
          .apply("Stream " + groupBy.getMetaData().getName(),
              StreamingRowsWrite.of(groupBy, read.rowSchema()).withKvStore(spec));
    }
    pipeline.run().waitUntilFinish();
  }

  /**
   * The training rows to fetch: every row on the batch end or an hour edge, plus random others,
   * with a key (a null key is refused by a fetch and matches nothing in the backfill).
   */
  private static List<Map<String, Object>> sample(Random random) {
    List<Map<String, Object>> sample = new ArrayList<>();
    for (Map<String, Object> row : trainingRows) {
      if (row.get("buyer") == null) {
        continue;
      }
      long ts = (Long) row.get("ts");
      if (ts % HOUR == 0 || random.nextInt(3) == 0) {
        sample.add(row);
      }
    }
    return sample;
  }

  /** Fetches join {@code request} from the store {@code spec} for each row's buyer at its ts. */
  static List<Response> fetchAtRows(String spec, String request, List<Map<String, Object>> rows) {
    List<Request> requests = rows.stream()
        .map(row -> new Request(request, Map.of("buyer", row.get("buyer")), (Long) row.get("ts")))
        .toList();
    try (KvStore store = KvStores.open(spec)) {
      return new Fetcher(store, FetcherOptions.defaults()).fetchJoin(requests).join();
    }
  }

  /**
   * Asserts that {@code response} succeeded with the feature columns and values of the training
   * row {@code expected} (all its columns but the left ones); returns how many are not null.
   */
  static int assertFeaturesEqual(Map<String, Object> expected, Response response, String where) {
    assertTrue(response.succeeded(), where + ": " + response.failure());
    Map<String, Object> actual = response.values();
    Set<String> features = new TreeSet<>(expected.keySet());
    features.removeAll(LEFT_COLUMNS);
    assertEquals(features, new TreeSet<>(actual.keySet()), where + ": feature columns");
    int nonNull = 0;
    for (String feature : features) {
      assertSameValue(expected.get(feature), actual.get(feature), where + " " + feature);
      nonNull += expected.get(feature) == null ? 0 : 1;
    }
    return nonNull;
  }

  /** Equal values: doubles within 1e-9 relative, integers by value, lists element by element. */
  private static void assertSameValue(Object expected, Object actual, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
      return;
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertEquals(e.size(), a.size(), where + ": " + e + " vs " + a);
      for (int i = 0; i < e.size(); i++) {
        assertSameValue(e.get(i), a.get(i), where + "[" + i + "]");
      }
      return;
    }
    if (expected instanceof Double || actual instanceof Double || expected instanceof Float) {
      double x = ((Number) expected).doubleValue();
      double y = ((Number) actual).doubleValue();
      assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)),
          where + ": expected " + x + " got " + y);
      return;
    }
    if (expected instanceof Number x && actual instanceof Number y) {
      assertEquals(x.longValue(), y.longValue(), where);
      return;
    }
    assertEquals(expected.toString(), actual.toString(), where);
  }

  private static Join join() {
    GroupBy purchases = groupBy("team.purchases.v1", null);
    GroupBy large = groupBy("team.purchases_large.v1", "amount > 30");
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("row_id", "row_id");
    selects.put("buyer", "buyer");
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setOutputNamespace("ml").setTeam("team"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts"))))
        .setJoinParts(List.of(
            new JoinPart().setGroupBy(purchases).setKeyMapping(Map.of("buyer", "user_id")),
            new JoinPart().setGroupBy(large).setKeyMapping(Map.of("buyer", "user_id"))
                .setPrefix("big")));
  }

  private static GroupBy groupBy(String name, String where) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    Query query = new Query().setSelects(selects).setTimeColumn("ts");
    if (where != null) {
      query.setWheres(List.of(where));
    }
    List<Window> windows = List.of(new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS),
        new Window(7, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE,
        Operation.MAX)) {
      aggregations.add(
          new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM));
    aggregations.add(new Aggregation().setInputColumn("item").setOperation(Operation.LAST_K)
        .setArgMap(Map.of("k", "3")));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("features").setTeam("team"))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setQuery(query))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(aggregations);
  }

  /** Purchases over D-4 .. D+1 (unique times per user) and checkouts on D+1. */
  private static void writeData(Path purchases, Path checkouts) throws IOException {
    Random random = new Random(11);
    List<String> purchaseLines = new ArrayList<>(List.of("user_id,amount,item,ts"));
    List<Long> nextDayTimes = new ArrayList<>();
    Map<String, Set<Long>> used = new LinkedHashMap<>();
    for (int i = 0; i < 3000; i++) {
      String user = random.nextInt(30) == 0 ? "" : String.valueOf(random.nextInt(40));
      long ts;
      do {
        ts = edgy(random, FIRST, 6);
      } while (!used.computeIfAbsent(user, u -> new HashSet<>()).add(ts));
      if (ts >= BATCH_END) {
        nextDayTimes.add(ts);
      }
      String amount = random.nextInt(10) == 0 ? "" : String.valueOf(random.nextInt(10000) / 100.0);
      String item = random.nextInt(8) == 0 ? "" : "item" + random.nextInt(9);
      purchaseLines.add(user + "," + amount + "," + item + "," + ts);
    }
    Files.write(purchases, purchaseLines);
    List<String> checkoutLines = new ArrayList<>(List.of("row_id,buyer,ts"));
    for (int i = 0; i < 500; i++) {
      long ts = switch (i % 10) {
        case 0 -> BATCH_END;
        case 1, 2 -> nextDayTimes.get(random.nextInt(nextDayTimes.size()));
        default -> edgy(random, BATCH_END, 1);
      };
      String buyer = random.nextInt(25) == 0 ? "" : String.valueOf(random.nextInt(45));
      checkoutLines.add(i + "," + buyer + "," + ts);
    }
    Files.write(checkouts, checkoutLines);
  }

  /**
   * A time in {@code [start, start + days)}, often on a midnight, hour or 5-minute edge, or 1 ms
   * off one.
   */
  static long edgy(Random random, long start, int days) {
    long ts = start + (long) (random.nextDouble() * days * DAY);
    long edged = switch (random.nextInt(6)) {
      case 0 -> Math.floorDiv(ts, DAY) * DAY;
      case 1 -> Math.floorDiv(ts, HOUR) * HOUR;
      case 2 -> Math.floorDiv(ts, 300_000L) * 300_000L - 1;
      case 3 -> Math.floorDiv(ts, HOUR) * HOUR + 1;
      default -> ts;
    };
    return edged < start ? ts : edged;
  }

  /** Every row of a table as a map of plain values (strings as String). */
  static List<Map<String, Object>> read(Warehouse warehouse, String table) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(
        "--runner=DirectRunner").create());
    String id = warehouse.root() + "/" + table;
    COLLECTED.put(id, Collections.synchronizedList(new ArrayList<>()));
    pipeline.apply(WarehouseIO.read(warehouse, table)).apply(ParDo.of(new Collect(id)));
    pipeline.run().waitUntilFinish();
    return new ArrayList<>(COLLECTED.remove(id));
  }

  private static Object plain(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(BackfillFetchConsistencyTest::plain).toList();
    }
    return value;
  }

  private static final class Collect extends DoFn<GenericRecord, Void> {
    private final String id;

    Collect(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element GenericRecord record) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        row.put(field.name(), plain(record.get(field.pos())));
      }
      COLLECTED.get(id).add(row);
    }
  }
}
