package org.chrononbeam.kv.embedded;

import java.nio.file.Path;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;

/** Opens {@code embedded:DIR} specs: an {@link EmbeddedKvStore} in DIR (absolute or relative). */
public final class EmbeddedKvStoreProvider implements KvStoreProvider {

  @Override
  public String scheme() {
    return "embedded";
  }

  @Override
  public KvStore open(String location) {
    if (location.isBlank()) {
      throw new IllegalArgumentException(
          "an embedded store spec is embedded:DIR, e.g. embedded:/tmp/chronon-kv");
    }
    return EmbeddedKvStore.open(Path.of(location));
  }
}
