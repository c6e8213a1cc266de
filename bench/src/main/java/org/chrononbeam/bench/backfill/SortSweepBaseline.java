package org.chrononbeam.bench.backfill;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The hand-written baseline of {@link JoinBackfillBenchmark}: single-threaded plain Java over the
 * same warehouse tables. It reads the purchase events and the left rows from their Parquet files,
 * sorts both by (user, ts) (a counting sort by user, then a sort by time within each user), and
 * sweeps each user's left rows in time order with one pointer per window, computing the join's
 * columns: SUM, COUNT, AVERAGE of {@code purchase_price} over 1d, 7d and 30d, MAX over 7d and
 * LAST_K(10) over all history.
 *
 * <p>Semantics are the backfill's: a left row at time {@code q} sees events with {@code ts < q};
 * a window of length {@code w} with hop {@code h} starts at {@code floor((q - w) / h) * h} (hop 1h
 * for 1d and 7d, 1d for 30d); NULL prices are skipped; an empty window gives NULL. {@link #run}
 * measures everything from opening the first file to the last computed value.
 */
final class SortSweepBaseline {

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final int K = 10;

  /** The windowed columns, in the order of {@link Result#values}. */
  static final List<String> COLUMNS =
      List.of(
          "purchase_price_sum_1d",
          "purchase_price_count_1d",
          "purchase_price_average_1d",
          "purchase_price_sum_7d",
          "purchase_price_count_7d",
          "purchase_price_average_7d",
          "purchase_price_sum_30d",
          "purchase_price_count_30d",
          "purchase_price_average_30d",
          "purchase_price_max_7d");

  static final String LAST_K_COLUMN = "purchase_price_last" + K;

  private static final long[] WINDOW = {DAY, 7 * DAY, 30 * DAY};
  private static final long[] HOP = {HOUR, HOUR, DAY};

  /**
   * One output row per left row, in (user, ts) order: {@code values[column][row]} for {@link
   * #COLUMNS} (NaN for NULL) and {@code lastK[row]} newest first (null for NULL).
   */
  record Result(long[] user, long[] ts, double[][] values, double[][] lastK, long nanos) {}

  private SortSweepBaseline() {}

  /** Reads {@code data.purchases} and {@code data.checkouts} under {@code warehouse} and sweeps. */
  static Result run(Path warehouse) throws IOException {
    long start = System.nanoTime();
    Columns events = new Columns();
    ParquetTables.forEachRow(
        warehouse,
        "data",
        "purchases",
        row -> {
          Object user = row.get("user_id");
          Object ts = row.get("ts");
          Object price = row.get("purchase_price");
          if (user != null && ts != null && price != null) {
            events.add((Long) user, (Long) ts, (Double) price);
          }
        });
    Columns left = new Columns();
    ParquetTables.forEachRow(
        warehouse,
        "data",
        "checkouts",
        (GenericRecord row) -> {
          Object user = row.get("user_id");
          Object ts = row.get("ts");
          if (user != null && ts != null) {
            left.add((Long) user, (Long) ts, 0);
          }
        });

    Map<Long, Integer> dense = new HashMap<>();
    int[] eventUser = events.denseUsers(dense);
    int[] leftUser = left.denseUsers(dense);
    int users = dense.size();
    int[] eventStart = new int[users + 1];
    Columns sortedEvents = events.sortBy(eventUser, users, eventStart);
    int[] leftStart = new int[users + 1];
    Columns sortedLeft = left.sortBy(leftUser, users, leftStart);

    int rows = sortedLeft.size;
    double[][] values = new double[COLUMNS.size()][rows];
    double[][] lastK = new double[rows][];
    long[] ets = sortedEvents.ts;
    double[] price = sortedEvents.price;
    int[] from = new int[WINDOW.length];
    for (int u = 0; u < users; u++) {
      int first = eventStart[u];
      int end = first;
      Arrays.fill(from, first);
      for (int r = leftStart[u]; r < leftStart[u + 1]; r++) {
        long q = sortedLeft.ts[r];
        while (end < eventStart[u + 1] && ets[end] < q) {
          end++;
        }
        for (int w = 0; w < WINDOW.length; w++) {
          long windowStart = Math.floorDiv(q - WINDOW[w], HOP[w]) * HOP[w];
          while (from[w] < end && ets[from[w]] < windowStart) {
            from[w]++;
          }
          double sum = 0;
          double max = Double.NEGATIVE_INFINITY;
          for (int e = from[w]; e < end; e++) {
            sum += price[e];
            max = Math.max(max, price[e]);
          }
          int count = end - from[w];
          values[3 * w][r] = count == 0 ? Double.NaN : sum;
          values[3 * w + 1][r] = count == 0 ? Double.NaN : count;
          values[3 * w + 2][r] = count == 0 ? Double.NaN : sum / count;
          if (w == 1) {
            values[9][r] = count == 0 ? Double.NaN : max;
          }
        }
        int n = Math.min(K, end - first);
        if (n > 0) {
          double[] last = new double[n];
          for (int i = 0; i < n; i++) {
            last[i] = price[end - 1 - i];
          }
          lastK[r] = last;
        }
      }
    }
    return new Result(sortedLeft.user, sortedLeft.ts, values, lastK, System.nanoTime() - start);
  }

  /** Growable parallel columns: user, ts and price. */
  private static final class Columns {
    long[] user = new long[1 << 16];
    long[] ts = new long[1 << 16];
    double[] price = new double[1 << 16];
    int size;

    void add(long u, long t, double p) {
      if (size == user.length) {
        user = Arrays.copyOf(user, size * 2);
        ts = Arrays.copyOf(ts, size * 2);
        price = Arrays.copyOf(price, size * 2);
      }
      user[size] = u;
      ts[size] = t;
      price[size] = p;
      size++;
    }

    /** Each row's user as a dense index, numbering new users in {@code dense}. */
    int[] denseUsers(Map<Long, Integer> dense) {
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = dense.computeIfAbsent(user[i], k -> dense.size());
      }
      return out;
    }

    /**
     * The rows sorted by (user, ts): a stable counting sort by dense user, filling {@code start}
     * with each user's first row, then each user's rows sorted by ts.
     */
    Columns sortBy(int[] dense, int users, int[] start) {
      for (int i = 0; i < size; i++) {
        start[dense[i] + 1]++;
      }
      for (int u = 0; u < users; u++) {
        start[u + 1] += start[u];
      }
      int[] next = Arrays.copyOf(start, users);
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[next[dense[i]]++] = i;
      }
      Columns sorted = new Columns();
      sorted.user = new long[size];
      sorted.ts = new long[size];
      sorted.price = new double[size];
      sorted.size = size;
      long[] keys = new long[0];
      for (int u = 0; u < users; u++) {
        int n = start[u + 1] - start[u];
        if (keys.length < n) {
          keys = new long[Math.max(n, keys.length * 2)];
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          min = Math.min(min, ts[order[start[u] + i]]);
        }
        for (int i = 0; i < n; i++) {
          long offset = ts[order[start[u] + i]] - min;
          if (offset >= 1L << 39 || n >= 1 << 24) {
            throw new IllegalStateException("a user's rows span over 17 years or 16M rows");
          }
          keys[i] = offset << 24 | i;
        }
        Arrays.sort(keys, 0, n);
        for (int i = 0; i < n; i++) {
          int row = order[start[u] + (int) (keys[i] & ((1 << 24) - 1))];
          sorted.user[start[u] + i] = user[row];
          sorted.ts[start[u] + i] = ts[row];
          sorted.price[start[u] + i] = price[row];
        }
      }
      return sorted;
    }
  }
}
