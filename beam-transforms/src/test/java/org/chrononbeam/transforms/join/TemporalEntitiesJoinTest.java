package org.chrononbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.NaiveFeatures;
import org.chrononbeam.transforms.RandomMutations;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEMPORAL entities GroupBys under an events left side: each left row's values against a
 * brute-force signed aggregation of the snapshot of the day before plus the day's mutations before
 * the row's time ({@link RandomMutations#naive}), on random histories with inserts, updates,
 * deletes, null balances and users, accounts without {@code ts}, and left rows exactly on mutation
 * times and midnights; the same GroupBy without its mutation table sees the snapshot alone.
 */
class TemporalEntitiesJoinTest {

  private static final long DAY = 86_400_000L;
  private static final String SNAPSHOTS = "data.accounts";
  private static final String MUTATIONS = "data.account_mutations";

  @TempDir Path root;

  /** Balances per user: SUM, COUNT, AVERAGE unbounded, and SUM, COUNT over 2 days. */
  static GroupBy balances(List<Aggregation> aggregations) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("balance", "balance");
    return new GroupBy()
        .setMetaData(new MetaData().setName("team.balances.v1").setOutputNamespace("f"))
        .setSources(List.of(Source.entities(new EntitySource()
            .setSnapshotTable(SNAPSHOTS)
            .setMutationTable(MUTATIONS + "/hr=00:00")
            .setMutationTopic("balance_mutations")
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(aggregations);
  }

  static List<Aggregation> deletableAggregations() {
    List<Window> twoDays = List.of(new Window(2, TimeUnit.DAYS));
    return List.of(
        new Aggregation().setInputColumn("balance").setOperation(Operation.SUM)
            .setWindows(twoDays),
        new Aggregation().setInputColumn("balance").setOperation(Operation.SUM),
        new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT)
            .setWindows(twoDays),
        new Aggregation().setInputColumn("balance").setOperation(Operation.COUNT),
        new Aggregation().setInputColumn("balance").setOperation(Operation.AVERAGE));
  }

  @Test
  void eachLeftRowSeesTheSnapshotOfTheDayBeforePlusTheDaysEarlierMutations() {
    RandomMutations history = new RandomMutations(17L, 40, 400, "2023-12-02", "2023-12-05");
    List<GenericRecord> left = leftRows(history, "2023-12-02", "2023-12-05");
    Warehouse warehouse = tables(history, left);
    GroupBy groupBy = balances(deletableAggregations());
    groupBy.setDerivations(List.of(
        new Derivation().setName("*").setExpression("*"),
        new Derivation().setName("balance_doubled").setExpression("balance_sum * 2")));
    GroupBy snapshotsOnly = balances(deletableAggregations());
    snapshotsOnly.getSources().get(0).getEntities().unsetMutationTable();
    Join join = new Join()
        .setMetaData(new MetaData().setName("team.with_accounts.v1").setOutputNamespace("ml"))
        .setLeft(JoinBackfillTest.checkouts())
        .setJoinParts(List.of(
            new JoinPart().setGroupBy(groupBy).setKeyMapping(Map.of("buyer", "user_id")),
            new JoinPart().setGroupBy(snapshotsOnly).setKeyMapping(Map.of("buyer", "user_id"))
                .setPrefix("snap")));

    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    List<Map<String, Object>> rows = BackfillTables.collect(pipeline,
        pipeline.apply(JoinBackfill.of(warehouse, join).withDates("2023-12-02", "2023-12-05")));

    assertEquals(left.size(), rows.size());
    String prefix = "team_balances_v1_";
    int matched = 0;
    int retracted = 0;
    for (Map<String, Object> row : rows) {
      Object buyer = row.get("buyer");
      Long ts = (Long) row.get("ts");
      String where = "row " + row.get("row_id") + " buyer " + buyer + " at " + ts;
      if (buyer == null || ts == null) {
        for (String column : List.of("balance_sum", "balance_count", "balance_average")) {
          assertNull(row.get(prefix + column), where);
        }
        continue;
      }
      long user = ((Integer) buyer).longValue();
      long twoDaysStart = NaiveFeatures.windowStart(new Window(2, TimeUnit.DAYS),
          Accuracy.TEMPORAL, ts);
      for (boolean withMutations : new boolean[] {true, false}) {
        String columns = withMutations ? prefix : "snap_" + prefix;
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("balance_sum_2d",
            history.naive("sum", user, twoDaysStart, ts, withMutations));
        expected.put("balance_sum",
            history.naive("sum", user, Long.MIN_VALUE, ts, withMutations));
        expected.put("balance_count_2d",
            history.naive("count", user, twoDaysStart, ts, withMutations));
        expected.put("balance_count",
            history.naive("count", user, Long.MIN_VALUE, ts, withMutations));
        expected.put("balance_average",
            history.naive("average", user, Long.MIN_VALUE, ts, withMutations));
        for (Map.Entry<String, Object> column : expected.entrySet()) {
          NaiveFeatures.assertSame(column.getValue(), row.get(columns + column.getKey()),
              where + " " + columns + column.getKey());
        }
      }
      Object sum = history.naive("sum", user, Long.MIN_VALUE, ts, true);
      NaiveFeatures.assertSame(sum == null ? null : (Double) sum * 2,
          row.get(prefix + "balance_doubled"), where + " derived");
      if (sum != null) {
        matched++;
      }
      if (sumOfMutationsBefore(history, user, ts) < 0) {
        retracted++;
      }
    }
    assertTrue(matched > 300, "rows with values: " + matched);
    assertTrue(retracted > 20, "rows whose day's mutations retract more than they add: "
        + retracted);
  }

  @Test
  void operationsThatCannotRetractAreRefusedWithMutations() {
    RandomMutations history = new RandomMutations(3L, 5, 10, "2023-12-02", "2023-12-02");
    Warehouse warehouse = tables(history, leftRows(history, "2023-12-02", "2023-12-02"));
    GroupBy groupBy = balances(List.of(
        new Aggregation().setInputColumn("balance").setOperation(Operation.MAX)));
    Join join = new Join()
        .setMetaData(new MetaData().setName("team.with_accounts.v1").setOutputNamespace("ml"))
        .setLeft(JoinBackfillTest.checkouts())
        .setJoinParts(List.of(new JoinPart().setGroupBy(groupBy)
            .setKeyMapping(Map.of("buyer", "user_id"))));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> JoinBackfill.of(warehouse, join).withDates("2023-12-02", "2023-12-02")
            .outputSchema());
    assertTrue(error.getMessage().contains("MAX"), error.getMessage());
  }

  /** A warehouse holding {@code history}'s snapshot and mutation tables and the left rows. */
  private Warehouse tables(RandomMutations history, List<GenericRecord> left) {
    Warehouse warehouse = Warehouse.at(root.toString());
    BackfillTables.write(warehouse, SNAPSHOTS, RandomMutations.SNAPSHOT,
        history.snapshotRecords());
    BackfillTables.write(warehouse, MUTATIONS, RandomMutations.MUTATION,
        history.mutationRecords());
    BackfillTables.write(warehouse, JoinBackfillTest.CHECKOUTS, JoinBackfillTest.LEFT, left);
    return warehouse;
  }

  /** The signed sum of {@code user}'s non-null mutation balances of {@code q}'s day before q. */
  private static double sumOfMutationsBefore(RandomMutations history, long user, long q) {
    double sum = 0;
    for (RandomMutations.Mutation mutation
        : history.mutations(PartitionDates.ofEpochMillis(Math.floorDiv(q, DAY) * DAY))) {
      if (mutation.user() != null && mutation.user() == user && mutation.balance() != null
          && mutation.mutationTs() < q) {
        sum += mutation.isBefore() ? -mutation.balance() : mutation.balance();
      }
    }
    return sum;
  }

  /**
   * Left checkouts over {@code first..last}: random rows, rows exactly at a mutation's time (the
   * mutation must not count) and one millisecond after it, rows at midnight, rows without a user
   * or a ts.
   */
  static List<GenericRecord> leftRows(RandomMutations history, String first, String last) {
    Random random = new Random(23);
    List<GenericRecord> rows = new ArrayList<>();
    long id = 0;
    for (String ds : PartitionDates.range(first, last)) {
      long start = PartitionDates.startMillis(ds);
      for (int i = 0; i < 150; i++) {
        Integer user = random.nextInt(30) == 0 ? null : random.nextInt(44);
        long ts = start + (long) (random.nextDouble() * DAY);
        rows.add(JoinBackfillTest.left(id++, user, "item", ts));
      }
      rows.add(JoinBackfillTest.left(id++, 3, "item", start));
    }
    for (RandomMutations.Mutation mutation : history.allMutations()) {
      if (mutation.user() != null && random.nextInt(4) == 0) {
        int user = mutation.user().intValue();
        rows.add(JoinBackfillTest.left(id++, user, "item", mutation.mutationTs()));
        rows.add(JoinBackfillTest.left(id++, user, "item", mutation.mutationTs() + 1));
      }
    }
    GenericRecord noTs = JoinBackfillTest.left(id, 4, "item", null);
    noTs.put("ds", last);
    rows.add(noTs);
    return rows;
  }
}
