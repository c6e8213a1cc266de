package org.chrononbeam.aggregator.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
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
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codecs' field-by-field encoding against the naive one: each IR {@code normalize}d into a
 * generic record and written by Avro's generic writer (a batch IR's tail hops each in a block of
 * its own with its byte size), byte for byte, on random IRs of every operation (with nulls), for
 * row IRs, tiles and batch IRs with tail hops of every size. ({@code IrDecodeTest} reads batch
 * IRs back through Avro's generic reader.)
 */
class IrEncodeTest {

  private static final long DAY = RandomRows.DAY;
  private static final long BATCH_END = 40 * DAY;
  private static final List<Window> WINDOWS = List.of(
      new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS),
      new Window(30, TimeUnit.DAYS));

  static Stream<ColumnSpec> all() {
    return ColumnCases.ALL.stream();
  }

  private static byte[] generic(Schema schema, Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(schema).write(value, out);
    out.flush();
    return bytes.toByteArray();
  }

  /** The naive record of a row IR: each column's IR normalized. */
  private static GenericRecord naiveRow(RowAggregator rows, Schema schema, Object[] irs) {
    GenericRecord record = new GenericData.Record(schema);
    for (int i = 0; i < irs.length; i++) {
      record.put(i, irs[i] == null ? null : rows.column(i).normalize(irs[i]));
    }
    return record;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void rowIrsAndTilesEncodeAsTheGenericWriterEncodesThem(ColumnSpec spec) throws IOException {
    RowAggregator rows = RowAggregator.of(
        RandomRows.SCHEMA, List.of(spec.toAggregation(List.of())), false);
    RowIrCodec codec = new RowIrCodec(rows);
    TileCodec tiles = new TileCodec(rows);
    TileCodec.Encoder reused = tiles.encoder();
    assertThrows(RuntimeException.class, () -> reused.encode(new Tile(DAY, new Object[0])),
        "a tile without its IRs fails after its start is written; the next tile starts afresh");
    RandomRows random = new RandomRows(spec.hashCode() + 1, 0.3);
    for (int size : new int[] {0, 1, 60, 2, 5, 0}) {
      Object[] irs = rows.newIrs();
      for (Row event : random.events(size, 0, DAY)) {
        rows.update(irs, event);
      }
      GenericRecord record = naiveRow(rows, codec.schema(), irs);
      assertArrayEquals(generic(codec.schema(), record), codec.encode(irs),
          "row IR of " + size + " events");
      GenericRecord tile = new GenericData.Record(tiles.schema());
      tile.put("tileStart", -3 * DAY + size);
      tile.put("collapsedIr", record);
      byte[] expected = generic(tiles.schema(), tile);
      assertArrayEquals(expected, tiles.encode(new Tile(-3 * DAY + size, irs)),
          "tile of " + size + " events");
      assertArrayEquals(expected, reused.encode(new Tile(-3 * DAY + size, irs)),
          "tile of " + size + " events, by an encoder reused across tiles");
    }
  }

  @Test
  void batchIrsEncodeAsTheGenericWriterEncodesTheirParts() throws IOException {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      aggregations.add(spec.toAggregation(WINDOWS));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
    OnlineAggregator online =
        new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    BatchIrCodec codec = new BatchIrCodec(aggregation);
    RowAggregator rows = aggregation.rows();
    Schema collapsedSchema = codec.schema().getField("collapsedIr").schema();
    Schema hopSchema = codec.schema().getField("tailHopIrs").schema().getElementType()
        .getElementType();
    Schema rowSchema = hopSchema.getField("ir").schema();
    RandomRows random = new RandomRows(29, 0.25);
    for (int events : new int[] {0, 1, 4, 30, 300}) {
      List<ArrayRow> input = random.events(events, BATCH_END - 35 * DAY, 37 * DAY);
      BatchIr batch = online.batchIr(input, BATCH_END);
      GenericRecord collapsed = new GenericData.Record(collapsedSchema);
      for (int o = 0; o < aggregation.outputs().size(); o++) {
        Object ir = batch.collapsed()[o];
        collapsed.put(o, ir == null
            ? null : rows.column(aggregation.outputs().get(o).column()).normalize(ir));
      }
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(expected, null);
      out.writeLong(batch.batchEnd());
      out.writeFixed(generic(collapsedSchema, collapsed));
      out.writeLong(batch.tailHops().size());
      for (HopIrs hops : batch.tailHops()) {
        for (int i = 0; i < hops.size(); i++) {
          GenericRecord hop = new GenericData.Record(hopSchema);
          hop.put("hopStart", hops.starts()[i]);
          hop.put("ir", naiveRow(rows, rowSchema, hops.irs()[i]));
          byte[] hopBytes = generic(hopSchema, hop);
          out.writeLong(-1);
          out.writeLong(hopBytes.length);
          out.writeFixed(hopBytes);
        }
        out.writeLong(0);
      }
      out.writeLong(0);
      out.flush();
      assertArrayEquals(expected.toByteArray(), codec.encode(batch),
          "batch IR of " + events + " events");
    }
  }
}
