package org.chrononbeam.fetcher;

import static org.chrononbeam.fetcher.NaiveReference.DAY;
import static org.chrononbeam.fetcher.NaiveReference.HOUR;
import static org.chrononbeam.fetcher.Uploads.BATCH_END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.fetcher.NaiveReference.Event;
import org.chrononbeam.fetcher.NaiveReference.Feature;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Join fetches over two GroupBys (one with a prefix), both reached from the left column {@code
 * user} through a key mapping, with a derivation over both: values against the brute-force
 * reference, one multiGet per call, a failing part reported by name while the other returns,
 * request errors, and the metadata cache's TTL.
 */
class FetchJoinTest {

  private static final String PURCHASES = "team.purchases.v1";
  private static final String REFUNDS = "team.refunds.v1";
  private static final String JOIN = "team.checkout.v1";
  private static final String REQUEST_NAME = "team/checkout.v1";
  private static final List<Feature> PURCHASE_FEATURES = List.of(
      new Feature("price_sum_1d", Operation.SUM, 0, DAY),
      new Feature("price_count_12h", Operation.COUNT, 0, 12 * HOUR),
      new Feature("price_last3", Operation.LAST_K, 3, null));
  private static final List<Feature> REFUND_FEATURES = List.of(
      new Feature("price_sum_7d", Operation.SUM, 0, 7 * DAY),
      new Feature("price_max_5h", Operation.MAX, 0, 5 * HOUR));
  private static final String PURCHASE_PREFIX = "team_purchases_v1_";
  private static final String REFUND_PREFIX = "r_team_refunds_v1_";

  @TempDir static Path dir;
  private static KvStore store;
  private static InstrumentedStore instrumented;
  private static Map<Long, List<Event>> purchases;
  private static Map<Long, List<Event>> refunds;

  @BeforeAll
  static void upload() {
    store = KvStores.open("embedded:" + dir.resolve("kv"));
    instrumented = new InstrumentedStore(store);
    purchases = Uploads.purchases(new Random(21), 10);
    refunds = Uploads.purchases(new Random(22), 10);
    Uploads.upload(store, Uploads.groupBy(PURCHASES, Accuracy.TEMPORAL, PURCHASE_FEATURES, null),
        purchases, false);
    Uploads.upload(store, Uploads.groupBy(REFUNDS, Accuracy.TEMPORAL, REFUND_FEATURES, null),
        refunds, false);
    Uploads.uploadJoin(store, join("spend_minus_refund"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void heal() {
    instrumented.failingDatasets.clear();
  }

  private static Join join(String derivedName) {
    GroupBy purchasesGroupBy =
        Uploads.groupBy(PURCHASES, Accuracy.TEMPORAL, PURCHASE_FEATURES, null);
    GroupBy refundsGroupBy = Uploads.groupBy(REFUNDS, Accuracy.TEMPORAL, REFUND_FEATURES, null);
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setTeam("team"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(Map.of("user", "user", "ts", "ts"))
                .setTimeColumn("ts"))))
        .setJoinParts(List.of(
            new JoinPart().setGroupBy(purchasesGroupBy).setKeyMapping(Map.of("user", "user_id")),
            new JoinPart().setGroupBy(refundsGroupBy).setKeyMapping(Map.of("user", "user_id"))
                .setPrefix("r")))
        .setDerivations(List.of(
            new Derivation().setName("*").setExpression("*"),
            new Derivation().setName(derivedName).setExpression(
                PURCHASE_PREFIX + "price_sum_1d - " + REFUND_PREFIX + "price_sum_7d")));
  }

  private static Object difference(long user, long q) {
    Object spent = NaiveReference.value(PURCHASE_FEATURES.get(0), Accuracy.TEMPORAL,
        purchases.get(user), q);
    Object refunded = NaiveReference.value(REFUND_FEATURES.get(0), Accuracy.TEMPORAL,
        refunds.get(user), q);
    return spent == null || refunded == null ? null : (Double) spent - (Double) refunded;
  }

  @Test
  void joinFeaturesAndDerivationsMatchTheReferenceInOneMultiGet() {
    Fetcher fetcher = new Fetcher(instrumented, FetcherOptions.defaults());
    Random random = new Random(5);
    List<Request> requests = new ArrayList<>();
    for (long user = 0; user < 10; user++) {
      for (int i = 0; i < 6; i++) {
        requests.add(new Request(REQUEST_NAME, Map.of("user", (int) user),
            Uploads.queryTime(random, purchases.get(user))));
      }
    }
    int before = instrumented.calls.size();
    List<Response> responses = fetcher.fetchJoin(requests).join();
    assertEquals(before + 3, instrumented.calls.size(), "join config, serving infos, data");
    assertEquals(10 * 2 * 2, instrumented.calls.get(instrumented.calls.size() - 1).size());
    List<String> columns = new ArrayList<>();
    PURCHASE_FEATURES.forEach(f -> columns.add(PURCHASE_PREFIX + f.column()));
    REFUND_FEATURES.forEach(f -> columns.add(REFUND_PREFIX + f.column()));
    columns.add("spend_minus_refund");
    for (Response response : responses) {
      long user = ((Integer) response.request().keys().get("user")).longValue();
      long q = response.request().atMillis();
      Map<String, Object> values = response.values();
      assertEquals(columns, List.copyOf(values.keySet()));
      NaiveReference.assertFeatures(PURCHASE_FEATURES, Accuracy.TEMPORAL, purchases.get(user), q,
          PURCHASE_PREFIX, values, "user " + user);
      NaiveReference.assertFeatures(REFUND_FEATURES, Accuracy.TEMPORAL, refunds.get(user), q,
          REFUND_PREFIX, values, "user " + user);
      NaiveReference.assertFeature(difference(user, q), values.get("spend_minus_refund"),
          "spend_minus_refund of user " + user + " at " + q);
    }
    fetcher.fetchJoin(requests.subList(0, 5)).join();
    assertEquals(before + 4, instrumented.calls.size(), "metadata is cached: one call");
  }

  @Test
  void aFailingPartIsNamedWhileTheOtherPartReturns() {
    Fetcher fetcher = new Fetcher(instrumented, FetcherOptions.defaults());
    long q = BATCH_END + 20 * HOUR;
    Request request = new Request(REQUEST_NAME, Map.of("user", "3"), q);
    fetcher.fetchJoin(List.of(request)).join();
    instrumented.failingDatasets.add("TEAM_REFUNDS_V1_STREAMING");
    Map<String, Object> values = fetcher.fetchJoin(List.of(request)).join().get(0).values();
    NaiveReference.assertFeatures(PURCHASE_FEATURES, Accuracy.TEMPORAL, purchases.get(3L), q,
        PURCHASE_PREFIX, values, "purchases");
    String error = (String) values.get("r_team_refunds_v1_exception");
    assertTrue(error.startsWith("KV_FAILURE") && error.contains("TEAM_REFUNDS_V1_STREAMING"),
        error);
    assertTrue(values.containsKey("spend_minus_refund"));
    assertNull(values.get("spend_minus_refund"));
    REFUND_FEATURES.forEach(f -> assertFalse(values.containsKey(REFUND_PREFIX + f.column())));
  }

  @Test
  void aPartWhoseServingInfoCannotBeReadSkipsTheDerivationsButNotTheOtherPart() {
    instrumented.failingDatasets.add("TEAM_REFUNDS_V1_BATCH");
    Fetcher fetcher = new Fetcher(instrumented, FetcherOptions.defaults());
    long q = BATCH_END + 3 * HOUR;
    Map<String, Object> values = fetcher.fetchJoin(List.of(
        new Request(REQUEST_NAME, Map.of("user", 4L), q))).join().get(0).values();
    NaiveReference.assertFeatures(PURCHASE_FEATURES, Accuracy.TEMPORAL, purchases.get(4L), q,
        PURCHASE_PREFIX, values, "purchases");
    assertTrue(((String) values.get("r_team_refunds_v1_exception")).startsWith("KV_FAILURE"));
    assertTrue(values.containsKey(Fetcher.DERIVATION_EXCEPTION));
    assertFalse(values.containsKey("spend_minus_refund"));
    instrumented.failingDatasets.clear();
    Map<String, Object> healed = fetcher.fetchJoin(List.of(
        new Request(REQUEST_NAME, Map.of("user", 4L), q))).join().get(0).values();
    NaiveReference.assertFeatures(REFUND_FEATURES, Accuracy.TEMPORAL, refunds.get(4L), q,
        REFUND_PREFIX, healed, "refunds, once their serving info can be read (not the plan"
            + " worked out without it)");
    NaiveReference.assertFeature(difference(4, q), healed.get("spend_minus_refund"),
        "spend_minus_refund");
  }

  @Test
  void badJoinRequestsAreErrorsNotValues() {
    Fetcher fetcher = new Fetcher(instrumented, FetcherOptions.defaults());
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put("user", null);
    List<Response> responses = fetcher.fetchJoin(List.of(
        new Request(REQUEST_NAME, nullKey, BATCH_END),
        new Request(REQUEST_NAME, Map.of("user", 3), BATCH_END - 1),
        new Request("team/nothing.v1", Map.of("user", 3), BATCH_END),
        new Request(REQUEST_NAME, Map.of("customer", 3), BATCH_END))).join();
    FetchException nullError = responses.get(0).failure().orElseThrow();
    assertEquals(FetchException.Reason.INVALID_REQUEST, nullError.reason());
    assertTrue(nullError.getMessage().contains("key user is null"), nullError.getMessage());
    Map<String, Object> early = responses.get(1).values();
    for (String part : List.of("team_purchases_v1_exception", "r_team_refunds_v1_exception")) {
      String error = (String) early.get(part);
      assertTrue(error.startsWith("INVALID_REQUEST") && error.contains("before the batch end"),
          error);
    }
    assertEquals(List.of("spend_minus_refund", "team_purchases_v1_exception",
        "r_team_refunds_v1_exception"), List.copyOf(early.keySet()));
    assertNull(early.get("spend_minus_refund"));
    assertEquals(FetchException.Reason.NOT_FOUND,
        responses.get(2).failure().orElseThrow().reason());
    String missing = (String) responses.get(3).values().get("team_purchases_v1_exception");
    assertTrue(missing.contains("key user_id is missing"), missing);
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.ofEpochMilli(BATCH_END);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void metadataIsReadAgainOnlyAfterTheTtl() {
    MovableClock clock = new MovableClock();
    Fetcher fetcher = new Fetcher(instrumented,
        FetcherOptions.defaults().withCacheTtl(Duration.ofMinutes(1)).withClock(clock));
    Request request = Request.now(REQUEST_NAME, Map.of("user", 2));
    int before = instrumented.calls.size();
    assertTrue(fetcher.fetchJoin(List.of(request)).join().get(0).values()
        .containsKey("spend_minus_refund"));
    assertEquals(before + 3, instrumented.calls.size());
    try {
      Uploads.uploadJoin(store, join("net_spend"));
      clock.now = clock.now.plusSeconds(59);
      assertTrue(fetcher.fetchJoin(List.of(request)).join().get(0).values()
          .containsKey("spend_minus_refund"), "within the TTL the cached config is used");
      assertEquals(before + 4, instrumented.calls.size());
      clock.now = clock.now.plusSeconds(2);
      Map<String, Object> values = fetcher.fetchJoin(List.of(request)).join().get(0).values();
      assertTrue(values.containsKey("net_spend"), "after the TTL the new config is read");
      assertFalse(values.containsKey("spend_minus_refund"));
      assertEquals(before + 7, instrumented.calls.size());
      NaiveReference.assertFeature(difference(2, clock.millis()), values.get("net_spend"),
          "net_spend");
    } finally {
      Uploads.uploadJoin(store, join("spend_minus_refund"));
    }
  }
}
