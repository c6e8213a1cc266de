package org.chrononbeam.kv.beam;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigtable.emulator.core.EmulatorController;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.CoderUtils;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink on the Direct runner, into each store: embedded, the Bigtable emulator, an in-JVM
 * MongoDB server.
 */
class KvStoreWriteTest {

  private static EmulatorController emulator;
  private static MongoServer mongo;

  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @BeforeAll
  static void startServers() throws Exception {
    emulator = EmulatorController.createBundled();
    emulator.start();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
  }

  @AfterAll
  static void stopServers() {
    emulator.stop();
    mongo.shutdownNow();
  }

  private List<String> specs() {
    return List.of(
        "embedded:" + dir,
        "bigtable:test-project/test-instance@localhost:" + emulator.getPort(),
        "mongo:mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/chronon_test");
  }

  @Test
  void writesEveryPutOfThePipelineToEachStore() {
    int n = 3_000;
    for (String spec : specs()) {
      try (KvStore store = KvStores.open(spec)) {
        store.create("GB_V1_BATCH");
      }
      List<PutRequest> puts =
          IntStream.range(0, n)
              .mapToObj(
                  i ->
                      new PutRequest(
                          bytes("key" + i), bytes("value" + i), "GB_V1_BATCH", 86_400_000L))
              .toList();

      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
      pipeline
          .apply(Create.of(puts))
          .apply(KvStoreWrite.to(spec).withBatchSize(128).withMaxBatchesInFlight(2));
      pipeline.run().waitUntilFinish();

      try (KvStore store = KvStores.open(spec)) {
        List<GetRequest> gets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          gets.add(GetRequest.latest(bytes("key" + i), "GB_V1_BATCH"));
        }
        List<GetResponse> responses = store.multiGet(gets).join();
        for (int i = 0; i < n; i++) {
          assertEquals(
              List.of(new TimedValue(bytes("value" + i), 86_400_000L)),
              responses.get(i).values(),
              spec);
        }
      }
    }
  }

  @Test
  void aPutToADatasetNeverCreatedFailsThePipeline() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(Create.of(new PutRequest(bytes("k"), bytes("v"), "NEVER_CREATED", 1L)))
        .apply(KvStoreWrite.to("embedded:" + dir));

    PipelineExecutionException thrown =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());

    Throwable cause = thrown;
    while (cause != null && !(cause instanceof KvStoreException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof KvStoreException, thrown.toString());
    assertEquals(KvStoreException.Reason.DATASET_NOT_FOUND, ((KvStoreException) cause).reason());
  }

  @Test
  void thePutRequestCoderIsRegisteredAndRoundTrips() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertEquals(PutRequestCoder.of(), registry.getCoder(PutRequest.class));
    for (PutRequest put :
        List.of(
            new PutRequest(bytes("k"), bytes("v"), "D_STREAMING", 1_700_000_000_000L),
            new PutRequest(new byte[] {0}, new byte[0], "D", null))) {
      byte[] encoded = CoderUtils.encodeToByteArray(PutRequestCoder.of(), put);
      assertEquals(put, CoderUtils.decodeFromByteArray(PutRequestCoder.of(), encoded));
    }
  }

  @Test
  void displayDataHidesCredentialsInTheSpec() {
    DisplayData data =
        DisplayData.from(KvStoreWrite.to("mongo:mongodb://user:secret@db:27017/chronon"));

    assertTrue(
        data.items().stream()
            .anyMatch(item -> "mongo:mongodb://***@db:27017/chronon".equals(item.getValue())));
    assertTrue(
        data.items().stream()
            .noneMatch(item -> String.valueOf(item.getValue()).contains("secret")));
  }

  @Test
  void settingsAreCheckedWhenGiven() {
    assertThrows(IllegalArgumentException.class, () -> KvStoreWrite.to("no-scheme"));
    assertThrows(
        IllegalArgumentException.class, () -> KvStoreWrite.to("embedded:/x").withBatchSize(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> KvStoreWrite.to("embedded:/x").withMaxBatchesInFlight(0));
  }
}
