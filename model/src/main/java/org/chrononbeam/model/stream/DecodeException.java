package org.chrononbeam.model.stream;

/**
 * A message that cannot be decoded into a {@link Mutation} of the stream schema. The message says
 * why ("field price: expected a number, found \"abc\""), so that a dead-letter record can carry it.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason. */
  public DecodeException(String reason) {
    super(reason);
  }

  /** A failure with its reason and the error behind it. */
  public DecodeException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
