package org.chrononbeam.aggregator.window;

import java.util.Arrays;
import java.util.List;
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
 * // or, numbers unboxed: sink.setLong(i, outputIndex, ...), setDouble, setObject or setNull
 * sawtooth.finalizedInto(events, queryTimes, sink);
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
    Object[][] values = new Object[queries.length][aggregation.outputs().size()];
    evaluate(events, queries, (query, output, column, a, b, c) ->
        values[query][output] = column.finalize(mergedView(column, a, b, c)));
    return Arrays.asList(values);
  }

  /**
   * The values of {@link #finalizedAt}, delivered to {@code sink} instead: for each query index
   * {@code i} (the position in {@code queries}) and output index {@code o} (the position in
   * {@link WindowedAggregation#outputs()}), one call {@code sink.setX(i, o, value)}, numbers and
   * booleans unboxed (see {@link ColumnAggregator#finalizeInto}). Queries are delivered in time
   * order, not in the order of {@code queries}.
   *
   * @throws IllegalArgumentException if {@code events} are not sorted
   */
  public void finalizedInto(List<? extends Row> events, long[] queries, ValueSink sink) {
    evaluate(events, queries, (query, output, column, a, b, c) ->
        column.finalizeInto(mergedView(column, a, b, c), sink, query, output));
  }

  /**
   * Like {@link #finalizedAt} but the window IRs (owned by the caller, one per output) instead of
   * values, for callers that merge further.
   */
  public List<Object[]> irsAt(List<? extends Row> events, long[] queries) {
    Object[][] irs = new Object[queries.length][aggregation.outputs().size()];
    evaluate(events, queries, (query, output, column, a, b, c) ->
        irs[query][output] = column.merge(column.merge(column.clone(a), b), c));
    return Arrays.asList(irs);
  }

  /** What {@link #evaluate} does with the window of one output at one query. */
  private interface WindowTarget {
    /**
     * Takes the window of {@code output} at query index {@code query}: the merge of the IRs
     * {@code a}, {@code b} and {@code c} of {@code column} (each may be null; none may be mutated
     * or kept).
     */
    void accept(int query, int output, ColumnAggregator column, Object a, Object b, Object c);
  }

  /**
   * The merge of IRs {@code a}, {@code b} and {@code c} (each may be null; none is mutated), to be
   * read and dropped: the single non-null one itself, else a new IR.
   */
  private static Object mergedView(ColumnAggregator column, Object a, Object b, Object c) {
    int present = (a == null ? 0 : 1) + (b == null ? 0 : 1) + (c == null ? 0 : 1);
    if (present <= 1) {
      return a != null ? a : b != null ? b : c;
    }
    return column.merge(column.merge(column.clone(a), b), c);
  }

  /** Passes the window of every output at every query to {@code target}, queries in time order. */
  private void evaluate(List<? extends Row> events, long[] queries, WindowTarget target) {
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
    ColumnAggregator[] columns = new ColumnAggregator[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      WindowSpec window = outputs.get(o).window();
      hopIndexOfOutput[o] = window.isUnbounded() ? -1 : indexOf(hopSizes, window.hopMillis());
      columns[o] = rows.column(outputs.get(o).column());
      tails[o] = new TailQueue(columns[o]);
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

    for (int index : timeOrder(queries)) {
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

      for (int o = 0; o < outputs.size(); o++) {
        WindowedOutput output = outputs.get(o);
        int h = hopIndexOfOutput[o];
        if (h < 0) {
          target.accept(index, o, columns[o], cumulative[output.column()], null, null);
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
        target.accept(index, o, columns[o], tails[o].frontAggregate(), tails[o].backAggregate(),
            heads[h][output.column()]);
      }
    }
  }

  /**
   * The indices of {@code queries} ordered by query time (a merge sort of primitive indices; equal
   * times keep their order).
   */
  static int[] timeOrder(long[] queries) {
    int[] order = new int[queries.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    boolean sorted = true;
    for (int i = 1; i < queries.length && sorted; i++) {
      sorted = queries[i - 1] <= queries[i];
    }
    if (sorted) {
      return order;
    }
    int[] from = order;
    int[] to = new int[order.length];
    for (int width = 1; width < order.length; width *= 2) {
      for (int low = 0; low < order.length; low += 2 * width) {
        int middle = Math.min(low + width, order.length);
        int high = Math.min(low + 2 * width, order.length);
        int left = low;
        int right = middle;
        for (int k = low; k < high; k++) {
          if (right >= high || (left < middle && queries[from[left]] <= queries[from[right]])) {
            to[k] = from[left++];
          } else {
            to[k] = from[right++];
          }
        }
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    return from;
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
