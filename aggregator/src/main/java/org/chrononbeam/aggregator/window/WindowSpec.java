package org.chrononbeam.aggregator.window;

import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Window;

/**
 * A resolved window: its length and tail hop in milliseconds, or unbounded.
 *
 * <p>At query time {@code q} a bounded window covers {@code [floor(q - length, hop), q)}: the end
 * is exclusive and the tail is rounded down to the hop. The unbounded window covers every event
 * before {@code q}.
 */
public record WindowSpec(long lengthMillis, long hopMillis) {

  /** The window of all events before the query time. */
  public static final WindowSpec UNBOUNDED = new WindowSpec(Long.MAX_VALUE, Long.MAX_VALUE);

  /** Checks the window has a positive hop no longer than itself. */
  public WindowSpec {
    if (hopMillis <= 0 || lengthMillis < hopMillis) {
      throw new IllegalArgumentException(
          "need 0 < hop <= length, got hop " + hopMillis + " length " + lengthMillis);
    }
  }

  /** The resolved {@code window} (null for unbounded) under {@code accuracy}. */
  public static WindowSpec of(Window window, Accuracy accuracy) {
    if (window == null) {
      return UNBOUNDED;
    }
    long length = Resolution.windowMillis(window);
    return new WindowSpec(length, Resolution.tailHopMillis(length, accuracy));
  }

  /** Whether this is the unbounded window. */
  public boolean isUnbounded() {
    return lengthMillis == Long.MAX_VALUE;
  }

  /** The inclusive start of the window at query time {@code q}; the end is {@code q}. */
  public long startAt(long q) {
    return isUnbounded() ? Long.MIN_VALUE : Resolution.floor(q - lengthMillis, hopMillis);
  }

  /** Whether an event at {@code ts} is in the window at query time {@code q}. */
  public boolean covers(long ts, long q) {
    return ts < q && ts >= startAt(q);
  }
}
