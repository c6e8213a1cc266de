package org.chrononbeam.fetcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;

/**
 * A {@link KvStore} in front of a real one that records every {@code multiGet}, fails the reads of
 * chosen datasets (optionally only for non-metadata keys) and can stop answering altogether.
 */
final class InstrumentedStore implements KvStore {

  private final KvStore store;
  final List<List<GetRequest>> calls = new CopyOnWriteArrayList<>();
  final Set<String> failingDatasets = ConcurrentHashMap.newKeySet();
  volatile boolean hanging;

  InstrumentedStore(KvStore store) {
    this.store = store;
  }

  @Override
  public void create(String dataset) {
    store.create(dataset);
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    calls.add(List.copyOf(requests));
    if (hanging) {
      return new CompletableFuture<>();
    }
    return store.multiGet(requests).thenApply(responses -> {
      List<GetResponse> out = new ArrayList<>();
      for (GetResponse response : responses) {
        out.add(failingDatasets.contains(response.request().dataset())
            ? GetResponse.failed(response.request(), new KvStoreException(
                KvStoreException.Reason.BACKEND_FAILURE, "injected failure"))
            : response);
      }
      return out;
    });
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    return store.multiPut(requests);
  }

  @Override
  public void close() {
    store.close();
  }
}
