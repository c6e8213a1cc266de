package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.junit.jupiter.api.Test;

/**
 * Streaming rows read column by column as input rows, against the rows decoded one by one into
 * {@link ArrayRow}s (the naive path), with the input columns in another order than the streaming
 * ones, an input column {@code ts}, nulls and mutations.
 */
class StreamingInputsTest {

  @Test
  void columnsReadAsTheRowsDecodedOneByOne() {
    StreamingRowCodec codec = StreamingRowCodec.of(List.of("n", "price", "flag"),
        List.of(new TDataType(DataKind.INT), new TDataType(DataKind.DOUBLE),
            new TDataType(DataKind.BOOLEAN)), true);
    int[] fromStreaming = {-1, 1, 0, 2};
    boolean[] integral = {true, false, true, true};
    Random random = new Random(5);
    for (int n = 0; n < 500; n++) {
      List<byte[]> values = new ArrayList<>();
      for (int r = random.nextInt(10); r > 0; r--) {
        values.add(codec.encode(new StreamingRow(random.nextLong() >> random.nextInt(64),
            random.nextInt(4) == 0, new Object[] {
                random.nextInt(5) == 0 ? null : random.nextInt(),
                random.nextInt(5) == 0 ? null : random.nextGaussian() * 100,
                random.nextInt(5) == 0 ? null : random.nextBoolean()})));
      }
      List<Row> expected = new ArrayList<>();
      for (byte[] value : values) {
        expected.add(codec.decode(value, (ts, isBefore, streamed) -> new ArrayRow(
            ts, isBefore, StreamingInputs.inputValues(ts, streamed, fromStreaming))));
      }
      RowColumns naive = RowColumns.of(expected);
      StreamingInputs inputs =
          new StreamingInputs(codec.decodeColumns(values.size(), values::get), fromStreaming);
      assertEquals(naive.size(), inputs.size());
      for (int r = 0; r < naive.size(); r++) {
        assertEquals(naive.ts(r), inputs.ts(r));
        assertEquals(naive.isBefore(r), inputs.isBefore(r));
        for (int i = 0; i < fromStreaming.length; i++) {
          assertEquals(naive.isNull(r, i), inputs.isNull(r, i));
          if (naive.isNull(r, i)) {
            continue;
          }
          if (integral[i]) {
            assertEquals(naive.getLong(r, i), inputs.getLong(r, i));
          }
          if (i != 3) {
            assertEquals(naive.getDouble(r, i), inputs.getDouble(r, i));
          }
        }
        ArrayRow row = inputs.rows().get(r);
        assertEquals(expected.get(r).ts(), row.ts());
        assertEquals(expected.get(r).isBefore(), row.isBefore());
        assertArrayEquals(((ArrayRow) expected.get(r)).values(), row.values());
      }
    }
  }
}
