package org.chrononbeam.aggregator.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.HopIrs;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codecs' field-by-field decoding, and the batch decoding for a query that passes over the
 * tail hops the query cannot read, against the naive decoding through Avro's generic reader, on
 * random IRs of every operation (with nulls), windows from an hour to 30 days and unbounded, and
 * query times on and between hop boundaries across the horizon; and the finalizing that consumes
 * a freshly decoded batch IR (updates its collapsed IRs in place) against the one that copies.
 */
class IrDecodeTest {

  private static final long DAY = RandomRows.DAY;
  private static final long HOUR = 3_600_000L;
  private static final long BATCH_END = 40 * DAY;
  private static final List<Window> WINDOWS = List.of(
      new Window(1, TimeUnit.HOURS), new Window(11, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS),
      new Window(7, TimeUnit.DAYS), new Window(12, TimeUnit.DAYS), new Window(30, TimeUnit.DAYS));

  static Stream<ColumnSpec> all() {
    return ColumnCases.ALL.stream();
  }

  /** The naive reading of a row IR: Avro's generic record, each field denormalized. */
  private static Object[] naiveRow(RowAggregator rows, GenericRecord record) {
    Object[] irs = rows.newIrs();
    for (int i = 0; i < irs.length; i++) {
      Object normalized = record.get(i);
      irs[i] = normalized == null ? null : rows.column(i).denormalize(normalized);
    }
    return irs;
  }

  private static GenericRecord generic(Schema schema, byte[] bytes) throws IOException {
    return new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }

  /** The naive reading of a batch IR through Avro's generic reader. */
  private static BatchIr naiveBatch(WindowedAggregation aggregation, BatchIrCodec codec,
      byte[] bytes) throws IOException {
    GenericRecord record = generic(codec.schema(), bytes);
    RowAggregator rows = aggregation.rows();
    GenericRecord collapsedRecord = (GenericRecord) record.get("collapsedIr");
    Object[] collapsed = new Object[aggregation.outputs().size()];
    for (int o = 0; o < collapsed.length; o++) {
      Object normalized = collapsedRecord.get(o);
      collapsed[o] = normalized == null
          ? null
          : rows.column(aggregation.outputs().get(o).column()).denormalize(normalized);
    }
    List<HopIrs> tails = new ArrayList<>();
    int h = 0;
    for (Object list : (Collection<?>) record.get("tailHopIrs")) {
      Collection<?> hops = (Collection<?>) list;
      long[] starts = new long[hops.size()];
      Object[][] irs = new Object[hops.size()][];
      int i = 0;
      for (Object hop : hops) {
        starts[i] = (Long) ((GenericRecord) hop).get("hopStart");
        irs[i++] = naiveRow(rows, (GenericRecord) ((GenericRecord) hop).get("ir"));
      }
      tails.add(new HopIrs(aggregation.hopSizes()[h++], starts, irs));
    }
    return new BatchIr((Long) record.get("batchEnd"), collapsed, tails);
  }

  private static boolean byteStable(ColumnSpec spec) {
    return spec.operation() != Operation.APPROX_HISTOGRAM_K;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void rowIrsAndTilesDecodeAsTheGenericReaderDecodesThem(ColumnSpec spec) throws IOException {
    RowAggregator rows = RowAggregator.of(
        RandomRows.SCHEMA, List.of(spec.toAggregation(List.of())), false);
    RowIrCodec codec = new RowIrCodec(rows);
    TileCodec tiles = new TileCodec(rows);
    RandomRows random = new RandomRows(spec.hashCode(), 0.3);
    for (int size : new int[] {0, 1, 2, 5, 60}) {
      Object[] irs = rows.newIrs();
      for (Row event : random.events(size, 0, DAY)) {
        rows.update(irs, event);
      }
      byte[] bytes = codec.encode(irs);
      Object[] naive = naiveRow(rows, generic(codec.schema(), bytes));
      Object[] decoded = codec.decode(bytes);
      assertEquals(Arrays.asList(rows.finalize(naive)), Arrays.asList(rows.finalize(decoded)),
          "row IR of " + size + " events");
      if (byteStable(spec)) {
        assertArrayEquals(codec.encode(naive), codec.encode(decoded));
      }
      byte[] tileBytes = tiles.encode(new Tile(7 * HOUR, irs));
      Tile tile = tiles.decode(tileBytes);
      assertEquals(7 * HOUR, tile.start());
      assertEquals(Arrays.asList(rows.finalize(naive)), Arrays.asList(rows.finalize(tile.irs())),
          "tile of " + size + " events");
      byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(trailing))
          .getMessage().contains("trailing data"));
    }
  }

  /**
   * The scalar COUNT, SUM, AVERAGE, MIN, MAX, FIRST, LAST, FIRST_K and LAST_K of numbers (and
   * booleans) are read straight into their IRs, so the comparisons with the generic reader above
   * cover that path; the others are not.
   */
  @Test
  void simpleNumericIrsAreReadStraightIntoTheirIrs() {
    Set<Operation> direct = EnumSet.of(Operation.COUNT, Operation.SUM, Operation.AVERAGE,
        Operation.MIN, Operation.MAX, Operation.FIRST, Operation.LAST, Operation.FIRST_K,
        Operation.LAST_K);
    int directColumns = 0;
    for (ColumnSpec spec : ColumnCases.ALL) {
      RowAggregator rows = RowAggregator.of(
          RandomRows.SCHEMA, List.of(spec.toAggregation(List.of())), false);
      ColumnAggregator column = rows.column(0);
      boolean numeric = spec.operation() == Operation.COUNT
          || !(spec.input().equals("s") || spec.input().equals("bin"));
      boolean expected = direct.contains(spec.operation()) && numeric
          && spec.bucket() == null && !spec.elementWise()
          && column.irSchema().getType() != Schema.Type.MAP;
      assertEquals(expected, column.readsIr(), spec.toString());
      directColumns += expected ? 1 : 0;
    }
    assertTrue(directColumns >= 10, directColumns + " columns read directly");
  }

  private static long queryTime(Random random) {
    long q = BATCH_END + (long) (random.nextDouble() * OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    return switch (random.nextInt(6)) {
      case 0 -> BATCH_END;
      case 1 -> BATCH_END + OnlineAggregator.DEFAULT_HORIZON_MILLIS;
      case 2 -> q - Math.floorMod(q, HOUR);
      case 3 -> q - Math.floorMod(q, 300_000L) + random.nextInt(2) - 1;
      default -> q;
    };
  }

  @Test
  void batchIrsDecodedForAQueryGiveTheValuesOfTheWholeBatchIr() throws IOException {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      aggregations.add(spec.toAggregation(WINDOWS));
      aggregations.add(spec.toAggregation(List.of()));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
    OnlineAggregator online =
        new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    BatchIrCodec codec = new BatchIrCodec(aggregation);
    RandomRows random = new RandomRows(23, 0.25);
    int skipping = 0;
    for (int events : new int[] {0, 1, 4, 30, 300}) {
      List<ArrayRow> rows = random.events(events, BATCH_END - 35 * DAY, 37 * DAY);
      byte[] bytes = codec.encode(online.batchIr(rows, BATCH_END));
      BatchIr naive = naiveBatch(aggregation, codec, bytes);
      BatchIr whole = codec.decode(bytes);
      assertEquals(BATCH_END, whole.batchEnd());
      for (int h = 0; h < naive.tailHops().size(); h++) {
        assertArrayEquals(naive.tailHops().get(h).starts(), whole.tailHops().get(h).starts());
      }
      for (int n = 0; n < 12; n++) {
        long q = queryTime(random.random());
        List<Row> streaming = new ArrayList<>();
        for (Row row : rows) {
          if (row.ts() >= BATCH_END && row.ts() < q) {
            streaming.add(row);
          }
        }
        int all = 0;
        int read = 0;
        long[] ranges = online.tailHopRanges(BATCH_END, q);
        for (int h = 0; h < whole.tailHops().size(); h++) {
          for (long start : whole.tailHops().get(h).starts()) {
            all++;
            read += online.readsTailHop(BATCH_END, q, h, start) ? 1 : 0;
            assertEquals(online.readsTailHop(BATCH_END, q, h, start),
                online.readsTailHop(ranges, h, start), "hop at " + start + ", " + q);
          }
          long hop = aggregation.hopSizes()[h];
          for (long batchEnd : new long[] {BATCH_END, BATCH_END - DAY, BATCH_END}) {
            long[] rangesOfEnd = online.tailHopRanges(batchEnd, q);
            for (long start = BATCH_END - 35 * DAY; start <= BATCH_END + 2 * DAY; start += hop) {
              assertEquals(online.readsTailHop(batchEnd, q, h, start),
                  online.readsTailHop(rangesOfEnd, h, start),
                  "hop at " + start + ", " + q + ", batch end " + batchEnd);
            }
          }
        }
        skipping += read < all ? 1 : 0;
        for (long near = q - q % HOUR - 2 * HOUR; near < q + 2 * HOUR; near += HOUR / 4) {
          for (long at : new long[] {near - 1, near, near + 1}) {
            long[] rangesAt = online.tailHopRanges(BATCH_END, at);
            for (int h = 0; h < whole.tailHops().size(); h++) {
              for (long start : whole.tailHops().get(h).starts()) {
                assertEquals(online.readsTailHop(BATCH_END, at, h, start),
                    online.readsTailHop(rangesAt, h, start), "hop at " + start + ", " + at);
              }
            }
          }
        }
        Object[] expected = online.finalizedAt(naive, streaming, q);
        Object[] fromWhole = online.finalizedAt(whole, streaming, q);
        Object[] fromQuery = online.finalizedAt(
            codec.batchPartAt(bytes, online, q), RowColumns.of(streaming));
        List<Tile> tiles = online.tiles(streaming);
        Object[] fromTiles = online.finalizedFromTiles(codec.batchPartAt(bytes, online, q), tiles);
        Object[] expectedFromTiles = online.finalizedFromTiles(naive, tiles, q);
        String what = "at " + q + " over " + events + " events";
        assertEquals(Arrays.asList(expected),
            Arrays.asList(online.finalizedAt(naive, streaming, q)),
            "the batch IR read again after a query " + what);
        assertEquals(Arrays.asList(expected), Arrays.asList(fromWhole), what);
        assertEquals(Arrays.asList(expected), Arrays.asList(fromQuery), what);
        assertEquals(Arrays.asList(expectedFromTiles), Arrays.asList(fromTiles), "tiles " + what);
      }
    }
    assertTrue(skipping > 0, "no query passed over a tail hop");
  }
}
