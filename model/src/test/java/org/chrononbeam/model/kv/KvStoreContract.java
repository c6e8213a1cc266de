package org.chrononbeam.model.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link KvStore} must have. A store's test class extends this suite and says
 * how to open a handle on the store under test; the suite creates its own datasets (a fresh name
 * per test), so handles may share one server or directory across tests.
 *
 * <pre>{@code
 * class EmbeddedKvStoreTest extends KvStoreContract {
 *   @TempDir static Path dir;
 *   @Override protected KvStore openStore() { return EmbeddedKvStore.open(dir); }
 * }
 * }</pre>
 */
@Timeout(60)
public abstract class KvStoreContract {

  private static final byte[] KEY = bytes("user_1");

  /** The store under test, opened before each test and closed after it. */
  protected KvStore store;

  /**
   * Opens a new handle on the store under test. Each call must see what earlier, closed handles
   * wrote: the suite checks that data outlives a handle.
   */
  protected abstract KvStore openStore() throws Exception;

  @BeforeEach
  void openStoreUnderTest() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStoreUnderTest() {
    store.close();
  }

  /**
   * How many puts and gets {@link #largeBatchesOfTenThousandPutsAndGets} sends in one call. Only a
   * test double whose cost grows with the square of the batch (e.g. an in-JVM server that scans for
   * every lookup) should lower it, and say why.
   */
  protected int largeBatchSize() {
    return 10_000;
  }

  /**
   * A dataset name no other test uses, shaped like Chronon's: upper-case letters, digits, {@code
   * _}.
   */
  protected static String newDataset(String stem) {
    return stem
        + "_"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16).toUpperCase();
  }

  /** The UTF-8 bytes of {@code text}. */
  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private String created(String stem) {
    String dataset = newDataset(stem);
    store.create(dataset);
    return dataset;
  }

  private void put(String dataset, byte[] key, String value, long ts) {
    store.multiPut(List.of(new PutRequest(key, bytes(value), dataset, ts))).join();
  }

  private GetResponse get(GetRequest request) {
    List<GetResponse> responses = store.multiGet(List.of(request)).join();
    assertEquals(1, responses.size());
    assertEquals(request, responses.get(0).request());
    return responses.get(0);
  }

  private static TimedValue tv(String value, long ts) {
    return new TimedValue(bytes(value), ts);
  }

  @Test
  void readWithoutAfterTsReturnsOnlyTheLatestVersion() {
    String dataset = created("VERSIONS");
    put(dataset, KEY, "v100", 100);
    put(dataset, KEY, "v300", 300);
    put(dataset, KEY, "v200", 200);

    assertEquals(List.of(tv("v300", 300)), get(GetRequest.latest(KEY, dataset)).values());
  }

  @Test
  void rangeReadReturnsEveryVersionAtOrAfterTheBoundNewestFirst() {
    String dataset = created("RANGE");
    for (long ts : new long[] {0, 100, 200, 300}) {
      put(dataset, KEY, "v" + ts, ts);
    }

    assertEquals(
        List.of(tv("v300", 300), tv("v200", 200)),
        get(GetRequest.since(KEY, dataset, 200)).values());
    assertEquals(List.of(tv("v300", 300)), get(GetRequest.since(KEY, dataset, 201)).values());
    assertEquals(List.of(), get(GetRequest.since(KEY, dataset, 301)).values());
    assertEquals(4, get(GetRequest.since(KEY, dataset, 0)).values().size());
    assertEquals(
        List.of(tv("v300", 300), tv("v200", 200), tv("v100", 100), tv("v0", 0)),
        get(GetRequest.since(KEY, dataset, Long.MIN_VALUE)).values());
  }

  @Test
  void aPutOfTheSameKeyDatasetAndTsOverwrites() {
    String dataset = created("IDEMPOTENT");
    put(dataset, KEY, "first", 100);
    put(dataset, KEY, "second", 100);
    put(dataset, KEY, "second", 100);

    assertEquals(List.of(tv("second", 100)), get(GetRequest.since(KEY, dataset, 0)).values());
  }

  @Test
  void aPutWithoutTsIsStampedWithTheStoresClock() {
    String dataset = created("NOW");
    long before = System.currentTimeMillis();
    store.multiPut(List.of(new PutRequest(KEY, bytes("now"), dataset, null))).join();
    long after = System.currentTimeMillis();

    TimedValue latest = get(GetRequest.latest(KEY, dataset)).latest().orElseThrow();
    assertArrayEquals(bytes("now"), latest.bytes());
    assertTrue(before <= latest.millis() && latest.millis() <= after, latest.toString());
  }

  @Test
  void aMissingKeyIsAnEmptySuccessNotAnError() {
    String dataset = created("MISSING");
    put(dataset, KEY, "present", 1);

    GetResponse latest = get(GetRequest.latest(bytes("absent"), dataset));
    GetResponse range = get(GetRequest.since(bytes("absent"), dataset, 0));

    assertTrue(latest.succeeded());
    assertEquals(List.of(), latest.values());
    assertTrue(latest.failure().isEmpty());
    assertTrue(range.succeeded());
    assertEquals(List.of(), range.values());
  }

  @Test
  void keysSharingAPrefixDoNotMix() {
    String dataset = created("PREFIX");
    byte[][] keys = {bytes("a"), bytes("ab"), {'a', 0}, {'a', 0, 0}, {'a', (byte) 0xff}, {0}};
    for (int i = 0; i < keys.length; i++) {
      put(dataset, keys[i], "old" + i, 10);
      put(dataset, keys[i], "new" + i, 20);
    }

    for (int i = 0; i < keys.length; i++) {
      assertEquals(List.of(tv("new" + i, 20)), get(GetRequest.latest(keys[i], dataset)).values());
      assertEquals(
          List.of(tv("new" + i, 20), tv("old" + i, 10)),
          get(GetRequest.since(keys[i], dataset, 0)).values(),
          "key " + Arrays.toString(keys[i]));
    }
  }

  @Test
  void datasetsAreIsolated() {
    String batch = created("ISO_BATCH");
    String streaming = created("ISO_STREAMING");
    put(batch, KEY, "batch", 100);
    put(streaming, KEY, "streaming", 200);

    assertEquals(List.of(tv("batch", 100)), get(GetRequest.since(KEY, batch, 0)).values());
    assertEquals(List.of(tv("streaming", 200)), get(GetRequest.since(KEY, streaming, 0)).values());
  }

  @Test
  void createIsIdempotentAndKeepsData() {
    String dataset = created("CREATE");
    put(dataset, KEY, "kept", 5);
    store.create(dataset);

    assertEquals(List.of(tv("kept", 5)), get(GetRequest.latest(KEY, dataset)).values());
  }

  @Test
  void emptyAndLargeValuesRoundTrip() {
    String dataset = created("SIZES");
    byte[] large = new byte[1 << 20];
    new Random(7).nextBytes(large);
    store
        .multiPut(
            List.of(
                new PutRequest(bytes("empty"), new byte[0], dataset, 1L),
                new PutRequest(bytes("large"), large, dataset, 2L)))
        .join();

    assertEquals(
        List.of(new TimedValue(new byte[0], 1)),
        get(GetRequest.latest(bytes("empty"), dataset)).values());
    assertEquals(
        List.of(new TimedValue(large, 2)),
        get(GetRequest.latest(bytes("large"), dataset)).values());
  }

  @Test
  void responsesFollowRequestOrderAcrossDatasetsAndRepeats() {
    String a = created("ORDER_A");
    String b = created("ORDER_B");
    put(a, KEY, "a", 1);
    put(b, KEY, "b", 2);
    List<GetRequest> requests =
        List.of(
            GetRequest.latest(KEY, b),
            GetRequest.latest(bytes("absent"), a),
            GetRequest.since(KEY, a, 0),
            GetRequest.latest(KEY, b),
            GetRequest.latest(KEY, a));

    List<GetResponse> responses = store.multiGet(requests).join();

    assertEquals(requests, responses.stream().map(GetResponse::request).toList());
    assertEquals(List.of(tv("b", 2)), responses.get(0).values());
    assertEquals(List.of(), responses.get(1).values());
    assertEquals(List.of(tv("a", 1)), responses.get(2).values());
    assertEquals(List.of(tv("b", 2)), responses.get(3).values());
    assertEquals(List.of(tv("a", 1)), responses.get(4).values());
    assertEquals(List.of(), store.multiGet(List.of()).join());
    store.multiPut(List.of()).join();
  }

  @Test
  void largeBatchesOfTenThousandPutsAndGets() {
    String dataset = created("LARGE");
    int n = largeBatchSize();
    List<PutRequest> puts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      puts.add(new PutRequest(bytes("key" + i), bytes("value" + i), dataset, (long) i));
    }
    store.multiPut(puts).join();

    List<GetRequest> gets = new ArrayList<>(n + n / 10);
    for (int i = 0; i < n; i++) {
      gets.add(
          i % 2 == 0
              ? GetRequest.latest(bytes("key" + i), dataset)
              : GetRequest.since(bytes("key" + i), dataset, i));
      if (i % 10 == 0) {
        gets.add(GetRequest.latest(bytes("absent" + i), dataset));
      }
    }
    List<GetResponse> responses = store.multiGet(gets).join();

    assertEquals(gets.size(), responses.size());
    for (GetResponse response : responses) {
      String key = new String(response.request().keyBytes(), UTF_8);
      if (key.startsWith("absent")) {
        assertEquals(List.of(), response.values(), key);
      } else {
        int i = Integer.parseInt(key.substring(3));
        assertEquals(List.of(tv("value" + i, i)), response.values(), key);
      }
    }
  }

  @Test
  void bulkPutLoadsEveryRowAcrossChunks() {
    String dataset = created("BULK");
    int n = KvStore.BULK_PUT_CHUNK + 1_500;

    long written =
        store.bulkPut(
            IntStream.range(0, n)
                .mapToObj(
                    i -> new PutRequest(bytes("key" + i), bytes("value" + i), dataset, 1_000L))
                .iterator());

    assertEquals(n, written);
    for (int i : new int[] {0, KvStore.BULK_PUT_CHUNK - 1, KvStore.BULK_PUT_CHUNK, n - 1}) {
      assertEquals(
          List.of(tv("value" + i, 1_000)),
          get(GetRequest.latest(bytes("key" + i), dataset)).values());
    }
  }

  @Test
  void concurrentCallersSeeTheirOwnWritesAndKeepEveryVersion() throws Exception {
    String dataset = created("CONCURRENT");
    byte[] shared = bytes("shared");
    int threads = 8;
    int rounds = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  byte[] own = bytes("thread" + thread);
                  for (int r = 0; r < rounds; r++) {
                    long ts = 1_000L * r + thread;
                    store
                        .multiPut(
                            List.of(
                                new PutRequest(own, bytes("r" + r), dataset, (long) r),
                                new PutRequest(shared, bytes("t" + thread + "r" + r), dataset, ts)))
                        .join();
                    List<GetResponse> read =
                        store
                            .multiGet(
                                List.of(
                                    GetRequest.latest(own, dataset),
                                    GetRequest.since(shared, dataset, ts)))
                            .join();
                    assertEquals(List.of(tv("r" + r, r)), read.get(0).values());
                    assertFalse(read.get(1).values().isEmpty());
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<TimedValue> versions = get(GetRequest.since(shared, dataset, 0)).values();
    assertEquals(threads * rounds, versions.size());
    for (int i = 1; i < versions.size(); i++) {
      assertTrue(versions.get(i - 1).millis() > versions.get(i).millis(), "newest first");
    }
  }

  @Test
  void dataOutlivesTheHandleThatWroteIt() throws Exception {
    String dataset = created("REOPEN");
    put(dataset, KEY, "v1", 1);
    put(dataset, KEY, "v2", 2);
    store.close();

    store = openStore();

    assertEquals(
        List.of(tv("v2", 2), tv("v1", 1)), get(GetRequest.since(KEY, dataset, 0)).values());
  }

  @Test
  void readingADatasetNeverCreatedIsANamedFailureNotAnEmptyResult() {
    String dataset = created("EXISTS");
    put(dataset, KEY, "v", 1);
    String unknown = newDataset("NEVER_CREATED");

    List<GetResponse> responses =
        store
            .multiGet(
                List.of(
                    GetRequest.latest(KEY, unknown),
                    GetRequest.latest(KEY, dataset),
                    GetRequest.since(KEY, unknown, 0)))
            .join();

    for (GetResponse failed : List.of(responses.get(0), responses.get(2))) {
      assertFalse(failed.succeeded());
      assertEquals(
          KvStoreException.Reason.DATASET_NOT_FOUND, failed.failure().orElseThrow().reason());
      KvStoreException thrown = assertThrows(KvStoreException.class, failed::values);
      assertEquals(KvStoreException.Reason.DATASET_NOT_FOUND, thrown.reason());
    }
    assertEquals(List.of(tv("v", 1)), responses.get(1).values());
  }

  @Test
  void writingADatasetNeverCreatedFails() {
    String unknown = newDataset("NEVER_CREATED");

    CompletionException thrown =
        assertThrows(
            CompletionException.class,
            () -> store.multiPut(List.of(new PutRequest(KEY, bytes("v"), unknown, 1L))).join());

    KvStoreException cause = assertInstanceOf(KvStoreException.class, thrown.getCause());
    assertEquals(KvStoreException.Reason.DATASET_NOT_FOUND, cause.reason());
  }

  @Test
  void aDatasetCreatedThroughAnotherHandleIsUsableAtOnce() throws Exception {
    String dataset = newDataset("OTHER_HANDLE");
    store.multiGet(List.of(GetRequest.latest(KEY, newDataset("WARM_UP")))).join();
    try (KvStore other = openStore()) {
      other.create(dataset);
      other.multiPut(List.of(new PutRequest(KEY, bytes("from other"), dataset, 3L))).join();
    }

    assertEquals(List.of(tv("from other", 3)), get(GetRequest.latest(KEY, dataset)).values());
    put(dataset, KEY, "from this", 4);
    assertEquals(List.of(tv("from this", 4)), get(GetRequest.latest(KEY, dataset)).values());
  }

  @Test
  void aClosedStoreAnswersStoreClosedFailures() {
    String dataset = created("CLOSED");
    put(dataset, KEY, "v", 1);
    store.close();
    store.close();

    KvStoreException onCreate =
        assertThrows(KvStoreException.class, () -> store.create(newDataset("LATE")));
    assertEquals(KvStoreException.Reason.STORE_CLOSED, onCreate.reason());

    GetResponse response = store.multiGet(List.of(GetRequest.latest(KEY, dataset))).join().get(0);
    assertEquals(KvStoreException.Reason.STORE_CLOSED, response.failure().orElseThrow().reason());
    assertThrows(KvStoreException.class, response::values);

    CompletionException thrown =
        assertThrows(
            CompletionException.class,
            () -> store.multiPut(List.of(new PutRequest(KEY, bytes("w"), dataset, 2L))).join());
    KvStoreException cause = assertInstanceOf(KvStoreException.class, thrown.getCause());
    assertEquals(KvStoreException.Reason.STORE_CLOSED, cause.reason());
  }
}
