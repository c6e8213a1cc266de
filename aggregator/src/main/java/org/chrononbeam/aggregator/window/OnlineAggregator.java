package org.chrononbeam.aggregator.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  /**
   * Per hop size {@code h}: where its pairs start in {@link #tailRangesAt}'s array; entry {@code
   * h + 1} is where they end.
   */
  private final int[] tailRangeOffsets;
  /** Per output: its window, its column's aggregator and index, its hop index (-1: unbounded). */
  private final WindowSpec[] windows;
  private final ColumnAggregator[] columns;
  private final int[] columnIndexes;
  private final int[] hopIndexes;
  /** Per output: the index of its window among the distinct windows of the outputs. */
  private final int[] windowIds;
  private final int distinctWindows;
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
    this.tailRangeOffsets = new int[hopSizes.length + 1];
    for (int h = 0; h < hopSizes.length; h++) {
      tailWindows[h] = byHop.get(h).toArray(new WindowSpec[0]);
      tailRangeOffsets[h + 1] = tailRangeOffsets[h] + 2 * tailWindows[h].length;
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
    List<WindowSpec> distinct = new ArrayList<>();
    this.windowIds = new int[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      int id = distinct.indexOf(windows[o]);
      if (id < 0) {
        id = distinct.size();
        distinct.add(windows[o]);
      }
      windowIds[o] = id;
    }
    this.distinctWindows = distinct.size();
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
    long[] ranges = tailRangesAt(batchEnd, batchEnd);
    List<HopIrs> tailHops = new ArrayList<>();
    for (int h = 0; h < hopSizes.length; h++) {
      HopIrs hops = allHops.get(h);
      long[] starts = new long[hops.size()];
      Object[][] irs = new Object[hops.size()][];
      int count = 0;
      for (int i = 0; i < hops.size(); i++) {
        if (inTailRanges(ranges, h, hops.starts()[i])) {
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
    return finalizedAt(batch, RowColumns.of(streaming), q, false);
  }

  /**
   * {@link #finalizedAt} for a batch IR the caller no longer needs (e.g. one just decoded for
   * this query) and rows read by column (e.g. decoded straight into arrays): its collapsed IRs
   * are updated in place instead of copied first, so {@code batch} must not be read afterwards.
   * Its tail hops are not changed.
   */
  public Object[] finalizedAtConsuming(BatchIr batch, RowColumns streaming, long q) {
    return finalizedAt(batch, streaming, q, true);
  }

  private Object[] finalizedAt(BatchIr batch, RowColumns streaming, long q, boolean consume) {
    Object[] irs = batchPart(batch, q, consume);
    if (streaming.size() == 0) {
      return finalizedInPlace(irs);
    }
    ColumnInputs[] inputs = new ColumnInputs[aggregation.rows().size()];
    for (int o = 0; o < irs.length; o++) {
      long from = Math.max(batch.batchEnd(), windows[o].startAt(q));
      int c = inputsOf[columnIndexes[o]];
      if (inputs[c] == null) {
        inputs[c] = aggregation.rows().column(c).inputs(streaming);
      }
      irs[o] = columns[o].update(irs[o], inputs[c], from, q);
    }
    return finalizedInPlace(irs);
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
    return finalizedFromTiles(batch, tiles, q, false);
  }

  /**
   * {@link #finalizedFromTiles} for a batch IR the caller no longer needs, updated in place as
   * {@link #finalizedAtConsuming} does; {@code batch} must not be read afterwards.
   */
  public Object[] finalizedFromTilesConsuming(BatchIr batch, List<Tile> tiles, long q) {
    return finalizedFromTiles(batch, tiles, q, true);
  }

  private Object[] finalizedFromTiles(BatchIr batch, List<Tile> tiles, long q, boolean consume) {
    Object[] irs = batchPart(batch, q, consume);
    for (int o = 0; o < irs.length; o++) {
      long from = Math.max(batch.batchEnd(), windows[o].startAt(q));
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
   * The tail hops that {@link #finalizedAt} and {@link #finalizedFromTiles} read at {@code q} from
   * a batch IR ending at {@code batchEnd}, in one array: for each hop size {@code h} (in {@link
   * WindowedAggregation#hopSizes()} order), pairs {@code from, until} of hop start ranges {@code
   * [from, until)}, one per window of that hop size ({@link #inTailRanges} tests a hop). Since
   * window starts only grow with the query time, a tail hop outside every range of its size is
   * never read at {@code q} or later, so a decoder may leave it out; at {@code q = batchEnd} the
   * ranges are the hops a batch IR keeps.
   */
  public long[] tailRangesAt(long batchEnd, long q) {
    long[] ranges = new long[tailRangeOffsets[hopSizes.length]];
    for (int h = 0; h < hopSizes.length; h++) {
      WindowSpec[] windows = tailWindows[h];
      for (int w = 0, r = tailRangeOffsets[h]; w < windows.length; w++, r += 2) {
        ranges[r] = windows[w].startAt(q);
        ranges[r + 1] = collapsedStart(windows[w], batchEnd);
      }
    }
    return ranges;
  }

  /**
   * Whether a hop of size {@code h} (an index into {@link WindowedAggregation#hopSizes()})
   * starting at {@code start} is in one of that size's ranges of {@code ranges}, an array of
   * {@link #tailRangesAt}.
   */
  public boolean inTailRanges(long[] ranges, int h, long start) {
    for (int r = tailRangeOffsets[h]; r < tailRangeOffsets[h + 1]; r += 2) {
      if (start >= ranges[r] && start < ranges[r + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The IRs of the batch part at {@code q}: each output's collapsed IR (a copy unless {@code
   * consume}) merged with the tail hops its window holds at {@code q}.
   */
  private Object[] batchPart(BatchIr batch, long q, boolean consume) {
    long batchEnd = batch.batchEnd();
    if (q < batchEnd || q > batchEnd + horizonMillis) {
      throw new IllegalArgumentException("query time " + q + " is outside [" + batchEnd + ", "
          + (batchEnd + horizonMillis) + "] of the batch IR");
    }
    Object[] irs = new Object[windows.length];
    // per distinct window: 1 + the index of its first tail hop at q, 0 until looked up
    int[] firstHops = new int[distinctWindows];
    for (int o = 0; o < irs.length; o++) {
      ColumnAggregator column = columns[o];
      Object collapsed = batch.collapsed()[o];
      irs[o] = consume ? collapsed : column.clone(collapsed);
      if (hopIndexes[o] < 0) {
        continue;
      }
      HopIrs hops = batch.tailHops().get(hopIndexes[o]);
      if (hops.size() == 0) {
        continue;
      }
      WindowSpec window = windows[o];
      if (firstHops[windowIds[o]] == 0) {
        firstHops[windowIds[o]] = 1 + hops.firstAtOrAfter(window.startAt(q));
      }
      long until = collapsedStart(window, batchEnd);
      int c = columnIndexes[o];
      for (int i = firstHops[windowIds[o]] - 1; i < hops.size() && hops.starts()[i] < until; i++) {
        irs[o] = column.merge(irs[o], hops.irs()[i][c]);
      }
    }
    return irs;
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
