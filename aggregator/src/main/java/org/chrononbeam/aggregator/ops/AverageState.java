package org.chrononbeam.aggregator.ops;

/** The IR of AVERAGE: a running sum and count. */
final class AverageState {
  double sum;
  int count;

  AverageState(double sum, int count) {
    this.sum = sum;
    this.count = count;
  }
}
