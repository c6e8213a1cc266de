package org.chrononbeam.kv.beam;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>This orders the puts of one writer only. A step that puts a cell again writes its puts itself,
 * from the step that makes them (the tile step does, from its keyed state): a sink step of its own
 * could run two bundles of them at once on some runners (the Direct runner runs the bundles of a
 * step that is not keyed in parallel), and their puts would race in the store.
 *
 * <pre>{@code
 * store = KvStores.open(spec);                        // in the DoFn's setup
 * batches = PutBatches.lastPutOfEachCellWins(store);  // at each bundle's start
 * batches.add(put);                                   // per put, in the order made
 * batches.finish();                                   // at the bundle's end: all stored
 * }</pre>
 */
public final class PutBatches {

  /** A put's cell, its hash computed once (each put's cell is looked up in a few maps). */
  private static final class Cell {
    private final String dataset;
    private final byte[] key;
    private final long version;
    private final int hash;

    Cell(PutRequest put) {
      this.dataset = put.dataset();
      this.key = put.keyBytes();
      this.version = put.tsMillis();
      this.hash = 31 * (31 * dataset.hashCode() + Arrays.hashCode(key)) + Long.hashCode(version);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Cell cell && cell.hash == hash && cell.version == version
          && Arrays.equals(cell.key, key) && cell.dataset.equals(dataset);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A {@code multiPut} call in flight: its number (the how-many-th batch sent) and per put of its
   * batch the put's cell, or null for a put without a version.
   */
  private record Call(CompletableFuture<Void> done, int number, List<Cell> cells) {}

  private final KvStore store;
  private final int batchSize;
  private final int maxInFlight;
  private final boolean lastPutWins;
  private List<PutRequest> batch;
  private List<Cell> batchCells;
  /** How many batches were sent: the number the open batch will be sent as. */
  private int sent;
  /**
   * Per cell in the open batch or a call in flight, where its latest put is: the batch's number
   * and the put's index in it ({@link #where}). One map for all of them, so a put looks its cell
   * up once; a call's cells leave it when the call is done, unless put again since.
   */
  private final HashMap<Cell, Long> latest;
  private final ArrayDeque<Call> inFlight = new ArrayDeque<>();

  PutBatches(KvStore store, int batchSize, int maxInFlight, boolean lastPutWins) {
    this.store = store;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.lastPutWins = lastPutWins;
    this.batch = new ArrayList<>(batchSize);
    this.batchCells = new ArrayList<>(batchSize);
    this.latest = new HashMap<>(lastPutWins ? (maxInFlight + 1) * batchSize * 4 / 3 + 1 : 0);
  }

  /**
   * Batches of {@link KvStoreWrite#DEFAULT_BATCH_SIZE} puts, at most {@link
   * KvStoreWrite#DEFAULT_MAX_BATCHES_IN_FLIGHT} in flight, storing the last put of each cell.
   */
  public static PutBatches lastPutOfEachCellWins(KvStore store) {
    return new PutBatches(store, KvStoreWrite.DEFAULT_BATCH_SIZE,
        KvStoreWrite.DEFAULT_MAX_BATCHES_IN_FLIGHT, true);
  }

  /**
   * Adds {@code put}, sending the batch once full.
   *
   * @throws KvStoreException if a call this waits for failed
   */
  public void add(PutRequest put) {
    Cell cell = null;
    if (lastPutWins && put.tsMillis() != null) {
      cell = new Cell(put);
      Long earlier = latest.put(cell, where(sent, batch.size()));
      if (earlier != null) {
        if ((int) (earlier >>> 32) == sent) {
          latest.put(cell, earlier);
          batch.set((int) (long) earlier, put);
          return;
        }
        while (!inFlight.isEmpty()) {
          awaitOldest();
        }
      }
    }
    batch.add(put);
    batchCells.add(cell);
    if (batch.size() == batchSize) {
      send();
    }
  }

  /**
   * Sends what is left and waits until every put is stored.
   *
   * @throws KvStoreException if a call failed
   */
  public void finish() {
    if (!batch.isEmpty()) {
      send();
    }
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
  }

  /** Where a put is: batch {@code number}, index {@code index} in it. */
  private static Long where(int number, int index) {
    return ((long) number << 32) | index;
  }

  private void send() {
    inFlight.add(new Call(store.multiPut(batch), sent, batchCells));
    sent++;
    batch = new ArrayList<>(batchSize);
    batchCells = new ArrayList<>(batchSize);
    while (inFlight.size() > maxInFlight) {
      awaitOldest();
    }
  }

  private void awaitOldest() {
    Call call = inFlight.poll();
    try {
      call.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof KvStoreException kv
          ? kv
          : new KvStoreException(
              KvStoreException.Reason.BACKEND_FAILURE, "multiPut failed", e.getCause());
    }
    List<Cell> cells = call.cells();
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i) != null) {
        latest.remove(cells.get(i), where(call.number(), i));
      }
    }
  }
}
