package org.chrononbeam.model.kv;

import java.util.Arrays;
import java.util.Objects;

/**
 * A read of one key in one dataset.
 *
 * <p>Without {@code afterTsMillis} (null) it asks for the latest version only; with it, for every
 * version whose timestamp is {@code >= afterTsMillis}, newest first. Chronon's fetcher reads a
 * GroupBy's batch value with the first form and its streaming rows since {@code batchEnd} with the
 * second:
 *
 * <pre>{@code
 * new GetRequest(key, "TEAM_X_V1_BATCH", null);          // latest batch value
 * new GetRequest(key, "TEAM_X_V1_STREAMING", batchEnd);  // every streaming row with ts >= batchEnd
 * }</pre>
 *
 * <p>The record keeps the given array without copying it; do not change it afterwards. {@code
 * equals}, {@code hashCode} and {@code toString} use the key's contents.
 *
 * @param keyBytes the key (not empty), in practice Avro binary of the GroupBy's key record
 * @param dataset the dataset to read
 * @param afterTsMillis null for the latest version, else the inclusive lower bound of a range read
 */
public record GetRequest(byte[] keyBytes, String dataset, Long afterTsMillis) {

  /** Checks that the key is present and not empty and that the dataset is present. */
  public GetRequest {
    Objects.requireNonNull(keyBytes, "keyBytes");
    if (keyBytes.length == 0) {
      throw new IllegalArgumentException("keyBytes must not be empty");
    }
    Objects.requireNonNull(dataset, "dataset");
  }

  /** A read of the latest version of {@code keyBytes}. */
  public static GetRequest latest(byte[] keyBytes, String dataset) {
    return new GetRequest(keyBytes, dataset, null);
  }

  /** A read of every version of {@code keyBytes} with {@code ts >= afterTsMillis}, newest first. */
  public static GetRequest since(byte[] keyBytes, String dataset, long afterTsMillis) {
    return new GetRequest(keyBytes, dataset, afterTsMillis);
  }

  /** Whether this is a range read (every version since {@code afterTsMillis}). */
  public boolean isRangeRead() {
    return afterTsMillis != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GetRequest that
        && Arrays.equals(keyBytes, that.keyBytes)
        && dataset.equals(that.dataset)
        && Objects.equals(afterTsMillis, that.afterTsMillis);
  }

  @Override
  public int hashCode() {
    return (31 * (31 + Arrays.hashCode(keyBytes)) + dataset.hashCode()) * 31
        + Objects.hashCode(afterTsMillis);
  }

  @Override
  public String toString() {
    return "GetRequest[keyBytes="
        + HexBytes.of(keyBytes)
        + ", dataset="
        + dataset
        + ", afterTsMillis="
        + afterTsMillis
        + "]";
  }
}
