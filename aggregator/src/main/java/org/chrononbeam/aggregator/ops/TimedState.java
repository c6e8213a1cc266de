package org.chrononbeam.aggregator.ops;

/**
 * The IR of FIRST and LAST: the chosen value and its timestamp. Integral values live in {@code
 * longValue} (booleans as 0 or 1), floating ones in {@code doubleValue} (no boxing), others in
 * {@code value}.
 */
final class TimedState {
  long ts;
  long longValue;
  double doubleValue;
  Object value;

  TimedState(long ts, long longValue, double doubleValue, Object value) {
    this.ts = ts;
    this.longValue = longValue;
    this.doubleValue = doubleValue;
    this.value = value;
  }
}
