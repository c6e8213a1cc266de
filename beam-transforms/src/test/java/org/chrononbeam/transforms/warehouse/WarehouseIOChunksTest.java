package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.RandomChunkRows.COLUMNS;
import static org.chrononbeam.transforms.warehouse.WarehouseIOTest.causes;
import static org.chrononbeam.transforms.warehouse.WarehouseIOTest.children;
import static org.chrononbeam.transforms.warehouse.WarehouseIOTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WarehouseIO#writeChunks} against {@link WarehouseIO#write}, its reference: the same random
 * rows, as chunks (days interleaved within each chunk) to one warehouse and as records to another,
 * give tables that read back the same, with files of the same schemas and footer metadata.
 */
class WarehouseIOChunksTest {

  private static final String TABLE = "data.joined";
  private static final List<String> DAYS = List.of("2024-03-01", "2024-03-02", "2024-03-03");

  @TempDir Path root;

  @Test
  void writesTheTableTheRecordPathWrites() throws IOException {
    Random random = new Random(11);
    List<RowChunk> chunks = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (int c = 0; c < 60; c++) {
      RowChunk chunk = RowChunk.of(COLUMNS);
      for (int r = random.nextInt(3) == 0 ? 0 : random.nextInt(150); r > 0; r--) {
        Object[] row = RandomChunkRows.row(random, DAYS);
        chunk.add(row);
        rows.add(row);
      }
      chunks.add(chunk);
    }
    Warehouse byChunks = warehouse("chunks");
    Warehouse byRecords = warehouse("records");

    writeChunks(WarehouseIO.writeChunks(byChunks, TABLE), chunks, DAYS);
    writeRecords(WarehouseIO.write(byRecords, TABLE), rows);

    assertEquals(DAYS, byChunks.partitions(TABLE));
    assertEquals(byRecords.schema(TABLE), byChunks.schema(TABLE));
    List<String> expected = readAll(WarehouseIO.read(byRecords, TABLE));
    assertEquals(rows.size(), expected.size());
    assertEquals(expected, readAll(WarehouseIO.read(byChunks, TABLE)));
    Set<String> footers = footers(byRecords);
    assertEquals(1, footers.size(), "one schema and metadata in all files");
    assertEquals(footers, footers(byChunks));
    for (String ds : DAYS) {
      List<String> files = children(root.resolve("chunks/data/joined/ds=" + ds));
      assertTrue(
          files.stream().allMatch(f -> f.matches("part-[0-9a-f-]{36}\\.parquet")),
          files.toString());
    }
    assertEquals(
        List.of("ds=2024-03-01", "ds=2024-03-02", "ds=2024-03-03"),
        children(root.resolve("chunks/data/joined")),
        "no staging folder left");
  }

  @Test
  void namedDaysWithoutRowsBecomeEmptyPartitions() throws IOException {
    Random random = new Random(3);
    RowChunk chunk = RowChunk.of(COLUMNS);
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 20; r++) {
      Object[] row = RandomChunkRows.row(random, List.of("2024-03-02"));
      chunk.add(row);
      rows.add(row);
    }
    Warehouse byChunks = warehouse("chunks");
    Warehouse byRecords = warehouse("records");

    writeChunks(WarehouseIO.writeChunks(byChunks, TABLE).withDays(DAYS), List.of(chunk), DAYS);
    writeRecords(WarehouseIO.write(byRecords, TABLE).withDays(DAYS), rows);

    assertEquals(DAYS, byChunks.partitions(TABLE));
    assertEquals(List.of(), readAll(WarehouseIO.read(byChunks, TABLE).partition("2024-03-01")));
    assertEquals(List.of(), readAll(WarehouseIO.read(byChunks, TABLE).partition("2024-03-03")));
    assertEquals(
        readAll(WarehouseIO.read(byRecords, TABLE)), readAll(WarehouseIO.read(byChunks, TABLE)));
    assertEquals(footers(byRecords), footers(byChunks));
    List<String> day = List.of("2024-03-01");
    writeChunks(WarehouseIO.writeChunks(byChunks, TABLE).withDays(day), List.of(), day);
    assertEquals(List.of(), readAll(WarehouseIO.read(byChunks, TABLE).partition("2024-03-01")));
  }

  @Test
  void rerunReplacesWholePartitionsAndKeepsOthers() throws IOException {
    Random random = new Random(5);
    Warehouse warehouse = warehouse("chunks");
    RowChunk first = RowChunk.of(COLUMNS);
    for (int r = 0; r < 50; r++) {
      first.add(RandomChunkRows.row(random, DAYS.subList(0, 2)));
    }
    writeChunks(WarehouseIO.writeChunks(warehouse, TABLE), List.of(first), DAYS.subList(0, 2));
    List<String> kept = readAll(WarehouseIO.read(warehouse, TABLE).partition("2024-03-02"));
    RowChunk second = RowChunk.of(COLUMNS);
    for (int r = 0; r < 7; r++) {
      second.add(RandomChunkRows.row(random, DAYS.subList(0, 1)));
    }
    Warehouse reference = warehouse("records");
    writeRecords(WarehouseIO.write(reference, TABLE), rowsOf(second));

    writeChunks(WarehouseIO.writeChunks(warehouse, TABLE), List.of(second), DAYS.subList(0, 1));

    assertEquals(
        readAll(WarehouseIO.read(reference, TABLE)),
        readAll(WarehouseIO.read(warehouse, TABLE).partition("2024-03-01")));
    assertEquals(kept, readAll(WarehouseIO.read(warehouse, TABLE).partition("2024-03-02")));
    assertEquals(
        List.of("ds=2024-03-01", "ds=2024-03-02"), children(root.resolve("chunks/data/joined")));
  }

  @Test
  void rejectsRowsWithoutAValidDsAndChunksWithoutAStringDs() {
    Warehouse warehouse = warehouse("chunks");
    for (String bad : new String[] {"2024/03/01", null}) {
      RowChunk chunk = RowChunk.of(COLUMNS);
      Random random = new Random(1);
      for (int r = 0; r < 3; r++) {
        chunk.add(RandomChunkRows.row(random, DAYS.subList(0, 1)));
      }
      Object[] row = RandomChunkRows.row(random, DAYS);
      row[RandomChunkRows.DS] = bad;
      chunk.add(row);
      Pipeline pipeline = Pipeline.create();
      pipeline
          .apply(Create.of(List.of(chunk)).withCoder(RowChunkCoder.of(COLUMNS)))
          .apply(WarehouseIO.writeChunks(warehouse, TABLE));
      Exception e = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
      String message =
          bad == null
              ? "a row written to the warehouse has no ds"
              : "ds '2024/03/01' is not a yyyy-MM-dd date";
      assertTrue(causes(e).contains(message), causes(e));
      assertFalse(root.resolve("chunks/data/joined/ds=2024-03-01").toFile().exists());
    }

    for (RowSchema noStringDs :
        List.of(
            RowSchema.of(Column.of("x", DataKind.LONG)),
            RowSchema.of(Column.of("x", DataKind.LONG), Column.of("ds", DataKind.LONG)))) {
      PCollection<RowChunk> chunks =
          Pipeline.create().apply(Create.empty(RowChunkCoder.of(noStringDs)));
      IllegalArgumentException missing =
          assertThrows(
              IllegalArgumentException.class,
              () -> chunks.apply(WarehouseIO.writeChunks(warehouse, TABLE)));
      assertTrue(missing.getMessage().contains("need a string column 'ds'"), missing.getMessage());
    }
    DisplayData display = DisplayData.from(WarehouseIO.writeChunks(warehouse, TABLE));
    assertTrue(display.items().stream().anyMatch(i -> i.getValue().equals(TABLE)));
  }

  private Warehouse warehouse(String name) {
    return Warehouse.at(root.resolve(name).toString());
  }

  /** Runs {@code write} on {@code chunks}, checking that it outputs {@code days}. */
  private static void writeChunks(
      WarehouseIO.WriteChunks write, List<RowChunk> chunks, List<String> days) {
    Pipeline pipeline = Pipeline.create();
    PCollection<String> written =
        pipeline.apply(Create.of(chunks).withCoder(RowChunkCoder.of(COLUMNS))).apply(write);
    PAssert.that(written).containsInAnyOrder(days);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  /** Runs {@code write} on {@code rows} as records, as a join writes them today. */
  private static void writeRecords(WarehouseIO.Write write, Collection<Object[]> rows) {
    Schema schema = AvroColumns.avroSchema("joined", COLUMNS);
    List<GenericRecord> records = new ArrayList<>();
    for (Object[] row : rows) {
      records.add(AvroColumns.toRecord(schema, COLUMNS, row));
    }
    Pipeline pipeline = Pipeline.create();
    pipeline.apply(Create.of(records).withCoder(AvroCoder.of(schema))).apply(write);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  private static List<Object[]> rowsOf(RowChunk chunk) {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < chunk.size(); r++) {
      rows.add(chunk.row(r, 0));
    }
    return rows;
  }

  /** The Parquet schema and footer metadata of each file of the table, as text, once each. */
  private static Set<String> footers(Warehouse warehouse) throws IOException {
    Set<String> footers = new TreeSet<>();
    for (String ds : warehouse.partitions(TABLE)) {
      String folder = warehouse.partitionDirectory(TableName.parse(TABLE), ds).toString();
      for (String file : children(Path.of(folder))) {
        FileMetaData footer = ChunkFileWriterTest.footer(folder + file).getFileMetaData();
        footers.add(footer.getSchema() + "\n" + footer.getKeyValueMetaData());
      }
    }
    return footers;
  }
}
