package org.chrononbeam.transforms.upload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.transforms.DelayedPutsKvStore;

/**
 * The test store {@code recording:DIR}: the embedded store in {@code DIR}, which logs every put in
 * the order the store completes them ({@link #puts}), and completes a {@code multiPut} without the
 * serving info only after {@value #VALUE_DELAY_MILLIS} ms, so a serving info written without
 * waiting for the values would be logged before them.
 */
public final class RecordingKvStoreProvider implements KvStoreProvider {

  static final long VALUE_DELAY_MILLIS = 200;

  private static final byte[] SERVING_INFO_KEY = ServingInfoCodec.keyBytes();

  private static final Map<String, List<PutRequest>> PUTS = new ConcurrentHashMap<>();

  /** The puts stored in {@code recording:<dir>} so far, in the order they completed. */
  static List<PutRequest> puts(String dir) {
    List<PutRequest> puts = PUTS.computeIfAbsent(dir, d -> new ArrayList<>());
    synchronized (puts) {
      return List.copyOf(puts);
    }
  }

  @Override
  public String scheme() {
    return "recording";
  }

  @Override
  public KvStore open(String location) {
    List<PutRequest> log = PUTS.computeIfAbsent(location, d -> new ArrayList<>());
    return new DelayedPutsKvStore(KvStores.open("embedded:" + location),
        puts -> puts.stream().anyMatch(put -> Arrays.equals(put.keyBytes(), SERVING_INFO_KEY))
            ? 0 : VALUE_DELAY_MILLIS,
        puts -> {
          synchronized (log) {
            log.addAll(puts);
          }
        });
  }
}
