package org.chrononbeam.kv.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.List;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;

/**
 * The other process of {@link EmbeddedKvStoreAcrossProcessesTest}: opens the store in {@code
 * args[0]}, writes {@code args[2]} to key {@code args[1]} of dataset {@code D_BATCH} at ts 42, and
 * exits 0; exits 3 with the error on standard error if the store cannot be opened.
 */
final class WriterProcess {

  private WriterProcess() {}

  public static void main(String[] args) {
    try (KvStore store = EmbeddedKvStore.open(Path.of(args[0]))) {
      store.create("D_BATCH");
      store
          .multiPut(
              List.of(
                  new PutRequest(args[1].getBytes(UTF_8), args[2].getBytes(UTF_8), "D_BATCH", 42L)))
          .join();
    } catch (KvStoreException e) {
      System.err.println(e.getMessage());
      System.exit(3);
    }
  }
}
