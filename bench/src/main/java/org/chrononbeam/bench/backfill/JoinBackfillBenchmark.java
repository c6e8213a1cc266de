package org.chrononbeam.bench.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Derivation;
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

/**
 * End-to-end join backfill benchmark, run from the repository root:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.chrononbeam.bench.backfill.JoinBackfillBenchmark \
 *     --events N --users U --left L --days D --dir DIR [--runner direct|spark|flink] [--baseline-only]
 *     [--computed-selects | --conditional-sql | --decimal-sql]
 * </pre>
 *
 * <p>Generates (untimed, once per {@code DIR}) {@code N} purchase events ({@code user_id} long out
 * of {@code U} users, {@code purchase_price} double, 5% NULL, {@code ts} uniform over {@code D}
 * days ending {@value #END_DS}) as table {@code data.purchases} and {@code L} left rows ({@code
 * user_id}, {@code ts} over the last 10 days) as {@code data.checkouts}, written straight as
 * Parquet partitions of the warehouse {@code DIR/warehouse}, and the join config {@code
 * DIR/production/joins/bench/checkouts.v1}: SUM, COUNT, AVERAGE of {@code purchase_price} over 1d,
 * 7d and 30d, MAX over 7d and LAST_K(10), TEMPORAL accuracy. With {@code --computed-selects} (which
 * only matters when the config is written, on a {@code DIR}'s first run), the GroupBy's source
 * computes and filters: {@code purchase_price * 1} and a where {@code ts >= 0}, which give the same
 * rows as the plain copies but go through the query's evaluation. With {@code --conditional-sql},
 * the query and the join use SQL whose value is not NULL exactly when a column it reads is: the
 * price is {@code CASE WHEN purchase_price IS NOT NULL THEN coalesce(purchase_price, 0.0) * 1 END},
 * the user {@code coalesce(user_id, -1)}, the where {@code ts >= 0 OR user_id IS NULL}, and the
 * join keeps every column ({@code *}) and derives {@code spend_share_7d_of_30d}, {@code CASE WHEN}
 * the 30-day sum is positive {@code THEN} the 7-day sum divided by it {@code END}: the same rows
 * and values as the plain copies, through conditional expressions and a derivation. With {@code
 * --decimal-sql}, the user is {@code cast(user_id * 1.0 as bigint)} and the where {@code ts * 1.0
 * >= 0}, both computed on Spark's exact decimals, and the join keeps every column and derives
 * {@code latest_price}, {@code coalesce(last10[0], -1.0)}, and {@code recent_count}, {@code
 * size(last10)}, of the LAST_K list: decimals and a list read on columns.
 *
 * <p>What is measured: after deleting the output table of any earlier run, the wall time, CPU time and peak resident memory ({@code /usr/bin/time -v}) of {@code
 * bin/chronon backfill} over the left table's 10 days in a fresh JVM, as a user runs it, so JVM
 * start, pipeline construction, reading, the join and writing the output table are all included.
 * Then {@link SortSweepBaseline} runs in this JVM (its time excludes JVM start) and every 100th of
 * its rows is compared with the backfill's output table; any difference fails the run.
 */
public final class JoinBackfillBenchmark {

  static final String END_DS = "2024-03-31";
  private static final int LEFT_DAYS = 10;
  private static final String OUTPUT_NAMESPACE = "ml";
  private static final String OUTPUT_TABLE = "bench_checkouts_v1";
  private static final int SAMPLE_STRIDE = 100;
  /** The derived column of {@code --conditional-sql}. */
  private static final String SPEND_SHARE = "spend_share_7d_of_30d";
  /** The derived columns of {@code --decimal-sql}. */
  private static final String LATEST_PRICE = "latest_price";

  private static final String RECENT_COUNT = "recent_count";

  private JoinBackfillBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (List.of("--baseline-only", "--computed-selects", "--conditional-sql", "--decimal-sql")
          .contains(args[i])) {
        options.put(args[i].substring(2), "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    long events = Long.parseLong(required(options, "events"));
    int users = Integer.parseInt(required(options, "users"));
    long left = Long.parseLong(required(options, "left"));
    int days = Integer.parseInt(required(options, "days"));
    Path dir = Path.of(required(options, "dir")).toAbsolutePath();
    String runner = options.getOrDefault("runner", "direct");
    Path warehouse = dir.resolve("warehouse");
    Path conf = dir.resolve("production/joins/bench/checkouts.v1");

    if (!Files.exists(conf)) {
      long t0 = System.nanoTime();
      generate(warehouse, events, users, left, days);
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, ThriftJson.write(join(Sql.of(options))));
      System.out.printf("generated the data in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    if (!options.containsKey("baseline-only")) {
      backfill(dir, warehouse, conf, runner);
    }
    SortSweepBaseline.Result baseline = SortSweepBaseline.run(warehouse);
    System.out.printf(
        "baseline: %.2f s for %d left rows%n", baseline.nanos() / 1e9, baseline.ts().length);
    if (!options.containsKey("baseline-only")) {
      compare(warehouse, baseline);
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  /** Runs the backfill in a fresh JVM under {@code /usr/bin/time -v}; prints wall and CPU time and peak RSS. */
  private static void backfill(Path dir, Path warehouse, Path conf, String runner)
      throws IOException, InterruptedException {
    deleteRecursively(warehouse.resolve(OUTPUT_NAMESPACE).resolve(OUTPUT_TABLE));
    String startDs = LocalDate.parse(END_DS).minusDays(LEFT_DAYS - 1).toString();
    List<String> command =
        List.of(
            "/usr/bin/time",
            "-v",
            "bin/chronon",
            "backfill",
            "--conf",
            conf.toString(),
            "--start-ds",
            startDs,
            "--end-ds",
            END_DS,
            "--warehouse",
            warehouse.toString(),
            "--runner",
            runner);
    System.out.println("running: " + String.join(" ", command));
    Path timeLog = dir.resolve("time-" + runner + ".log");
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(timeLog.toFile())
            .start();
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> log = Files.readAllLines(timeLog);
    String rss = timeField(log, "Maximum resident set size");
    String user = timeField(log, "User time (seconds)");
    String system = timeField(log, "System time (seconds)");
    String cpu =
        user.equals("?") || system.equals("?")
            ? "?"
            : String.format("%.1f", Double.parseDouble(user) + Double.parseDouble(system));
    if (exit != 0) {
      log.forEach(System.err::println);
      throw new IllegalStateException("backfill failed with exit code " + exit);
    }
    System.out.printf(
        "backfill (%s): %.2f s wall, %s s CPU (user + system), peak RSS %s MB%n",
        runner,
        seconds,
        cpu,
        rss.equals("?") ? rss : String.valueOf(Long.parseLong(rss) / 1024));
  }

  /** The value of a {@code /usr/bin/time -v} line ({@code "<name>: <value>"}), or "?". */
  private static String timeField(List<String> log, String name) {
    return log.stream()
        .filter(l -> l.contains(name))
        .map(l -> l.substring(l.lastIndexOf(':') + 1).trim())
        .findFirst()
        .orElse("?");
  }

  /** Deletes the output table of an earlier run, so the backfill computes every day again. */
  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Compares every {@value #SAMPLE_STRIDE}th baseline row with the backfill's output row. */
  private static void compare(Path warehouse, SortSweepBaseline.Result baseline)
      throws IOException {
    Map<String, Integer> sample = new HashMap<>();
    for (int r = 0; r < baseline.ts().length; r += SAMPLE_STRIDE) {
      sample.put(baseline.user()[r] + "@" + baseline.ts()[r], r);
    }
    long[] rows = new long[1];
    int[] checked = new int[1];
    List<String> mismatches = new ArrayList<>();
    ParquetTables.forEachRow(
        warehouse,
        OUTPUT_NAMESPACE,
        OUTPUT_TABLE,
        row -> {
          rows[0]++;
          Integer r = sample.get(row.get("user_id") + "@" + row.get("ts"));
          if (r == null) {
            return;
          }
          checked[0]++;
          for (int c = 0; c < SortSweepBaseline.COLUMNS.size(); c++) {
            double expected = baseline.values()[c][r];
            Object actual = column(row, SortSweepBaseline.COLUMNS.get(c));
            if (!same(expected, actual)) {
              mismatches.add(row + ": " + SortSweepBaseline.COLUMNS.get(c) + " " + expected);
            }
          }
          Schema.Field share = row.getSchema().getField(SPEND_SHARE);
          if (share != null) {
            double sum7 =
                baseline.values()[SortSweepBaseline.COLUMNS.indexOf("purchase_price_sum_7d")][r];
            double sum30 =
                baseline.values()[SortSweepBaseline.COLUMNS.indexOf("purchase_price_sum_30d")][r];
            if (!same(sum30 > 0 ? sum7 / sum30 : Double.NaN, row.get(share.pos()))) {
              mismatches.add(row + ": " + SPEND_SHARE + " " + sum7 + " / " + sum30);
            }
          }
          double[] expectedLast = baseline.lastK()[r];
          Schema.Field latest = row.getSchema().getField(LATEST_PRICE);
          if (latest != null) {
            boolean none = expectedLast == null || expectedLast.length == 0;
            if (!same(none ? -1.0 : expectedLast[0], row.get(latest.pos()))
                || !Integer.valueOf(expectedLast == null ? -1 : expectedLast.length)
                    .equals(row.get(RECENT_COUNT))) {
              mismatches.add(row + ": " + LATEST_PRICE + ", " + RECENT_COUNT);
            }
          }
          Object actualLast = column(row, SortSweepBaseline.LAST_K_COLUMN);
          List<Double> expectedList = new ArrayList<>();
          if (expectedLast != null) {
            for (double v : expectedLast) {
              expectedList.add(v);
            }
          }
          if (expectedLast == null ? actualLast != null : !expectedList.equals(actualLast)) {
            mismatches.add(row + ": " + SortSweepBaseline.LAST_K_COLUMN + " " + expectedList);
          }
        });
    System.out.printf(
        "compared %d sampled rows of %d output rows (%d left rows): %d mismatches%n",
        checked[0], rows[0], baseline.ts().length, mismatches.size());
    mismatches.stream().limit(5).forEach(System.out::println);
    if (!mismatches.isEmpty()
        || rows[0] != baseline.ts().length
        || checked[0] < sample.size()) {
      throw new IllegalStateException("the backfill output differs from the baseline");
    }
  }

  /** The value of the output column whose name ends with {@code _<suffix>}. */
  private static Object column(GenericRecord row, String suffix) {
    for (Schema.Field field : row.getSchema().getFields()) {
      if (field.name().endsWith("_" + suffix)) {
        return row.get(field.pos());
      }
    }
    throw new IllegalStateException("no output column ending with " + suffix);
  }

  private static boolean same(double expected, Object actual) {
    if (Double.isNaN(expected)) {
      return actual == null;
    }
    if (actual == null) {
      return false;
    }
    double value = ((Number) actual).doubleValue();
    return Math.abs(value - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }

  /** Writes both tables, one Parquet file per day partition. */
  private static void generate(Path warehouse, long events, int users, long left, int days)
      throws IOException {
    Schema purchases =
        SchemaBuilder.record("purchases")
            .fields()
            .optionalLong("user_id")
            .optionalDouble("purchase_price")
            .optionalLong("ts")
            .endRecord();
    Schema checkouts =
        SchemaBuilder.record("checkouts")
            .fields()
            .optionalLong("user_id")
            .optionalLong("ts")
            .endRecord();
    long end = LocalDate.parse(END_DS).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    SplittableRandom random = new SplittableRandom(42);
    writeDays(
        warehouse.resolve("data/purchases"),
        purchases,
        events,
        days,
        end,
        random,
        (record, ts) -> {
          record.put("user_id", (long) random.nextInt(users));
          record.put(
              "purchase_price", random.nextInt(20) == 0 ? null : random.nextInt(100_000) / 100.0);
          record.put("ts", ts);
        });
    writeDays(
        warehouse.resolve("data/checkouts"),
        checkouts,
        left,
        LEFT_DAYS,
        end,
        random,
        (record, ts) -> {
          record.put("user_id", (long) random.nextInt(users));
          record.put("ts", ts);
        });
  }

  private interface RowFiller {
    void fill(GenericData.Record record, long ts);
  }

  /** {@code rows} rows spread evenly over the {@code days} days before {@code end}. */
  private static void writeDays(
      Path table,
      Schema schema,
      long rows,
      int days,
      long end,
      SplittableRandom random,
      RowFiller filler)
      throws IOException {
    Configuration conf = new Configuration();
    long dayMillis = SortSweepBaseline.DAY;
    for (int d = 0; d < days; d++) {
      long dayStart = end - (days - d) * dayMillis;
      String ds = Instant.ofEpochMilli(dayStart).atOffset(ZoneOffset.UTC).toLocalDate().toString();
      Path file = table.resolve("ds=" + ds).resolve("part-00000.parquet");
      Files.createDirectories(file.getParent());
      long n = rows * (d + 1) / days - rows * d / days;
      try (ParquetWriter<GenericRecord> writer =
          AvroParquetWriter.<GenericRecord>builder(
                  HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
              .withSchema(schema)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        GenericData.Record record = new GenericData.Record(schema);
        for (long i = 0; i < n; i++) {
          filler.fill(record, dayStart + random.nextLong(dayMillis));
          writer.write(record);
        }
      }
    }
  }

  /** How the benchmark's join computes its columns: see the class documentation. */
  private enum Sql {
    COPIES,
    COMPUTED,
    CONDITIONAL,
    DECIMAL;

    static Sql of(Map<String, String> options) {
      List<Sql> chosen = new ArrayList<>();
      for (Sql sql : List.of(COMPUTED, CONDITIONAL, DECIMAL)) {
        if (options.containsKey(sql.option())) {
          chosen.add(sql);
        }
      }
      if (chosen.size() > 1) {
        throw new IllegalArgumentException(
            "--computed-selects, --conditional-sql and --decimal-sql exclude each other");
      }
      return chosen.isEmpty() ? COPIES : chosen.get(0);
    }

    private String option() {
      return switch (this) {
        case COPIES -> "";
        case COMPUTED -> "computed-selects";
        case CONDITIONAL -> "conditional-sql";
        case DECIMAL -> "decimal-sql";
      };
    }
  }

  /** The benchmark's join, its columns computed as {@code sql} says. */
  private static Join join(Sql sql) {
    List<Window> windows =
        List.of(
            new Window(1, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS), new Window(30, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE)) {
      aggregations.add(
          new Aggregation().setInputColumn("purchase_price").setOperation(op).setWindows(windows));
    }
    aggregations.add(
        new Aggregation()
            .setInputColumn("purchase_price")
            .setOperation(Operation.MAX)
            .setWindows(List.of(new Window(7, TimeUnit.DAYS))));
    aggregations.add(
        new Aggregation()
            .setInputColumn("purchase_price")
            .setOperation(Operation.LAST_K)
            .setArgMap(Map.of("k", Integer.toString(SortSweepBaseline.K))));
    Map<String, String> purchaseSelects = new LinkedHashMap<>();
    purchaseSelects.put(
        "user_id",
        switch (sql) {
          case CONDITIONAL -> "coalesce(user_id, -1)";
          case DECIMAL -> "cast(user_id * 1.0 as bigint)";
          default -> "user_id";
        });
    purchaseSelects.put(
        "purchase_price",
        switch (sql) {
          case COPIES, DECIMAL -> "purchase_price";
          case COMPUTED -> "purchase_price * 1";
          case CONDITIONAL ->
              "CASE WHEN purchase_price IS NOT NULL THEN coalesce(purchase_price, 0.0) * 1 END";
        });
    Query purchases = new Query().setSelects(purchaseSelects).setTimeColumn("ts");
    if (sql == Sql.COMPUTED) {
      purchases.setWheres(List.of("ts >= 0"));
    } else if (sql == Sql.CONDITIONAL) {
      purchases.setWheres(List.of("ts >= 0 OR user_id IS NULL"));
    } else if (sql == Sql.DECIMAL) {
      purchases.setWheres(List.of("ts * 1.0 >= 0"));
    }
    GroupBy groupBy =
        new GroupBy()
            .setMetaData(
                new MetaData()
                    .setName("bench.purchases.v1")
                    .setOutputNamespace("features")
                    .setTeam("bench"))
            .setSources(
                List.of(
                    Source.events(
                        new EventSource()
                            .setTable("data.purchases")
                            .setQuery(purchases))))
            .setKeyColumns(List.of("user_id"))
            .setAccuracy(Accuracy.TEMPORAL)
            .setAggregations(aggregations);
    Join join =
        new Join()
            .setMetaData(
                new MetaData()
                    .setName("bench.checkouts.v1")
                    .setOutputNamespace(OUTPUT_NAMESPACE)
                    .setTeam("bench"))
            .setLeft(
                Source.events(
                    new EventSource()
                        .setTable("data.checkouts")
                        .setQuery(
                            new Query()
                                .setSelects(Map.of("user_id", "user_id"))
                                .setTimeColumn("ts"))))
            .setJoinParts(List.of(new JoinPart().setGroupBy(groupBy)));
    if (sql == Sql.CONDITIONAL) {
      String sum = "bench_purchases_v1_purchase_price_sum_";
      join.setDerivations(
          List.of(
              new Derivation().setName("*").setExpression("*"),
              new Derivation()
                  .setName(SPEND_SHARE)
                  .setExpression(
                      "CASE WHEN " + sum + "30d > 0 THEN " + sum + "7d / " + sum + "30d END")));
    } else if (sql == Sql.DECIMAL) {
      String last = "bench_purchases_v1_" + SortSweepBaseline.LAST_K_COLUMN;
      join.setDerivations(
          List.of(
              new Derivation().setName("*").setExpression("*"),
              new Derivation()
                  .setName(LATEST_PRICE)
                  .setExpression("coalesce(" + last + "[0], -1.0)"),
              new Derivation().setName(RECENT_COUNT).setExpression("size(" + last + ")")));
    }
    return join;
  }
}
