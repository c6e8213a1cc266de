package org.chrononbeam.aggregator.window;

import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.DAY;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.HOUR;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.MINUTE;
import static org.chrononbeam.aggregator.window.SawtoothReferenceTest.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;

/**
 * The batch part in primitive slots ({@link BatchIrCodec#scalarPartAt}, {@link
 * OnlineAggregator#scalarPart}, {@link OnlineAggregator#finalizedAt(ScalarPart, RowColumns)})
 * against the generic path ({@link BatchIrCodec#batchPartAt} and {@link
 * OnlineAggregator#finalizedAt(BatchPart, RowColumns)}): equal outputs on random keys (no to many
 * events, nulls, streaming rows with deletes, empty windows) at random query times and at hop
 * edges.
 */
class ScalarPartTest {

  private static final long BATCH_END = START + 13 * DAY;
  private static final long HORIZON = OnlineAggregator.DEFAULT_HORIZON_MILLIS;
  private static final List<String> NUMBERS = List.of("i", "l", "d", "f");

  private static WindowedAggregation windowed(List<ColumnSpec> specs) {
    return OnlineReferenceTest.windowed(specs, false);
  }

  private static List<ColumnSpec> specs(List<Operation> operations, List<String> inputs) {
    List<ColumnSpec> specs = new ArrayList<>();
    for (Operation operation : operations) {
      for (String input : inputs) {
        specs.add(ColumnSpec.of(input, operation, Map.of()));
      }
    }
    return specs;
  }

  /** Query times: random, the batch end and horizon, and hop edges (exact, one ms either side). */
  private static long queryTime(Random random) {
    long q = BATCH_END + (long) (random.nextDouble() * HORIZON);
    long hop = new long[] {5 * MINUTE, HOUR, DAY}[random.nextInt(3)];
    long edge = q - Math.floorMod(q, hop) + random.nextInt(3) - 1;
    return switch (random.nextInt(5)) {
      case 0 -> BATCH_END;
      case 1 -> BATCH_END + HORIZON;
      case 2 -> Math.min(BATCH_END + HORIZON, Math.max(BATCH_END, edge));
      default -> q;
    };
  }

  /** Streaming rows after the batch end, shuffled, a fifth of them deletes when {@code deletes}. */
  private static List<Row> streaming(RandomRows random, int count, boolean deletes) {
    List<Row> rows = new ArrayList<>();
    for (ArrayRow row : random.events(count, BATCH_END, HORIZON)) {
      boolean delete = deletes && random.random().nextInt(5) == 0;
      rows.add(new ArrayRow(row.ts(), delete, row.values()));
    }
    Collections.shuffle(rows, random.random());
    return rows;
  }

  private static void checkAgainstGeneric(WindowedAggregation aggregation, boolean deletes,
      long seed) {
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    assertTrue(online.isScalar());
    BatchIrCodec codec = new BatchIrCodec(aggregation);
    int[] eventsPerKey = {0, 1, 3, 20, 200};
    for (int key = 0; key < 40; key++) {
      RandomRows random = new RandomRows(seed + key, key % 3 == 0 ? 0.6 : 0.2);
      List<ArrayRow> events =
          random.events(eventsPerKey[key % eventsPerKey.length], START, 13 * DAY);
      byte[] bytes = codec.encode(online.batchIr(events, BATCH_END));
      List<Row> rows = streaming(random, random.random().nextInt(12), deletes);
      for (int query = 0; query < 12; query++) {
        long q = queryTime(random.random());
        Object[] expected = online.finalizedAt(
            codec.batchPartAt(bytes, online, q), RowColumns.of(rows));
        Object[] actual = online.finalizedAt(
            codec.scalarPartAt(bytes, online, q), RowColumns.of(rows));
        assertArrayEquals(expected, actual, "key " + key + " at " + q);
        Object[] noBatch = online.finalizedAt(
            new BatchPart(BATCH_END, q, new Object[aggregation.outputs().size()]),
            RowColumns.of(rows));
        assertArrayEquals(noBatch,
            online.finalizedAt(online.scalarPart(BATCH_END, q), RowColumns.of(rows)),
            "key " + key + " at " + q + " without a batch value");
      }
    }
  }

  @Test
  void everyScalarOperationEqualsTheGenericPath() {
    checkAgainstGeneric(windowed(specs(
        List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.MIN, Operation.MAX),
        NUMBERS)), false, 700);
  }

  @Test
  void deletableOperationsWithDeletesEqualTheGenericPath() {
    List<ColumnSpec> specs = new ArrayList<>(specs(
        List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE), NUMBERS));
    specs.add(ColumnSpec.of("b", Operation.COUNT, Map.of()));
    checkAgainstGeneric(windowed(specs), true, 900);
  }

  @Test
  void emptyWindowsAreNullForEveryOperation() {
    WindowedAggregation aggregation = windowed(specs(
        List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.MIN, Operation.MAX),
        NUMBERS));
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    BatchIrCodec codec = new BatchIrCodec(aggregation);
    byte[] bytes = codec.encode(online.batchIr(List.of(), BATCH_END));
    for (Object output : online.finalizedAt(
        codec.scalarPartAt(bytes, online, BATCH_END + HOUR), RowColumns.of(List.of()))) {
      assertNull(output);
    }
  }

  @Test
  void aDeleteOnMaxThrowsAsInTheGenericPath() {
    WindowedAggregation aggregation =
        windowed(specs(List.of(Operation.MAX), List.of("d", "l")));
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    List<Row> rows = List.of(new ArrayRow(BATCH_END + 1, true, new RandomRows(1, 0).values()));
    long q = BATCH_END + HOUR;
    assertThrows(UnsupportedOperationException.class, () -> online.finalizedAt(
        new BatchPart(BATCH_END, q, new Object[aggregation.outputs().size()]),
        RowColumns.of(rows)));
    assertThrows(UnsupportedOperationException.class,
        () -> online.finalizedAt(online.scalarPart(BATCH_END, q), RowColumns.of(rows)));
  }

  @Test
  void otherOperationsOrShapesKeepTheGenericPath() {
    assertFalse(new OnlineAggregator(windowed(List.of(
        ColumnSpec.of("d", Operation.SUM, Map.of()),
        ColumnSpec.of("s", Operation.COUNT, Map.of()))), HORIZON).isScalar());
    assertFalse(new OnlineAggregator(windowed(List.of(
        ColumnSpec.of("d", Operation.SUM, Map.of()),
        ColumnSpec.of("d", Operation.LAST, Map.of()))), HORIZON).isScalar());
    assertFalse(new OnlineAggregator(windowed(List.of(
        new ColumnSpec("d", Operation.SUM, Map.of(), "bucket", false))), HORIZON).isScalar());
    assertFalse(new OnlineAggregator(windowed(List.of(
        ColumnSpec.of("li", Operation.SUM, Map.of()))), HORIZON).isScalar());
    assertEquals(true, new OnlineAggregator(windowed(List.of(
        ColumnSpec.of("b", Operation.COUNT, Map.of()))), HORIZON).isScalar());
  }
}
