package org.chrononbeam.model.kv;

import java.util.Arrays;
import java.util.Objects;

/**
 * A write of one version: {@code valueBytes} for {@code keyBytes} at {@code tsMillis} in {@code
 * dataset}. Writing the same key, dataset and timestamp again replaces the value (puts are
 * idempotent); a different timestamp adds a version.
 *
 * <p>A null {@code tsMillis} means "now": the store stamps the version with its clock when it
 * receives the put, so two such puts of one key add two versions unless they land in the same
 * millisecond. Uploads and streaming jobs should pass the timestamp they mean (the batch end, the
 * event's ts or the tile's latest ts) so that re-running them overwrites rather than adds.
 *
 * <p>The record keeps the given arrays without copying them; do not change them afterwards. {@code
 * equals}, {@code hashCode} and {@code toString} use their contents.
 *
 * @param keyBytes the key (not empty), in practice Avro binary of the GroupBy's key record
 * @param valueBytes the value (may be empty, not null)
 * @param dataset the dataset to write, which must have been {@linkplain KvStore#create created}
 * @param tsMillis the version's epoch milliseconds, {@code >= 0}; null for the store's clock
 */
public record PutRequest(byte[] keyBytes, byte[] valueBytes, String dataset, Long tsMillis) {

  /**
   * Checks that key, value and dataset are present, that the key is not empty and that the
   * timestamp is not negative.
   */
  public PutRequest {
    Objects.requireNonNull(keyBytes, "keyBytes");
    if (keyBytes.length == 0) {
      throw new IllegalArgumentException("keyBytes must not be empty");
    }
    Objects.requireNonNull(valueBytes, "valueBytes");
    Objects.requireNonNull(dataset, "dataset");
    if (tsMillis != null && tsMillis < 0) {
      throw new IllegalArgumentException("tsMillis must be >= 0, found " + tsMillis);
    }
  }

  /** This put's timestamp, or {@code nowMillis} when it has none. */
  public long tsMillisOr(long nowMillis) {
    return tsMillis != null ? tsMillis : nowMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PutRequest that
        && Arrays.equals(keyBytes, that.keyBytes)
        && Arrays.equals(valueBytes, that.valueBytes)
        && dataset.equals(that.dataset)
        && Objects.equals(tsMillis, that.tsMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(keyBytes), Arrays.hashCode(valueBytes), dataset, tsMillis);
  }

  @Override
  public String toString() {
    return "PutRequest[keyBytes="
        + HexBytes.of(keyBytes)
        + ", valueBytes="
        + HexBytes.of(valueBytes)
        + ", dataset="
        + dataset
        + ", tsMillis="
        + tsMillis
        + "]";
  }
}
