package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.junit.jupiter.api.Test;

/**
 * Streaming rows read column by column as input rows, against the rows decoded one by one into
 * {@link ArrayRow}s (the naive path), with the input columns in another order than the streaming
 * ones, an input column {@code ts}, nulls and mutations; and the aggregations of those columns,
 * read in place where no value is null, against the rows applied one by one.
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

  @Test
  void columnsReadInPlaceAggregateAsTheRowsOneByOne() {
    List<String> names = List.of("n", "price", "flag", "f", "big");
    List<TDataType> types = List.of(new TDataType(DataKind.INT), new TDataType(DataKind.DOUBLE),
        new TDataType(DataKind.BOOLEAN), new TDataType(DataKind.FLOAT),
        new TDataType(DataKind.LONG));
    StreamingRowCodec codec = StreamingRowCodec.of(names, types, true);
    int[] fromStreaming = {-1, 1, 0, 2, 3, 4};
    InputSchema schema = new InputSchema(List.of("ts", "price", "n", "flag", "f", "big"),
        List.of(new TDataType(DataKind.LONG), types.get(1), types.get(0), types.get(2),
            types.get(3), types.get(4)));
    List<ColumnAggregator> columns = new ArrayList<>();
    for (String input : schema.names()) {
      for (Operation operation : List.of(Operation.MIN, Operation.MAX, Operation.FIRST,
          Operation.LAST, Operation.COUNT, Operation.SUM, Operation.AVERAGE, Operation.VARIANCE,
          Operation.LAST_K)) {
        try {
          columns.add(new ColumnAggregator(schema, input, operation,
              operation == Operation.LAST_K ? Map.of("k", "3") : Map.of(), null, false));
        } catch (IllegalArgumentException e) {
          // an operation that does not take this input type
        }
      }
    }
    Random random = new Random(7);
    long base = 1_700_000_000_000L;
    int inPlace = 0;
    for (int n = 0; n < 400; n++) {
      double nullRate = n % 3 == 0 ? 0.2 : 0;
      boolean mutations = n % 2 == 0;
      List<byte[]> values = new ArrayList<>();
      int size = n % 10 == 0 ? 300 : random.nextInt(12);
      for (int r = 0; r < size; r++) {
        long ts = base + 3_600_000L * random.nextInt(6) + random.nextInt(3) - 1;
        values.add(codec.encode(new StreamingRow(ts, mutations && random.nextInt(4) == 0,
            new Object[] {
                random.nextDouble() < nullRate ? null : random.nextInt(1000) - 500,
                random.nextDouble() < nullRate ? null : random.nextGaussian() * 100,
                random.nextDouble() < nullRate ? null : random.nextBoolean(),
                random.nextDouble() < nullRate ? null : (float) random.nextGaussian(),
                random.nextDouble() < nullRate ? null : random.nextLong() >> random.nextInt(64)
            })));
      }
      List<Row> rows = new ArrayList<>();
      for (byte[] value : values) {
        rows.add(codec.decode(value, (ts, isBefore, streamed) -> new ArrayRow(
            ts, isBefore, StreamingInputs.inputValues(ts, streamed, fromStreaming))));
      }
      StreamingInputs inputs =
          new StreamingInputs(codec.decodeColumns(values.size(), values::get), fromStreaming);
      for (int i = 0; i < fromStreaming.length; i++) {
        boolean floating = i == 1 || i == 4;
        if (nullRate == 0) {
          assertNotNull(inputs.inPlace(i, floating), "column " + i);
          assertNull(inputs.inPlace(i, !floating), "column " + i);
        }
      }
      for (ColumnAggregator column : columns) {
        if (mutations && !column.isDeletable()) {
          continue;
        }
        int index = schema.indexOf(column.inputColumn());
        if (inputs.inPlace(index, true) != null || inputs.inPlace(index, false) != null) {
          inPlace++;
        }
        for (int q = 0; q < 4; q++) {
          long from = q == 0 || rows.isEmpty()
              ? Long.MIN_VALUE : rows.get(random.nextInt(rows.size())).ts();
          long until = q == 1 || rows.isEmpty()
              ? Long.MAX_VALUE : rows.get(random.nextInt(rows.size())).ts() + random.nextInt(2);
          Object start = null;
          if (q == 2) {
            start = column.update(null, rows.isEmpty() ? new ArrayRow(base, false,
                new Object[] {base, 1.5, 2, true, 0.5f, 3L}) : rows.get(0));
          }
          Object expected = start == null ? null : column.clone(start);
          for (Row row : rows) {
            if (row.ts() >= from && row.ts() < until) {
              expected = column.update(expected, row);
            }
          }
          Object actual = column.update(start, column.inputs(inputs), from, until);
          String context = column.operation() + "(" + column.inputColumn() + ") case " + n
              + " [" + from + ", " + until + ")";
          assertEquals(expected == null ? null : column.normalize(expected),
              actual == null ? null : column.normalize(actual), context);
          assertEquals(column.finalize(expected), column.finalize(actual), context);
        }
      }
    }
    assertTrue(inPlace > 1000, inPlace + " aggregations of columns held in place");
  }
}
