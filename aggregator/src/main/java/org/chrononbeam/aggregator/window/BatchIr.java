package org.chrononbeam.aggregator.window;

import java.util.List;

/**
 * One key's batch IRs as of {@code batchEnd} (Chronon's TEMPORAL {@code _BATCH} value): for each
 * output, the collapsed IR of the events that stay inside its window for every query time up to
 * {@code batchEnd + horizon}; and per hop size, the tail hops still needed to slide the windows
 * over that horizon. The IR arrays are shared, not copied, and compared by reference in {@code
 * equals}.
 *
 * @param batchEnd exclusive end of the batch data, epoch ms (Chronon: end date + 1 day, 00:00 UTC)
 * @param collapsed one window IR per output (null for no events)
 * @param tailHops per hop size of {@link WindowedAggregation#hopSizes()}, the row IRs of the hops
 *     between a window's earliest start and its collapsed range, for each window of that size
 */
public record BatchIr(long batchEnd, Object[] collapsed, List<HopIrs> tailHops) {

  /** Copies the list of tail hops (one entry per hop size). */
  public BatchIr {
    tailHops = List.copyOf(tailHops);
  }
}
