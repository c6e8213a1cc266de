package org.chrononbeam.transforms.streaming;

import java.util.concurrent.ThreadLocalRandom;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.transforms.DelayedPutsKvStore;

/**
 * The test store {@code jittered:DIR}: the embedded store in {@code DIR}, whose {@code multiPut}
 * calls each start after a random delay of up to {@value #MAX_DELAY_MILLIS} ms, so calls sent
 * close together (by one writer or by writers on other threads) land in a random order.
 */
public final class JitteredKvStoreProvider implements KvStoreProvider {

  static final int MAX_DELAY_MILLIS = 20;

  @Override
  public String scheme() {
    return "jittered";
  }

  @Override
  public KvStore open(String location) {
    return new DelayedPutsKvStore(KvStores.open("embedded:" + location),
        puts -> ThreadLocalRandom.current().nextInt(MAX_DELAY_MILLIS + 1), puts -> { });
  }
}
