package org.chrononbeam.aggregator.ops;

/**
 * Count, mean and central moment sums {@code M2 = Σ(x-mean)^2}, {@code M3}, {@code M4} of a set
 * of numbers, merged with Pébay's pairwise formulas (numerically stable, order-insensitive up to
 * rounding). VARIANCE uses the first three, SKEW and KURTOSIS all five.
 */
final class MomentState {
  long count;
  double mean;
  double m2;
  double m3;
  double m4;

  MomentState(long count, double mean, double m2, double m3, double m4) {
    this.count = count;
    this.mean = mean;
    this.m2 = m2;
    this.m3 = m3;
    this.m4 = m4;
  }

  static MomentState of(double x) {
    return new MomentState(1, x, 0, 0, 0);
  }

  MomentState copy() {
    return new MomentState(count, mean, m2, m3, m4);
  }

  /** Adds {@code x}; mutates this. */
  void add(double x) {
    long n1 = count;
    long n = n1 + 1;
    double delta = x - mean;
    double deltaN = delta / n;
    double deltaN2 = deltaN * deltaN;
    double term1 = delta * deltaN * n1;
    mean += deltaN;
    m4 += term1 * deltaN2 * ((double) n * n - 3.0 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3;
    m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2;
    m2 += term1;
    count = n;
  }

  /** Merges {@code other} into this; mutates this only. */
  void merge(MomentState other) {
    if (other.count == 0) {
      return;
    }
    double na = count;
    double nb = other.count;
    double n = na + nb;
    double delta = other.mean - mean;
    double delta2 = delta * delta;
    double newM4 = m4 + other.m4
        + delta2 * delta2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
        + 6 * delta2 * (na * na * other.m2 + nb * nb * m2) / (n * n)
        + 4 * delta * (na * other.m3 - nb * m3) / n;
    double newM3 = m3 + other.m3
        + delta2 * delta * na * nb * (na - nb) / (n * n)
        + 3 * delta * (na * other.m2 - nb * m2) / n;
    double newM2 = m2 + other.m2 + delta2 * na * nb / n;
    mean += delta * nb / n;
    m2 = newM2;
    m3 = newM3;
    m4 = newM4;
    count += other.count;
  }
}
