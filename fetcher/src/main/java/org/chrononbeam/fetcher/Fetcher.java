package org.chrononbeam.fetcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;

/**
 * Chronon's online fetcher: the features of GroupBys and joins for given keys at a given time,
 * read from a {@link KvStore} written by the batch upload and the streaming job. The values are
 * those the backfill computes for the same key and time.
 *
 * <pre>{@code
 * try (KvStore store = KvStores.open("embedded:/var/chronon/kv")) {
 *   Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
 *   List<Response> responses = fetcher.fetchJoin(List.of(
 *       new Request("quickstart/training_set.v2", Map.of("user_id", "5"), null))).join();
 *   Map<String, Object> features = responses.get(0).values();
 *   // {quickstart_purchases_v1_purchase_price_sum_14d=..., ...}
 * }
 * }</pre>
 *
 * <h2>What a fetch reads</h2>
 *
 * <ul>
 *   <li>Metadata, cached for {@link FetcherOptions#cacheTtl()}: a join's config from {@code
 *       ZIPLINE_METADATA} under {@code joins/<team>/<rest>}; a GroupBy's serving info from its
 *       {@code _BATCH} dataset under {@code group_by_serving_info}. The entries a call misses are
 *       read in one {@code multiGet} (joins first, then their GroupBys).
 *   <li>Data, in one {@code multiGet} for all the requests of a call: each GroupBy's batch value of
 *       the key and, for TEMPORAL GroupBys with aggregations, its {@code _STREAMING} versions
 *       since the batch end.
 * </ul>
 *
 * <h2>How values are computed</h2>
 *
 * <ul>
 *   <li>TEMPORAL: the batch IR as of {@code batchEnd} is merged with the streaming rows with
 *       {@code batchEnd <= ts < atMillis} (entity before-images deleted) and finalized; a window
 *       covers {@code [floor(atMillis - w, hop), atMillis)}. When the GroupBy's {@code customJson}
 *       has {@code "enable_tiling": true}, streaming values are tiles: for each tile, the newest
 *       version written before {@code atMillis} is merged. Queries are answered from {@code
 *       batchEnd} to {@code batchEnd} + 2 days (the upload's horizon).
 *   <li>SNAPSHOT: the outputs finalized as of {@code batchEnd}. Without aggregations: the batch row.
 *   <li>The GroupBy's derivations are applied over its keys, outputs, {@code ts} (= {@code
 *       atMillis}) and {@code ds} (its date). A join maps its left keys through each part's {@code
 *       keyMapping} (unmapped GroupBy keys take the left column of the same name), names columns
 *       {@code [<prefix>_]<groupBy>_<column>} and applies its derivations over the left keys,
 *       {@code ts}, the feature columns and {@code ds}, with the expression engine the backfill
 *       uses.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * <p>A request with a null key, or with {@code atMillis} before a GroupBy's batch end, gets a
 * {@link FetchException} ({@code INVALID_REQUEST}), never a value. A KV read that fails or exceeds
 * {@link FetcherOptions#timeout()} fails the GroupBy it was for. In a join, a failed part is the
 * value {@code [<prefix>_]<groupBy>_exception} (the error message), its own columns are left out,
 * and the other parts keep their values (derived columns computed from a failed part are null). If
 * the derivations cannot run, the response holds the feature columns they would have kept as they
 * are, and {@value #DERIVATION_EXCEPTION}.
 */
public final class Fetcher {

  /** The value naming why a join's derivations could not be applied. */
  public static final String DERIVATION_EXCEPTION = "derivation_fetch_exception";

  private final KvStore store;
  private final FetcherOptions options;
  private final MetadataCache metadata;

  /** A fetcher reading {@code store}; it does not close the store. */
  public Fetcher(KvStore store, FetcherOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.metadata = new MetadataCache(store, options);
  }

  /**
   * The outputs of GroupBys, one response per request in order. Request names are GroupBy names
   * ({@code team.purchases.v1}); keys are the GroupBy's key columns. The future always completes
   * normally.
   */
  public CompletableFuture<List<Response>> fetchGroupBys(List<Request> requests) {
    List<Request> copy = List.copyOf(requests);
    return then(metadata.servings(names(copy)), servings -> {
      BatchedReads reads = new BatchedReads(2 * copy.size());
      List<Function<List<GetResponse>, Response>> answers = new ArrayList<>();
      for (Request request : copy) {
        answers.add(planGroupBy(request, servings.get(request.name()), reads));
      }
      return answer(reads, answers);
    });
  }

  /**
   * The features of joins, one response per request in order. Request names are join request
   * names ({@code team/checkout.v1}); keys are the left columns the join parts use. The future
   * always completes normally.
   */
  public CompletableFuture<List<Response>> fetchJoin(List<Request> requests) {
    List<Request> copy = List.copyOf(requests);
    Set<String> names = names(copy);
    if (names.size() == 1) {
      Loaded.Found<JoinConfig> cached = metadata.cachedJoin(names.iterator().next());
      if (cached != null) {
        JoinConfig join = cached.value();
        JoinPlan last = join.lastPlan();
        if (last != null && metadata.isCurrent(last, join.parts())) {
          return planJoins(copy, name -> cached, any -> last, 2 * join.groupBys().size());
        }
      }
    }
    return then(metadata.joins(names), joins -> {
      Set<String> groupBys;
      if (joins.size() == 1) {
        groupBys = joins.values().iterator().next() instanceof Loaded.Found<JoinConfig> found
            ? found.value().groupBys()
            : Set.of();
      } else {
        groupBys = new LinkedHashSet<>();
        for (Loaded<JoinConfig> join : joins.values()) {
          if (join instanceof Loaded.Found<JoinConfig> found) {
            groupBys.addAll(found.value().groupBys());
          }
        }
      }
      int readsPerRequest = 2 * groupBys.size();
      return then(metadata.servings(groupBys), servings ->
          planJoins(copy, joins::get, join -> join.plan(servings), readsPerRequest));
    });
  }

  /**
   * Plans the joins of {@code requests} ({@code joins}: request name to loaded config) with the
   * plans of their configs, reads and answers.
   */
  private CompletableFuture<List<Response>> planJoins(
      List<Request> requests,
      Function<String, Loaded<JoinConfig>> joins,
      Function<JoinConfig, JoinPlan> plans,
      int readsPerRequest) {
    BatchedReads reads = new BatchedReads(readsPerRequest * requests.size());
    List<Function<List<GetResponse>, Response>> answers = new ArrayList<>();
    for (Request request : requests) {
      answers.add(planJoin(request, joins.apply(request.name()), plans, reads));
    }
    return answer(reads, answers);
  }

  /** The distinct names of {@code requests}, in order. */
  private static Set<String> names(List<Request> requests) {
    int same = 1;
    while (same < requests.size() && requests.get(same).name().equals(requests.get(0).name())) {
      same++;
    }
    if (same >= requests.size()) {
      return requests.isEmpty() ? Set.of() : Set.of(requests.get(0).name());
    }
    Set<String> names = new LinkedHashSet<>();
    requests.forEach(request -> names.add(request.name()));
    return names;
  }

  /**
   * {@code next} of the value of {@code metadata}: called at once when the metadata is already
   * there (cached), without a future stage in between; else when it is loaded.
   */
  private static <T, R> CompletableFuture<R> then(
      CompletableFuture<T> metadata, Function<T, CompletableFuture<R>> next) {
    if (!metadata.isDone() || metadata.isCompletedExceptionally()) {
      return metadata.thenCompose(next);
    }
    try {
      return next.apply(metadata.join());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<List<Response>> answer(
      BatchedReads reads, List<Function<List<GetResponse>, Response>> answers) {
    return reads.run(store, options.timeout(), responses -> {
      List<Response> out = new ArrayList<>(answers.size());
      for (Function<List<GetResponse>, Response> answer : answers) {
        out.add(answer.apply(responses));
      }
      return out;
    });
  }

  private long atMillis(Request request) {
    return request.atMillis() != null ? request.atMillis() : options.clock().millis();
  }

  private Function<List<GetResponse>, Response> planGroupBy(
      Request request, Loaded<GroupByServing> loaded, BatchedReads reads) {
    try {
      GroupByServing serving = loaded.get();
      PartRead part = serving.plan(request.keys(), atMillis(request), reads);
      return responses -> {
        try {
          return Response.of(request, serving.namedOutputs(part, responses));
        } catch (FetchException e) {
          return Response.failed(request, e);
        }
      };
    } catch (FetchException e) {
      return responses -> Response.failed(request, e);
    }
  }

  /**
   * One join part of one request: its planned read, or why it has none. The serving is kept when
   * the part's columns are known (its types are needed by the join's derivations).
   */
  private record PartPlan(
      JoinConfig.Part part, GroupByServing serving, PartRead read, FetchException error) {}

  private Function<List<GetResponse>, Response> planJoin(
      Request request,
      Loaded<JoinConfig> loaded,
      Function<JoinConfig, JoinPlan> plans,
      BatchedReads reads) {
    JoinConfig join;
    try {
      join = loaded.get();
      for (Map.Entry<String, Object> key : request.keys().entrySet()) {
        if (key.getValue() == null) {
          throw new FetchException(FetchException.Reason.INVALID_REQUEST,
              "key " + key.getKey() + " is null in a request of join " + request.name());
        }
      }
    } catch (FetchException e) {
      return responses -> Response.failed(request, e);
    }
    long q = atMillis(request);
    JoinPlan plan = plans.apply(join);
    List<PartPlan> parts = new ArrayList<>(join.parts().size());
    for (int p = 0; p < join.parts().size(); p++) {
      JoinConfig.Part part = join.parts().get(p);
      GroupByServing serving = plan.serving(p);
      try {
        if (serving == null) {
          plan.loaded(p).get();
        }
        if (!plan.columnsMatch(p)) {
          throw new FetchException(FetchException.Reason.BAD_DATA, "join " + request.name()
              + " names " + part.columns() + " for GroupBy " + part.groupBy() + ", but the"
              + " uploaded GroupBy has the columns "
              + serving.outputColumns().stream().map(Column::name).toList());
        }
        int same = plan.sameKeyAs(p);
        PartRead sameKey = same >= 0 ? parts.get(same).read() : null;
        PartRead read;
        if (sameKey != null) {
          read = serving.plan(sameKey, q, reads);
        } else {
          Map<String, String> leftOf = plan.leftOf(p);
          read = serving.plan(leftOf == null ? request.keys() : partKeys(leftOf, request.keys()),
              q, reads);
        }
        parts.add(new PartPlan(part, serving, read, null));
      } catch (FetchException e) {
        parts.add(new PartPlan(part, serving != null && plan.columnsMatch(p) ? serving : null,
            null, e));
      }
    }
    return responses -> joinResponse(request, join, q, parts, responses);
  }

  /**
   * The GroupBy keys of a join part: for each of its key columns ({@code leftOf}: key column to
   * left column), the request's value of the left column, when it has a non-null one.
   */
  private static Map<String, ?> partKeys(Map<String, String> leftOf, Map<String, ?> request) {
    if (leftOf.size() == 1) {
      Map.Entry<String, String> only = leftOf.entrySet().iterator().next();
      Object value = request.get(only.getValue());
      return value == null ? Map.of() : Map.of(only.getKey(), value);
    }
    Map<String, Object> keys = new HashMap<>();
    for (Map.Entry<String, String> key : leftOf.entrySet()) {
      Object value = request.get(key.getValue());
      if (value != null) {
        keys.put(key.getKey(), value);
      }
    }
    return keys;
  }

  private Response joinResponse(
      Request request, JoinConfig join, long q, List<PartPlan> parts, List<GetResponse> responses) {
    Object[][] outputs = new Object[parts.size()][];
    Map<String, Object> exceptions = Map.of();
    boolean typesKnown = true;
    for (int p = 0; p < outputs.length; p++) {
      PartPlan plan = parts.get(p);
      FetchException error = plan.error();
      if (plan.serving() != null) {
        if (error == null) {
          try {
            outputs[p] = plan.serving().outputs(plan.read(), responses);
          } catch (FetchException e) {
            error = e;
          }
        }
      } else {
        typesKnown = false;
      }
      if (error != null) {
        if (exceptions.isEmpty()) {
          exceptions = new LinkedHashMap<>();
        }
        exceptions.put(plan.part().exceptionColumn(), error.getMessage());
      }
    }
    boolean derived = join.hasDerivations();
    if (!derived && exceptions.isEmpty() && join.featureColumns() != null) {
      Object[] values = new Object[join.featureColumns().size()];
      int at = 0;
      for (Object[] part : outputs) {
        System.arraycopy(part, 0, values, at, part.length);
        at += part.length;
      }
      return Response.of(request, new ColumnValues(join.featureColumns(), values));
    }
    Map<String, Object> features = new LinkedHashMap<>();
    for (int p = 0; p < outputs.length; p++) {
      if (outputs[p] != null) {
        List<String> columns = parts.get(p).part().columns();
        for (int i = 0; i < outputs[p].length; i++) {
          features.put(columns.get(i), outputs[p][i]);
        }
      }
    }
    if (!derived) {
      features.putAll(exceptions);
      return Response.of(request, features);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (!typesKnown) {
      keptAsTheyAre(join, features, values);
      values.put(DERIVATION_EXCEPTION, "derivations need the columns of every join part; "
          + exceptions.keySet() + " could not be loaded");
    } else {
      try {
        derive(join, q, parts, features, values);
        for (PartPlan plan : parts) {
          if (exceptions.containsKey(plan.part().exceptionColumn())) {
            plan.part().columns().forEach(values::remove);
          }
        }
      } catch (RuntimeException e) {
        values.clear();
        keptAsTheyAre(join, features, values);
        values.put(DERIVATION_EXCEPTION,
            "derivations of join " + request.name() + " failed: " + e);
      }
    }
    values.putAll(exceptions);
    return Response.of(request, values);
  }

  /**
   * Applies the join's derivations over its left key columns (those its parts use, with the types
   * of the GroupBy keys they feed), {@code ts}, the feature columns and {@code ds}.
   */
  private static void derive(
      JoinConfig join,
      long q,
      List<PartPlan> parts,
      Map<String, Object> features,
      Map<String, Object> values) {
    Map<String, Column> leftKeys = new LinkedHashMap<>();
    Map<String, Object> leftValues = new LinkedHashMap<>();
    List<Column> featureColumns = new ArrayList<>();
    for (PartPlan plan : parts) {
      GroupByServing serving = plan.serving();
      Map<String, String> leftOf = plan.part().leftColumns(serving);
      for (Map.Entry<String, String> key : leftOf.entrySet()) {
        leftKeys.putIfAbsent(key.getValue(),
            Column.of(key.getValue(), serving.keyKind(key.getKey())));
        if (plan.read() != null) {
          leftValues.putIfAbsent(key.getValue(), plan.read().keys().get(key.getKey()));
        }
      }
      List<Column> columns = serving.outputColumns();
      for (int i = 0; i < columns.size(); i++) {
        featureColumns.add(new Column(plan.part().columns().get(i), columns.get(i).type()));
      }
    }
    List<Column> columns = new ArrayList<>(leftKeys.values());
    List<Object> row = new ArrayList<>();
    leftKeys.keySet().forEach(left -> row.add(leftValues.get(left)));
    if (!leftKeys.containsKey("ts")) {
      columns.add(Column.of("ts", DataKind.LONG));
      row.add(q);
    }
    for (Column feature : featureColumns) {
      columns.add(feature);
      row.add(features.get(feature.name()));
    }
    if (!leftKeys.containsKey("ds")) {
      columns.add(Column.of("ds", DataKind.STRING));
      row.add(LocalDate.ofEpochDay(Math.floorDiv(q, 86_400_000L)).toString());
    }
    CompiledDerivations derivations = join.derivations(RowSchema.of(columns));
    Object[] derived = derivations.apply(row.toArray());
    RowSchema out = derivations.outputSchema();
    for (String column : join.outputColumns()) {
      int index = out.indexOf(column);
      if (index < 0) {
        throw new IllegalStateException("the derivations do not produce " + column);
      }
      values.put(column, derived[index]);
    }
  }

  /** The join's output columns that are feature columns kept by {@code *}, with their values. */
  private static void keptAsTheyAre(
      JoinConfig join, Map<String, Object> features, Map<String, Object> values) {
    List<String> outputs;
    try {
      outputs = join.outputColumns();
    } catch (IllegalArgumentException e) {
      outputs = List.copyOf(features.keySet());
    }
    for (String column : outputs) {
      if (features.containsKey(column)) {
        values.put(column, features.get(column));
      }
    }
  }
}
