package org.chrononbeam.aggregator.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.ColumnInputs;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.row.RowColumns;

/**
 * The online form (Chronon's {@code SawtoothOnlineAggregator}): a {@link BatchIr} computed as of
 * a batch end, merged at fetch time with the events or tiles that arrived after it, gives every
 * window's value at any query time {@code q} in {@code [batchEnd, batchEnd + horizon]}.
 *
 * <p>For an output with window {@code w} and hop {@code h}, let {@code c = floor(batchEnd +
 * horizon - w, h)}. Every query in range has its window start at or before {@code c}, so the events
 * in {@code [c, batchEnd)} are in every such window and are collapsed into one IR; the hops in
 * {@code [floor(batchEnd - w, h), min(c, batchEnd))} are kept as tail hops and picked per query by
 * the window start. Only those are kept: the windows of one hop size keep the union of their
 * ranges, not the hops between them, which no query reads (of a 7d and a 30d window with daily
 * hops and a 2-day horizon, 4 days' hops, not the 25 from the 30d window's start to the 7d
 * window's collapsed range). Events at or after the batch end come from streaming, filtered by the
 * same window. The unbounded window collapses everything before the batch end. Collapsed IRs are
 * merged from hop IRs, so building a batch IR adds each event once.
 *
 * <p>Tiles are tumbling windows of the smallest tail hop; since every hop size is a multiple of
 * it, every window start is a tile boundary and a window takes whole tiles.
 *
 * <pre>{@code
 * OnlineAggregator online =
 *     new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
 * // upload: per key, as of batchEnd = end date + 1 day
 * byte[] value = new BatchIrCodec(aggregation).encode(online.batchIr(keyEvents, batchEnd));
 * // fetch at q: the decoded batch IR plus the streaming rows (or tiles) of the key
 * Object[] features = online.finalizedAt(codec.decode(value), streamingRows, q);
 * }</pre>
 */
public final class OnlineAggregator {

  /** Chronon's horizon: batch IRs keep windows sliding for 2 days past the batch end. */
  public static final long DEFAULT_HORIZON_MILLIS = 2 * Resolution.DAY_MILLIS;

  private final WindowedAggregation aggregation;
  private final long horizonMillis;
  private final long[] hopSizes;
  private final WindowSpec[][] tailWindows;
  /** Per output: its window, its column's aggregator and index, its hop index (-1: unbounded). */
  private final WindowSpec[] windows;
  private final ColumnAggregator[] columns;
  private final int[] columnIndexes;
  private final int[] hopIndexes;
  /** Per hop size: the outputs whose windows have that hop, in output order. */
  private final int[][] outputsOfHop;
  /** The distinct bounded windows of the outputs, and per output the index of its (-1: none). */
  private final WindowSpec[] boundedWindows;
  private final int[] boundedWindowOf;
  /** Per hop size: the indexes in {@link #boundedWindows} of the windows with that hop. */
  private final int[][] boundedWindowsOfHop;
  /** The collapsed starts of {@link #boundedWindows} for the batch end last asked about. */
  private volatile CollapsedStarts collapsedStarts;

  /** Per bounded window, its {@link #collapsedStart} for batch IRs ending at {@code batchEnd}. */
  private record CollapsedStarts(long batchEnd, long[] starts) {}
  /**
   * Per column of the row aggregator: the first column whose {@link ColumnAggregator#inputs} it
   * can use ({@link ColumnAggregator#sharesInputsWith}), itself when none.
   */
  private final int[] inputsOf;

  /**
   * The online form of {@code aggregation} for queries up to {@code horizonMillis} past batch end.
   */
  public OnlineAggregator(WindowedAggregation aggregation, long horizonMillis) {
    if (horizonMillis < 0) {
      throw new IllegalArgumentException("horizon must not be negative");
    }
    this.aggregation = aggregation;
    this.horizonMillis = horizonMillis;
    this.hopSizes = aggregation.hopSizes();
    List<Set<WindowSpec>> byHop = new ArrayList<>();
    for (int h = 0; h < hopSizes.length; h++) {
      byHop.add(new LinkedHashSet<>());
    }
    for (WindowedOutput output : aggregation.outputs()) {
      if (!output.window().isUnbounded()) {
        byHop.get(indexOf(output.window().hopMillis())).add(output.window());
      }
    }
    this.tailWindows = new WindowSpec[hopSizes.length][];
    for (int h = 0; h < hopSizes.length; h++) {
      tailWindows[h] = byHop.get(h).toArray(new WindowSpec[0]);
    }
    List<WindowedOutput> outputs = aggregation.outputs();
    this.windows = new WindowSpec[outputs.size()];
    this.columns = new ColumnAggregator[outputs.size()];
    this.columnIndexes = new int[outputs.size()];
    this.hopIndexes = new int[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      WindowSpec window = outputs.get(o).window();
      windows[o] = window;
      columnIndexes[o] = outputs.get(o).column();
      columns[o] = aggregation.rows().column(columnIndexes[o]);
      hopIndexes[o] = window.isUnbounded() ? -1 : indexOf(window.hopMillis());
    }
    this.outputsOfHop = new int[hopSizes.length][];
    for (int h = 0; h < hopSizes.length; h++) {
      int hop = h;
      outputsOfHop[h] =
          IntStream.range(0, outputs.size()).filter(o -> hopIndexes[o] == hop).toArray();
    }
    List<WindowSpec> bounded = new ArrayList<>();
    this.boundedWindowOf = new int[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      if (windows[o].isUnbounded()) {
        boundedWindowOf[o] = -1;
      } else {
        if (!bounded.contains(windows[o])) {
          bounded.add(windows[o]);
        }
        boundedWindowOf[o] = bounded.indexOf(windows[o]);
      }
    }
    this.boundedWindows = bounded.toArray(new WindowSpec[0]);
    this.boundedWindowsOfHop = new int[hopSizes.length][];
    for (int h = 0; h < hopSizes.length; h++) {
      long hop = hopSizes[h];
      boundedWindowsOfHop[h] = IntStream.range(0, boundedWindows.length)
          .filter(w -> boundedWindows[w].hopMillis() == hop).toArray();
    }
    RowAggregator rows = aggregation.rows();
    this.inputsOf = new int[rows.size()];
    for (int c = 0; c < inputsOf.length; c++) {
      inputsOf[c] = c;
      for (int first = 0; first < c; first++) {
        if (rows.column(first).sharesInputsWith(rows.column(c))) {
          inputsOf[c] = first;
          break;
        }
      }
    }
  }

  /** The tile size: the smallest tail hop of the windows. */
  public long tileMillis() {
    return aggregation.smallestHop();
  }

  private long collapsedStart(WindowSpec window, long batchEnd) {
    return window.isUnbounded()
        ? Long.MIN_VALUE
        : Math.min(window.startAt(batchEnd + horizonMillis), batchEnd);
  }

  /**
   * The batch IR of one key's events before {@code batchEnd}.
   *
   * @param events in any order; events at or after {@code batchEnd} are ignored
   * @param batchEnd a multiple of every hop size and of the tile size (e.g. a day boundary)
   */
  public BatchIr batchIr(List<? extends Row> events, long batchEnd) {
    for (long hop : hopSizes) {
      if (Math.floorMod(batchEnd, hop) != 0) {
        throw new IllegalArgumentException("batch end must be a multiple of the hop " + hop);
      }
    }
    if (Math.floorMod(batchEnd, tileMillis()) != 0) {
      throw new IllegalArgumentException("batch end must be a multiple of the tile size");
    }
    List<Row> before = new ArrayList<>();
    for (Row event : events) {
      if (event.ts() < batchEnd) {
        before.add(event);
      }
    }
    before.sort(Comparator.comparingLong(Row::ts));
    RowAggregator rows = aggregation.rows();
    List<WindowedOutput> outputs = aggregation.outputs();
    List<HopIrs> allHops = new HopAggregator(rows, hopSizes).aggregate(before);
    Object[] collapsed = new Object[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      WindowedOutput output = outputs.get(o);
      ColumnAggregator column = rows.column(output.column());
      if (output.window().isUnbounded() && allHops.isEmpty()) {
        for (Row event : before) {
          collapsed[o] = column.update(collapsed[o], event);
        }
        continue;
      }
      HopIrs hops = output.window().isUnbounded()
          ? allHops.get(0)
          : allHops.get(indexOf(output.window().hopMillis()));
      for (int i = hops.firstAtOrAfter(collapsedStart(output.window(), batchEnd));
          i < hops.size(); i++) {
        collapsed[o] = column.merge(collapsed[o], hops.irs()[i][output.column()]);
      }
    }
    List<HopIrs> tailHops = new ArrayList<>();
    for (int h = 0; h < hopSizes.length; h++) {
      HopIrs hops = allHops.get(h);
      long[] starts = new long[hops.size()];
      Object[][] irs = new Object[hops.size()][];
      int count = 0;
      for (int i = 0; i < hops.size(); i++) {
        if (readsTailHop(batchEnd, batchEnd, h, hops.starts()[i])) {
          starts[count] = hops.starts()[i];
          irs[count] = hops.irs()[i];
          count++;
        }
      }
      tailHops.add(
          new HopIrs(hopSizes[h], Arrays.copyOf(starts, count), Arrays.copyOf(irs, count)));
    }
    return new BatchIr(batchEnd, collapsed, tailHops);
  }

  /**
   * The output values at {@code q} from {@code batch} and the key's streaming events.
   *
   * @param streaming events (and mutations) in any order; those before the batch end or at or
   *     after {@code q} are ignored
   * @throws IllegalArgumentException if {@code q} is outside {@code [batchEnd, batchEnd +
   *     horizon]}
   */
  public Object[] finalizedAt(BatchIr batch, List<? extends Row> streaming, long q) {
    return finalizedAt(batchPartAt(batch, q), RowColumns.of(streaming));
  }

  /**
   * The values of {@link #finalizedAt(BatchIr, List, long)}, delivered to {@code sink} instead:
   * output {@code o} as {@code sink.setX(query, o, value)}, numbers and booleans unboxed (see
   * {@link ColumnAggregator#finalizeInto}).
   *
   * @throws IllegalArgumentException if {@code q} is outside {@code [batchEnd, batchEnd +
   *     horizon]}
   */
  public void finalizedInto(
      BatchIr batch, List<? extends Row> streaming, long q, ValueSink sink, int query) {
    Object[] irs = updated(batchPartAt(batch, q), RowColumns.of(streaming));
    for (int o = 0; o < irs.length; o++) {
      columns[o].finalizeInto(irs[o], sink, query, o);
    }
  }

  /**
   * {@link #finalizedAt} of the batch part of a query ({@link #batchPartAt}, or decoded straight
   * into one) and rows read by column (e.g. decoded straight into arrays) at the part's query
   * time: the part's IRs are updated in place and returned finalized, so {@code part} must not be
   * read afterwards.
   */
  public Object[] finalizedAt(BatchPart part, RowColumns streaming) {
    return finalizedInPlace(updated(part, streaming));
  }

  /** The IRs of {@code part}, updated in place with {@code streaming} at the part's query time. */
  private Object[] updated(BatchPart part, RowColumns streaming) {
    Object[] irs = part.irs();
    long q = part.atMillis();
    checkQueryTime(part.batchEnd(), q);
    if (streaming.size() == 0) {
      return irs;
    }
    ColumnInputs[] inputs = new ColumnInputs[aggregation.rows().size()];
    for (int o = 0; o < irs.length; o++) {
      long from = Math.max(part.batchEnd(), windows[o].startAt(q));
      int c = inputsOf[columnIndexes[o]];
      if (inputs[c] == null) {
        inputs[c] = aggregation.rows().column(c).inputs(streaming);
      }
      irs[o] = columns[o].update(irs[o], inputs[c], from, q);
    }
    return irs;
  }

  /**
   * The output values at {@code q} from {@code batch} and the key's streaming tiles.
   *
   * @param tiles tiles of size {@link #tileMillis()} holding only events before {@code q} (as
   *     tiles written up to the fetch time do); tiles before the batch end are ignored
   * @throws IllegalArgumentException if {@code q} is outside {@code [batchEnd, batchEnd +
   *     horizon]}
   */
  public Object[] finalizedFromTiles(BatchIr batch, List<Tile> tiles, long q) {
    return finalizedFromTiles(batchPartAt(batch, q), tiles);
  }

  /**
   * {@link #finalizedFromTiles} of the batch part of a query at its query time, updated in place
   * as {@link #finalizedAt(BatchPart, RowColumns)} does; {@code part} must not be read afterwards.
   */
  public Object[] finalizedFromTiles(BatchPart part, List<Tile> tiles) {
    Object[] irs = part.irs();
    long q = part.atMillis();
    checkQueryTime(part.batchEnd(), q);
    for (int o = 0; o < irs.length; o++) {
      long from = Math.max(part.batchEnd(), windows[o].startAt(q));
      ColumnAggregator column = columns[o];
      int c = columnIndexes[o];
      for (Tile tile : tiles) {
        if (tile.start() >= from && tile.start() < q) {
          irs[o] = column.merge(irs[o], tile.irs()[c]);
        }
      }
    }
    return finalizedInPlace(irs);
  }

  /**
   * {@link WindowedAggregation#finalize} of {@code irs}, the IRs this class built for one query,
   * written over them.
   */
  private Object[] finalizedInPlace(Object[] irs) {
    for (int o = 0; o < irs.length; o++) {
      irs[o] = columns[o].finalize(irs[o]);
    }
    return irs;
  }

  /** The tiles of {@code events} (sorted by timestamp), one per non-empty tile. */
  public List<Tile> tiles(List<? extends Row> events) {
    HopIrs hops = new HopAggregator(aggregation.rows(), new long[] {tileMillis()})
        .aggregate(events).get(0);
    List<Tile> tiles = new ArrayList<>(hops.size());
    for (int i = 0; i < hops.size(); i++) {
      tiles.add(new Tile(hops.starts()[i], hops.irs()[i]));
    }
    return tiles;
  }

  /**
   * Whether {@link #finalizedAt} and {@link #finalizedFromTiles} read, at {@code q}, the tail hop
   * of size {@code h} (an index into {@link WindowedAggregation#hopSizes()}) starting at {@code
   * start} of a batch IR ending at {@code batchEnd}: whether it is in {@code [startAt(q),
   * collapsedStart)} of a window of that size. Since window starts only grow with the query time, a
   * tail hop not read at {@code q} is never read later, so a decoder may leave it out; at {@code q
   * = batchEnd} these are the hops a batch IR keeps.
   */
  public boolean readsTailHop(long batchEnd, long q, int h, long start) {
    for (WindowSpec window : tailWindows[h]) {
      if (start >= window.startAt(q) && start < collapsedStart(window, batchEnd)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The tail hop starts each bounded window of the outputs holds at {@code q} of a batch IR ending
   * at {@code batchEnd}, worked out once per query: {@code [ranges[2w], ranges[2w + 1])} for the
   * {@code w}-th distinct window (the ends, which depend on the batch end only, are kept for the
   * batch end last asked about). {@link #readsTailHop(long[], int, long)} answers from them what
   * {@link #readsTailHop(long, long, int, long)} works out per hop, and {@link #mergeTailHop}
   * merges by them.
   */
  public long[] tailHopRanges(long batchEnd, long q) {
    CollapsedStarts collapsed = collapsedStarts;
    if (collapsed == null || collapsed.batchEnd() != batchEnd) {
      long[] starts = new long[boundedWindows.length];
      for (int w = 0; w < starts.length; w++) {
        starts[w] = collapsedStart(boundedWindows[w], batchEnd);
      }
      collapsed = new CollapsedStarts(batchEnd, starts);
      collapsedStarts = collapsed;
    }
    long[] ranges = new long[2 * boundedWindows.length];
    for (int w = 0; w < boundedWindows.length; w++) {
      ranges[2 * w] = boundedWindows[w].startAt(q);
      ranges[2 * w + 1] = collapsed.starts()[w];
    }
    return ranges;
  }

  /** {@link #readsTailHop(long, long, int, long)} from the query's {@link #tailHopRanges}. */
  public boolean readsTailHop(long[] ranges, int h, long start) {
    for (int w : boundedWindowsOfHop[h]) {
      if (start >= ranges[2 * w] && start < ranges[2 * w + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Merges the row IR {@code hopIrs} of the tail hop of size {@code h} starting at {@code start}
   * into the IRs of the outputs whose windows hold it at the query of {@code ranges} ({@link
   * #tailHopRanges}). Merging a batch IR's collapsed IRs, then its tail hops in ascending order of
   * start, gives its batch part at that query ({@link #batchPartAt}); {@code hopIrs} is not changed.
   */
  public void mergeTailHop(Object[] irs, long[] ranges, int h, long start, Object[] hopIrs) {
    for (int o : outputsOfHop[h]) {
      int w = boundedWindowOf[o];
      if (start >= ranges[2 * w] && start < ranges[2 * w + 1]) {
        irs[o] = columns[o].merge(irs[o], hopIrs[columnIndexes[o]]);
      }
    }
  }

  /**
   * The batch part of {@code batch} at {@code q}: each output's collapsed IR (copied) merged with
   * the tail hops its window holds at {@code q}; {@code batch} is not changed.
   */
  public BatchPart batchPartAt(BatchIr batch, long q) {
    long batchEnd = batch.batchEnd();
    checkQueryTime(batchEnd, q);
    Object[] irs = new Object[windows.length];
    for (int o = 0; o < irs.length; o++) {
      irs[o] = columns[o].clone(batch.collapsed()[o]);
    }
    long[] ranges = tailHopRanges(batchEnd, q);
    for (int h = 0; h < hopSizes.length; h++) {
      HopIrs hops = batch.tailHops().get(h);
      for (int i = 0; i < hops.size(); i++) {
        mergeTailHop(irs, ranges, h, hops.starts()[i], hops.irs()[i]);
      }
    }
    return new BatchPart(batchEnd, q, irs);
  }

  private void checkQueryTime(long batchEnd, long q) {
    if (q < batchEnd || q > batchEnd + horizonMillis) {
      throw new IllegalArgumentException("query time " + q + " is outside [" + batchEnd + ", "
          + (batchEnd + horizonMillis) + "] of the batch IR");
    }
  }

  private int indexOf(long hop) {
    for (int h = 0; h < hopSizes.length; h++) {
      if (hopSizes[h] == hop) {
        return h;
      }
    }
    throw new IllegalStateException("unknown hop " + hop);
  }
}
