package org.chrononbeam.runners.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The quickstart's sample data: a small online shop, the same bytes on every run. Four CSV files,
 * one per table of the quickstart configs ({@code quickstart/production}):
 *
 * <ul>
 *   <li>{@code purchases.csv}: {@code user_id, purchase_price, ts} (events);
 *   <li>{@code returns.csv}: {@code user_id, refund_amt, ts} (events);
 *   <li>{@code checkouts.csv}: {@code user_id, ts} (events, the join's left side);
 *   <li>{@code users.csv}: {@code user_id, account_created_ds, email_verified, ds} (a daily
 *       snapshot of every user that exists that day).
 * </ul>
 *
 * <p>Event times are epoch milliseconds in UTC over {@link #DAYS} days starting at {@link #FIRST_DAY};
 * events tables are partitioned by the UTC day of {@code ts} when imported.
 */
public final class SampleData {
  /** The first day of data. */
  public static final LocalDate FIRST_DAY = LocalDate.of(2023, 11, 1);
  /** How many days of data. */
  public static final int DAYS = 30;
  /** How many users. */
  public static final int USERS = 100;

  private static final long DAY_MILLIS = 86_400_000L;
  private static final long SEED = 20231101L;

  private SampleData() {}

  /** The last day of data. */
  public static LocalDate lastDay() {
    return FIRST_DAY.plusDays(DAYS - 1);
  }

  /** The files written, by table name (the quickstart configs' {@code data.*} tables). */
  public record SampleFiles(Path purchases, Path returns, Path checkouts, Path users) {
    public List<Path> all() {
      return List.of(purchases, returns, checkouts, users);
    }
  }

  /** Writes the four CSV files into {@code dir} (created if missing) and returns them. */
  public static SampleFiles writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      SplittableRandom random = new SplittableRandom(SEED);
      SampleFiles files = new SampleFiles(dir.resolve("purchases.csv"), dir.resolve("returns.csv"),
          dir.resolve("checkouts.csv"), dir.resolve("users.csv"));
      int[] createdDay = new int[USERS];
      for (int u = 0; u < USERS; u++) {
        // A fifth of the users sign up during the month; the rest existed before it.
        createdDay[u] = random.nextInt(5) == 0 ? random.nextInt(DAYS) : -1 - random.nextInt(365);
      }
      try (Writer purchases = writer(files.purchases(), "user_id,purchase_price,ts");
          Writer returns = writer(files.returns(), "user_id,refund_amt,ts");
          Writer checkouts = writer(files.checkouts(), "user_id,ts");
          Writer users = writer(files.users(), "user_id,account_created_ds,email_verified,ds")) {
        for (int day = 0; day < DAYS; day++) {
          long dayStart = FIRST_DAY.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
          for (int u = 0; u < USERS; u++) {
            if (createdDay[u] > day) {
              continue;
            }
            String user = Integer.toString(u);
            users.write(String.join(",", user, FIRST_DAY.plusDays(createdDay[u]).toString(),
                (u % 3 == 0 ? "false" : "true"), FIRST_DAY.plusDays(day).toString()) + "\n");
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
              long ts = dayStart + random.nextLong(DAY_MILLIS);
              double price = 5 + random.nextInt(19_500) / 100.0;
              purchases.write(user + "," + money(price) + "," + ts + "\n");
              if (random.nextInt(6) == 0) {
                long later = Math.min(ts + random.nextLong(2 * DAY_MILLIS), dayStart + DAY_MILLIS * (DAYS - day) - 1);
                returns.write(user + "," + money(price) + "," + later + "\n");
              }
            }
            if (random.nextInt(4) == 0) {
              checkouts.write(user + "," + (dayStart + random.nextLong(DAY_MILLIS)) + "\n");
            }
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Writer writer(Path file, String header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(header + "\n");
    return w;
  }

  private static String money(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
