package org.chrononbeam.it;

import com.google.cloud.bigtable.emulator.core.EmulatorController;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real servers behind the non-embedded KV stores of a test class, started before its tests and
 * stopped after them: Google's Bigtable emulator (the bundled Maven artifact) and an in-JVM MongoDB
 * wire-protocol server, both on loopback. Register it as a static {@code @RegisterExtension} field
 * and take the store kinds from {@code @MethodSource("org.chrononbeam.it.KvServers#kinds")}.
 */
final class KvServers implements BeforeAllCallback, AfterAllCallback {

  private EmulatorController bigtable;
  private MongoServer mongo;

  /** The store kinds every consistency test runs on. */
  static Stream<String> kinds() {
    return Stream.of("embedded", "bigtable", "mongo");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    bigtable = EmulatorController.createBundled();
    bigtable.start();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (bigtable != null) {
      bigtable.stop();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  /**
   * The spec of a store of {@code kind} named {@code name}: a directory under {@code dir} for the
   * embedded store, an instance of the emulator, a database of the Mongo server.
   */
  String spec(String kind, Path dir, String name) {
    return switch (kind) {
      case "embedded" -> "embedded:" + dir.resolve("kv-" + name);
      case "bigtable" -> "bigtable:test-project/" + name + "@localhost:" + bigtable.getPort();
      case "mongo" -> "mongo:mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/"
          + name;
      default -> throw new IllegalArgumentException("unknown store kind " + kind);
    };
  }
}
