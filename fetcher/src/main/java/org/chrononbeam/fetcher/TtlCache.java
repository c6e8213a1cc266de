package org.chrononbeam.fetcher;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values loaded at some time and used until {@code ttl} has passed on {@code clock}; then they
 * count as absent and the caller loads them again. Thread-safe. Failures are never stored, so a
 * missing config is looked up again on the next fetch.
 */
final class TtlCache<K, V> {

  private record Entry<V>(V value, long loadedAtMillis) {}

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final Clock clock;

  TtlCache(Duration ttl, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
  }

  /** The value of {@code key} if it was loaded less than the TTL ago, else null. */
  V get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null || clock.millis() - entry.loadedAtMillis() >= ttlMillis) {
      return null;
    }
    return entry.value();
  }

  void put(K key, V value) {
    entries.put(key, new Entry<>(value, clock.millis()));
  }
}
