package org.chrononbeam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.upload.StreamingRowsWrite;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  private static final long DAY = JoinConsistency.DAY;
  private static final long HOUR = JoinConsistency.HOUR;
  private static final String D = "2023-12-06";
  private static final String NEXT = "2023-12-07";
  private static final long FIRST = 1_701_475_200_000L; // 2023-12-02 00:00 UTC, D-4
  private static final long BATCH_END = FIRST + 5 * DAY; // 2023-12-07 00:00 UTC
  private static final String JOIN = "team.checkouts.v1";
  private static final String REQUEST = KvLayout.requestName(JOIN);
  private static final Set<String> LEFT_COLUMNS = Set.of("row_id", "buyer", "ts", "ds");

  @RegisterExtension static final KvServers SERVERS = new KvServers();
  @TempDir static Path dir;
  private static String warehouse;
  private static Path joinConf;
  private static List<Map<String, Object>> trainingRows;

  @BeforeAll
  static void backfill() throws IOException {
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
    trainingRows = JoinConsistency.read(Warehouse.at(warehouse), "ml.team_checkouts_v1");

  }

  @ParameterizedTest
  @MethodSource("org.chrononbeam.it.KvServers#kinds")
  @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
  void fetchedValuesEqualTheBackfill(String kind) {
    String spec = SERVERS.spec(kind, dir, "consistency");
    assertEquals(0, ChrononCli.run("upload", "--conf", joinConf.toString(), "--end-ds", D,
        "--kv", spec, "--warehouse", warehouse));
    writeStreamingRows(spec);
    assertEquals(0, ChrononCli.run("metadata-upload", "--conf", joinConf.toString(),
        "--kv", spec));

    List<Map<String, Object>> sample = sample(new Random(kind.hashCode()));
    int[] counts = JoinConsistency.assertFetchedJoinEqualsRows(kind, spec, REQUEST, sample,
        LEFT_COLUMNS, "buyer");
    long atBatchEnd = sample.stream().filter(row -> (Long) row.get("ts") == BATCH_END).count();
    assertTrue(sample.size() >= 100, "sampled " + sample.size());
    assertTrue(atBatchEnd > 0, "no left row at the batch end");
    assertTrue(counts[1] > counts[0] / 2, counts[1] + " of " + counts[0] + " values are set");
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

  private static Join join() {
    GroupBy purchases = groupBy("team.purchases.v1", null);
    GroupBy large = groupBy("team.purchases_large.v1", "amount > 30");
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setOutputNamespace("ml").setTeam("team"))
        .setLeft(JoinConsistency.checkouts())
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
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("features").setTeam("team"))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setQuery(query))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(JoinConsistency.purchaseAggregations());
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
        ts = JoinConsistency.edgy(random, FIRST, 6);
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
        default -> JoinConsistency.edgy(random, BATCH_END, 1);
      };
      String buyer = random.nextInt(25) == 0 ? "" : String.valueOf(random.nextInt(45));
      checkoutLines.add(i + "," + buyer + "," + ts);
    }
    Files.write(checkouts, checkoutLines);
  }
}
