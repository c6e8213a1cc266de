package org.chrononbeam.aggregator.ops;

import java.util.Arrays;

/**
 * The IR of FIRST_K and LAST_K of numeric and boolean inputs ({@link PrimitiveFirstLastKAggregator}):
 * the k best {@code (timestamp, value)} pairs, in two parallel primitive arrays. A value is a long:
 * an integral value itself, a boolean as 0 or 1, a floating value as the raw bits of its double.
 *
 * <p>Best first is oldest first (FIRST_K) or newest first (LAST_K); pairs with equal timestamps
 * are ordered by value ({@link Long#compare}, or {@link Double#compare} of the doubles), smallest
 * first for FIRST_K and largest first for LAST_K: the order {@link ValueOrder} gives the boxed
 * values. Pairs that compare equal hold equal values, so which of them is kept does not matter.
 *
 * <p>As in {@link BestKBuffer}, the first {@code sorted} pairs are the best ones kept by the last
 * compaction, best first, and the pairs added since follow unsorted; at {@code 2k} pairs the added
 * ones are sorted and merged with the kept ones, and the best k are kept. Once k are kept, a pair
 * no better than the k-th is not added at all.
 */
final class TimedBestK {

  /** Ranges at most this long are sorted by insertion. */
  private static final int INSERTION_SORT_MAX = 16;

  private final int k;
  private final boolean last;
  private final boolean floating;
  private long[] ts;
  private long[] values;
  private int size;

  /** How many leading pairs are sorted best first: those kept by the last compaction. */
  private int sorted;

  /**
   * An empty buffer of the k best pairs, newest first when {@code last} (else oldest first), of
   * floating values when {@code floating}, with room for {@code capacity >= 1} pairs.
   */
  TimedBestK(int k, boolean last, boolean floating, int capacity) {
    this.k = k;
    this.last = last;
    this.floating = floating;
    this.ts = new long[capacity];
    this.values = new long[capacity];
  }

  private TimedBestK(TimedBestK other) {
    this.k = other.k;
    this.last = other.last;
    this.floating = other.floating;
    this.ts = other.ts.clone();
    this.values = other.values.clone();
    this.size = other.size;
    this.sorted = other.sorted;
  }

  /** The number of pairs held: of all the pairs when {@link #compacted}. */
  int size() {
    return size;
  }

  /** The timestamp of pair {@code i}. */
  long ts(int i) {
    return ts[i];
  }

  /** The value of pair {@code i}. */
  long value(int i) {
    return values[i];
  }

  /** Adds the pair {@code (t, value)}; mutates this. */
  void add(long t, long value) {
    if (sorted == k && compare(t, value, ts[k - 1], values[k - 1]) >= 0) {
      return;
    }
    if (size == ts.length) {
      int capacity = Math.min(2 * k, 2 * size);
      ts = Arrays.copyOf(ts, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    ts[size] = t;
    values[size] = value;
    if (++size == 2 * k) {
      compact();
    }
  }

  /** Adds every pair of {@code other}; mutates this only. */
  void addAll(TimedBestK other) {
    for (int i = 0; i < other.size; i++) {
      add(other.ts[i], other.values[i]);
    }
  }

  /** A copy that shares nothing with this. */
  TimedBestK copy() {
    return new TimedBestK(this);
  }

  /**
   * The best min(k, pairs) pairs, best first, as pairs {@code 0 .. size() - 1} of the result: this
   * when it holds just those, else a compacted copy. Not to be mutated; this is not mutated.
   */
  TimedBestK compacted() {
    if (size == sorted) {
      return this;
    }
    TimedBestK copy = copy();
    copy.compact();
    return copy;
  }

  /** Keeps the best k, best first: sorts the added pairs and merges them with the kept ones. */
  private void compact() {
    sort(sorted, size);
    size = merge(0, sorted, size, k, new long[sorted], new long[sorted]);
    sorted = size;
  }

  /** Negative when {@code (ta, va)} comes before {@code (tb, vb)} best first, 0 on a tie. */
  private int compare(long ta, long va, long tb, long vb) {
    int c = ta != tb
        ? Long.compare(ta, tb)
        : floating
            ? Double.compare(Double.longBitsToDouble(va), Double.longBitsToDouble(vb))
            : Long.compare(va, vb);
    return last ? -c : c;
  }

  private int compare(int i, int j) {
    return compare(ts[i], values[i], ts[j], values[j]);
  }

  /**
   * Sorts pairs {@code [from, to)} best first: nothing to do when they are, reversed when each is
   * better than the one before (LAST_K's inputs in time order), else a merge sort.
   */
  private void sort(int from, int to) {
    boolean improving = true;
    boolean ordered = true;
    for (int i = from + 1; i < to && (improving || ordered); i++) {
      int c = compare(i, i - 1);
      improving &= c < 0;
      ordered &= c >= 0;
    }
    if (improving) {
      reverse(from, to);
    } else if (!ordered) {
      int half = (to - from) / 2 + 1;
      mergeSort(from, to, new long[half], new long[half]);
    }
  }

  private void reverse(int from, int to) {
    for (int i = from, j = to - 1; i < j; i++, j--) {
      swap(ts, i, j);
      swap(values, i, j);
    }
  }

  private static void swap(long[] array, int i, int j) {
    long t = array[i];
    array[i] = array[j];
    array[j] = t;
  }

  private void mergeSort(int from, int to, long[] scratchTs, long[] scratchValues) {
    if (to - from <= INSERTION_SORT_MAX) {
      insertionSort(from, to);
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(from, mid, scratchTs, scratchValues);
    mergeSort(mid, to, scratchTs, scratchValues);
    merge(from, mid, to, to - from, scratchTs, scratchValues);
  }

  private void insertionSort(int from, int to) {
    for (int i = from + 1; i < to; i++) {
      long t = ts[i];
      long value = values[i];
      int j = i;
      for (; j > from && compare(t, value, ts[j - 1], values[j - 1]) < 0; j--) {
        ts[j] = ts[j - 1];
        values[j] = values[j - 1];
      }
      ts[j] = t;
      values[j] = value;
    }
  }

  /**
   * Merges the sorted runs {@code [from, mid)} and {@code [mid, to)} into the first {@code
   * min(limit, to - from)} positions from {@code from}, the left run winning ties, through scratch
   * arrays holding at least {@code mid - from} pairs; returns how many pairs it wrote.
   */
  private int merge(int from, int mid, int to, int limit, long[] scratchTs,
      long[] scratchValues) {
    int count = Math.min(limit, to - from);
    int left = mid - from;
    System.arraycopy(ts, from, scratchTs, 0, left);
    System.arraycopy(values, from, scratchValues, 0, left);
    int i = 0;
    int j = mid;
    for (int d = from; d < from + count; d++) {
      if (i < left
          && (j == to || compare(ts[j], values[j], scratchTs[i], scratchValues[i]) >= 0)) {
        ts[d] = scratchTs[i];
        values[d] = scratchValues[i++];
      } else {
        ts[d] = ts[j];
        values[d] = values[j++];
      }
    }
    return count;
  }
}
