package org.chrononbeam.transforms.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.thrift.TBase;
import org.chrononbeam.model.json.ThriftJson;

/**
 * The semantic hash of a GroupBy or Join: a SHA-256 of what decides its output rows, so that a
 * backfill recomputes a table when its definition changes and only then.
 *
 * <p>What counts: every field of the config, of its sources, queries, aggregations, join parts and
 * their GroupBys, and derivations; of each {@code metaData} only {@code name} and {@code
 * outputNamespace} (ownership, scheduling, descriptions, {@code online} and the like change no
 * row). Object keys are sorted first, so the order of map entries (e.g. of {@code selects}) does
 * not count.
 *
 * <pre>{@code
 * String hash = SemanticHash.of(join);   // 64 hex digits
 * }</pre>
 */
public final class SemanticHash {

  private static final Set<String> SEMANTIC_METADATA = Set.of("name", "outputNamespace");

  private SemanticHash() {}

  /** The hash of {@code config}, as 64 lower-case hex digits. */
  public static String of(TBase<?, ?> config) {
    JsonNode canonical = canonical(ThriftJson.toTree(config), false);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static JsonNode canonical(JsonNode node, boolean metaData) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        if (!metaData || SEMANTIC_METADATA.contains(name)) {
          sorted.set(name, canonical(node.get(name), name.equals("metaData")));
        }
      }
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> array.add(canonical(element, false)));
      return array;
    }
    return node;
  }
}
