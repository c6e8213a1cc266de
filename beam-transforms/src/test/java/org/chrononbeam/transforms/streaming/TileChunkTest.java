package org.chrononbeam.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.junit.jupiter.api.Test;

/** {@link TileChunk}'s rows, as added and through its coder, against the list of rows added. */
class TileChunkTest {

  private static final ValuesCoder INPUTS = ValuesCoder.of(RowSchema.builder()
      .add("amount", DataKind.LONG).add("price", DataKind.DOUBLE).add("item", DataKind.STRING)
      .build());

  private record Row(byte[] key, long ts, long timestamp, Object[] values) {}

  @Test
  void readsBackTheRowsAddedInOrderBeforeAndAfterItsCoder() throws Exception {
    TileChunk.Coder coder = new TileChunk.Coder(INPUTS);
    for (int round = 0; round < 50; round++) {
      Random random = new Random(round);
      TileChunk chunk = new TileChunk(INPUTS, random.nextInt(64));
      List<Row> naive = new ArrayList<>();
      // the chunk takes the input values from wider rows, at columns of their own
      List<Integer> positions = new ArrayList<>(List.of(0, 1, 2, 3, 4));
      Collections.shuffle(positions, random);
      int[] inputColumns = {positions.get(0), positions.get(1), positions.get(2)};
      for (int i = random.nextInt(round < 2 ? 1 : 400); i > 0; i--) {
        byte[] key = new byte[1 + random.nextInt(40)];
        random.nextBytes(key);
        Object[] values = {
          random.nextInt(4) == 0 ? null : random.nextLong(),
          random.nextInt(4) == 0 ? null : random.nextDouble(),
          random.nextInt(4) == 0 ? null : "item" + random.nextInt(1_000)
        };
        Row row = new Row(key, random.nextLong(), random.nextLong(), values);
        Object[] wide = {"other", -1L, null, "other", 0.5};
        for (int v = 0; v < values.length; v++) {
          wide[inputColumns[v]] = values[v];
        }
        chunk.add(row.key(), row.ts(), row.timestamp(), wide, inputColumns);
        naive.add(row);
      }
      assertRows(naive, chunk);
      assertRows(naive, CoderUtils.clone(coder, chunk));
    }
  }

  private static void assertRows(List<Row> naive, TileChunk chunk) {
    assertEquals(naive.size(), chunk.size());
    assertEquals(
        naive.stream().mapToLong(Row::timestamp).min().orElse(Long.MAX_VALUE),
        chunk.earliestTimestamp());
    for (int pass = 0; pass < 2; pass++) {
      TileChunk.Rows rows = chunk.rows();
      for (Row row : naive) {
        assertTrue(rows.next());
        assertArrayEquals(row.key(), rows.key());
        assertEquals(row.ts(), rows.ts());
        assertEquals(row.timestamp(), rows.timestamp());
        assertEquals(Arrays.asList(row.values()), Arrays.asList(rows.inputs()));
      }
      assertFalse(rows.next());
    }
  }
}
