package org.chrononbeam.aggregator.window;

import java.util.Arrays;
import org.chrononbeam.aggregator.row.ColumnAggregator;

/**
 * The merge of a sliding range of one column's hop IRs, kept with two stacks so that sliding the
 * range forward costs amortized O(1) merges per hop whatever the operation (no inverse needed).
 *
 * <p>The back stack holds the newest hops and their running merge; the front stack holds the
 * oldest hops, each with the merge of itself and every newer hop on the front stack. Hop IRs are
 * never mutated: the queue merges into copies it owns. Starts are kept in primitive arrays.
 */
final class TailQueue {

  private final ColumnAggregator column;

  private long[] backStarts = new long[16];
  private Object[] backIrs = new Object[16];
  private int backSize;
  private Object backAggregate;

  private long[] frontStarts = new long[16];
  private Object[] frontAggregates = new Object[16];
  private int frontFirst;
  private int frontEnd;

  TailQueue(ColumnAggregator column) {
    this.column = column;
  }

  /** Appends the hop starting at {@code start} (later than every hop already held). */
  void push(long start, Object ir) {
    if (ir == null) {
      return;
    }
    if (backSize == backStarts.length) {
      backStarts = Arrays.copyOf(backStarts, 2 * backSize);
      backIrs = Arrays.copyOf(backIrs, 2 * backSize);
    }
    backStarts[backSize] = start;
    backIrs[backSize] = ir;
    backSize++;
    backAggregate = column.merge(backAggregate, ir);
  }

  /** Drops every hop starting before {@code start}. */
  void dropBefore(long start) {
    while (true) {
      if (frontFirst == frontEnd) {
        if (backSize == 0 || backStarts[0] >= start) {
          return;
        }
        transfer();
      }
      if (frontStarts[frontFirst] >= start) {
        return;
      }
      frontAggregates[frontFirst] = null;
      frontFirst++;
    }
  }

  private void transfer() {
    if (frontStarts.length < backSize) {
      frontStarts = new long[backStarts.length];
      frontAggregates = new Object[backStarts.length];
    }
    Object aggregate = null;
    for (int i = backSize - 1; i >= 0; i--) {
      aggregate = column.merge(column.clone(backIrs[i]), aggregate);
      frontStarts[i] = backStarts[i];
      frontAggregates[i] = aggregate;
      backIrs[i] = null;
    }
    frontFirst = 0;
    frontEnd = backSize;
    backSize = 0;
    backAggregate = null;
  }

  /**
   * The merge of the oldest held hops (the front stack), or null; owned by the queue, callers
   * must not mutate it. Together with {@link #backAggregate()} it covers every held hop.
   */
  Object frontAggregate() {
    return frontFirst == frontEnd ? null : frontAggregates[frontFirst];
  }

  /** The merge of the newest held hops (the back stack), or null; owned by the queue. */
  Object backAggregate() {
    return backAggregate;
  }
}
