package org.chrononbeam.fetcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
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

  /** Sends the reads in one call; the list holds the response of each index. */
  CompletableFuture<List<GetResponse>> run(KvStore store, Duration timeout) {
    return multiGet(store, requests, timeout);
  }

  /**
   * One {@code multiGet} of {@code requests} that always completes normally, with one response per
   * request: the store's, or a {@link KvStoreException.Reason#BACKEND_FAILURE} failure when the
   * call throws, fails, times out or answers the wrong number of responses.
   */
  static CompletableFuture<List<GetResponse>> multiGet(
      KvStore store, List<GetRequest> requests, Duration timeout) {
    if (requests.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<List<GetResponse>> call;
    try {
      call = store.multiGet(requests).copy();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return ReadTimeouts.SHARED.within(call, timeout)
        .handle((responses, error) -> {
          if (error == null && responses != null && responses.size() == requests.size()) {
            return responses;
          }
          KvStoreException failure = failureOf(error, responses, requests.size(), timeout);
          List<GetResponse> failed = new ArrayList<>(requests.size());
          for (GetRequest request : requests) {
            failed.add(GetResponse.failed(request, failure));
          }
          return failed;
        });
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
