package org.chrononbeam.kv.mongo;

import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;

/** Opens {@code mongo:URI} specs, e.g. {@code mongo:mongodb://localhost:27017/chronon}. */
public final class MongoKvStoreProvider implements KvStoreProvider {

  @Override
  public String scheme() {
    return "mongo";
  }

  @Override
  public KvStore open(String location) {
    return MongoKvStore.open(location);
  }
}
