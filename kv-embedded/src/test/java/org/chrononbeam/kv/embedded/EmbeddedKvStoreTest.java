package org.chrononbeam.kv.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreContract;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class EmbeddedKvStoreTest extends KvStoreContract {

  @TempDir static Path dir;

  @Override
  protected KvStore openStore() {
    return KvStores.open("embedded:" + dir);
  }

  @Test
  void theSpecOpensAnEmbeddedStore() {
    assertInstanceOf(EmbeddedKvStore.class, store);
  }

  @Test
  void handlesOnOneDirectoryShareTheDatabaseUntilTheLastCloses() {
    String dataset = newDataset("SHARED");
    store.create(dataset);
    byte[] key = "k".getBytes(UTF_8);
    try (KvStore second = EmbeddedKvStore.open(dir)) {
      second.multiPut(List.of(new PutRequest(key, new byte[] {1}, dataset, 1L))).join();
      store.close();
      assertEquals(
          List.of(new TimedValue(new byte[] {1}, 1)),
          second.multiGet(List.of(GetRequest.latest(key, dataset))).join().get(0).values());
    }
  }

  @Test
  void dataSurvivesClosingEveryHandle(@TempDir Path own) {
    byte[] key = "k".getBytes(UTF_8);
    try (KvStore first = EmbeddedKvStore.open(own)) {
      first.create("D_STREAMING");
      first.multiPut(List.of(new PutRequest(key, new byte[] {7}, "D_STREAMING", 70L))).join();
    }
    try (KvStore reopened = EmbeddedKvStore.open(own)) {
      assertEquals(
          List.of(new TimedValue(new byte[] {7}, 70)),
          reopened.multiGet(List.of(GetRequest.latest(key, "D_STREAMING"))).join().get(0).values());
    }
  }

  @Test
  void aDirectoryOfAnotherFormatIsRefusedAndLeftAsItIs(@TempDir Path own) throws Exception {
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, own.toString())) {
      db.put("chronon-beam.kv.format".getBytes(UTF_8), "2".getBytes(UTF_8));
    }

    KvStoreException thrown = assertThrows(KvStoreException.class, () -> EmbeddedKvStore.open(own));

    assertEquals(KvStoreException.Reason.INVALID_REQUEST, thrown.reason());
    try (Options options = new Options();
        RocksDB db = RocksDB.open(options, own.toString())) {
      assertArrayEquals("2".getBytes(UTF_8), db.get("chronon-beam.kv.format".getBytes(UTF_8)));
    }
  }

  @Test
  void theDefaultColumnFamilyIsNotADataset() {
    KvStoreException thrown = assertThrows(KvStoreException.class, () -> store.create("default"));

    assertEquals(KvStoreException.Reason.INVALID_REQUEST, thrown.reason());
  }
}
