package org.chrononbeam.kv.bigtable;

import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;

/**
 * Opens {@code bigtable:PROJECT/INSTANCE} (Cloud Bigtable, application default credentials) and
 * {@code bigtable:PROJECT/INSTANCE@HOST:PORT} (an emulator) specs.
 */
public final class BigtableKvStoreProvider implements KvStoreProvider {

  @Override
  public String scheme() {
    return "bigtable";
  }

  @Override
  public KvStore open(String location) {
    return BigtableKvStore.open(BigtableKvStore.Location.parse(location));
  }
}
