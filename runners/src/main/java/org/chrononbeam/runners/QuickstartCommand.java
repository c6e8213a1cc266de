package org.chrononbeam.runners;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.runners.quickstart.SampleData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronon quickstart}: the whole product on embedded defaults, in a few minutes. It writes
 * the deterministic {@link SampleData}, imports it into a local warehouse, backfills the sample
 * join, uploads its GroupBys and the join's metadata to an embedded KV store, and fetches the join
 * online for a few users. Every step runs the same subcommand a user would type, and prints it
 * first, so the output doubles as a tour of the command line.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the product end to end on sample data: import, backfill, upload, fetch.",
      "Everything is written under --dir (default: ./quickstart-run); a rerun starts afresh."
    })
final class QuickstartCommand implements Callable<Integer> {
  /** The sample join's config, under the configs folder. */
  static final String JOIN = "joins/quickstart/training_set.v1";
  /** The sample GroupBys, under the configs folder. */
  static final List<String> GROUP_BYS = List.of(
      "group_bys/quickstart/purchases.v1", "group_bys/quickstart/returns.v1", "group_bys/quickstart/users.v1");
  /** The join's request name. */
  static final String JOIN_REQUEST = "quickstart/training_set.v1";
  /** The file that marks a folder as the quickstart's own. */
  static final String MARKER = ".chronon-quickstart";
  private static final List<String> SHOWN_USERS = List.of("1", "7", "12", "42", "77");

  @Spec private CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "quickstart-run",
      description = "Where the sample data, warehouse and KV store go (default: ${DEFAULT-VALUE}).")
  private Path dir;

  @Option(names = "--configs", paramLabel = "DIR",
      description = "The quickstart configs (default: quickstart/production in the checkout).")
  private Path configs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path configDir = configs != null ? configs : defaultConfigs();
    if (!Files.isDirectory(configDir.resolve("joins"))) {
      spec.commandLine().getErr().println("quickstart: no configs at " + configDir + "; give --configs DIR");
      return 2;
    }
    prepare(dir);
    long started = System.nanoTime();
    Path data = dir.resolve("data");
    String warehouse = dir.resolve("warehouse").toString();
    String kv = "embedded:" + dir.resolve("kv");
    String endDs = SampleData.lastDay().toString();

    step(out, "Writing sample data (an online shop: " + SampleData.USERS + " users, " + SampleData.DAYS
        + " days from " + SampleData.FIRST_DAY + ") to " + data);
    SampleData.SampleFiles files = SampleData.writeTo(data);

    step(out, "Importing it into the warehouse " + warehouse);
    for (var table : Map.of("data.purchases", files.purchases(), "data.returns", files.returns(),
        "data.checkouts", files.checkouts(), "data.users", files.users()).entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      run(out, "import", "--table", table.getKey(), "--from", table.getValue().toString(),
          "--warehouse", warehouse, "--type", "user_id=string");
    }

    step(out, "Validating the sample configs");
    run(out, "validate", "--conf", configDir.toString());

    step(out, "Backfilling the training set: every checkout with its point-in-time features");
    run(out, "backfill", "--conf", configDir.resolve(JOIN).toString(), "--end-ds", endDs,
        "--warehouse", warehouse);

    step(out, "Uploading the GroupBys' batch data as of " + endDs + " to the KV store " + kv);
    for (String groupBy : GROUP_BYS) {
      run(out, "upload", "--conf", configDir.resolve(groupBy).toString(), "--end-ds", endDs,
          "--warehouse", warehouse, "--kv", kv);
    }
    run(out, "metadata-upload", "--conf", configDir.resolve(JOIN).toString(), "--kv", kv);

    long atMillis = SampleData.lastDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    step(out, "Fetching the join online for a few users, as of " + SampleData.lastDay().plusDays(1) + " 00:00 UTC");
    printFeatures(out, kv, atMillis);

    out.printf("%nDone in %.0f s. Try next:%n", (System.nanoTime() - started) / 1e9);
    out.printf("  bin/chronon fetch --type join --name %s -k '{\"user_id\":\"3\"}' --at-millis %d --kv %s%n",
        JOIN_REQUEST, atMillis + 3_600_000L, kv);
    out.printf("  bin/chronon fetch --type group-by --name quickstart.purchases.v1 -k '{\"user_id\":\"3\"}'"
        + " --at-millis %d --kv %s%n", atMillis, kv);
    out.printf("  bin/chronon backfill --conf %s --end-ds %s --warehouse %s%n",
        configDir.resolve(GROUP_BYS.get(0)), endDs, warehouse);
    out.printf("  bin/chronon --help%n");
    out.flush();
    return 0;
  }

  private void printFeatures(PrintWriter out, String kv, long atMillis) throws Exception {
    String p = "quickstart_purchases_v1_purchase_price_";
    String r = "quickstart_returns_v1_refund_amt_";
    String[] header = {"user", "purchases 3d", "spent 3d", "avg price 30d", "refunds 30d", "last prices", "email ok"};
    List<String[]> rows = new ArrayList<>();
    try (KvStore store = KvStores.open(kv)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      List<Request> requests = SHOWN_USERS.stream()
          .map(u -> new Request(JOIN_REQUEST, Map.<String, Object>of("user_id", u), atMillis))
          .toList();
      List<Response> responses = fetcher.fetchJoin(requests).join();
      for (int i = 0; i < responses.size(); i++) {
        Map<String, Object> v = responses.get(i).values();
        rows.add(new String[] {
            SHOWN_USERS.get(i),
            text(v.get(p + "count_3d")),
            money(v.get(p + "sum_3d")),
            money(v.get(p + "average_30d")),
            money(v.get(r + "sum_30d")),
            lastPrices(v.get(p + "last10")),
            text(v.get("quickstart_users_v1_email_verified"))});
      }
    }
    printTable(out, header, rows);
  }

  private static String lastPrices(Object value) {
    if (!(value instanceof List<?> list)) {
      return text(value);
    }
    List<String> shown = list.stream().limit(3).map(QuickstartCommand::money).toList();
    return String.join(" ", shown) + (list.size() > 3 ? " …" : "");
  }

  private static String money(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : text(value);
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  private static void printTable(PrintWriter out, String[] header, List<String[]> rows) {
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    printRow(out, header, widths);
    String[] rule = new String[header.length];
    for (int c = 0; c < header.length; c++) {
      rule[c] = "-".repeat(widths[c]);
    }
    printRow(out, rule, widths);
    rows.forEach(row -> printRow(out, row, widths));
  }

  private static void printRow(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < cells.length; c++) {
      line.append(c == 0 ? String.format("%-" + widths[c] + "s", cells[c])
          : String.format("%" + widths[c] + "s", cells[c])).append("  ");
    }
    out.println(line.toString().stripTrailing());
  }

  private void step(PrintWriter out, String what) {
    out.println();
    out.println("==> " + what);
    out.flush();
  }

  /** Runs one chronon subcommand in this JVM, printing it first; a failure stops the quickstart. */
  private void run(PrintWriter out, String... args) {
    out.println("$ bin/chronon " + String.join(" ", args));
    out.flush();
    CommandLine cli = ChrononCli.commandLine();
    cli.setOut(out);
    cli.setErr(spec.commandLine().getErr());
    int status = cli.execute(args);
    if (status != 0) {
      throw new CommandLine.ExecutionException(spec.commandLine(),
          "quickstart: a step failed (exit status " + status + "): bin/chronon " + String.join(" ", args));
    }
  }

  private static Path defaultConfigs() {
    return Path.of(System.getProperty("chronon.home", "."), "quickstart", "production");
  }

  /**
   * Empties {@code root} for a fresh run. Only a folder an earlier quickstart made (it holds {@link
   * #MARKER}) is emptied; any other non-empty folder is refused, so a mistyped {@code --dir} never
   * loses data.
   */
  private static void prepare(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(root)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(root.resolve(MARKER))) {
        throw new IOException(root + " is not empty and was not made by the quickstart; choose another --dir");
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(root)) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(root);
    Files.writeString(root.resolve(MARKER), "made by chronon quickstart\n");
  }
}
