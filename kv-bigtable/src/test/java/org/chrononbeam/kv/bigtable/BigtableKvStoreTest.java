package org.chrononbeam.kv.bigtable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.cloud.bigtable.emulator.core.EmulatorController;
import java.util.List;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreContract;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against Google's Bigtable emulator, started from its Maven artifact on a free port.
 */
class BigtableKvStoreTest extends KvStoreContract {

  private static EmulatorController emulator;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = EmulatorController.createBundled();
    emulator.start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.stop();
  }

  @Override
  protected KvStore openStore() {
    return KvStores.open("bigtable:test-project/test-instance@localhost:" + emulator.getPort());
  }

  @Test
  void theSpecOpensABigtableStore() {
    assertInstanceOf(BigtableKvStore.class, store);
  }

  @Test
  void aDatasetNameLongerThanATableIdIsStoredUnderItsHashedTableId() {
    String dataset = newDataset("A_TEAM_WITH_A_LONG_NAME_GROUP_BY_OF_MANY_WORDS_V1_STREAMING");
    byte[] key = "k".getBytes(UTF_8);
    store.create(dataset);
    store.multiPut(List.of(new PutRequest(key, new byte[] {1}, dataset, 10L))).join();

    assertEquals(
        List.of(new TimedValue(new byte[] {1}, 10)),
        store.multiGet(List.of(GetRequest.latest(key, dataset))).join().get(0).values());
  }
}
