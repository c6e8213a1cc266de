package org.chrononbeam.aggregator.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.chrononbeam.aggregator.ops.ApproxHistogramAggregator;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.NaiveColumn;
import org.chrononbeam.aggregator.testing.OutputCheck;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.window.BatchIr;
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
 * Encode then decode is lossless: the same outputs, still mergeable, and the same bytes when
 * re-encoded. The one exception to the last is the frequent-items sketch of APPROX_HISTOGRAM_K:
 * its bytes follow its hash table's layout, which a decoded copy rebuilds in another order, so for
 * it the decoded state is compared by outputs and error bound instead.
 */
class IrRoundTripTest {

  static Stream<ColumnSpec> all() {
    return ColumnCases.ALL.stream();
  }

  private static Object[] aggregate(RowAggregator rows, List<? extends Row> events) {
    Object[] irs = rows.newIrs();
    for (Row event : events) {
      rows.update(irs, event);
    }
    return irs;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void rowIrSurvivesEncodeDecode(ColumnSpec spec) {
    RowAggregator rows = RowAggregator.of(
        RandomRows.SCHEMA, List.of(spec.toAggregation(List.of())), false);
    RowIrCodec codec = new RowIrCodec(rows);
    for (int size : new int[] {0, 1, 3, 400}) {
      RandomRows random = new RandomRows(size, 0.2);
      List<ArrayRow> first = random.events(size, 0, RandomRows.DAY);
      List<ArrayRow> second = random.events(50, 0, RandomRows.DAY);
      Object[] original = aggregate(rows, first);
      byte[] bytes = codec.encode(original);
      Object[] decoded = codec.decode(bytes);
      assertEquals(Arrays.asList(rows.finalize(original)), Arrays.asList(rows.finalize(decoded)));
      if (original[0] != null && spec.operation() == Operation.APPROX_HISTOGRAM_K
          && ApproxHistogramAggregator.isSketched(original[0])) {
        assertEquals(ApproxHistogramAggregator.maximumError(original[0]),
            ApproxHistogramAggregator.maximumError(decoded[0]));
      } else {
        assertArrayEquals(bytes, codec.encode(decoded), "re-encoding changed the bytes");
      }
      OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
          NaiveColumn.evaluate(RandomRows.SCHEMA, spec, first), rows.finalize(decoded)[0],
          "decoded size " + size);
      Object[] merged = rows.merge(decoded, aggregate(rows, second));
      List<Row> both = new ArrayList<>(first);
      both.addAll(second);
      OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
          NaiveColumn.evaluate(RandomRows.SCHEMA, spec, both), rows.finalize(merged)[0],
          "decoded then merged, size " + size);
    }
  }

  @Test
  void batchIrAndTilesSurviveEncodeDecode() {
    List<Aggregation> aggregations = new ArrayList<>();
    List<ColumnSpec> specs = ColumnCases.ALL.stream()
        .filter(spec -> spec.operation() != Operation.APPROX_HISTOGRAM_K)
        .toList();
    for (ColumnSpec spec : specs) {
      aggregations.add(spec.toAggregation(
          List.of(new Window(1, TimeUnit.HOURS), new Window(3, TimeUnit.DAYS))));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
    OnlineAggregator online = new OnlineAggregator(aggregation, RandomRows.DAY);
    BatchIrCodec batchCodec = new BatchIrCodec(aggregation);
    TileCodec tileCodec = new TileCodec(aggregation.rows());
    long batchEnd = 10 * RandomRows.DAY;
    RandomRows random = new RandomRows(42, 0.2);
    List<ArrayRow> events = random.events(300, 6 * RandomRows.DAY, 5 * RandomRows.DAY);
    long q = batchEnd + RandomRows.DAY / 3;
    List<Row> afterBatch = new ArrayList<>();
    for (Row event : events) {
      if (event.ts() >= batchEnd && event.ts() < q) {
        afterBatch.add(event);
      }
    }

    BatchIr batch = online.batchIr(events, batchEnd);
    byte[] batchBytes = batchCodec.encode(batch);
    BatchIr decodedBatch = batchCodec.decode(batchBytes);
    assertArrayEquals(batchBytes, batchCodec.encode(decodedBatch));

    List<Tile> tiles = online.tiles(afterBatch);
    List<Tile> decodedTiles = new ArrayList<>();
    for (Tile tile : tiles) {
      byte[] tileBytes = tileCodec.encode(tile);
      Tile decoded = tileCodec.decode(tileBytes);
      assertArrayEquals(tileBytes, tileCodec.encode(decoded));
      decodedTiles.add(decoded);
    }
    assertEquals(tiles.size(), decodedTiles.size());

    Object[] expected = online.finalizedAt(batch, afterBatch, q);
    Object[] fromDecoded = online.finalizedFromTiles(decodedBatch, decodedTiles, q);
    for (int o = 0; o < expected.length; o++) {
      int column = aggregation.outputs().get(o).column();
      ColumnSpec spec = specs.get(column);
      if (spec.operation() == Operation.APPROX_PERCENTILE
          || spec.operation() == Operation.APPROX_UNIQUE_COUNT) {
        List<Row> inWindow = new ArrayList<>();
        long start = aggregation.outputs().get(o).window().startAt(q);
        for (Row event : events) {
          if (event.ts() >= start && event.ts() < q) {
            inWindow.add(event);
          }
        }
        OutputCheck.assertMatches(RandomRows.SCHEMA, spec,
            NaiveColumn.evaluate(RandomRows.SCHEMA, spec, inWindow), fromDecoded[o],
            "sketch output " + o);
      } else {
        OutputCheck.assertMatches(RandomRows.SCHEMA, spec, expected[o], fromDecoded[o],
            "output " + o);
      }
    }
  }
}
