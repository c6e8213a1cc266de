package org.chrononbeam.aggregator.ops;

/** A mutable double: the IR of floating SUM, MIN and MAX, updated without boxing. */
final class DoubleState {
  double value;

  DoubleState(double value) {
    this.value = value;
  }
}
