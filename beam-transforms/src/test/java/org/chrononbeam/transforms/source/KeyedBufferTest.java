package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedBuffer} against the naive packing it replaces (a map from the {@link KeyBytes} of
 * each row to its rows), on random rows: integral keys of several widths with boundary values,
 * string and two-column keys, null keys kept or dropped, enough keys to grow the table.
 */
class KeyedBufferTest {

  private static final long[] BOUNDARY_KEYS = {
    Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE
  };

  @Test
  void packsLikeTheNaiveMapForEveryKeyShape() {
    Random random = new Random(7);
    for (DataKind keyKind : new DataKind[] {DataKind.LONG, DataKind.INT, DataKind.STRING}) {
      RowSchema schema =
          RowSchema.of(
              Column.of("price", DataKind.DOUBLE),
              Column.of("id", keyKind),
              Column.of("other", DataKind.INT),
              Column.of("ts", DataKind.LONG));
      for (int[] keys : new int[][] {{1}, {1, 2}}) {
        for (boolean keepNulls : new boolean[] {false, true}) {
          for (int keyRange : new int[] {1, 10, 5_000}) {
            check(random, schema, keys, keepNulls, keyRange);
          }
        }
      }
    }
  }

  private static void check(
      Random random, RowSchema schema, int[] keys, boolean keepNulls, int keyRange) {
    KeyedBuffer buffer = new KeyedBuffer(RowChunk.of(schema), keys, keepNulls);
    Map<ByteBuffer, List<Object[]>> expected = new LinkedHashMap<>();
    Map<ByteBuffer, List<Object[]>> actual = new HashMap<>();
    for (int round = 0; round < 2; round++) {
      int count = 1 + random.nextInt(10_000);
      for (int i = 0; i < count; i++) {
        Object[] row = randomRow(random, schema, keyRange);
        buffer.add(row);
        byte[] key = KeyBytes.of(row, keys);
        if (key == null && !keepNulls) {
          continue;
        }
        expected
            .computeIfAbsent(
                ByteBuffer.wrap(key == null ? KeyedChunks.NULL_KEY : key), k -> new ArrayList<>())
            .add(row);
      }
      int buffered = 0;
      for (List<Object[]> rows : expected.values()) {
        buffered += rows.size();
      }
      assertEquals(buffered, buffer.rows());
      buffer.drain(
          (key, chunk) -> {
            List<Object[]> rows = new ArrayList<>();
            assertEquals(null, actual.put(ByteBuffer.wrap(key), rows), "one chunk per key");
            for (int r = 0; r < chunk.size(); r++) {
              rows.add(chunk.row(r, 0));
            }
          });
      assertEquals(0, buffer.rows());
      assertEquals(expected.keySet(), actual.keySet());
      for (Map.Entry<ByteBuffer, List<Object[]>> entry : expected.entrySet()) {
        List<Object[]> got = actual.get(entry.getKey());
        assertEquals(entry.getValue().size(), got.size());
        for (int r = 0; r < got.size(); r++) {
          assertArrayEquals(entry.getValue().get(r), got.get(r));
        }
      }
      expected.clear();
      actual.clear();
    }
  }

  private static Object[] randomRow(Random random, RowSchema schema, int keyRange) {
    Object[] row = new Object[schema.size()];
    row[0] = random.nextInt(10) == 0 ? null : random.nextDouble();
    long id =
        random.nextInt(10) == 0
            ? BOUNDARY_KEYS[random.nextInt(BOUNDARY_KEYS.length)]
            : random.nextInt(keyRange) - keyRange / 2;
    row[1] =
        random.nextInt(20) == 0
            ? null
            : switch (schema.column(1).kind()) {
              case LONG -> id;
              case INT -> (int) id;
              default -> "k" + id;
            };
    row[2] = random.nextInt(10) == 0 ? null : random.nextInt(3);
    row[3] = random.nextLong();
    return row;
  }
}
