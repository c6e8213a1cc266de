package org.chrononbeam.bench.fetch;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.PutRequest;

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
 * <p>A third mode, <b>fetchJoin over replayed reads</b>, runs the same fetch calls on a store that
 * answers each call's data reads with the responses recorded once from the real store (a hash
 * lookup of the request list, already completed): the whole call then runs on the calling thread,
 * whose own CPU time and allocation per key are the fetcher's cost alone (planning, decoding,
 * merging, finalizing, responses), apart from the JIT, GC and the store's threads. It is the figure
 * to compare fetcher versions by on a busy machine.
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
      FetchData.Calls prepared = FetchData.prepare(PREPARED, batch, keys, new Random(3));
      List<List<Request>> requests = prepared.requests();
      List<List<GetRequest>> reads = prepared.reads();
      ReplayedReads replayed = new ReplayedReads(backend.store(), reads);
      Fetcher replaying = new Fetcher(replayed, FetcherOptions.defaults());
      for (int round = 0; round < rounds; round++) {
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long threadBytes = THREADS.getCurrentThreadAllocatedBytes();
        for (int c = 0; c < calls; c++) {
          for (Response response : replaying.fetchJoin(requests.get(c % PREPARED)).join()) {
            if (response.values().size() != FetchData.FEATURES) {
              throw new IllegalStateException("expected " + FetchData.FEATURES
                  + " features, got " + response.values());
            }
          }
        }
        System.out.printf(Locale.ROOT,
            "%s batch %d round %d fetchJoin over replayed reads: %.2f us CPU/key, %d bytes"
                + " allocated/key (calling thread; %d unrecorded reads so far), load %s%n",
            backend.name(), batch, round,
            (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e3 / ((long) calls * batch),
            (THREADS.getCurrentThreadAllocatedBytes() - threadBytes) / ((long) calls * batch),
            replayed.unrecorded, FetchLatencyBenchmark.loadAverage());
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

  /**
   * A store answering the data reads of the prepared calls with their responses, recorded once
   * from {@code store}; anything else goes to {@code store}.
   */
  private static final class ReplayedReads implements KvStore {

    private final KvStore store;
    private final Map<List<GetRequest>, List<GetResponse>> recorded = new HashMap<>();
    /** Reads not recorded (metadata), sent to the store. */
    private int unrecorded;

    ReplayedReads(KvStore store, List<List<GetRequest>> reads) {
      this.store = store;
      for (List<GetRequest> call : reads) {
        recorded.put(call, store.multiGet(call).join());
      }
    }

    @Override
    public void create(String dataset) {
      store.create(dataset);
    }

    @Override
    public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
      List<GetResponse> responses = recorded.get(requests);
      if (responses == null) {
        unrecorded++;
        return store.multiGet(requests);
      }
      return CompletableFuture.completedFuture(responses);
    }

    @Override
    public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
      return store.multiPut(requests);
    }

    @Override
    public void close() {}
  }

  private static long allocatedBytes() {
    long total = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }
}
