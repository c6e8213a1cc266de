package org.chrononbeam.transforms.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.apache.thrift.TBase;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;

/**
 * Chronon's {@code metadata-upload}: stores configs in the KV store so the fetcher can serve a join
 * by its name. No pipeline: a handful of puts.
 *
 * <pre>{@code
 * try (KvStore store = KvStores.open("embedded:/tmp/kv")) {
 *   int written = MetadataUpload.create().withJoin(join).upload(store, System.currentTimeMillis());
 * }
 * }</pre>
 *
 * <p>What it writes, with version {@code versionMillis} (the newest version wins):
 *
 * <ul>
 *   <li>in {@value KvLayout#METADATA_DATASET}, each config's JSON ({@link ThriftJson}, UTF-8) under
 *       {@link KvLayout#metadataKey}: a join under {@code joins/<team>/<rest of name>}, which is
 *       where the fetcher looks up a join request named {@code <team>/<rest of name>}, and each of
 *       its parts' GroupBys (once per name) under {@code group_bys/<team>/<rest of name>};
 *   <li>in {@value KvLayout#ENTITY_BY_TEAM_DATASET}, under {@link KvLayout#teamKey} ({@code
 *       joins/<team>}, {@code group_bys/<team>}), the team's config keys: the keys already listed
 *       there plus the ones written now, encoded as Chronon's {@code StringArrayConverter} does
 *       ({@link #encodeKeys}).
 * </ul>
 *
 * <p>The team is the part of the name before its first {@code .}, as in the metadata key. Both
 * datasets are created if missing. Uploading again rewrites the same keys.
 */
public final class MetadataUpload {

  private final Map<String, Join> joins;
  private final Map<String, GroupBy> groupBys;

  private MetadataUpload(Map<String, Join> joins, Map<String, GroupBy> groupBys) {
    this.joins = joins;
    this.groupBys = groupBys;
  }

  /** An upload of no configs yet. */
  public static MetadataUpload create() {
    return new MetadataUpload(new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  /**
   * Adds {@code join} and the GroupBys of its parts.
   *
   * @throws IllegalArgumentException if the join or one of its GroupBys has no name of the form
   *     {@code <team>.<rest>}
   */
  public MetadataUpload withJoin(Join join) {
    if (join == null || join.getMetaData() == null || !join.getMetaData().isSetName()) {
      throw new IllegalArgumentException("the join needs metaData.name");
    }
    KvLayout.requestName(join.getMetaData().getName());
    MetadataUpload added = copy();
    added.joins.put(join.getMetaData().getName(), join);
    if (join.isSetJoinParts()) {
      for (JoinPart part : join.getJoinParts()) {
        added = added.withGroupBy(part.getGroupBy());
      }
    }
    return added;
  }

  /**
   * Adds {@code groupBy}.
   *
   * @throws IllegalArgumentException if it has no name of the form {@code <team>.<rest>}
   */
  public MetadataUpload withGroupBy(GroupBy groupBy) {
    if (groupBy == null || groupBy.getMetaData() == null || !groupBy.getMetaData().isSetName()) {
      throw new IllegalArgumentException("every GroupBy needs metaData.name");
    }
    KvLayout.requestName(groupBy.getMetaData().getName());
    MetadataUpload added = copy();
    added.groupBys.putIfAbsent(groupBy.getMetaData().getName(), groupBy);
    return added;
  }

  /** The metadata keys this upload writes, joins first. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    joins.keySet().forEach(name -> keys.add(KvLayout.metadataKey(ConfigKind.JOIN, name)));
    groupBys.keySet().forEach(name -> keys.add(KvLayout.metadataKey(ConfigKind.GROUP_BY, name)));
    return keys;
  }

  /**
   * Writes the configs and the team lists to {@code store}, all with version {@code versionMillis}.
   * Returns the number of configs written.
   *
   * @throws KvStoreException if the store fails (the upload may be repeated as a whole)
   */
  public int upload(KvStore store, long versionMillis) {
    store.create(KvLayout.METADATA_DATASET);
    store.create(KvLayout.ENTITY_BY_TEAM_DATASET);
    List<PutRequest> puts = new ArrayList<>();
    Map<String, LinkedHashSet<String>> byTeam = new TreeMap<>();
    add(puts, byTeam, ConfigKind.JOIN, joins, versionMillis);
    add(puts, byTeam, ConfigKind.GROUP_BY, groupBys, versionMillis);
    List<String> teamKeys = new ArrayList<>(byTeam.keySet());
    List<GetRequest> reads = teamKeys.stream()
        .map(key -> GetRequest.latest(utf8(key), KvLayout.ENTITY_BY_TEAM_DATASET))
        .toList();
    List<GetResponse> listed = store.multiGet(reads).join();
    for (int i = 0; i < teamKeys.size(); i++) {
      GetResponse response = listed.get(i);
      if (response.failure().isPresent()) {
        throw response.failure().get();
      }
      LinkedHashSet<String> keys = new LinkedHashSet<>();
      response.latest().ifPresent(value -> keys.addAll(decodeKeys(value.bytes())));
      keys.addAll(byTeam.get(teamKeys.get(i)));
      puts.add(new PutRequest(utf8(teamKeys.get(i)), encodeKeys(List.copyOf(keys)),
          KvLayout.ENTITY_BY_TEAM_DATASET, versionMillis));
    }
    try {
      store.multiPut(puts).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof KvStoreException kv
          ? kv
          : new KvStoreException(
              KvStoreException.Reason.BACKEND_FAILURE, "metadata upload failed", e.getCause());
    }
    return joins.size() + groupBys.size();
  }

  /**
   * A list of config keys as stored in {@value KvLayout#ENTITY_BY_TEAM_DATASET}: each key's UTF-8
   * bytes in Base64, joined by commas, in UTF-8.
   */
  public static byte[] encodeKeys(List<String> keys) {
    List<String> encoded = new ArrayList<>(keys.size());
    for (String key : keys) {
      encoded.add(Base64.getEncoder().encodeToString(utf8(key)));
    }
    return utf8(String.join(",", encoded));
  }

  /** The config keys of a stored list ({@link #encodeKeys}). */
  public static List<String> decodeKeys(byte[] bytes) {
    String joined = new String(bytes, StandardCharsets.UTF_8);
    List<String> keys = new ArrayList<>();
    if (joined.isEmpty()) {
      return keys;
    }
    for (String encoded : joined.split(",")) {
      keys.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }
    return keys;
  }

  private static void add(
      List<PutRequest> puts,
      Map<String, LinkedHashSet<String>> byTeam,
      ConfigKind kind,
      Map<String, ? extends TBase<?, ?>> configs,
      long versionMillis) {
    for (Map.Entry<String, ? extends TBase<?, ?>> config : configs.entrySet()) {
      String name = config.getKey();
      String key = KvLayout.metadataKey(kind, name);
      puts.add(new PutRequest(utf8(key), utf8(ThriftJson.write(config.getValue())),
          KvLayout.METADATA_DATASET, versionMillis));
      String team = name.substring(0, name.indexOf('.'));
      byTeam.computeIfAbsent(KvLayout.teamKey(kind, team), t -> new LinkedHashSet<>()).add(key);
    }
  }

  private MetadataUpload copy() {
    return new MetadataUpload(new LinkedHashMap<>(joins), new LinkedHashMap<>(groupBys));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
