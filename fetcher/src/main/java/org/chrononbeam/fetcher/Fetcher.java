package org.chrononbeam.fetcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.model.naming.TableNames;

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
  private final Map<List<Object>, CompiledDerivations> joinDerivations = new ConcurrentHashMap<>();

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
    Set<String> names = new LinkedHashSet<>();
    copy.forEach(request -> names.add(request.name()));
    return metadata.servings(names).thenCompose(servings -> {
      BatchedReads reads = new BatchedReads();
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
    Set<String> names = new LinkedHashSet<>();
    copy.forEach(request -> names.add(request.name()));
    return metadata.joins(names).thenCompose(joins -> {
      Set<String> groupBys = new LinkedHashSet<>();
      for (Loaded<Join> join : joins.values()) {
        if (join instanceof Loaded.Found<Join> found) {
          found.value().getJoinParts()
              .forEach(part -> groupBys.add(part.getGroupBy().getMetaData().getName()));
        }
      }
      return metadata.servings(groupBys).thenCompose(servings -> {
        BatchedReads reads = new BatchedReads();
        List<Function<List<GetResponse>, Response>> answers = new ArrayList<>();
        for (Request request : copy) {
          answers.add(planJoin(request, joins.get(request.name()), servings, reads));
        }
        return answer(reads, answers);
      });
    });
  }

  private CompletableFuture<List<Response>> answer(
      BatchedReads reads, List<Function<List<GetResponse>, Response>> answers) {
    return reads.run(store, options.timeout()).thenApply(responses -> {
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
          return Response.of(request, named(serving.outputColumns(), serving.outputs(part, responses)));
        } catch (FetchException e) {
          return Response.failed(request, e);
        }
      };
    } catch (FetchException e) {
      return responses -> Response.failed(request, e);
    }
  }

  private static Map<String, Object> named(List<Column> columns, Object[] values) {
    Map<String, Object> named = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      named.put(columns.get(i).name(), values[i]);
    }
    return named;
  }

  /** One join part of one request: its columns and its planned read, or why it has none. */
  private record PartPlan(
      List<String> columns,
      String exceptionColumn,
      GroupByServing serving,
      PartRead read,
      FetchException error) {}

  private Function<List<GetResponse>, Response> planJoin(
      Request request,
      Loaded<Join> loaded,
      Map<String, Loaded<GroupByServing>> servings,
      BatchedReads reads) {
    Join join;
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
    List<PartPlan> parts = new ArrayList<>();
    Map<String, Column> leftKeys = new LinkedHashMap<>();
    Map<String, Object> leftValues = new LinkedHashMap<>();
    for (JoinPart joinPart : join.getJoinParts()) {
      String groupBy = joinPart.getGroupBy().getMetaData().getName();
      String exceptionColumn = (joinPart.getPrefix() == null ? "" : joinPart.getPrefix() + "_")
          + TableNames.sanitize(groupBy) + "_exception";
      List<String> columns;
      try {
        columns = OutputColumns.of(joinPart);
      } catch (IllegalArgumentException e) {
        columns = List.of();
      }
      GroupByServing serving = null;
      try {
        serving = servings.get(groupBy).get();
        if (columns.size() != serving.outputColumns().size()) {
          throw new FetchException(FetchException.Reason.BAD_DATA, "join " + request.name()
              + " names " + columns + " for GroupBy " + groupBy + ", but the uploaded GroupBy has"
              + " the columns " + serving.outputColumns().stream().map(Column::name).toList());
        }
        Map<String, String> leftOf = leftColumns(joinPart, serving.keyColumns());
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map.Entry<String, String> key : leftOf.entrySet()) {
          if (request.keys().containsKey(key.getValue())) {
            keys.put(key.getKey(), request.keys().get(key.getValue()));
          }
          leftKeys.putIfAbsent(key.getValue(),
              Column.of(key.getValue(), serving.keyKind(key.getKey())));
        }
        PartRead read = serving.plan(keys, q, reads);
        leftOf.forEach((gbKey, left) -> leftValues.putIfAbsent(left, read.keys().get(gbKey)));
        parts.add(new PartPlan(columns, exceptionColumn, serving, read, null));
      } catch (FetchException e) {
        boolean named = serving != null && columns.size() == serving.outputColumns().size();
        parts.add(new PartPlan(columns, exceptionColumn, named ? serving : null, null, e));
      }
    }
    return responses -> joinResponse(request, join, q, parts, leftKeys, leftValues, responses);
  }

  /** GroupBy key column to the left column that feeds it: its keyMapping source, else itself. */
  private static Map<String, String> leftColumns(JoinPart joinPart, List<String> groupByKeys) {
    Map<String, String> leftOf = new LinkedHashMap<>();
    for (String key : groupByKeys) {
      leftOf.put(key, key);
    }
    if (joinPart.isSetKeyMapping()) {
      joinPart.getKeyMapping().forEach((left, key) -> {
        if (leftOf.containsKey(key)) {
          leftOf.put(key, left);
        }
      });
    }
    return leftOf;
  }

  private Response joinResponse(
      Request request,
      Join join,
      long q,
      List<PartPlan> parts,
      Map<String, Column> leftKeys,
      Map<String, Object> leftValues,
      List<GetResponse> responses) {
    Map<String, Object> features = new LinkedHashMap<>();
    Map<String, Object> exceptions = new LinkedHashMap<>();
    List<Column> featureColumns = new ArrayList<>();
    boolean typesKnown = true;
    for (PartPlan part : parts) {
      FetchException error = part.error();
      if (part.serving() != null) {
        List<Column> columns = part.serving().outputColumns();
        for (int i = 0; i < columns.size(); i++) {
          featureColumns.add(new Column(part.columns().get(i), columns.get(i).type()));
        }
        if (error == null) {
          try {
            Object[] values = part.serving().outputs(part.read(), responses);
            for (int i = 0; i < values.length; i++) {
              features.put(part.columns().get(i), values[i]);
            }
          } catch (FetchException e) {
            error = e;
          }
        }
      } else {
        typesKnown = false;
      }
      if (error != null) {
        exceptions.put(part.exceptionColumn(), error.getMessage());
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (!join.isSetDerivations() || join.getDerivations().isEmpty()) {
      values.putAll(features);
    } else if (!typesKnown) {
      keptAsTheyAre(join, features, values);
      values.put(DERIVATION_EXCEPTION, "derivations need the columns of every join part; "
          + exceptions.keySet() + " could not be loaded");
    } else {
      try {
        derive(join, q, leftKeys, leftValues, featureColumns, features, values);
        for (PartPlan part : parts) {
          if (exceptions.containsKey(part.exceptionColumn())) {
            part.columns().forEach(values::remove);
          }
        }
      } catch (RuntimeException e) {
        values.clear();
        keptAsTheyAre(join, features, values);
        values.put(DERIVATION_EXCEPTION, "derivations of join " + request.name() + " failed: " + e);
      }
    }
    values.putAll(exceptions);
    return Response.of(request, values);
  }

  private void derive(
      Join join,
      long q,
      Map<String, Column> leftKeys,
      Map<String, Object> leftValues,
      List<Column> featureColumns,
      Map<String, Object> features,
      Map<String, Object> values) {
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
    RowSchema base = RowSchema.of(columns);
    String name = join.getMetaData() != null && join.getMetaData().isSetName()
        ? join.getMetaData().getName()
        : "join";
    CompiledDerivations derivations = joinDerivations.computeIfAbsent(
        List.of(name, join.getDerivations(), base),
        key -> DerivationCompiler.compile(name, join.getDerivations(), base));
    Object[] derived = derivations.apply(row.toArray());
    RowSchema out = derivations.outputSchema();
    for (String column : OutputColumns.of(join)) {
      int index = out.indexOf(column);
      if (index < 0) {
        throw new IllegalStateException("the derivations do not produce " + column);
      }
      values.put(column, derived[index]);
    }
  }

  /** The join's output columns that are feature columns kept by {@code *}, with their values. */
  private static void keptAsTheyAre(
      Join join, Map<String, Object> features, Map<String, Object> values) {
    List<String> outputs;
    try {
      outputs = OutputColumns.of(join);
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
