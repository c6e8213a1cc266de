package org.chrononbeam.kv.mongo;

import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real {@code mongod}: set {@code CHRONON_MONGO_URI} (e.g. {@code
 * mongodb://localhost:27017/chronon_test}) to run it. Each test creates collections with fresh
 * random names in that database and leaves them there; point it at a scratch database.
 */
@EnabledIfEnvironmentVariable(named = "CHRONON_MONGO_URI", matches = ".+")
class RealMongoKvStoreTest extends KvStoreContract {

  @Override
  protected KvStore openStore() {
    return MongoKvStore.open(System.getenv("CHRONON_MONGO_URI"));
  }
}
