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
import org.chrononbeam.api.Aggregation;
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
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.transforms.source.EntityMutations;
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
 * Fetch equals backfill for a TEMPORAL entities GroupBy: account balances per user, kept in a
 * snapshot table and changed by inserts, updates and deletes in a mutation table. The join of
 * checkouts on day {@code D+1} is backfilled with {@code chronon backfill} (snapshot {@code D}
 * plus the mutations of {@code D+1} before each row); the GroupBy is uploaded as of {@code D} with
 * {@code chronon upload} into each KV store (embedded RocksDB, the Bigtable emulator, an in-JVM
 * MongoDB server), the mutations of {@code D+1} are written by the streaming row writer from the
 * mutation table, and every keyed checkout is fetched at its own time: each value must equal the backfill's (doubles within 1e-9 relative).
 *
 * <p>Mutations fall on the batch end itself, on hour edges and one millisecond off them, with null
 * balances (also in before-images), null users and accounts without {@code ts}; checkouts fall on
 * the batch end and exactly on (and one millisecond after) mutation times. One user's mutations
 * are at least two milliseconds apart: an after-image is stored one millisecond after its change
 * (see {@link StreamingRowsWrite}), so closer changes of one key would share a version.
 */
class MutationsFetchConsistencyTest {

  private static final long DAY = 86_400_000L;
  private static final String D = "2023-12-06";
  private static final String NEXT = "2023-12-07";
  private static final long D_START = 1_701_820_800_000L; // 2023-12-06 00:00 UTC
  private static final long BATCH_END = D_START + DAY;
  private static final String JOIN = "team.checkout_balances.v1";

  /** One live account: its user, balance and last change, any of them null. */
  private record Account(String user, String balance, String ts) {}

  @RegisterExtension static final KvServers SERVERS = new KvServers();
  @TempDir static Path dir;
  private static String warehouse;
  private static Path joinConf;
  private static List<Long> mutationTimes;
  private static List<Map<String, Object>> trainingRows;

  @BeforeAll
  static void backfill() throws IOException {
    warehouse = dir.resolve("warehouse").toString();
    mutationTimes = writeData(warehouse);
    joinConf = dir.resolve("production/joins/team/checkout_balances.v1");
    Files.createDirectories(joinConf.getParent());
    Files.writeString(joinConf, ThriftJson.write(join()));
    assertEquals(0, ChrononCli.run("backfill", "--conf", joinConf.toString(), "--start-ds", NEXT,
        "--end-ds", NEXT, "--warehouse", warehouse));
    trainingRows = JoinConsistency.read(Warehouse.at(warehouse), "ml.team_checkout_balances_v1");
  }

  @ParameterizedTest
  @MethodSource("org.chrononbeam.it.KvServers#kinds")
  @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
  void fetchedBalancesEqualTheBackfill(String kind) {
    String spec = SERVERS.spec(kind, dir, "balances");
    assertEquals(0, ChrononCli.run("upload", "--conf", joinConf.toString(), "--end-ds", D,
        "--kv", spec, "--warehouse", warehouse));
    writeMutations(warehouse, spec);
    assertEquals(0, ChrononCli.run("metadata-upload", "--conf", joinConf.toString(),
        "--kv", spec));

    List<Map<String, Object>> keyed =
        trainingRows.stream().filter(row -> row.get("buyer") != null).toList();
    int[] counts = JoinConsistency.assertFetchedJoinEqualsRows(kind, spec,
        KvLayout.requestName(JOIN), keyed, Set.of("row_id", "buyer", "ts", "ds"), "buyer");
    long onMutations =
        keyed.stream().filter(row -> mutationTimes.contains((Long) row.get("ts"))).count();
    assertTrue(keyed.size() >= 300, "fetched " + keyed.size());
    assertTrue(onMutations > 20, "rows on a mutation time: " + onMutations);
    assertTrue(counts[1] > counts[0] / 2, counts[1] + " of " + counts[0] + " values are set");
  }

  /** Day D+1's mutations, read from the mutation table, through the untiled streaming writer. */
  private static void writeMutations(String warehouse, String spec) {
    GroupBy groupBy = join().getJoinParts().get(0).getGroupBy();
    SourceRead read = SourceRead.of(Warehouse.at(warehouse),
            EntityMutations.mutations(groupBy.getSources().get(0)))
        .withConfigName(groupBy.getMetaData().getName())
        .withPartitions(NEXT, NEXT);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(
        "--runner=DirectRunner").create());
    pipeline.apply("Mutations", read)
        .apply("Stream", StreamingRowsWrite.of(groupBy, read.rowSchema()).withKvStore(spec));
    pipeline.run().waitUntilFinish();
  }

  private static Join join() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("balance", "balance");
    List<Window> day = List.of(new Window(1, TimeUnit.DAYS));
    GroupBy balances = new GroupBy()
        .setMetaData(new MetaData().setName("team.balances.v1").setOutputNamespace("features")
            .setTeam("team"))
        .setSources(List.of(Source.entities(new EntitySource()
            .setSnapshotTable("data.accounts")
            .setMutationTable("data.account_mutations")
            .setMutationTopic("account_mutations")
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(
            new Aggregation().setInputColumn("balance").setOperation(Operation.SUM),
            new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT),
            new Aggregation().setInputColumn("balance").setOperation(Operation.AVERAGE),
            new Aggregation().setInputColumn("balance").setOperation(Operation.SUM)
                .setWindows(day),
            new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT)
                .setWindows(day)));
    Map<String, String> left = new LinkedHashMap<>();
    left.put("row_id", "row_id");
    left.put("buyer", "buyer");
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setOutputNamespace("ml").setTeam("team"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(left).setTimeColumn("ts"))))
        .setJoinParts(List.of(
            new JoinPart().setGroupBy(balances).setKeyMapping(Map.of("buyer", "user_id"))));
  }

  /**
   * Imports the snapshot of D, the mutations of D and D+1 and the checkouts of D+1; returns the
   * mutation times of D+1.
   */
  private static List<Long> writeData(String warehouse) throws IOException {
    Random random = new Random(41);
    Map<Integer, Account> live = new LinkedHashMap<>();
    for (int id = 0; id < 90; id++) {
      live.put(id, new Account(user(random), balance(random),
          random.nextInt(6) == 0 ? "" : String.valueOf(D_START - 1 - random.nextInt((int) DAY))));
    }
    Map<String, Set<Long>> used = new LinkedHashMap<>();
    List<String> mutations = new ArrayList<>(
        List.of("user_id,balance,ts,mutation_ts,is_before,ds"));
    List<Long> nextDayTimes = new ArrayList<>();
    int nextId = live.size();
    for (long dayStart : new long[] {D_START, BATCH_END}) {
      String ds = dayStart == D_START ? D : NEXT;
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        times.add(JoinConsistency.edgy(random, dayStart, 1));
      }
      times.sort(null);
      for (long t : times) {
        List<Integer> ids = new ArrayList<>(live.keySet());
        int kind = random.nextInt(4);
        int id = kind == 0 ? nextId++ : ids.get(random.nextInt(ids.size()));
        Account old = live.get(id);
        String user = old == null ? user(random) : old.user();
        if (!apart(used.computeIfAbsent(user, u -> new HashSet<>()), t)) {
          continue;
        }
        if (old != null) {
          mutations.add(String.join(",", user, old.balance(), old.ts(), "" + t, "true", ds));
        }
        if (kind == 1 && old != null) {
          live.remove(id);
        } else {
          Account updated = new Account(user, balance(random), "" + t);
          live.put(id, updated);
          mutations.add(String.join(",", user, updated.balance(), "" + t, "" + t, "false", ds));
        }
        if (dayStart == BATCH_END) {
          nextDayTimes.add(t);
        }
      }
      if (dayStart == D_START) {
        List<String> snapshot = new ArrayList<>(List.of("user_id,balance,ts,ds"));
        for (Account account : live.values()) {
          snapshot.add(String.join(",", account.user(), account.balance(), account.ts(), D));
        }
        importCsv(warehouse, "data.accounts", snapshot, "user_id=long", "balance=double");
      }
    }
    importCsv(warehouse, "data.account_mutations", mutations, "user_id=long",
        "balance=double", "mutation_ts=long", "is_before=boolean");
    List<String> checkouts = new ArrayList<>(List.of("row_id,buyer,ts"));
    for (int i = 0; i < 600; i++) {
      long ts = switch (i % 6) {
        case 0 -> BATCH_END;
        case 1 -> nextDayTimes.get(random.nextInt(nextDayTimes.size()));
        case 2 -> nextDayTimes.get(random.nextInt(nextDayTimes.size())) + 1;
        default -> JoinConsistency.edgy(random, BATCH_END, 1);
      };
      String buyer = random.nextInt(25) == 0 ? "" : String.valueOf(random.nextInt(32));
      checkouts.add(i + "," + buyer + "," + ts);
    }
    importCsv(warehouse, "data.checkouts", checkouts, "buyer=int");
    return nextDayTimes;
  }

  /** Whether {@code t} is at least 2 ms from every time in {@code times} (then adds it). */
  private static boolean apart(Set<Long> times, long t) {
    if (times.contains(t - 1) || times.contains(t) || times.contains(t + 1)) {
      return false;
    }
    return times.add(t);
  }

  private static String user(Random random) {
    return random.nextInt(30) == 0 ? "" : String.valueOf(random.nextInt(30));
  }

  private static String balance(Random random) {
    return random.nextInt(8) == 0 ? "" : String.valueOf(random.nextInt(100_000) / 100.0);
  }

  private static void importCsv(String warehouse, String table, List<String> lines,
      String... types) throws IOException {
    Path file = dir.resolve(table + ".csv");
    Files.write(file, lines);
    List<String> args = new ArrayList<>(List.of("import", "--table", table, "--from",
        file.toString(), "--warehouse", warehouse));
    for (String type : types) {
      args.add("--type");
      args.add(type);
    }
    assertEquals(0, ChrononCli.run(args.toArray(String[]::new)));
  }
}
