package org.chrononbeam.model.kv;

import java.util.Objects;

/**
 * A KV store operation that failed, named by its {@link Reason}. A failed read is reported in its
 * {@link GetResponse}; a failed write completes the {@link KvStore#multiPut} future exceptionally
 * with this exception.
 */
public final class KvStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Reason {
    /** The dataset was never {@linkplain KvStore#create created} in this store. */
    DATASET_NOT_FOUND,
    /** The store was closed before or while the operation ran. */
    STORE_CLOSED,
    /** The request cannot be stored as given, e.g. a dataset name the backend cannot hold. */
    INVALID_REQUEST,
    /** The backend failed: I/O, network, server error or timeout. The cause says more. */
    BACKEND_FAILURE
  }

  private final Reason reason;

  /** A failure with no underlying exception. */
  public KvStoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** A failure caused by {@code cause} (may be null). The message starts with the reason's name. */
  public KvStoreException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }
}
