package org.chrononbeam.kv.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PutBatchesTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdown();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }

  /**
   * A store that applies each call on another thread after a random pause, and a call's puts in a
   * random order: calls in flight together land in any order, as a remote store's may.
   */
  private class ReorderingStore implements KvStore {
    final Map<String, byte[]> cells = new ConcurrentHashMap<>();
    private final Random random;

    ReorderingStore(long seed) {
      this.random = new Random(seed);
    }

    @Override
    public void create(String dataset) {}

    @Override
    public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
      List<PutRequest> shuffled = new ArrayList<>(requests);
      long pauseNanos;
      synchronized (random) {
        Collections.shuffle(shuffled, random);
        pauseNanos = random.nextInt(200_000);
      }
      return CompletableFuture.runAsync(() -> {
        LockSupport.parkNanos(pauseNanos);
        for (PutRequest put : shuffled) {
          cells.put(cellOf(put), put.valueBytes());
        }
      }, threads);
    }

    @Override
    public void close() {}
  }

  private static String cellOf(PutRequest put) {
    return put.dataset() + "/" + ByteBuffer.wrap(put.keyBytes()).getInt() + "@" + put.tsMillis();
  }

  @Test
  void theLastPutOfEveryCellIsTheOneStoredWhateverOrderCallsLandIn() {
    // one put in eight is of a key of its own without a version: sent as it comes, among the others
    for (int round = 0; round < 40; round++) {
      Random random = new Random(round);
      ReorderingStore store = new ReorderingStore(round);
      int batchSize = 1 + random.nextInt(8);
      PutBatches batches = new PutBatches(store, batchSize, 1 + random.nextInt(4), true);
      Map<String, byte[]> expected = new HashMap<>();
      int puts = 50 + random.nextInt(400);
      for (int i = 0; i < puts; i++) {
        byte[] key = ByteBuffer.allocate(4).putInt(random.nextInt(12)).array();
        long version = 1_000L * random.nextInt(3);
        String dataset = random.nextBoolean() ? "A_STREAMING" : "B_STREAMING";
        boolean unversioned = random.nextInt(8) == 0;
        if (unversioned) {
          key = ByteBuffer.allocate(4).putInt(1_000 + i).array();
        }
        PutRequest put = new PutRequest(key, ByteBuffer.allocate(4).putInt(i).array(), dataset,
            unversioned ? null : version);
        expected.put(cellOf(put), put.valueBytes());
        batches.add(put);
      }
      batches.finish();
      assertEquals(expected.keySet(), store.cells.keySet(), "round " + round);
      for (Map.Entry<String, byte[]> cell : expected.entrySet()) {
        assertEquals(ByteBuffer.wrap(cell.getValue()).getInt(),
            ByteBuffer.wrap(store.cells.get(cell.getKey())).getInt(),
            "round " + round + ", cell " + cell.getKey());
      }
    }
  }

  @Test
  void aFailedCallIsAKvStoreErrorAtTheLatestWhenTheBatchesFinish() {
    KvStore failing = new ReorderingStore(1) {
      @Override
      public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
        return CompletableFuture.failedFuture(new IllegalStateException("disk full"));
      }
    };
    PutBatches batches = new PutBatches(failing, 10, 4, true);
    batches.add(new PutRequest(new byte[] {1}, new byte[] {2}, "A_STREAMING", 5L));
    KvStoreException error = assertThrows(KvStoreException.class, batches::finish);
    assertEquals("disk full", error.getCause().getMessage());
  }
}
