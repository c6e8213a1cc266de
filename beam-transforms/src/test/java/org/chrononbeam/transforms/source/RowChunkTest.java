package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.junit.jupiter.api.Test;

/**
 * The columnar rows the join backfill shuffles: {@link RowChunk}, its coder and its row views,
 * against the row arrays they stand for, on random rows of every kind with nulls.
 */
class RowChunkTest {

  /** Few distinct values per column, so that times and values tie often. */
  private static Object randomValue(Random random, DataKind kind) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    int small = random.nextInt(3);
    return switch (kind) {
      case BOOLEAN -> random.nextBoolean();
      case BYTE -> (byte) (small - 1);
      case SHORT -> (short) (small * 300 - 300);
      case INT, DATE -> small * 70_000 - 70_000;
      case LONG, TIMESTAMP -> random.nextInt(5) == 0 ? Long.MIN_VALUE : 1_700_000_000_000L + small;
      case FLOAT -> new float[] {-0.0f, 0.0f, Float.NaN, 1.5f}[random.nextInt(4)];
      case DOUBLE -> new double[] {-0.0, 0.0, Double.NaN, -2.25, 1e300}[random.nextInt(5)];
      case STRING -> new String[] {"", "a", "héllo", "a"}[random.nextInt(4)];
      case BINARY -> ByteBuffer.wrap(new byte[] {(byte) small, 7});
      case LIST -> Arrays.asList("x" + small, null);
      case MAP -> Map.of("k" + small, Arrays.asList((long) small, null));
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }

  private static List<Object[]> randomRows(Random random, RowSchema schema, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] row = new Object[schema.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = randomValue(random, schema.column(c).kind());
      }
      rows.add(row);
    }
    return rows;
  }

  private static RowChunk chunkOf(RowSchema schema, List<Object[]> rows) {
    RowChunk chunk = RowChunk.of(schema);
    rows.forEach(chunk::add);
    return chunk;
  }

  private static List<Object[]> rowsOf(RowChunk chunk) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      rows.add(chunk.row(i, 0));
    }
    return rows;
  }

  private static void assertSameRows(List<Object[]> expected, List<Object[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
    }
  }

  @Test
  void keepsEveryKindAndNullAndBoxesBackToTheDecodedClasses() {
    Random random = new Random(1);
    for (int size : new int[] {0, 1, 7, 8, 9, 300}) {
      List<Object[]> rows = randomRows(random, RowFormsTest.EVERY_KIND, size);
      rows.add(RowFormsTest.fullRow());
      rows.add(new Object[RowFormsTest.EVERY_KIND.size()]);
      RowChunk chunk = chunkOf(RowFormsTest.EVERY_KIND, rows);
      assertSameRows(rows, rowsOf(chunk));
      for (int i = 0; i < rows.size(); i++) {
        for (int c = 0; c < rows.get(i).length; c++) {
          Object value = rows.get(i)[c];
          assertEquals(value == null, chunk.isNull(c, i));
          if (value != null) {
            assertEquals(value.getClass(), chunk.get(c, i).getClass());
          }
        }
      }
    }
  }

  @Test
  void coderRoundTripsRandomChunksNestedAndAlone() throws Exception {
    Random random = new Random(2);
    RowChunkCoder coder = RowChunkCoder.of(RowFormsTest.EVERY_KIND);
    Coder<KV<String, RowChunk>> nested = KvCoder.of(StringUtf8Coder.of(), coder);
    for (int size : new int[] {0, 1, 7, 8, 9, 64, 1000}) {
      List<Object[]> rows = randomRows(random, RowFormsTest.EVERY_KIND, size);
      RowChunk chunk = chunkOf(RowFormsTest.EVERY_KIND, rows);
      assertSameRows(rows, rowsOf(CoderUtils.clone(coder, chunk)));
      assertSameRows(rows, rowsOf(CoderUtils.clone(coder, CoderUtils.clone(coder, chunk))));
      assertSameRows(rows, rowsOf(CoderUtils.clone(nested, KV.of("k", chunk)).getValue()));
    }
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    List<Object[]> first = randomRows(random, RowFormsTest.EVERY_KIND, 5);
    List<Object[]> second = randomRows(random, RowFormsTest.EVERY_KIND, 11);
    coder.encode(chunkOf(RowFormsTest.EVERY_KIND, first), two);
    coder.encode(chunkOf(RowFormsTest.EVERY_KIND, second), two);
    ByteArrayInputStream in = new ByteArrayInputStream(two.toByteArray());
    assertSameRows(first, rowsOf(coder.decode(in)));
    assertSameRows(second, rowsOf(coder.decode(in)));
    assertEquals(0, in.available());
  }

  @Test
  void coderRefusesAChunkOfAnotherSchema() {
    RowSchema other = RowSchema.of(Column.of("x", DataKind.LONG));
    RowChunkCoder coder = RowChunkCoder.of(RowFormsTest.EVERY_KIND);
    assertThrows(Exception.class, () -> CoderUtils.encodeToByteArray(coder, RowChunk.of(other)));
    assertEquals(coder, RowChunkCoder.of(RowFormsTest.EVERY_KIND));
  }

  @Test
  void addAllAppendsAnotherChunksRows() {
    Random random = new Random(3);
    List<Object[]> rows = randomRows(random, RowFormsTest.EVERY_KIND, 20);
    RowChunk all = chunkOf(RowFormsTest.EVERY_KIND, rows.subList(0, 3));
    all.addAll(chunkOf(RowFormsTest.EVERY_KIND, rows.subList(3, 20)));
    all.addAll(RowChunk.of(RowFormsTest.EVERY_KIND));
    assertSameRows(rows, rowsOf(all));
    RowChunk other = RowChunk.of(RowSchema.of(Column.of("x", DataKind.LONG)));
    assertThrows(IllegalArgumentException.class, () -> all.addAll(other));
  }

  /**
   * The views (side by side, a selection of columns), the rows at given indices and the value sink
   * against the same operations on row arrays, also from chunks still encoded.
   */
  @Test
  void viewsGatherAndSinkAgreeWithTheRowArrays() throws Exception {
    Random random = new Random(6);
    RowSchema every = RowFormsTest.EVERY_KIND;
    RowChunkCoder coder = RowChunkCoder.of(every);
    for (int size : new int[] {0, 1, 9, 300}) {
      List<Object[]> left = randomRows(random, every, size);
      List<Object[]> right = randomRows(random, every, size);
      List<Column> both = new ArrayList<>(every.columns());
      for (Column column : every.columns()) {
        both.add(new Column(column.name() + "_2", column.type()));
      }
      RowSchema wide = RowSchema.of(both);
      RowChunk leftChunk = CoderUtils.clone(coder, chunkOf(every, left));
      RowChunk side = RowChunk.sideBySide(wide, leftChunk, chunkOf(every, right));
      List<Object[]> expected = new ArrayList<>();
      for (int r = 0; r < size; r++) {
        Object[] row = Arrays.copyOf(left.get(r), wide.size());
        System.arraycopy(right.get(r), 0, row, every.size(), every.size());
        expected.add(row);
      }
      assertSameRows(expected, rowsOf(side));
      assertSameRows(expected, rowsOf(CoderUtils.clone(RowChunkCoder.of(wide), side)));

      int[] columns = new int[every.size()];
      List<Column> picked = new ArrayList<>();
      for (int c = 0; c < columns.length; c++) {
        columns[c] = (c * 7 + size) % wide.size();
        picked.add(new Column("c" + c, wide.column(columns[c]).type()));
      }
      List<Object[]> selected = new ArrayList<>();
      for (Object[] row : expected) {
        Object[] out = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
          out[c] = row[columns[c]];
        }
        selected.add(out);
      }
      assertSameRows(selected, rowsOf(side.select(RowSchema.of(picked), columns)));

      int[] at = random.ints(size / 2, 0, Math.max(size, 1)).toArray();
      List<Object[]> gathered = new ArrayList<>();
      for (int r : at) {
        gathered.add(left.get(r));
      }
      assertSameRows(gathered, rowsOf(CoderUtils.clone(coder, chunkOf(every, left)).rowsAt(at)));

      RowChunk sunk = RowChunk.nulls(every, size);
      assertSameRows(nullRows(size, every.size()), rowsOf(sunk));
      int[] rowOfQuery = new int[size];
      for (int q = 0; q < size; q++) {
        rowOfQuery[q] = size - 1 - q;
      }
      ValueSink sink = sunk.sink(rowOfQuery);
      for (int q = 0; q < size; q++) {
        Object[] row = left.get(size - 1 - q);
        for (int c = 0; c < row.length; c++) {
          Object value = row[c];
          if (value == null) {
            sink.setNull(q, c);
          } else if (q % 2 == 1) {
            sink.setObject(q, c, value);
          } else if (value instanceof Double || value instanceof Float) {
            sink.setDouble(q, c, ((Number) value).doubleValue());
          } else if (value instanceof Number number) {
            sink.setLong(q, c, number.longValue());
          } else if (value instanceof Boolean flag) {
            sink.setLong(q, c, flag ? 1 : 0);
          } else {
            sink.setObject(q, c, value);
          }
        }
      }
      assertSameRows(left, rowsOf(sunk));
    }
  }

  /** Key bytes read from a chunk's columns against those of the row arrays, for scalar keys. */
  @Test
  void keyBytesFromColumnsAreTheRowsKeyBytes() {
    Random random = new Random(9);
    RowSchema every = RowFormsTest.EVERY_KIND;
    List<Integer> scalars = new ArrayList<>();
    for (int c = 0; c < every.size(); c++) {
      DataKind kind = every.column(c).kind();
      if (kind != DataKind.LIST && kind != DataKind.MAP && kind != DataKind.STRUCT) {
        scalars.add(c);
      }
    }
    List<Object[]> rows = randomRows(random, every, 500);
    RowChunk chunk = chunkOf(every, rows);
    for (int round = 0; round < 50; round++) {
      int[] keys = new int[1 + random.nextInt(3)];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = scalars.get(random.nextInt(scalars.size()));
      }
      for (int r = 0; r < rows.size(); r++) {
        assertArrayEquals(KeyBytes.of(rows.get(r), keys), KeyBytes.of(chunk, r, keys));
      }
    }
  }

  private static List<Object[]> nullRows(int rows, int width) {
    List<Object[]> nulls = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      nulls.add(new Object[width]);
    }
    return nulls;
  }

  /** The time order against sorting the row arrays: ts, then {@link RowOrder#VALUES}. */
  @Test
  void timeOrderSortsByTimeThenValuesAndLeavesOutNullTimes() {
    RowSchema schema =
        RowSchema.of(
            Column.of("user", DataKind.INT),
            Column.of("price", DataKind.DOUBLE),
            Column.of("ts", DataKind.LONG),
            Column.of("label", DataKind.STRING),
            Column.of("small", DataKind.FLOAT),
            Column.of("flag", DataKind.BOOLEAN),
            Column.of("ds", DataKind.STRING));
    Random random = new Random(4);
    for (int size : new int[] {0, 1, 2, 15, 16, 17, 100, 2000}) {
      List<Object[]> rows = randomRows(random, schema, size);
      RowChunk chunk = chunkOf(schema, rows);
      int[] order = chunk.timeOrder(2);
      List<Object[]> expected = new ArrayList<>();
      rows.stream().filter(r -> r[2] != null).forEach(expected::add);
      expected.sort(
          Comparator.<Object[]>comparingLong(r -> (Long) r[2]).thenComparing(RowOrder.VALUES));
      List<Object[]> actual = new ArrayList<>();
      for (int index : order) {
        actual.add(chunk.row(index, 0));
      }
      assertSameRows(expected, actual);
    }
  }

  /**
   * The time order of some rows with a time for rows without one, against sorting the row arrays
   * by that time, then by their values (a null time first); the row view reads the same times.
   */
  @Test
  void timeOrderOfSomeRowsCountsNullTimesAsGiven() {
    RowSchema schema =
        RowSchema.of(
            Column.of("user", DataKind.INT),
            Column.of("ts", DataKind.LONG),
            Column.of("price", DataKind.DOUBLE),
            Column.of("ds", DataKind.STRING));
    Random random = new Random(10);
    ChunkRows views = new ChunkRows();
    for (int size : new int[] {0, 1, 17, 500}) {
      List<Object[]> rows = randomRows(random, schema, size);
      RowChunk chunk = chunkOf(schema, rows);
      int[] some = random.ints(size / 2, 0, Math.max(size, 1)).distinct().toArray();
      long missing = 1_700_000_000_001L;
      for (int tsColumn : new int[] {1, -1}) {
        List<Object[]> expected = new ArrayList<>();
        for (int r : some) {
          expected.add(rows.get(r));
        }
        ToLongFunction<Object[]> time =
            row -> tsColumn < 0 || row[1] == null ? missing : (Long) row[1];
        expected.sort(Comparator.comparingLong(time).thenComparing(RowOrder.VALUES));
        int[] order = chunk.timeOrder(tsColumn, missing, some);
        List<Row> view = views.of(chunk, order, tsColumn, missing);
        assertEquals(expected.size(), order.length);
        for (int i = 0; i < order.length; i++) {
          assertArrayEquals(expected.get(i), chunk.row(order[i], 0), "row " + i);
          assertEquals(time.applyAsLong(expected.get(i)), view.get(i).ts());
        }
      }
    }
  }

  /**
   * The order of some rows by a comparator of their indices (here: a time, then before-images
   * first, as entity mutations are ordered), then by their values, against sorting the row arrays
   * so; the row views of a range of it read those times and flags.
   */
  @Test
  void orderByOrdersByTheComparatorThenValuesAndViewsReadTimesAndFlags() {
    RowSchema schema =
        RowSchema.of(
            Column.of("user", DataKind.INT),
            Column.of("price", DataKind.DOUBLE),
            Column.of("label", DataKind.STRING),
            Column.of("ds", DataKind.STRING));
    Random random = new Random(12);
    ChunkRows views = new ChunkRows();
    for (int size : new int[] {0, 1, 2, 16, 17, 300}) {
      List<Object[]> rows = randomRows(random, schema, size);
      RowChunk chunk = chunkOf(schema, rows);
      long[] time = new long[size];
      boolean[] before = new boolean[size];
      for (int r = 0; r < size; r++) {
        time[r] = random.nextInt(3) == 0 ? Long.MIN_VALUE : random.nextInt(4);
        before[r] = random.nextBoolean();
      }
      int[] some = random.ints(size, 0, Math.max(size, 1)).distinct().toArray();
      RowChunk.RowComparator byTimeBeforesFirst = (a, b) -> {
        int byTime = Long.compare(time[a], time[b]);
        return byTime != 0 ? byTime : Boolean.compare(!before[a], !before[b]);
      };
      List<Integer> expected = new ArrayList<>();
      for (int r : some) {
        expected.add(r);
      }
      expected.sort(Comparator.<Integer>comparingLong(r -> time[r])
          .thenComparing(r -> !before[r])
          .thenComparing(r -> rows.get(r), RowOrder.VALUES));
      int[] copy = some.clone();
      int[] order = chunk.orderBy(some, byTimeBeforesFirst);
      assertArrayEquals(copy, some);
      assertEquals(expected.size(), order.length);
      for (int i = 0; i < order.length; i++) {
        int r = expected.get(i);
        assertArrayEquals(rows.get(r), chunk.row(order[i], 0), "row " + i);
        assertEquals(time[r], time[order[i]], "row " + i);
        assertEquals(before[r], before[order[i]], "row " + i);
      }
      int from = order.length / 3;
      int to = order.length - order.length / 4;
      List<Row> view = views.of(chunk, order, from, to, time, before);
      assertEquals(to - from, view.size());
      for (int i = 0; i < view.size(); i++) {
        int r = order[from + i];
        assertEquals(time[r], view.get(i).ts());
        assertEquals(before[r], view.get(i).isBefore());
        for (int c = 0; c < schema.size(); c++) {
          assertEquals(rows.get(r)[c], view.get(i).get(c));
        }
      }
      assertFalse(views.of(chunk, order, -1, 0).stream()
          .anyMatch(Row::isBefore), "rows pointed at without flags are inserts");
    }
  }

  /** Grouping rows by a column's values against grouping the row arrays. */
  @Test
  void rowsByValueGroupsRowIndicesInOrder() {
    RowSchema schema =
        RowSchema.of(Column.of("ds", DataKind.STRING), Column.of("price", DataKind.DOUBLE));
    Random random = new Random(13);
    for (int size : new int[] {0, 1, 9, 400}) {
      List<Object[]> rows = randomRows(random, schema, size);
      Map<Object, List<Integer>> expected = new HashMap<>();
      for (int r = 0; r < size; r++) {
        expected.computeIfAbsent(rows.get(r)[0], v -> new ArrayList<>()).add(r);
      }
      Map<Object, int[]> actual = chunkOf(schema, rows).rowsByValue(0);
      assertEquals(expected.keySet(), actual.keySet());
      expected.forEach((value, indices) -> assertArrayEquals(
          indices.stream().mapToInt(Integer::intValue).toArray(), actual.get(value),
          "rows of " + value));
    }
  }

  @Test
  void chunkRowsReadLikeArrayRowsWithoutBoxing() {
    RowSchema schema =
        RowSchema.of(
            Column.of("ts", DataKind.LONG),
            Column.of("i", DataKind.INT),
            Column.of("d", DataKind.DOUBLE),
            Column.of("b", DataKind.BOOLEAN),
            Column.of("s", DataKind.STRING));
    Random random = new Random(5);
    List<Object[]> rows = randomRows(random, schema, 200);
    RowChunk chunk = chunkOf(schema, rows);
    int[] order = chunk.timeOrder(0);
    ChunkRows views = new ChunkRows();
    views.of(RowChunk.of(schema), new int[0], 0);
    List<Row> list = views.of(chunk, order, 0);
    assertEquals(order.length, list.size());
    Map<Integer, Row> seen = new HashMap<>();
    for (int i = 0; i < order.length; i++) {
      Object[] values = rows.get(order[i]);
      Row expected = new ArrayRow((Long) values[0], false, values);
      Row actual = list.get(i);
      seen.put(i, actual);
      assertEquals(expected.ts(), actual.ts());
      for (int c = 0; c < values.length; c++) {
        assertEquals(expected.isNull(c), actual.isNull(c));
        assertEquals(expected.get(c), actual.get(c));
        boolean integral = c == 0 || c == 1 || c == 3;
        boolean numeric = c <= 2;
        if (values[c] != null && integral) {
          assertEquals(expected.getLong(c), actual.getLong(c));
        }
        if (values[c] != null && numeric) {
          assertEquals(expected.getDouble(c), actual.getDouble(c));
        }
      }
    }
    assertEquals(order.length, seen.values().stream().distinct().count());
    assertThrows(IndexOutOfBoundsException.class, () -> list.get(order.length));
  }
}
