package org.chrononbeam.fetcher;

import static org.chrononbeam.fetcher.NaiveReference.DAY;
import static org.chrononbeam.fetcher.NaiveReference.HOUR;
import static org.chrononbeam.fetcher.Uploads.BATCH_END;
import static org.chrononbeam.fetcher.Uploads.TEMPORAL_FEATURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Operation;
import org.chrononbeam.fetcher.NaiveReference.Event;
import org.chrononbeam.fetcher.NaiveReference.Feature;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GroupBy fetches from an embedded store holding batch IRs, streaming rows and tiles written as the
 * upload and the streaming job write them, against the brute-force reference at random query times
 * after the batch end; and the errors a GroupBy fetch reports.
 */
class FetchGroupByTest {

  private static final String EVENTS = "team.purchases.v1";
  private static final String TILED = "team.purchases_tiled.v1";
  private static final String SNAPSHOT = "team.purchases_daily.v1";
  private static final String DERIVED = "team.purchases_derived.v1";
  private static final List<Feature> SNAPSHOT_FEATURES = List.of(
      new Feature("price_sum_1d", Operation.SUM, 0, DAY),
      new Feature("price_count_7d", Operation.COUNT, 0, 7 * DAY),
      new Feature("price_max_30d", Operation.MAX, 0, 30 * DAY),
      new Feature("price_last3", Operation.LAST_K, 3, null));

  @TempDir static Path dir;
  private static KvStore store;
  private static InstrumentedStore instrumented;
  private static Map<Long, List<Event>> purchases;

  @BeforeAll
  static void upload() {
    store = KvStores.open("embedded:" + dir.resolve("kv"));
    instrumented = new InstrumentedStore(store);
    purchases = Uploads.purchases(new Random(11), 15);
    Uploads.upload(store, Uploads.groupBy(EVENTS, Accuracy.TEMPORAL, TEMPORAL_FEATURES, null),
        purchases, false);
    Uploads.upload(store, Uploads.groupBy(TILED, Accuracy.TEMPORAL, TEMPORAL_FEATURES,
        "{\"enable_tiling\": true, \"lag\": 0}"), purchases, true);
    Uploads.upload(store, Uploads.groupBy(SNAPSHOT, Accuracy.SNAPSHOT, SNAPSHOT_FEATURES, null),
        purchases, false);
    GroupBy derived = Uploads.groupBy(DERIVED, Accuracy.TEMPORAL, TEMPORAL_FEATURES, null)
        .setDerivations(List.of(
            new Derivation().setName("*").setExpression("*"),
            new Derivation().setName("avg_1d").setExpression("price_sum_1d / price_count_12h"),
            new Derivation().setName("user_ds").setExpression("concat(ds, '/', user_id)")));
    Uploads.upload(store, derived, purchases, false);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static Fetcher fetcher() {
    return new Fetcher(instrumented, FetcherOptions.defaults());
  }

  private static void assertMatchesReference(String name, List<Feature> features,
      Accuracy accuracy, long seed) {
    Fetcher fetcher = fetcher();
    Random random = new Random(seed);
    List<Request> requests = new ArrayList<>();
    for (Map.Entry<Long, List<Event>> user : purchases.entrySet()) {
      for (int i = 0; i < 8; i++) {
        requests.add(new Request(name, Map.of("user_id", user.getKey()),
            Uploads.queryTime(random, user.getValue())));
      }
    }
    List<Response> responses = fetcher.fetchGroupBys(requests).join();
    assertEquals(requests.size(), responses.size());
    for (Response response : responses) {
      Request request = response.request();
      long user = (Long) request.keys().get("user_id");
      long q = accuracy == Accuracy.SNAPSHOT ? BATCH_END : request.atMillis();
      Map<String, Object> values = response.values();
      assertEquals(features.stream().map(Feature::column).toList(), List.copyOf(values.keySet()));
      NaiveReference.assertFeatures(features, accuracy, purchases.get(user), q, "", values,
          name + " user " + user);
    }
  }

  @Test
  void temporalFetchesMergeBatchIrsWithStreamingRowsAsTheReferenceDoes() {
    assertMatchesReference(EVENTS, TEMPORAL_FEATURES, Accuracy.TEMPORAL, 1);
  }

  @Test
  void tiledFetchesMergeTheNewestTileVersionBeforeTheQueryTime() {
    assertMatchesReference(TILED, TEMPORAL_FEATURES, Accuracy.TEMPORAL, 2);
  }

  @Test
  void snapshotFetchesReturnTheOutputsAsOfTheBatchEnd() {
    assertMatchesReference(SNAPSHOT, SNAPSHOT_FEATURES, Accuracy.SNAPSHOT, 3);
  }

  @Test
  void oneCallReadsAllItsRequestsInOneMultiGet() {
    Fetcher fetcher = fetcher();
    fetcher.fetchGroupBys(List.of(new Request(EVENTS, Map.of("user_id", 3L), BATCH_END))).join();
    int before = instrumented.calls.size();
    List<Request> requests = new ArrayList<>();
    for (long user = 0; user < 10; user++) {
      requests.add(new Request(EVENTS, Map.of("user_id", user), BATCH_END + user * HOUR));
      requests.add(new Request(SNAPSHOT, Map.of("user_id", user), BATCH_END + HOUR));
    }
    requests.add(new Request(EVENTS, Map.of("user_id", 0L), BATCH_END + 5 * HOUR));
    fetcher.fetchGroupBys(requests).join().forEach(Response::values);
    assertEquals(before + 2, instrumented.calls.size(), "serving info of SNAPSHOT, then data");
    // EVENTS: batch + streaming per user (user 0 twice, read once); SNAPSHOT: batch only
    assertEquals(10 * 2 + 10, instrumented.calls.get(instrumented.calls.size() - 1).size());
  }

  @Test
  void keysOfAnyIntegralFormFindTheIntKeyedValues() {
    Fetcher fetcher = fetcher();
    long q = BATCH_END + 7 * HOUR;
    List<Response> responses = fetcher.fetchGroupBys(List.of(
        new Request(EVENTS, Map.of("user_id", 3L), q),
        new Request(EVENTS, Map.of("user_id", 3), q),
        new Request(EVENTS, Map.of("user_id", "3"), q),
        new Request(EVENTS, Map.of("user_id", (short) 3), q))).join();
    assertTrue(responses.get(0).values().get("price_sum") != null);
    for (Response response : responses) {
      assertEquals(responses.get(0).values(), response.values());
    }
  }

  @Test
  void groupByDerivationsSeeKeysOutputsAndTheQueryDate() {
    Fetcher fetcher = fetcher();
    long q = BATCH_END + 30 * HOUR + 17;
    Map<String, Object> values = fetcher.fetchGroupBys(
        List.of(new Request(DERIVED, Map.of("user_id", 3), q))).join().get(0).values();
    List<Event> events = purchases.get(3L);
    List<String> columns = new ArrayList<>(TEMPORAL_FEATURES.stream().map(Feature::column).toList());
    columns.add("avg_1d");
    columns.add("user_ds");
    assertEquals(columns, List.copyOf(values.keySet()));
    NaiveReference.assertFeatures(TEMPORAL_FEATURES, Accuracy.TEMPORAL, events, q, "", values,
        "derived");
    Object sum = NaiveReference.value(TEMPORAL_FEATURES.get(1), Accuracy.TEMPORAL, events, q);
    Object count = NaiveReference.value(TEMPORAL_FEATURES.get(3), Accuracy.TEMPORAL, events, q);
    NaiveReference.assertFeature(sum == null || count == null ? null
        : (Double) sum / (Long) count, values.get("avg_1d"), "avg_1d");
    assertEquals("2024-03-12/3", values.get("user_ds"));
  }

  private static FetchException failure(Fetcher fetcher, Request request) {
    Response response = fetcher.fetchGroupBys(List.of(request)).join().get(0);
    assertFalse(response.succeeded(), "expected a failure, got " + response);
    return response.failure().orElseThrow();
  }

  @Test
  void aNullOrMissingKeyOrATimeOutsideTheBatchDataIsAnError() {
    Fetcher fetcher = fetcher();
    HashMap<String, Object> nullKey = new HashMap<>();
    nullKey.put("user_id", null);
    FetchException error = failure(fetcher, new Request(EVENTS, nullKey, BATCH_END));
    assertEquals(FetchException.Reason.INVALID_REQUEST, error.reason());
    assertTrue(error.getMessage().contains("user_id is null"), error.getMessage());
    error = failure(fetcher, new Request(EVENTS, Map.of("user", 3), BATCH_END));
    assertTrue(error.getMessage().contains("key user_id is missing"), error.getMessage());
    error = failure(fetcher, new Request(EVENTS, Map.of("user_id", 3), BATCH_END - 1));
    assertEquals(FetchException.Reason.INVALID_REQUEST, error.reason());
    assertTrue(error.getMessage().contains("before the batch end"), error.getMessage());
    error = failure(fetcher, new Request(SNAPSHOT, Map.of("user_id", 3), BATCH_END - DAY));
    assertTrue(error.getMessage().contains("before the batch end"), error.getMessage());
    error = failure(fetcher, new Request(EVENTS, Map.of("user_id", 3), BATCH_END + 3 * DAY));
    assertTrue(error.getMessage().contains("too old"), error.getMessage());
    error = failure(fetcher, new Request(EVENTS, Map.of("user_id", "three"), BATCH_END));
    assertEquals(FetchException.Reason.INVALID_REQUEST, error.reason());
    error = failure(fetcher, new Request("team.nothing.v1", Map.of("user_id", 3), BATCH_END));
    assertEquals(FetchException.Reason.NOT_FOUND, error.reason());
    assertTrue(error.getMessage().contains("TEAM_NOTHING_V1_BATCH"), error.getMessage());
  }

  @Test
  void aKeyWithNoDataHasNullFeatures() {
    Map<String, Object> values = fetcher().fetchGroupBys(List.of(
        new Request(EVENTS, Map.of("user_id", 999), BATCH_END + HOUR))).join().get(0).values();
    assertEquals(TEMPORAL_FEATURES.size(), values.size());
    values.values().forEach(v -> assertEquals(null, v));
  }

  @Test
  void aFailingOrSilentStoreFailsTheFetchInsteadOfDroppingValues() {
    Fetcher fetcher = new Fetcher(instrumented,
        FetcherOptions.defaults().withTimeout(Duration.ofMillis(200)));
    Request request = new Request(EVENTS, Map.of("user_id", 3), BATCH_END + HOUR);
    fetcher.fetchGroupBys(List.of(request)).join().get(0).values();
    instrumented.failingDatasets.add("TEAM_PURCHASES_V1_STREAMING");
    try {
      FetchException error = failure(fetcher, request);
      assertEquals(FetchException.Reason.KV_FAILURE, error.reason());
      assertTrue(error.getMessage().contains("TEAM_PURCHASES_V1_STREAMING"), error.getMessage());
    } finally {
      instrumented.failingDatasets.clear();
    }
    instrumented.hanging = true;
    try {
      FetchException error = failure(fetcher, request);
      assertEquals(FetchException.Reason.KV_FAILURE, error.reason());
      assertTrue(error.getMessage().contains("did not answer within 200 ms"), error.getMessage());
    } finally {
      instrumented.hanging = false;
    }
  }

  @Test
  void aNewerUploadIsServedAtOnceAndItsServingInfoReadOnTheNextFetch() {
    String name = "team.purchases_reupload.v1";
    GroupBy groupBy = Uploads.groupBy(name, Accuracy.TEMPORAL, TEMPORAL_FEATURES, null);
    Uploads.upload(store, groupBy, purchases, false);
    Fetcher fetcher = fetcher();
    long user = 4;
    long q = BATCH_END + DAY + 5 * HOUR + 3;
    Request request = new Request(name, Map.of("user_id", user), q);
    fetcher.fetchGroupBys(List.of(new Request(name, Map.of("user_id", user), BATCH_END))).join();

    Uploads.upload(store, groupBy, purchases, false, "2024-03-11");
    int before = instrumented.calls.size();
    Map<String, Object> values = fetcher.fetchGroupBys(List.of(request)).join().get(0).values();
    assertEquals(before + 1, instrumented.calls.size(), "the cached serving info is used once");
    NaiveReference.assertFeatures(TEMPORAL_FEATURES, Accuracy.TEMPORAL, purchases.get(user), q, "",
        values, "after the new upload");

    FetchException early = failure(fetcher, new Request(name, Map.of("user_id", user),
        BATCH_END + HOUR));
    assertEquals(before + 2, instrumented.calls.size(),
        "then the serving info is read again, and refuses the time without reading data");
    assertTrue(early.getMessage().contains("before the batch end " + (BATCH_END + DAY)),
        early.getMessage());
  }

  @Test
  void concurrentCallsOnAColdFetcherAgreeWithOneCall() throws Exception {
    List<Request> requests = new ArrayList<>();
    Random random = new Random(9);
    for (long user = 0; user < 15; user++) {
      requests.add(new Request(user % 2 == 0 ? EVENTS : TILED, Map.of("user_id", user),
          Uploads.queryTime(random, purchases.get(user))));
    }
    List<Map<String, Object>> expected = new ArrayList<>();
    fetcher().fetchGroupBys(requests).join().forEach(r -> expected.add(r.values()));
    Fetcher shared = fetcher();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Response>>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(threads.submit(() -> shared.fetchGroupBys(requests).join()));
      }
      for (Future<List<Response>> call : calls) {
        List<Response> responses = call.get(30, TimeUnit.SECONDS);
        for (int r = 0; r < responses.size(); r++) {
          assertEquals(expected.get(r), responses.get(r).values());
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
