package org.chrononbeam.aggregator.window;

import java.util.Arrays;

/**
 * The hop IRs of one hop size: for each non-empty hop {@code [starts[i], starts[i] + hopMillis)},
 * in ascending order of start, the row IR of its events. The arrays are shared, not copied, and
 * compared by reference in {@code equals}; callers must not mutate them.
 */
public record HopIrs(long hopMillis, long[] starts, Object[][] irs) {

  /** Checks starts and IRs line up. */
  public HopIrs {
    if (starts.length != irs.length) {
      throw new IllegalArgumentException("starts and irs differ in length");
    }
  }

  /** The number of non-empty hops. */
  public int size() {
    return starts.length;
  }

  /** The index of the first hop starting at or after {@code ts}. */
  public int firstAtOrAfter(long ts) {
    int index = Arrays.binarySearch(starts, ts);
    return index >= 0 ? index : -index - 1;
  }
}
