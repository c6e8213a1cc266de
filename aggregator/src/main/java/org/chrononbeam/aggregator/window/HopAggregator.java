package org.chrononbeam.aggregator.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;

/**
 * Buckets events into hop IRs: for each hop size, one row IR per non-empty hop (Chronon's {@code
 * HopsAggregator}). A hop of size {@code h} starting at {@code s} (a multiple of {@code h}) holds
 * the events with {@code s <= ts < s + h}.
 *
 * <p>The smallest hop size is built from the events; a larger one that is a multiple of a smaller
 * one (1 day of 1 hour, 1 hour of 5 minutes) is built by merging the smaller hops, so each event
 * is added once.
 */
public final class HopAggregator {

  private final RowAggregator rows;
  private final long[] hopSizes;

  /** Aggregates into hops of each of {@code hopSizes}. */
  public HopAggregator(RowAggregator rows, long[] hopSizes) {
    this.rows = rows;
    this.hopSizes = hopSizes.clone();
  }

  /**
   * The hop IRs of {@code events}, one {@link HopIrs} per hop size in the order given.
   *
   * @param events sorted by ascending timestamp, with fast random access; not modified
   * @throws IllegalArgumentException if {@code events} are not sorted
   */
  public List<HopIrs> aggregate(List<? extends Row> events) {
    long[] ascending = hopSizes.clone();
    Arrays.sort(ascending);
    HopIrs[] bySize = new HopIrs[ascending.length];
    for (int i = 0; i < ascending.length; i++) {
      HopIrs finer = null;
      for (int j = i - 1; j >= 0 && finer == null; j--) {
        if (ascending[i] % ascending[j] == 0) {
          finer = bySize[j];
        }
      }
      bySize[i] = finer == null ? fromEvents(events, ascending[i]) : fromHops(finer, ascending[i]);
    }
    List<HopIrs> result = new ArrayList<>(hopSizes.length);
    for (long hop : hopSizes) {
      result.add(bySize[Arrays.binarySearch(ascending, hop)]);
    }
    return result;
  }

  private HopIrs fromEvents(List<? extends Row> events, long hop) {
    long[] starts = new long[16];
    Object[][] irs = new Object[16][];
    int size = 0;
    long previousTs = Long.MIN_VALUE;
    for (int i = 0; i < events.size(); i++) {
      Row event = events.get(i);
      long ts = event.ts();
      if (ts < previousTs) {
        throw new IllegalArgumentException("events are not sorted by ts");
      }
      previousTs = ts;
      long start = Resolution.floor(ts, hop);
      if (size == 0 || start != starts[size - 1]) {
        if (size == starts.length) {
          starts = Arrays.copyOf(starts, 2 * size);
          irs = Arrays.copyOf(irs, 2 * size);
        }
        starts[size] = start;
        irs[size] = rows.newIrs();
        size++;
      }
      rows.update(irs[size - 1], event);
    }
    return new HopIrs(hop, Arrays.copyOf(starts, size), Arrays.copyOf(irs, size));
  }

  /** Hops of size {@code hop}, a multiple of {@code finer}'s, merged from {@code finer}'s hops. */
  private HopIrs fromHops(HopIrs finer, long hop) {
    long[] starts = new long[finer.size()];
    Object[][] irs = new Object[finer.size()][];
    int size = 0;
    for (int i = 0; i < finer.size(); i++) {
      long start = Resolution.floor(finer.starts()[i], hop);
      if (size == 0 || start != starts[size - 1]) {
        starts[size] = start;
        irs[size] = rows.clone(finer.irs()[i]);
        size++;
      } else {
        rows.merge(irs[size - 1], finer.irs()[i]);
      }
    }
    return new HopIrs(hop, Arrays.copyOf(starts, size), Arrays.copyOf(irs, size));
  }
}
