package org.chrononbeam.bench.fetch;

import java.util.Arrays;
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
 * Where the wall time of a {@link Fetcher#fetchJoin} call goes, beside the raw {@code multiGet} of
 * the same reads: a breakdown of {@link FetchLatencyBenchmark}'s gap by {@link System#nanoTime}
 * stamps, on the same data and requests.
 *
 * <p>Both modes read through a store that forwards to the real one and stamps the time its {@code
 * multiGet} is called (the fetcher has planned; for the raw call, at once) and the time the real
 * store's future completes (on the store's thread, before anything waiting on it runs). The fetch
 * mode also stamps the completion of the fetch's future (on the thread that completes it, after
 * the caller has been signalled). Stages per call:
 *
 * <ul>
 *   <li><b>plan</b>: call to {@code multiGet} (the fetch's planning on the calling thread);
 *   <li><b>read</b>: {@code multiGet} to its completion (the hand-off to the store's thread and
 *       the read);
 *   <li><b>after</b>: the read's completion to the caller running again ({@code join()} returned):
 *       for the fetch, decoding, merging and finalizing on the store's thread, completing the
 *       fetch's future and waking the caller; for the raw call, waking the caller;
 *   <li><b>answer</b> (fetch only): the read's completion to the fetch's future completed.
 * </ul>
 *
 * <p>The modes alternate call by call, as in {@link FetchLatencyBenchmark}; the forwarding adds the
 * same future stage to both. Medians (p50) and means per stage, in microseconds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.chrononbeam.bench.fetch.FetchStagesBenchmark \
 *     [store=embedded] [keys=10000] [batch=1] [calls=20000]
 * </pre>
 */
public final class FetchStagesBenchmark {

  private static final int PREPARED = 1000;

  private FetchStagesBenchmark() {}

  /**
   * Runs the measurement and prints the stages of each mode.
   *
   * @param args {@code name=value} settings; see the class documentation
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> settings = FetchLatencyBenchmark.settings(args, Map.of(
        "store", "embedded", "keys", "10000", "batch", "1", "calls", "20000"));
    int keys = Integer.parseInt(settings.get("keys"));
    int batch = Integer.parseInt(settings.get("batch"));
    int calls = Integer.parseInt(settings.get("calls"));
    try (FetchLatencyBenchmark.Backend backend = FetchLatencyBenchmark.open(settings.get("store"))) {
      FetchData.upload(backend.store(), keys, new Random(7));
      Stamping stamping = new Stamping(backend.store());
      Fetcher fetcher = new Fetcher(stamping, FetcherOptions.defaults());
      FetchData.Calls prepared = FetchData.prepare(PREPARED, batch, keys, new Random(3));
      List<List<Request>> requests = prepared.requests();
      List<List<GetRequest>> reads = prepared.reads();
      int warmup = Math.max(1000, calls / 5);
      long[][] fetch = new long[4][calls];
      long[][] raw = new long[3][calls];
      for (int c = -warmup; c < calls; c++) {
        int i = Math.floorMod(c, PREPARED);
        boolean fetchFirst = (c & 1) == 0;
        for (int m = 0; m < 2; m++) {
          if ((m == 0) == fetchFirst) {
            stamping.reset();
            long start = System.nanoTime();
            CompletableFuture<List<Response>> future = fetcher.fetchJoin(requests.get(i));
            long[] answered = new long[1];
            future.whenComplete((r, e) -> answered[0] = System.nanoTime());
            List<Response> responses = future.join();
            long end = System.nanoTime();
            if (responses.get(0).values().size() != FetchData.FEATURES) {
              throw new IllegalStateException("unexpected response " + responses.get(0));
            }
            if (c >= 0) {
              fetch[0][c] = stamping.called - start;
              fetch[1][c] = stamping.completed - stamping.called;
              fetch[2][c] = end - stamping.completed;
              fetch[3][c] = (answered[0] == 0 ? end : answered[0]) - stamping.completed;
            }
          } else {
            stamping.reset();
            long start = System.nanoTime();
            List<GetResponse> responses = stamping.multiGet(reads.get(i)).join();
            long end = System.nanoTime();
            if (responses.size() != reads.get(i).size()) {
              throw new IllegalStateException("unexpected responses " + responses.size());
            }
            if (c >= 0) {
              raw[0][c] = stamping.called - start;
              raw[1][c] = stamping.completed - stamping.called;
              raw[2][c] = end - stamping.completed;
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "%s batch %d, %d calls per mode, load %s%n",
          backend.name(), batch, calls, FetchLatencyBenchmark.loadAverage());
      System.out.println("| mode | plan p50 / mean (us) | read p50 / mean | after p50 / mean"
          + " | answer p50 / mean | total p50 / mean |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      System.out.println(row("fetchJoin", fetch[0], fetch[1], fetch[2], fetch[3]));
      System.out.println(row("raw multiGet", raw[0], raw[1], raw[2], null));
    }
  }

  private static String row(String mode, long[] plan, long[] read, long[] after, long[] answer) {
    long[] total = new long[plan.length];
    for (int i = 0; i < total.length; i++) {
      total[i] = plan[i] + read[i] + after[i];
    }
    return "| " + mode + " | " + stage(plan) + " | " + stage(read) + " | " + stage(after) + " | "
        + (answer == null ? "" : stage(answer)) + " | " + stage(total) + " |";
  }

  private static String stage(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(nanos).average().orElse(0);
    return String.format(Locale.ROOT, "%.2f / %.2f",
        sorted[(sorted.length - 1) / 2] / 1e3, mean / 1e3);
  }

  /**
   * Forwards to a store, stamping when {@code multiGet} is called and when the store completes
   * it (one call at a time).
   */
  private static final class Stamping implements KvStore {

    private final KvStore store;
    private volatile long called;
    private volatile long completed;

    Stamping(KvStore store) {
      this.store = store;
    }

    void reset() {
      called = 0;
      completed = 0;
    }

    @Override
    public void create(String dataset) {
      store.create(dataset);
    }

    @Override
    public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
      called = System.nanoTime();
      CompletableFuture<List<GetResponse>> forwarded = new CompletableFuture<>();
      store.multiGet(requests).whenComplete((responses, error) -> {
        completed = System.nanoTime();
        if (error == null) {
          forwarded.complete(responses);
        } else {
          forwarded.completeExceptionally(error);
        }
      });
      return forwarded;
    }

    @Override
    public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
      return store.multiPut(requests);
    }

    @Override
    public void close() {}
  }
}
