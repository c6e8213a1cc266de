package org.chrononbeam.transforms;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.PutRequest;

/**
 * A test store around another whose {@code multiPut} calls each start after a delay chosen per
 * call, then report their puts once stored: the test stores that reorder or log puts.
 */
public final class DelayedPutsKvStore implements KvStore {

  private final KvStore store;
  private final ToLongFunction<List<PutRequest>> delayMillis;
  private final Consumer<List<PutRequest>> stored;

  public DelayedPutsKvStore(KvStore store, ToLongFunction<List<PutRequest>> delayMillis,
      Consumer<List<PutRequest>> stored) {
    this.store = store;
    this.delayMillis = delayMillis;
    this.stored = stored;
  }

  @Override
  public void create(String dataset) {
    store.create(dataset);
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    return store.multiGet(requests);
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    List<PutRequest> copy = List.copyOf(requests);
    return CompletableFuture.runAsync(() -> { },
            CompletableFuture.delayedExecutor(delayMillis.applyAsLong(copy), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> store.multiPut(copy))
        .thenRun(() -> stored.accept(copy));
  }

  @Override
  public void close() {
    store.close();
  }
}
