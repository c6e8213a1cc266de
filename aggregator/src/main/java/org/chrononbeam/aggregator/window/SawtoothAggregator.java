package org.chrononbeam.aggregator.window;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;

/**
 * Every window's value at every query time of one key, in one pass over its events (Chronon's
 * {@code SawtoothAggregator}, built differently).
 *
 * <p>A bounded window {@code w} with hop {@code h} at query time {@code q} covers {@code [floor(q
 * - w, h), q)}, which splits into whole hops {@code [floor(q - w, h), floor(q, h))} (the tail) and
 * the partial hop {@code [floor(q, h), q)} (the head). The events are bucketed into hop IRs once;
 * queries are visited in time order; per output a {@link TailQueue} slides over the hop IRs, so a
 * tail is reused and only moved when {@code q} crosses a hop (hops that fall out of the window
 * before any query needs them are skipped, not pushed); per hop size one head IR takes the
 * events of the current partial hop exactly and is reset when {@code q} enters the next hop. The
 * unbounded window keeps one running IR. Each event is therefore added once to the smallest hops
 * (larger hops are merged from them, see {@link HopAggregator}) and once to each head, whatever the
 * number of queries.
 *
 * <pre>{@code
 * WindowedAggregation aggregation =
 *     WindowedAggregation.of(schema, groupBy.getAggregations(), groupBy.getAccuracy(), false);
 * SawtoothAggregator sawtooth = new SawtoothAggregator(aggregation);
 * // per key: its events sorted by ts, and the left side's query times
 * List<Object[]> values = sawtooth.finalizedAt(events, queryTimes);
 * Object sum7d = values.get(i)[outputIndex];   // aggregation.outputs().get(outputIndex)
 * }</pre>
 */
public final class SawtoothAggregator {

  private final WindowedAggregation aggregation;
  private final long[] hopSizes;
  private final HopAggregator hopAggregator;

  /** The sawtooth of {@code aggregation}'s outputs. */
  public SawtoothAggregator(WindowedAggregation aggregation) {
    this.aggregation = aggregation;
    this.hopSizes = aggregation.hopSizes();
    this.hopAggregator = new HopAggregator(aggregation.rows(), hopSizes);
  }

  /**
   * The output values at each query time, one array per query (in the order of {@code queries})
   * holding one value per {@link WindowedAggregation#outputs()} entry.
   *
   * @param events one key's events sorted by ascending timestamp, with fast random access; not
   *     modified
   * @param queries query times in any order, duplicates allowed
   * @throws IllegalArgumentException if {@code events} are not sorted
   */
  public List<Object[]> finalizedAt(List<? extends Row> events, long[] queries) {
    return evaluate(events, queries, true);
  }

  /**
   * Like {@link #finalizedAt} but the window IRs (owned by the caller, one per output) instead of
   * values, for callers that merge further.
   */
  public List<Object[]> irsAt(List<? extends Row> events, long[] queries) {
    return evaluate(events, queries, false);
  }

  private List<Object[]> evaluate(
      List<? extends Row> events, long[] queries, boolean finalizeValues) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).ts() < events.get(i - 1).ts()) {
        throw new IllegalArgumentException("events are not sorted by ts");
      }
    }
    RowAggregator rows = aggregation.rows();
    List<WindowedOutput> outputs = aggregation.outputs();
    List<HopIrs> hops = hopAggregator.aggregate(events);

    int[] hopIndexOfOutput = new int[outputs.size()];
    TailQueue[] tails = new TailQueue[outputs.size()];
    int[] nextHop = new int[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      WindowSpec window = outputs.get(o).window();
      hopIndexOfOutput[o] = window.isUnbounded() ? -1 : indexOf(hopSizes, window.hopMillis());
      tails[o] = new TailQueue(rows.column(outputs.get(o).column()));
    }

    Object[][] heads = new Object[hopSizes.length][];
    long[] headStarts = new long[hopSizes.length];
    int[] headNextEvent = new int[hopSizes.length];
    boolean anyUnbounded = false;
    for (int h : hopIndexOfOutput) {
      anyUnbounded |= h < 0;
    }
    Object[] cumulative = rows.newIrs();
    int cumulativeNextEvent = anyUnbounded ? 0 : events.size();

    Integer[] order = IntStream.range(0, queries.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingLong(i -> queries[i]));
    Object[][] result = new Object[queries.length][];
    for (int index : order) {
      long q = queries[index];
      for (int h = 0; h < hopSizes.length; h++) {
        long start = Resolution.floor(q, hopSizes[h]);
        if (heads[h] == null || start != headStarts[h]) {
          heads[h] = rows.newIrs();
          headStarts[h] = start;
          headNextEvent[h] = firstAtOrAfter(events, headNextEvent[h], start);
        }
        headNextEvent[h] = addBefore(events, headNextEvent[h], q, heads[h]);
      }
      cumulativeNextEvent = addBefore(events, cumulativeNextEvent, q, cumulative);

      Object[] windowValues = new Object[outputs.size()];
      for (int o = 0; o < outputs.size(); o++) {
        WindowedOutput output = outputs.get(o);
        ColumnAggregator column = rows.column(output.column());
        int h = hopIndexOfOutput[o];
        if (h < 0) {
          Object ir = cumulative[output.column()];
          windowValues[o] = finalizeValues ? column.finalize(ir) : column.clone(ir);
          continue;
        }
        HopIrs hopIrs = hops.get(h);
        long windowStart = output.window().startAt(q);
        tails[o].dropBefore(windowStart);
        if (nextHop[o] < hopIrs.size() && hopIrs.starts()[nextHop[o]] < windowStart) {
          nextHop[o] = hopIrs.firstAtOrAfter(windowStart);
        }
        long tailEnd = headStarts[h];
        while (nextHop[o] < hopIrs.size() && hopIrs.starts()[nextHop[o]] < tailEnd) {
          tails[o].push(hopIrs.starts()[nextHop[o]], hopIrs.irs()[nextHop[o]][output.column()]);
          nextHop[o]++;
        }
        windowValues[o] = combine(column, finalizeValues, tails[o].frontAggregate(),
            tails[o].backAggregate(), heads[h][output.column()]);
      }
      result[index] = windowValues;
    }
    return Arrays.asList(result);
  }

  /**
   * The merge of IRs {@code a}, {@code b} and {@code c} (each may be null; none is mutated),
   * finalized or as a new IR owned by the caller. A single non-null IR is finalized directly.
   */
  private static Object combine(
      ColumnAggregator column, boolean finalizeValue, Object a, Object b, Object c) {
    int present = (a == null ? 0 : 1) + (b == null ? 0 : 1) + (c == null ? 0 : 1);
    if (finalizeValue && present <= 1) {
      return column.finalize(a != null ? a : b != null ? b : c);
    }
    Object merged = column.merge(column.merge(column.clone(a), b), c);
    return finalizeValue ? column.finalize(merged) : merged;
  }

  /** The index of the first event at or after {@code ts}, searching from index {@code from}. */
  private static int firstAtOrAfter(List<? extends Row> events, int from, long ts) {
    int low = from;
    int high = events.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (events.get(middle).ts() < ts) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * Adds {@code events} from index {@code next} up to the first at or after {@code q} to {@code
   * irs} (mutated); returns the index of the first event not added.
   */
  private int addBefore(List<? extends Row> events, int next, long q, Object[] irs) {
    RowAggregator rows = aggregation.rows();
    int index = next;
    while (index < events.size()) {
      Row event = events.get(index);
      if (event.ts() >= q) {
        break;
      }
      rows.update(irs, event);
      index++;
    }
    return index;
  }

  private static int indexOf(long[] values, long value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("unknown hop " + value);
  }
}
