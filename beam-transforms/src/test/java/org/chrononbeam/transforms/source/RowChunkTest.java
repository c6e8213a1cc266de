package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
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
