package org.chrononbeam.bench.fetch;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.GetRequest;

/**
 * The CPU time and allocation of {@link Fetcher#fetchJoin} per key beside those of the raw {@code
 * multiGet} of the same reads, on one store: figures that a busy machine disturbs far less than
 * wall-clock latency, for comparing fetcher versions while others use the machine.
 *
 * <p>Same data and requests as {@link FetchLatencyBenchmark}. For batches of {@code batch} keys
 * (200 prepared call pairs, cycled), it runs {@code calls} fetch calls, then {@code calls} raw
 * calls, {@code rounds} times; per round and mode it prints the process CPU time (all threads: the
 * caller, the store's threads, JIT and GC) and the bytes allocated by all threads, per key. The
 * first round includes warm-up; read the later ones.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.chrononbeam.bench.fetch.FetchCpuBenchmark \
 *     [store=embedded] [keys=10000] [batch=100] [calls=1000] [rounds=4]
 * </pre>
 */
public final class FetchCpuBenchmark {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final int PREPARED = 200;

  private FetchCpuBenchmark() {}

  /**
   * Runs the measurement and prints a line per round and mode.
   *
   * @param args {@code name=value} settings; see the class documentation
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> settings = FetchLatencyBenchmark.settings(args, Map.of(
        "store", "embedded", "keys", "10000", "batch", "100", "calls", "1000", "rounds", "4"));
    int keys = Integer.parseInt(settings.get("keys"));
    int batch = Integer.parseInt(settings.get("batch"));
    int calls = Integer.parseInt(settings.get("calls"));
    int rounds = Integer.parseInt(settings.get("rounds"));
    try (FetchLatencyBenchmark.Backend backend = FetchLatencyBenchmark.open(settings.get("store"))) {
      FetchData.upload(backend.store(), keys, new Random(7));
      Fetcher fetcher = new Fetcher(backend.store(), FetcherOptions.defaults());
      Random random = new Random(3);
      List<List<Request>> requests = new ArrayList<>();
      List<List<GetRequest>> reads = new ArrayList<>();
      for (int c = 0; c < PREPARED; c++) {
        int[] users = random.ints(0, keys).distinct().limit(batch).toArray();
        List<Request> call = new ArrayList<>();
        for (int user : users) {
          long at =
              FetchData.BATCH_END + FetchData.DAY + (long) (random.nextDouble() * FetchData.DAY);
          call.add(new Request(FetchData.REQUEST_NAME, Map.of("user_id", user), at));
        }
        requests.add(call);
        reads.add(FetchData.dataReads(users));
      }
      for (int round = 0; round < rounds; round++) {
        for (boolean fetch : new boolean[] {true, false}) {
          long cpu = OS.getProcessCpuTime();
          long allocated = allocatedBytes();
          for (int c = 0; c < calls; c++) {
            if (fetch) {
              for (Response response : fetcher.fetchJoin(requests.get(c % PREPARED)).join()) {
                if (response.values().size() != FetchData.FEATURES) {
                  throw new IllegalStateException("expected " + FetchData.FEATURES
                      + " features, got " + response.values());
                }
              }
            } else {
              backend.store().multiGet(reads.get(c % PREPARED)).join();
            }
          }
          long perCall = (long) calls * batch;
          System.out.printf(Locale.ROOT,
              "%s batch %d round %d %s: %.2f us CPU/key, %d bytes allocated/key, load %s%n",
              backend.name(), batch, round, fetch ? "fetchJoin" : "raw multiGet",
              (OS.getProcessCpuTime() - cpu) / 1e3 / perCall,
              (allocatedBytes() - allocated) / perCall, FetchLatencyBenchmark.loadAverage());
        }
      }
    }
  }

  private static long allocatedBytes() {
    long total = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }
}
