package org.chrononbeam.transforms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.transforms.warehouse.PartitionDates;

/**
 * A random entity table and its history: accounts ({@code account_id}) of users ({@code user_id},
 * the key) with a {@code balance}, changed day by day by inserts, updates and deletes. It yields
 * the snapshot table (one partition per day: every live account at the end of the day) and the
 * mutation table (an update as a before-image and an after-image at its {@code mutation_ts}, an
 * insert as an after-image, a delete as a before-image), consistent with each other.
 *
 * <p>Controlled edge cases: a share of mutations fall exactly on a midnight, an hour or a
 * five-minute edge or one millisecond off them; some balances are null (also in before-images),
 * some users are null (those rows have no key), some accounts have no {@code ts}. Mutation times
 * are unique per user, so no two streaming versions of a key collide.
 */
public final class RandomMutations {

  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  /** A mutation row: its account's columns, the time of the change, whether a before-image. */
  public record Mutation(Long user, Double balance, Long ts, long mutationTs, boolean isBefore) {}

  /** A live account of a snapshot. */
  public record Account(Long user, Double balance, Long ts) {}

  /** {@code user_id}, {@code balance}, {@code ts}, {@code ds}. */
  public static final Schema SNAPSHOT =
      SchemaBuilder.record("account")
          .fields()
          .optionalLong("user_id")
          .optionalDouble("balance")
          .optionalLong("ts")
          .requiredString("ds")
          .endRecord();

  /** The snapshot's columns before {@code ds}, then {@code mutation_ts}, {@code is_before}. */
  public static final Schema MUTATION =
      SchemaBuilder.record("account_mutation")
          .fields()
          .optionalLong("user_id")
          .optionalDouble("balance")
          .optionalLong("ts")
          .requiredLong("mutation_ts")
          .requiredBoolean("is_before")
          .requiredString("ds")
          .endRecord();

  private final Random random;
  private final int users;
  private final Map<Integer, Account> live = new LinkedHashMap<>();
  private final Map<String, List<Account>> snapshots = new LinkedHashMap<>();
  private final Map<String, List<Mutation>> mutations = new LinkedHashMap<>();
  private final Set<String> usedTimes = new HashSet<>();
  private int nextAccount;

  /**
   * The history from an initial state (snapshot {@code firstDs - 1}) through the days {@code
   * firstDs .. lastDs}, about {@code perDay} mutations a day over {@code users} users.
   */
  public RandomMutations(long seed, int users, int perDay, String firstDs, String lastDs) {
    this.random = new Random(seed);
    this.users = users;
    String before = PartitionDates.plusDays(firstDs, -1);
    long start = PartitionDates.startMillis(before);
    for (int i = 0; i < users * 2; i++) {
      live.put(nextAccount++, new Account(user(), balance(),
          random.nextInt(6) == 0 ? null : start + random.nextInt((int) DAY)));
    }
    snapshots.put(before, List.copyOf(live.values()));
    for (String ds : PartitionDates.range(firstDs, lastDs)) {
      day(ds, perDay);
    }
  }

  private void day(String ds, int perDay) {
    long dayStart = PartitionDates.startMillis(ds);
    List<Mutation> rows = new ArrayList<>();
    List<long[]> times = new ArrayList<>();
    for (int i = 0; i < perDay; i++) {
      times.add(new long[] {time(dayStart), random.nextInt(Integer.MAX_VALUE)});
    }
    times.sort((a, b) -> Long.compare(a[0], b[0]));
    for (long[] pick : times) {
      long t = pick[0];
      int kind = random.nextInt(4);
      List<Integer> ids = new ArrayList<>(live.keySet());
      if (kind == 0 || ids.isEmpty()) {
        Account added = new Account(user(), balance(), t);
        if (!unique(added.user(), t)) {
          continue;
        }
        live.put(nextAccount++, added);
        rows.add(new Mutation(added.user(), added.balance(), t, t, false));
        continue;
      }
      int id = ids.get((int) (pick[1] % ids.size()));
      Account old = live.get(id);
      if (!unique(old.user(), t)) {
        continue;
      }
      rows.add(new Mutation(old.user(), old.balance(), old.ts(), t, true));
      if (kind == 1) {
        live.remove(id);
      } else {
        Account updated = new Account(old.user(), balance(), t);
        live.put(id, updated);
        rows.add(new Mutation(updated.user(), updated.balance(), t, t, false));
      }
    }
    mutations.put(ds, rows);
    snapshots.put(ds, List.copyOf(live.values()));
  }

  /** Whether no other mutation of {@code user} is at {@code t} (and marks it used). */
  private boolean unique(Long user, long t) {
    return usedTimes.add(user + "@" + t);
  }

  private long time(long dayStart) {
    long t = dayStart + (long) (random.nextDouble() * DAY);
    switch (random.nextInt(6)) {
      case 0:
        return dayStart + random.nextInt(3);
      case 1:
        return Math.max(dayStart, Math.floorDiv(t, HOUR) * HOUR + random.nextInt(3) - 1);
      case 2:
        return Math.floorDiv(t, 300_000L) * 300_000L;
      default:
        return t;
    }
  }

  private Long user() {
    return random.nextInt(30) == 0 ? null : (long) random.nextInt(users);
  }

  private Double balance() {
    return random.nextInt(8) == 0 ? null : random.nextInt(100_000) / 100.0;
  }

  /** The live accounts at the end of day {@code ds}, or empty. */
  public List<Account> snapshot(String ds) {
    return snapshots.getOrDefault(ds, List.of());
  }

  /** The mutations of day {@code ds} in time order, or empty. */
  public List<Mutation> mutations(String ds) {
    return mutations.getOrDefault(ds, List.of());
  }

  /** Every mutation, in time order. */
  public List<Mutation> allMutations() {
    List<Mutation> all = new ArrayList<>();
    mutations.values().forEach(all::addAll);
    return all;
  }

  /** The snapshot table's records, every day. */
  public List<GenericRecord> snapshotRecords() {
    List<GenericRecord> records = new ArrayList<>();
    snapshots.forEach((ds, accounts) -> {
      for (Account account : accounts) {
        GenericRecord record = new GenericData.Record(SNAPSHOT);
        record.put("user_id", account.user());
        record.put("balance", account.balance());
        record.put("ts", account.ts());
        record.put("ds", ds);
        records.add(record);
      }
    });
    return records;
  }

  /** The mutation table's records, every day. */
  public List<GenericRecord> mutationRecords() {
    List<GenericRecord> records = new ArrayList<>();
    mutations.forEach((ds, rows) -> {
      for (Mutation mutation : rows) {
        GenericRecord record = new GenericData.Record(MUTATION);
        record.put("user_id", mutation.user());
        record.put("balance", mutation.balance());
        record.put("ts", mutation.ts());
        record.put("mutation_ts", mutation.mutationTs());
        record.put("is_before", mutation.isBefore());
        record.put("ds", ds);
        records.add(record);
      }
    });
    return records;
  }

  /**
   * The brute-force value of SUM, COUNT or AVERAGE of {@code user}'s balances at {@code q} over
   * {@code [windowStart, q)}: the accounts of the snapshot of the day before {@code q} (an account
   * without {@code ts} at that day's start) plus, {@code withMutations}, the signed mutations of
   * {@code q}'s day before {@code q}. Null when no non-null balance is in the window; AVERAGE null
   * when the signed count is 0.
   */
  public Object naive(
      String operation, long user, long windowStart, long q, boolean withMutations) {
    long dayStart = Math.floorDiv(q, DAY) * DAY;
    String ds = PartitionDates.ofEpochMillis(dayStart);
    double sum = 0;
    long count = 0;
    boolean any = false;
    for (Account account : snapshot(PartitionDates.plusDays(ds, -1))) {
      long t = account.ts() == null ? dayStart - DAY : account.ts();
      if (account.user() != null && account.user() == user && account.balance() != null
          && t >= windowStart && t < q) {
        sum += account.balance();
        count++;
        any = true;
      }
    }
    for (Mutation mutation : withMutations ? mutations(ds) : List.<Mutation>of()) {
      long t = mutation.mutationTs();
      if (mutation.user() != null && mutation.user() == user && mutation.balance() != null
          && t >= windowStart && t < q) {
        sum += mutation.isBefore() ? -mutation.balance() : mutation.balance();
        count += mutation.isBefore() ? -1 : 1;
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    return switch (operation) {
      case "sum" -> sum;
      case "count" -> count;
      case "average" -> count == 0 ? null : sum / count;
      default -> throw new IllegalArgumentException(operation);
    };
  }
}
