package org.chrononbeam.bench.fetch;

import com.google.cloud.bigtable.emulator.core.EmulatorController;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;

/**
 * Latency of {@link Fetcher#fetchJoin} beside the raw {@link KvStore#multiGet} of the same reads,
 * on each store: the embedded RocksDB store, Google's Bigtable emulator (started from its Maven
 * artifact) and MongoDB's wire protocol served in this JVM by mongo-java-server.
 *
 * <p>Per store, {@link FetchData} writes a join of 3 TEMPORAL GroupBys × 4 operations × 4 windows
 * (48 features) for {@code keys} users, then, on one thread, for single-key requests and for
 * batches of 100 distinct random keys (each with a random query time in the second day after the
 * batch end, so every streaming row counts):
 *
 * <ul>
 *   <li><b>fetch</b>: wall time of {@code fetchJoin(requests).join()}, end to end: planning, the
 *       one data {@code multiGet} (metadata is cached, as in steady serving), decoding the batch
 *       IRs and streaming rows, merging and finalizing the 48 values per request;
 *   <li><b>raw</b>: wall time of {@code store.multiGet(reads).join()} for the same reads the fetch
 *       sends (per key and GroupBy: the latest {@code _BATCH} value, the {@code _STREAMING}
 *       versions since the batch end), built before the clock starts.
 * </ul>
 *
 * <p>The two alternate call by call (the order flipping every call), so both see the same load.
 * Warmup calls (a tenth of the count, at least 100, within a third of the time budget) are not
 * recorded. Each mode stops after its count of calls or its time budget, whichever comes first;
 * the table gives the calls recorded. Percentiles are nearest-rank over the recorded calls; the
 * overhead is {@code fetch / raw - 1} at the same percentile.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.chrononbeam.bench.fetch.FetchLatencyBenchmark \
 *     [stores=embedded,bigtable,mongo] [keys=10000] [single=20000] [batches=2000] [seconds=60]
 * </pre>
 */
public final class FetchLatencyBenchmark {

  private static final int BATCH_SIZE = 100;
  private static final Logger GOOGLE_LOGS = Logger.getLogger("com.google");
  private static final Logger GRPC_LOGS = Logger.getLogger("io.grpc");

  private FetchLatencyBenchmark() {}

  /** How much to run; parsed from {@code name=value} arguments. */
  private record Settings(
      List<String> stores, int keys, int single, int batches, double seconds) {

    static Settings parse(String[] args) {
      Map<String, String> values = settings(args, Map.of(
          "stores", "embedded,bigtable,mongo",
          "keys", "10000",
          "single", "20000",
          "batches", "2000",
          "seconds", "60"));
      return new Settings(
          List.of(values.get("stores").split(",")),
          Integer.parseInt(values.get("keys")),
          Integer.parseInt(values.get("single")),
          Integer.parseInt(values.get("batches")),
          Double.parseDouble(values.get("seconds")));
    }
  }

  /**
   * {@code defaults} overridden by the {@code name=value} arguments {@code args}.
   *
   * @throws IllegalArgumentException for an argument of another form or name
   */
  static Map<String, String> settings(String[] args, Map<String, String> defaults) {
    Map<String, String> values = new HashMap<>(defaults);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0 || !values.containsKey(arg.substring(0, eq))) {
        throw new IllegalArgumentException("unknown argument " + arg + "; expected name=value"
            + " with a name among " + values.keySet());
      }
      values.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return values;
  }

  /** A store under test and how to stop what serves it. */
  record Backend(String name, KvStore store, AutoCloseable server)
      implements AutoCloseable {

    @Override
    public void close() throws Exception {
      store.close();
      server.close();
    }
  }

  /** The latencies of one mode on one store, in nanoseconds. */
  private record Result(String store, int batchSize, long[] fetch, long[] raw, String load) {}

  /**
   * Runs the benchmark and prints one table row per store and batch size.
   *
   * @param args {@code name=value} settings; see the class documentation
   */
  public static void main(String[] args) throws Exception {
    GOOGLE_LOGS.setLevel(Level.SEVERE);
    GRPC_LOGS.setLevel(Level.SEVERE);
    Settings settings = Settings.parse(args);
    System.out.printf("keys=%d single=%d batches=%d seconds=%.0f per mode, JVM %s, %d cpus%n",
        settings.keys(), settings.single(), settings.batches(), settings.seconds(),
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (String name : settings.stores()) {
      try (Backend backend = open(name)) {
        long start = System.nanoTime();
        FetchData.upload(backend.store(), settings.keys(), new Random(7));
        System.out.printf("%s: uploaded %d keys in %.1f s%n",
            name, settings.keys(), (System.nanoTime() - start) / 1e9);
        Fetcher fetcher = new Fetcher(backend.store(), FetcherOptions.defaults());
        results.add(measure(backend, fetcher, settings, 1, settings.single()));
        results.add(measure(backend, fetcher, settings, BATCH_SIZE, settings.batches()));
      }
    }
    print(results);
  }

  static Backend open(String name) throws Exception {
    switch (name) {
      case "embedded" -> {
        Path dir = Files.createTempDirectory("fetch-bench-kv");
        return new Backend(name, KvStores.open("embedded:" + dir), () -> delete(dir));
      }
      case "bigtable" -> {
        EmulatorController emulator = EmulatorController.createBundled();
        emulator.start();
        return new Backend(name,
            KvStores.open("bigtable:bench-project/bench-instance@localhost:" + emulator.getPort()),
            emulator::stop);
      }
      case "mongo" -> {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new Backend(name, KvStores.open(
            "mongo:mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/chronon_bench"),
            server::shutdownNow);
      }
      default -> throw new IllegalArgumentException(
          "unknown store " + name + "; expected embedded, bigtable or mongo");
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Warms up with a tenth of {@code calls} (at least 100) or a third of the time budget, whichever
   * ends first, then records up to {@code calls} pairs of fetch and raw read within the budget.
   */
  private static Result measure(
      Backend backend, Fetcher fetcher, Settings settings, int batchSize, int calls) {
    Random random = new Random(11 + batchSize);
    int warmup = Math.max(100, calls / 10);
    long warmupEnd = System.nanoTime() + (long) (settings.seconds() / 3 * 1e9);
    for (int i = 0; i < warmup && System.nanoTime() < warmupEnd; i++) {
      call(backend.store(), fetcher, settings.keys(), batchSize, random, i % 2 == 0);
    }
    long[] fetch = new long[calls];
    long[] raw = new long[calls];
    long deadline = System.nanoTime() + (long) (settings.seconds() * 1e9);
    int recorded = 0;
    while (recorded < calls && System.nanoTime() < deadline) {
      long[] times =
          call(backend.store(), fetcher, settings.keys(), batchSize, random, recorded % 2 == 0);
      fetch[recorded] = times[0];
      raw[recorded] = times[1];
      recorded++;
    }
    Result result = new Result(backend.name(), batchSize, Arrays.copyOf(fetch, recorded),
        Arrays.copyOf(raw, recorded), loadAverage());
    System.out.printf("%s, batch %d: %d calls recorded, load average %s%n",
        backend.name(), batchSize, recorded, result.load());
    return result;
  }

  /** One fetch and one raw read of the same random keys; their times in ns, fetch first. */
  private static long[] call(
      KvStore store, Fetcher fetcher, int keys, int batchSize, Random random, boolean fetchFirst) {
    int[] users = random.ints(0, keys).distinct().limit(batchSize).toArray();
    List<Request> requests = FetchData.requests(users, random);
    List<GetRequest> reads = FetchData.dataReads(users);
    long fetchNanos;
    long rawNanos;
    if (fetchFirst) {
      fetchNanos = timeFetch(fetcher, requests);
      rawNanos = timeRaw(store, reads);
    } else {
      rawNanos = timeRaw(store, reads);
      fetchNanos = timeFetch(fetcher, requests);
    }
    return new long[] {fetchNanos, rawNanos};
  }

  private static long timeFetch(Fetcher fetcher, List<Request> requests) {
    long start = System.nanoTime();
    List<Response> responses = fetcher.fetchJoin(requests).join();
    long nanos = System.nanoTime() - start;
    for (Response response : responses) {
      if (response.values().size() != FetchData.FEATURES) {
        throw new IllegalStateException("expected " + FetchData.FEATURES + " features, got "
            + response.values());
      }
    }
    return nanos;
  }

  private static long timeRaw(KvStore store, List<GetRequest> reads) {
    long start = System.nanoTime();
    List<GetResponse> responses = store.multiGet(reads).join();
    long nanos = System.nanoTime() - start;
    for (GetResponse response : responses) {
      if (response.failure().isPresent()) {
        throw new IllegalStateException("raw read failed", response.failure().get());
      }
    }
    return nanos;
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void print(List<Result> results) {
    System.out.println();
    System.out.println("| store | keys/call | calls | fetchJoin p50 / p99 / p999 (ms)"
        + " | raw multiGet p50 / p99 / p999 (ms) | overhead p50 / p99 / p999"
        + " | load (1/5/15 min) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|");
    for (Result result : results) {
      long[] fetch = result.fetch().clone();
      long[] raw = result.raw().clone();
      Arrays.sort(fetch);
      Arrays.sort(raw);
      double[] ps = {0.50, 0.99, 0.999};
      String[] fetchMs = new String[3];
      String[] rawMs = new String[3];
      String[] overhead = new String[3];
      for (int i = 0; i < ps.length; i++) {
        long f = percentile(fetch, ps[i]);
        long r = percentile(raw, ps[i]);
        String ms = i == 0 ? "%.4f" : "%.3f";
        fetchMs[i] = String.format(Locale.ROOT, ms, f / 1e6);
        rawMs[i] = String.format(Locale.ROOT, ms, r / 1e6);
        overhead[i] = String.format(Locale.ROOT, "%+.0f%%", 100.0 * f / r - 100);
      }
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n",
          result.store(), result.batchSize(), fetch.length, String.join(" / ", fetchMs),
          String.join(" / ", rawMs), String.join(" / ", overhead), result.load());
    }
  }

  /** The nearest-rank percentile {@code p} of sorted {@code values}. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
