package org.chrononbeam.aggregator.window;

import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;

/**
 * Chronon's window resolution: the one place that says how long a window is and how its tail
 * hops.
 *
 * <p>TEMPORAL accuracy (Chronon's {@code FiveMinuteResolution}): a window of 12 days or more hops
 * by 1 day, of 12 hours or more by 1 hour, anything shorter by 5 minutes. SNAPSHOT accuracy
 * ({@code DailyResolution}) accepts whole-day windows only and hops by 1 day.
 */
public final class Resolution {

  /** Milliseconds in a minute. */
  public static final long MINUTE_MILLIS = 60_000L;
  /** Milliseconds in an hour. */
  public static final long HOUR_MILLIS = 60 * MINUTE_MILLIS;
  /** Milliseconds in a day. */
  public static final long DAY_MILLIS = 24 * HOUR_MILLIS;
  /** The smallest hop, 5 minutes. */
  public static final long FIVE_MINUTES_MILLIS = 5 * MINUTE_MILLIS;

  private Resolution() {}

  /** The length of {@code window} in milliseconds. */
  public static long windowMillis(Window window) {
    if (window.getLength() <= 0) {
      throw new IllegalArgumentException("window length must be positive: " + window);
    }
    if (window.getTimeUnit() == null) {
      throw new IllegalArgumentException("window has no time unit: " + window);
    }
    long unit = window.getTimeUnit() == TimeUnit.DAYS ? DAY_MILLIS : HOUR_MILLIS;
    return window.getLength() * unit;
  }

  /**
   * The tail hop of a window of {@code windowMillis} under {@code accuracy} (null means
   * TEMPORAL).
   *
   * @throws IllegalArgumentException for a SNAPSHOT window that is not a whole number of days
   */
  public static long tailHopMillis(long windowMillis, Accuracy accuracy) {
    if (accuracy == Accuracy.SNAPSHOT) {
      if (windowMillis % DAY_MILLIS != 0) {
        throw new IllegalArgumentException(
            "SNAPSHOT accuracy needs whole-day windows, got " + windowMillis + " ms");
      }
      return DAY_MILLIS;
    }
    if (windowMillis >= 12 * DAY_MILLIS) {
      return DAY_MILLIS;
    }
    if (windowMillis >= 12 * HOUR_MILLIS) {
      return HOUR_MILLIS;
    }
    return FIVE_MINUTES_MILLIS;
  }

  /** {@code ts} rounded down to a multiple of {@code hopMillis} (also for negative times). */
  public static long floor(long ts, long hopMillis) {
    return ts - Math.floorMod(ts, hopMillis);
  }
}
