package org.chrononbeam.kv.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStoreException.Reason;
import org.chrononbeam.model.kv.PutRequest;

/**
 * A {@link KvStore} on RocksDB in a local directory: no server, data kept across restarts. Open it
 * with {@code KvStores.open("embedded:DIR")} or directly:
 *
 * <pre>{@code
 * try (KvStore store = EmbeddedKvStore.open(Path.of("/var/chronon/kv"))) {
 *   store.create("TEAM_X_V1_BATCH");
 *   ...
 * }
 * }</pre>
 *
 * <p>Every {@code open} of one directory in a JVM shares one database (RocksDB locks the directory
 * against other processes); closing a handle closes the database once no other handle uses it.
 * Reads and writes run on the database's own threads. See the {@linkplain
 * org.chrononbeam.kv.embedded package documentation} for the on-disk layout.
 */
public final class EmbeddedKvStore implements KvStore {

  private final RocksDatabase database;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKvStore(RocksDatabase database) {
    this.database = database;
  }

  /**
   * Opens the store in {@code dir}, creating the directory and an empty store if absent.
   *
   * @throws KvStoreException if the directory cannot be created or opened (another process may hold
   *     it) or holds another format
   */
  public static EmbeddedKvStore open(Path dir) {
    return new EmbeddedKvStore(RocksDatabase.acquire(dir));
  }

  @Override
  public void create(String dataset) {
    if (closed.get()) {
      throw closedError();
    }
    database.create(dataset);
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    if (closed.get()) {
      return CompletableFuture.completedFuture(closedResponses(requests));
    }
    try {
      return CompletableFuture.supplyAsync(() -> database.read(requests), database.executor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(closedResponses(requests));
    }
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedError());
    }
    long nowMillis = System.currentTimeMillis();
    try {
      return CompletableFuture.runAsync(
          () -> database.write(requests, nowMillis), database.executor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closedError());
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      database.release();
    }
  }

  static List<GetResponse> closedResponses(List<GetRequest> requests) {
    KvStoreException error = closedError();
    return requests.stream().map(request -> GetResponse.failed(request, error)).toList();
  }

  private static KvStoreException closedError() {
    return new KvStoreException(Reason.STORE_CLOSED, "the embedded store is closed");
  }
}
