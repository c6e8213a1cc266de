package org.chrononbeam.fetcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;

/**
 * The KV reads of one fetch call, deduplicated, sent as one {@link KvStore#multiGet}. A read that
 * the store fails, or that is not answered within the timeout, is answered by a failed {@link
 * GetResponse}, so every read always has a response and no failure turns into an empty value.
 */
final class BatchedReads {

  /**
   * Up to this many requests are deduplicated by comparing with each one (a single-key call reads
   * two datasets per GroupBy); beyond it, by a hash map.
   */
  static final int SCANNED = 8;

  private final int expected;
  private final List<GetRequest> requests;
  /** The index of each request, once there are more than {@link #SCANNED}; null until then. */
  private Map<GetRequest, Integer> indexes;

  /** Reads sized for about {@code expected} requests, so that adding them does not regrow. */
  BatchedReads(int expected) {
    this.expected = expected;
    this.requests = new ArrayList<>(expected);
  }

  /** Adds {@code request} (once, however often it is added) and returns its index. */
  int add(GetRequest request) {
    if (indexes != null) {
      Integer known = indexes.putIfAbsent(request, requests.size());
      if (known != null) {
        return known;
      }
      requests.add(request);
      return requests.size() - 1;
    }
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).equals(request)) {
        return i;
      }
    }
    requests.add(request);
    if (requests.size() > SCANNED) {
      indexes = new HashMap<>(Math.max(16, Math.max(expected, requests.size()) * 4 / 3 + 1));
      for (int i = 0; i < requests.size(); i++) {
        indexes.put(requests.get(i), i);
      }
    }
    return requests.size() - 1;
  }

  /** The requests added, in index order. */
  List<GetRequest> requests() {
    return requests;
  }

  /** Sends the reads in one call and answers with {@code answer} of the response of each index. */
  <R> CompletableFuture<R> run(
      KvStore store, Duration timeout, Function<List<GetResponse>, R> answer) {
    return multiGet(store, requests, timeout, answer);
  }

  /**
   * One {@code multiGet} of {@code requests}, answered with {@code answer} of one response per
   * request: the store's, or a {@link KvStoreException.Reason#BACKEND_FAILURE} failure when the
   * call throws, fails, times out or answers the wrong number of responses. {@code answer} runs
   * once, on the thread that completes the store's call (or the caller's, if it is complete when
   * returned; or the timeout sweeper's), with no further future stage; the result fails only if
   * {@code answer} throws.
   */
  static <R> CompletableFuture<R> multiGet(
      KvStore store,
      List<GetRequest> requests,
      Duration timeout,
      Function<List<GetResponse>, R> answer) {
    Read<R> read = new Read<>(requests, timeout, answer);
    if (requests.isEmpty()) {
      read.finish(List.of());
      return read.result;
    }
    CompletableFuture<List<GetResponse>> call;
    try {
      call = store.multiGet(requests);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    if (!call.isDone()) {
      ReadTimeouts.SHARED.arm(read, timeout);
    }
    call.whenComplete(read);
    return read.result;
  }

  /** One {@code multiGet} in flight and what answers it. */
  private static final class Read<R> extends ReadTimeouts.Call
      implements BiConsumer<List<GetResponse>, Throwable> {
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final Duration timeout;
    /** Cleared once answered, so that an answered read waiting in a queue holds no data. */
    private List<GetRequest> requests;
    private Function<List<GetResponse>, R> answer;

    private Read(List<GetRequest> requests, Duration timeout, Function<List<GetResponse>, R> answer) {
      this.requests = requests;
      this.timeout = timeout;
      this.answer = answer;
    }

    @Override
    public void accept(List<GetResponse> responses, Throwable error) {
      if (claim()) {
        if (error == null && responses != null && responses.size() == requests.size()) {
          finish(responses);
        } else {
          finish(failed(requests, failureOf(error, responses, requests.size(), timeout)));
        }
        release();
      }
    }

    @Override
    void timedOut() {
      finish(failed(requests, failureOf(new TimeoutException(), null, requests.size(), timeout)));
    }

    private void finish(List<GetResponse> responses) {
      Function<List<GetResponse>, R> then = answer;
      answer = null;
      requests = null;
      try {
        result.complete(then.apply(responses));
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }
  }

  private static List<GetResponse> failed(List<GetRequest> requests, KvStoreException failure) {
    List<GetResponse> failed = new ArrayList<>(requests.size());
    for (GetRequest request : requests) {
      failed.add(GetResponse.failed(request, failure));
    }
    return failed;
  }

  private static KvStoreException failureOf(
      Throwable error, List<GetResponse> responses, int expected, Duration timeout) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return new KvStoreException(KvStoreException.Reason.BACKEND_FAILURE,
          "the KV store did not answer within " + timeout.toMillis() + " ms", cause);
    }
    if (cause instanceof KvStoreException kv) {
      return kv;
    }
    if (cause != null) {
      return new KvStoreException(
          KvStoreException.Reason.BACKEND_FAILURE, "the KV read failed: " + cause, cause);
    }
    return new KvStoreException(KvStoreException.Reason.BACKEND_FAILURE, "the KV store answered "
        + (responses == null ? "nothing" : responses.size() + " responses") + " to "
        + expected + " reads");
  }
}
