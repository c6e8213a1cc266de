package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requirePositive;

import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;

/**
 * Aggregation windows: {@code Windows.days(7)} is Chronon's {@code Window(7, TimeUnit.DAYS)}. An
 * aggregation without windows aggregates over all time. Each call returns a new {@link Window}.
 */
public final class Windows {

  private Windows() {}

  /** A window of {@code length} days; {@code length} must be positive. */
  public static Window days(int length) {
    return of(length, TimeUnit.DAYS);
  }

  /** A window of {@code length} hours; {@code length} must be positive. */
  public static Window hours(int length) {
    return of(length, TimeUnit.HOURS);
  }

  /** A window of {@code length} {@code unit}s; {@code length} must be positive. */
  public static Window of(int length, TimeUnit unit) {
    return new Window(requirePositive(length, "window length"), requireNonNull(unit, "window time unit"));
  }
}
