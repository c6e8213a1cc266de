package org.chrononbeam.kv.embedded;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The RocksDB key of a version: {@code len(key) | key | (Long.MAX_VALUE - ts)}, all big-endian (see
 * the package documentation).
 */
final class VersionKey {

  private static final int LENGTH_BYTES = Integer.BYTES;
  private static final int TS_BYTES = Long.BYTES;

  private VersionKey() {}

  /** The prefix every version of {@code key} starts with: {@code len(key) | key}. */
  static byte[] prefix(byte[] key) {
    return ByteBuffer.allocate(LENGTH_BYTES + key.length).putInt(key.length).put(key).array();
  }

  /** The RocksDB key of {@code key}'s version at {@code tsMillis} (>= 0). */
  static byte[] of(byte[] key, long tsMillis) {
    return ByteBuffer.allocate(LENGTH_BYTES + key.length + TS_BYTES)
        .putInt(key.length)
        .put(key)
        .putLong(Long.MAX_VALUE - tsMillis)
        .array();
  }

  /**
   * Whether {@code versionKey} is a version of the key whose {@linkplain #prefix prefix} is given.
   */
  static boolean hasPrefix(byte[] versionKey, byte[] prefix) {
    return versionKey.length == prefix.length + TS_BYTES
        && Arrays.equals(versionKey, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The timestamp of a version key. */
  static long tsMillis(byte[] versionKey) {
    return Long.MAX_VALUE
        - ByteBuffer.wrap(versionKey, versionKey.length - TS_BYTES, TS_BYTES).getLong();
  }
}
