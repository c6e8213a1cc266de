package org.chrononbeam.model.kv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A key-value store of versioned feature values, Chronon's {@code KVStore}. See the {@linkplain
 * org.chrononbeam.model.kv package documentation} for the model (datasets, versions, point and
 * range reads).
 *
 * <pre>{@code
 * try (KvStore store = KvStores.open("embedded:/tmp/chronon-kv")) {
 *   store.create("TEAM_X_V1_STREAMING");
 *   store.multiPut(List.of(new PutRequest(key, row, "TEAM_X_V1_STREAMING", eventTs))).join();
 *   List<GetResponse> responses =
 *       store.multiGet(List.of(GetRequest.since(key, "TEAM_X_V1_STREAMING", batchEnd))).join();
 *   List<TimedValue> rows = responses.get(0).values(); // ts >= batchEnd, newest first
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: any number of threads may call any method at once, and a
 * call's effects are visible to every call that starts after its future completes. After {@link
 * #close()}, reads answer {@link KvStoreException.Reason#STORE_CLOSED} failures and writes fail
 * with it.
 */
public interface KvStore extends AutoCloseable {

  /** How many puts {@link #bulkPut}'s default implementation sends in one {@link #multiPut}. */
  int BULK_PUT_CHUNK = 10_000;

  /**
   * Creates {@code dataset} if it does not exist; does nothing if it does. Reads and writes of a
   * dataset that was never created fail with {@link KvStoreException.Reason#DATASET_NOT_FOUND}.
   *
   * @throws KvStoreException if the dataset cannot be created
   */
  void create(String dataset);

  /**
   * Reads many keys, possibly of different datasets, in one call.
   *
   * <p>The future always completes normally with one response per request, in request order (a
   * request given twice is answered twice). Each response holds the versions read or the error of
   * that read, never an empty list in place of an error.
   */
  CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests);

  /**
   * Writes many versions, possibly of different datasets, in one call. The future completes when
   * all are stored, or exceptionally with a {@link KvStoreException} if any could not be; some of
   * the others may then be stored, and since puts are idempotent the caller retries the whole call.
   */
  CompletableFuture<Void> multiPut(List<PutRequest> requests);

  /**
   * Loads many versions, as an upload does, and returns how many were written. It blocks until all
   * are stored. Stores override it with their backend's bulk path; this default sends {@link
   * #BULK_PUT_CHUNK} puts per {@link #multiPut}.
   *
   * @throws KvStoreException if some could not be stored (the load may be retried as a whole)
   */
  default long bulkPut(Iterator<PutRequest> rows) {
    long written = 0;
    List<PutRequest> chunk = new ArrayList<>(BULK_PUT_CHUNK);
    while (rows.hasNext()) {
      chunk.add(rows.next());
      if (chunk.size() == BULK_PUT_CHUNK || !rows.hasNext()) {
        try {
          multiPut(chunk).join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof KvStoreException kv
              ? kv
              : new KvStoreException(
                  KvStoreException.Reason.BACKEND_FAILURE, "bulk put failed", e.getCause());
        }
        written += chunk.size();
        chunk = new ArrayList<>(BULK_PUT_CHUNK);
      }
    }
    return written;
  }

  /** Releases the store's connections, threads and files. Calling it again does nothing. */
  @Override
  void close();
}
