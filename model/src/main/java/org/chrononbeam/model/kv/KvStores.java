package org.chrononbeam.model.kv;

import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Opens a {@link KvStore} from a spec string {@code scheme:location}, e.g. {@code
 * embedded:/var/chronon/kv}, {@code bigtable:my-project/my-instance}, {@code
 * bigtable:p/i@localhost:8086} or {@code mongo:mongodb://localhost:27017/chronon}. The scheme picks
 * the {@link KvStoreProvider} on the class path; the location means what that provider documents.
 */
public final class KvStores {

  private KvStores() {}

  /**
   * Opens the store {@code spec} names.
   *
   * @throws IllegalArgumentException if the spec has no scheme, no provider on the class path has
   *     its scheme (the message lists those that do), or the provider rejects the location
   * @throws KvStoreException if the store cannot be opened
   */
  public static KvStore open(String spec) {
    Objects.requireNonNull(spec, "spec");
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "a KV store spec is scheme:location, e.g. embedded:/tmp/chronon-kv; found '"
              + spec
              + "'");
    }
    String scheme = spec.substring(0, colon);
    TreeSet<String> known = new TreeSet<>();
    for (KvStoreProvider provider : ServiceLoader.load(KvStoreProvider.class)) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(spec.substring(colon + 1));
      }
      known.add(provider.scheme());
    }
    throw new IllegalArgumentException(
        "no KV store for scheme '"
            + scheme
            + "' in '"
            + spec
            + "'; schemes on the class path: "
            + (known.isEmpty() ? "none (add kv-embedded, kv-bigtable or kv-mongo)" : known));
  }
}
