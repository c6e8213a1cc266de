package org.chrononbeam.kv.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.TimedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is a directory on disk: what one process writes, the next one reads. */
class EmbeddedKvStoreAcrossProcessesTest {

  @TempDir Path dir;

  private static Process writer(Path dir, String key, String value) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            WriterProcess.class.getName(),
            dir.toString(),
            key,
            value)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void aValueWrittenByAnotherProcessIsReadHere() throws Exception {
    Process process = writer(dir, "user_1", "written elsewhere");
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(
        0, process.exitValue(), new String(process.getErrorStream().readAllBytes(), UTF_8));

    try (KvStore store = EmbeddedKvStore.open(dir)) {
      assertEquals(
          List.of(new TimedValue("written elsewhere".getBytes(UTF_8), 42)),
          store
              .multiGet(List.of(GetRequest.latest("user_1".getBytes(UTF_8), "D_BATCH")))
              .join()
              .get(0)
              .values());
    }
  }

  @Test
  void aSecondProcessCannotOpenTheStoreWhileThisOneHasItOpen() throws Exception {
    try (KvStore store = EmbeddedKvStore.open(dir)) {
      Process process = writer(dir, "user_1", "blocked");
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      String error = new String(process.getErrorStream().readAllBytes(), UTF_8);

      assertEquals(3, process.exitValue(), error);
      assertTrue(error.contains("one process at a time"), error);
    }
  }
}
