package org.chrononbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.window.Resolution;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowOrder;
import org.junit.jupiter.api.Test;

/**
 * One key's mutation rows as {@link TemporalEntitiesPartJoin} reads them from a chunk, against the
 * row arrays: each laid out as a snapshot row (null for a snapshot column the mutation rows lack),
 * at its {@code mutation_ts} (rows without one left out), a before-image when {@code is_before}
 * is true (not when null), grouped by UTC day and ordered by time, before-images first, then
 * values; on random rows with ties, nulls, negative times and days without mutations.
 */
class TemporalEntitiesMutationsTest {

  private static final long DAY = Resolution.DAY_MILLIS;

  private static final RowSchema SNAPSHOT = RowSchema.of(List.of(
      Column.of("user_id", DataKind.LONG),
      Column.of("balance", DataKind.DOUBLE),
      Column.of("tier", DataKind.STRING),
      Column.of("ts", DataKind.LONG),
      Column.of("ds", DataKind.STRING)));

  private static final RowSchema MUTATIONS = RowSchema.of(List.of(
      Column.of("user_id", DataKind.LONG),
      Column.of("ts", DataKind.LONG),
      Column.of("balance", DataKind.DOUBLE),
      Column.of("mutation_ts", DataKind.LONG),
      Column.of("is_before", DataKind.BOOLEAN),
      Column.of("ds", DataKind.STRING)));

  /** The order the row arrays were aggregated in: time, before-images first, values. */
  private static final Comparator<ArrayRow> ORDER =
      Comparator.comparingLong(ArrayRow::ts)
          .thenComparing(row -> !row.isBefore())
          .thenComparing(ArrayRow::values, RowOrder.VALUES);

  private static Object[] randomMutation(Random random, long firstDay) {
    Long time = random.nextInt(8) == 0 ? null
        : (firstDay + random.nextInt(3)) * DAY + random.nextInt(3) * (DAY / 2 - 1);
    return new Object[] {
      7L,
      random.nextInt(4) == 0 ? null : time,
      random.nextInt(5) == 0 ? null : new double[] {-0.0, 0.0, 1.5, Double.NaN}[random.nextInt(4)],
      time,
      random.nextInt(5) == 0 ? null : random.nextBoolean(),
      random.nextBoolean() ? "2023-12-01" : "2023-12-02"
    };
  }

  @Test
  void mutationRowsReadAsTheRowArraysByDayInOrder() {
    TemporalEntitiesPartJoin.MutationLayout layout =
        new TemporalEntitiesPartJoin.MutationLayout(SNAPSHOT, MUTATIONS);
    Random random = new Random(41);
    ChunkRows view = new ChunkRows();
    for (int size : new int[] {0, 1, 2, 17, 60, 500}) {
      long firstDay = random.nextBoolean() ? -2 : 19_700;
      List<Object[]> rows = new ArrayList<>();
      RowChunk chunk = RowChunk.of(MUTATIONS);
      for (int i = 0; i < size; i++) {
        rows.add(randomMutation(random, firstDay));
        chunk.add(rows.get(i));
      }
      Map<Long, List<ArrayRow>> expected = new TreeMap<>();
      for (Object[] row : rows) {
        if (row[3] == null) {
          continue;
        }
        long time = (Long) row[3];
        Object[] asSnapshot = {row[0], row[2], null, row[1], row[5]};
        expected.computeIfAbsent(Math.floorDiv(time, DAY), d -> new ArrayList<>())
            .add(new ArrayRow(time, Boolean.TRUE.equals(row[4]), asSnapshot));
      }
      expected.values().forEach(day -> day.sort(ORDER));
      TemporalEntitiesPartJoin.KeyMutations mutations =
          new TemporalEntitiesPartJoin.KeyMutations(chunk, layout);
      assertEquals(expected.isEmpty(), mutations.isEmpty());
      for (long day = firstDay - 1; day <= firstDay + 3; day++) {
        List<ArrayRow> want = expected.getOrDefault(day, List.of());
        List<Row> got = mutations.ofDay(day, view);
        String where = size + " rows, day " + day;
        assertEquals(want.size(), got.size(), where);
        for (int i = 0; i < want.size(); i++) {
          assertEquals(want.get(i).ts(), got.get(i).ts(), where + " row " + i);
          assertEquals(want.get(i).isBefore(), got.get(i).isBefore(), where + " row " + i);
          for (int c = 0; c < SNAPSHOT.size(); c++) {
            assertEquals(want.get(i).get(c), got.get(i).get(c), where + " row " + i + " col " + c);
          }
        }
      }
    }
  }

  @Test
  void mutationColumnsOfAnotherStorageThanTheSnapshotsAreRefused() {
    RowSchema mutations = RowSchema.of(List.of(
        Column.of("user_id", DataKind.LONG),
        Column.of("balance", DataKind.STRING),
        Column.of("mutation_ts", DataKind.LONG)));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new TemporalEntitiesPartJoin.MutationLayout(SNAPSHOT, mutations));
    assertTrue(error.getMessage().contains("balance"), error.getMessage());
  }
}
