package org.chrononbeam.kv.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreContract;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against mongo-java-server, an in-JVM MongoDB wire-protocol server on a free loopback
 * port.
 */
class MongoKvStoreTest extends KvStoreContract {

  private static MongoServer server;
  private static String uri;

  @BeforeAll
  static void startServer() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    uri = "mongodb://127.0.0.1:" + address.getPort() + "/chronon_test";
  }

  @AfterAll
  static void stopServer() {
    server.shutdownNow();
  }

  /**
   * mongo-java-server plans no query on a compound index: each {@code k in [...]} query compares
   * every document with every key, so its cost grows with the square of the batch (10,000 takes
   * about 30 s here). {@link RealMongoKvStoreTest} runs the full 10,000 against a real {@code
   * mongod}.
   */
  @Override
  protected int largeBatchSize() {
    return 3_000;
  }

  @Override
  protected KvStore openStore() {
    return KvStores.open("mongo:" + uri);
  }

  @Test
  void theSpecOpensAMongoStore() {
    assertInstanceOf(MongoKvStore.class, store);
  }

  @Test
  void aNameMongoDbCannotHoldIsRejected() {
    KvStoreException thrown = assertThrows(KvStoreException.class, () -> store.create("A$B"));

    assertEquals(KvStoreException.Reason.INVALID_REQUEST, thrown.reason());
  }
}
