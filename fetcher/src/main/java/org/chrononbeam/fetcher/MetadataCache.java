package org.chrononbeam.fetcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.model.naming.KvLayout;

/**
 * Join configs and GroupBy serving forms, read from the KV store and kept for the options' TTL.
 * The entries a fetch call misses are read in one {@code multiGet}; a failed or missing entry is
 * reported, not cached. A GroupBy whose batch data turned out newer than its serving info is read
 * again on the next fetch.
 */
final class MetadataCache {

  private final KvStore store;
  private final FetcherOptions options;
  /** Loaded entries are kept as the {@link Loaded.Found} a fetch call returns for them. */
  private final TtlCache<String, Loaded.Found<GroupByServing>> servings;
  private final TtlCache<String, Loaded.Found<JoinConfig>> joins;
  /** The cached serving form of a GroupBy, null when absent or stale. */
  private final Function<String, Loaded.Found<GroupByServing>> cachedServing;

  MetadataCache(KvStore store, FetcherOptions options) {
    this.store = store;
    this.options = options;
    this.servings = new TtlCache<>(options.cacheTtl(), options.clock());
    this.joins = new TtlCache<>(options.cacheTtl(), options.clock());
    this.cachedServing = name -> {
      Loaded.Found<GroupByServing> serving = servings.get(name);
      return serving == null || serving.value().isStale() ? null : serving;
    };
  }

  /** The serving forms of the GroupBys {@code names}. */
  CompletableFuture<Map<String, Loaded<GroupByServing>>> servings(Set<String> names) {
    return load(names,
        cachedServing,
        name -> GetRequest.latest(ServingInfoCodec.keyBytes(), KvLayout.batchDataset(name)),
        (name, bytes) -> GroupByServing.of(name, ServingInfoCodec.decode(bytes, name)),
        servings,
        name -> "no serving info for GroupBy " + name + " in " + KvLayout.batchDataset(name)
            + ": has it been uploaded?");
  }

  /**
   * Whether {@code plan}, a plan of the join parts {@code parts}, was worked out from the serving
   * forms cached now (loaded, within the TTL, not stale): then {@link #servings} of the parts'
   * GroupBys would give the same plan.
   */
  boolean isCurrent(JoinPlan plan, List<JoinConfig.Part> parts) {
    return plan.isFor(parts, cachedServing);
  }

  /**
   * The join config of the request name {@code name} if it is cached (loaded within the TTL),
   * else null: what {@link #joins} would give for it without reading.
   */
  Loaded.Found<JoinConfig> cachedJoin(String name) {
    return joins.get(name);
  }

  /** The join configs of the request names {@code names} ({@code team/rest}). */
  CompletableFuture<Map<String, Loaded<JoinConfig>>> joins(Set<String> names) {
    return load(names,
        joins::get,
        name -> GetRequest.latest(
            metadataKey(name).getBytes(StandardCharsets.UTF_8), KvLayout.METADATA_DATASET),
        MetadataCache::parseJoin,
        joins,
        name -> "no join " + name + " in " + KvLayout.METADATA_DATASET + " (key "
            + metadataKey(name) + "): has its metadata been uploaded?");
  }

  /**
   * The metadata key of a join request name: {@code team/rest} (or the config name {@code
   * team.rest}) becomes {@code joins/team/rest}.
   */
  static String metadataKey(String requestName) {
    String configName = requestName.contains("/")
        ? requestName.replaceFirst("/", ".")
        : requestName;
    return KvLayout.metadataKey(ConfigKind.JOIN, configName);
  }

  private static JoinConfig parseJoin(String name, byte[] bytes) {
    Join join = ThriftJson.read(new String(bytes, StandardCharsets.UTF_8), Join.class, name);
    if (!join.isSetJoinParts() || join.getJoinParts().isEmpty()) {
      throw new IllegalArgumentException("join " + name + " has no join parts");
    }
    for (JoinPart part : join.getJoinParts()) {
      if (part.getGroupBy() == null || part.getGroupBy().getMetaData() == null
          || !part.getGroupBy().getMetaData().isSetName()) {
        throw new IllegalArgumentException("join " + name + " has a part without a GroupBy name");
      }
    }
    return new JoinConfig(join);
  }

  private <T> CompletableFuture<Map<String, Loaded<T>>> load(
      Set<String> names,
      Function<String, Loaded.Found<T>> cached,
      Function<String, GetRequest> read,
      BiFunction<String, byte[], T> parse,
      TtlCache<String, Loaded.Found<T>> cache,
      Function<String, String> notFound) {
    if (names.size() == 1) {
      String name = names.iterator().next();
      Loaded.Found<T> hit = cached.apply(name);
      if (hit != null) {
        return CompletableFuture.completedFuture(Map.<String, Loaded<T>>of(name, hit));
      }
    }
    Map<String, Loaded<T>> loaded = new LinkedHashMap<>(2 * names.size());
    List<String> missed = List.of();
    for (String name : names) {
      Loaded.Found<T> hit = cached.apply(name);
      if (hit != null) {
        loaded.put(name, hit);
      } else {
        if (missed.isEmpty()) {
          missed = new ArrayList<>();
        }
        missed.add(name);
      }
    }
    if (missed.isEmpty()) {
      return CompletableFuture.completedFuture(loaded);
    }
    List<String> toRead = missed;
    List<GetRequest> requests = toRead.stream().map(read).toList();
    return BatchedReads.multiGet(store, requests, options.timeout(), responses -> {
      for (int i = 0; i < toRead.size(); i++) {
        String name = toRead.get(i);
        loaded.put(name, parsed(name, responses.get(i), parse, cache, notFound));
      }
      return loaded;
    });
  }

  private static <T> Loaded<T> parsed(
      String name,
      GetResponse response,
      BiFunction<String, byte[], T> parse,
      TtlCache<String, Loaded.Found<T>> cache,
      Function<String, String> notFound) {
    if (response.failure().isPresent()
        && response.failure().get().reason() == KvStoreException.Reason.DATASET_NOT_FOUND) {
      return new Loaded.Missing<>(new FetchException(FetchException.Reason.NOT_FOUND,
          notFound.apply(name) + " (" + response.failure().get().getMessage() + ")"));
    }
    if (response.failure().isPresent()) {
      return new Loaded.Missing<>(new FetchException(FetchException.Reason.KV_FAILURE,
          "reading the metadata of " + name + " failed: " + response.failure().get().getMessage(),
          response.failure().get()));
    }
    Optional<TimedValue> value = response.latest();
    if (value.isEmpty()) {
      return new Loaded.Missing<>(
          new FetchException(FetchException.Reason.NOT_FOUND, notFound.apply(name)));
    }
    try {
      Loaded.Found<T> found = new Loaded.Found<>(parse.apply(name, value.get().bytes()));
      cache.put(name, found);
      return found;
    } catch (RuntimeException e) {
      return new Loaded.Missing<>(new FetchException(FetchException.Reason.BAD_DATA,
          "the metadata of " + name + " cannot be used: " + e.getMessage(), e));
    }
  }
}
