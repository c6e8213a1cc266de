package org.chrononbeam.fetcher;

import java.util.Objects;

/**
 * Why a fetch, or one part of a join fetch, has no value, named by its {@link Reason}. The message
 * starts with the reason and names the GroupBy or join.
 */
public final class FetchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a fetch failed. */
  public enum Reason {
    /** The request cannot be answered as asked: a null or missing key, a time before the batch
     * end or past the horizon of the uploaded data. */
    INVALID_REQUEST,
    /** The join config or the GroupBy's serving info is not in the KV store. */
    NOT_FOUND,
    /** A KV read failed or timed out. */
    KV_FAILURE,
    /** A config, serving info or stored value could not be read or used. */
    BAD_DATA
  }

  private final Reason reason;

  /** A failure with no underlying exception. */
  public FetchException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** A failure caused by {@code cause} (may be null). */
  public FetchException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
    this.reason = reason;
  }

  /** Why the fetch failed. */
  public Reason reason() {
    return reason;
  }
}
