package org.chrononbeam.kv.beam;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;

/**
 * Puts in {@link KvStore#multiPut} calls of {@code batchSize}, at most {@code maxInFlight} of them
 * in flight, and, with {@code lastPutWins}, such that the last put of a cell (dataset, key and
 * version) is the one stored.
 *
 * <p>A store may apply calls in flight together in any order, and the puts of one call in any
 * order (a Bigtable bulk mutation does), so two puts of one cell must never be in flight at once:
 * a later put of a cell already in the open batch takes the earlier one's place, and a put of a
 * cell in a call in flight first waits for every call in flight. Tiled streaming puts a tile again
 * at the same version as rows are added to it; without this, an older tile could be the one kept.
 * Puts without a version ({@code tsMillis} null, stamped by the store) are sent as they come.
 */
final class PutBatches {

  private record Cell(String dataset, ByteBuffer key, long version) {
    static Cell of(PutRequest put) {
      return new Cell(put.dataset(), ByteBuffer.wrap(put.keyBytes()), put.tsMillis());
    }
  }

  private record Call(CompletableFuture<Void> done, List<Cell> cells) {}

  private final KvStore store;
  private final int batchSize;
  private final int maxInFlight;
  private final boolean lastPutWins;
  private List<PutRequest> batch;
  private final Map<Cell, Integer> inBatch = new HashMap<>();
  private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
  private final Map<Cell, Integer> cellsInFlight = new HashMap<>();

  PutBatches(KvStore store, int batchSize, int maxInFlight, boolean lastPutWins) {
    this.store = store;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.lastPutWins = lastPutWins;
    this.batch = new ArrayList<>(batchSize);
  }

  /** Adds {@code put}, sending the batch once full. */
  void add(PutRequest put) {
    if (!lastPutWins || put.tsMillis() == null) {
      batch.add(put);
    } else {
      Cell cell = Cell.of(put);
      Integer earlier = inBatch.get(cell);
      if (earlier != null) {
        batch.set(earlier, put);
        return;
      }
      if (cellsInFlight.containsKey(cell)) {
        while (!inFlight.isEmpty()) {
          awaitOldest();
        }
      }
      inBatch.put(cell, batch.size());
      batch.add(put);
    }
    if (batch.size() == batchSize) {
      send();
    }
  }

  /** Sends what is left and waits until every put is stored. */
  void finish() {
    if (!batch.isEmpty()) {
      send();
    }
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
  }

  private void send() {
    List<Cell> cells = new ArrayList<>(inBatch.keySet());
    for (Cell cell : cells) {
      cellsInFlight.merge(cell, 1, Integer::sum);
    }
    inFlight.add(new Call(store.multiPut(batch), cells));
    batch = new ArrayList<>(batchSize);
    inBatch.clear();
    while (inFlight.size() > maxInFlight) {
      awaitOldest();
    }
  }

  private void awaitOldest() {
    Call call = inFlight.poll();
    for (Cell cell : call.cells()) {
      cellsInFlight.computeIfPresent(cell, (c, calls) -> calls == 1 ? null : calls - 1);
    }
    try {
      call.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof KvStoreException kv
          ? kv
          : new KvStoreException(
              KvStoreException.Reason.BACKEND_FAILURE, "multiPut failed", e.getCause());
    }
  }
}
