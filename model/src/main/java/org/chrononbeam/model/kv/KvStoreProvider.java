package org.chrononbeam.model.kv;

/**
 * Opens one kind of {@link KvStore} from the location part of a spec ({@code scheme:location}).
 *
 * <p>Each store module registers its provider in {@code
 * META-INF/services/org.chrononbeam.model.kv.KvStoreProvider}; {@link KvStores#open(String)} finds
 * it through {@link java.util.ServiceLoader}.
 */
public interface KvStoreProvider {

  /** The scheme this provider opens, e.g. {@code embedded}; lower case, no colon. */
  String scheme();

  /**
   * Opens a store at {@code location} (the spec after {@code scheme:}).
   *
   * @throws IllegalArgumentException if the location is malformed
   * @throws KvStoreException if the store cannot be opened
   */
  KvStore open(String location);
}
