package org.chrononbeam.fetcher;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Fetcher} caches metadata and waits for the KV store.
 *
 * <pre>{@code
 * FetcherOptions options = FetcherOptions.defaults()
 *     .withCacheTtl(Duration.ofMinutes(1))
 *     .withTimeout(Duration.ofMillis(500));
 * }</pre>
 *
 * @param cacheTtl how long a loaded join config or serving info is used before it is read again
 *     (default 5 minutes; zero reads it on every fetch)
 * @param timeout how long one KV call may take before its reads count as failed (default 10 s)
 * @param clock the time of requests without {@code atMillis} and of cache expiry (default UTC)
 */
public record FetcherOptions(Duration cacheTtl, Duration timeout, Clock clock) {

  /** Checks the values: a TTL not negative, a positive timeout, a clock. */
  public FetcherOptions {
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** A 5-minute cache, a 10-second timeout and the UTC system clock. */
  public static FetcherOptions defaults() {
    return new FetcherOptions(Duration.ofMinutes(5), Duration.ofSeconds(10), Clock.systemUTC());
  }

  /** These options with {@code cacheTtl}. */
  public FetcherOptions withCacheTtl(Duration cacheTtl) {
    return new FetcherOptions(cacheTtl, timeout, clock);
  }

  /** These options with {@code timeout}. */
  public FetcherOptions withTimeout(Duration timeout) {
    return new FetcherOptions(cacheTtl, timeout, clock);
  }

  /** These options with {@code clock}. */
  public FetcherOptions withClock(Clock clock) {
    return new FetcherOptions(cacheTtl, timeout, clock);
  }
}
