package org.chrononbeam.fetcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fetch: the features of {@code name} for {@code keys} as of {@code atMillis}.
 *
 * <p>For {@link Fetcher#fetchGroupBys} the name is the GroupBy's name ({@code team.purchases.v1})
 * and the keys are its key columns; for {@link Fetcher#fetchJoin} the name is the join's request
 * name ({@code team/checkout.v1}, see {@code KvLayout.requestName}) and the keys are the left
 * columns its join parts map to GroupBy keys. Key values may be any value the key's type accepts
 * (see {@code KeyCodec}): {@code 5}, {@code 5L} and {@code "5"} all find an integral key 5.
 *
 * <pre>{@code
 * new Request("team.purchases.v1", Map.of("user_id", 5L), null);           // as of now
 * new Request("team/checkout.v1", Map.of("user_id", "5"), 1_706_745_600_000L);
 * }</pre>
 *
 * @param name the GroupBy or join to fetch
 * @param keys key column to value; a null value is kept and refused by the fetch
 * @param atMillis the query time, epoch ms (exclusive: events at exactly this time are not
 *     counted); null for the fetcher's clock
 */
public record Request(String name, Map<String, Object> keys, Long atMillis) {

  /** Checks name and keys are present; copies the keys (null values allowed). */
  public Request {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keys, "keys");
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** A request as of the fetcher's clock. */
  public static Request now(String name, Map<String, Object> keys) {
    return new Request(name, keys, null);
  }
}
