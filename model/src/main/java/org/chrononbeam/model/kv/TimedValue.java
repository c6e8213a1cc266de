package org.chrononbeam.model.kv;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of a key: its value and timestamp in epoch milliseconds.
 *
 * <p>The record keeps the given array without copying it; do not change it afterwards. {@code
 * equals}, {@code hashCode} and {@code toString} use its contents.
 *
 * @param bytes the value as written
 * @param millis the version's timestamp
 */
public record TimedValue(byte[] bytes, long millis) {

  /** Checks that the value is present. */
  public TimedValue {
    Objects.requireNonNull(bytes, "bytes");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimedValue that
        && millis == that.millis
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + Long.hashCode(millis);
  }

  @Override
  public String toString() {
    return "TimedValue[bytes=" + HexBytes.of(bytes) + ", millis=" + millis + "]";
  }
}
