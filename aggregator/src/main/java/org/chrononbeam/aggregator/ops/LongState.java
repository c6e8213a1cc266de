package org.chrononbeam.aggregator.ops;

/** A mutable long: the IR of COUNT, integral SUM, MIN and MAX, updated without boxing. */
final class LongState {
  long value;

  LongState(long value) {
    this.value = value;
  }
}
