package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.RandomChunkRows.COLUMNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.RowChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChunkFileWriter} against {@link ParquetSink}, the record path it stands for: the same
 * random rows, written both ways, give files with the same Parquet schema, the same footer metadata
 * (the Avro schema, the object model), the same encodings per column chunk (the same dictionary
 * choices) and the same rows read back.
 */
class ChunkFileWriterTest {

  private static final List<String> DAYS = List.of("2024-03-01", "2024-03-02");

  @TempDir Path root;

  @Test
  void writesTheFileTheRecordPathWrites() throws IOException {
    Schema rowSchema = AvroColumns.avroSchema("rows", COLUMNS);
    Schema fileSchema = RowSchemas.withoutDs(rowSchema);
    Random random = new Random(42);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(RandomChunkRows.row(random, DAYS));
    }
    String records = root.resolve("records.parquet").toString();
    try (WritableByteChannel channel = create(records)) {
      ParquetSink sink = new ParquetSink(fileSchema);
      sink.open(channel);
      for (Object[] row : rows) {
        sink.write(RowSchemas.project(AvroColumns.toRecord(rowSchema, COLUMNS, row), fileSchema));
      }
      sink.flush();
    }
    String chunks = root.resolve("chunks.parquet").toString();
    ChunkFileWriter writer = writer(chunks, fileSchema);
    RowChunk chunk = RowChunk.of(COLUMNS);
    for (int i = 0; i < rows.size(); i++) {
      chunk.add(rows.get(i));
      if (random.nextInt(700) == 0 || i == rows.size() - 1) {
        for (int r = 0; r < chunk.size(); r++) {
          writer.write(chunk, r);
        }
        chunk = chunk.emptyCopy();
      }
    }
    writer.close();

    ParquetMetadata recordFooter = footer(records);
    ParquetMetadata chunkFooter = footer(chunks);
    assertEquals(
        recordFooter.getFileMetaData().getSchema(), chunkFooter.getFileMetaData().getSchema());
    assertEquals(
        recordFooter.getFileMetaData().getKeyValueMetaData(),
        chunkFooter.getFileMetaData().getKeyValueMetaData());
    assertEquals(encodings(recordFooter), encodings(chunkFooter));
    List<GenericRecord> expected = read(records);
    List<GenericRecord> actual = read(chunks);
    assertEquals(rows.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "row " + i);
    }
  }

  @Test
  void refusesANullListElementAsTheRecordPathDoes() throws IOException {
    Schema rowSchema = AvroColumns.avroSchema("rows", COLUMNS);
    Schema fileSchema = RowSchemas.withoutDs(rowSchema);
    Object[] row = new Object[COLUMNS.size()];
    row[RandomChunkRows.DS] = DAYS.get(0);
    List<Double> prices = new ArrayList<>();
    prices.add(null);
    row[COLUMNS.indexOf("last_prices")] = prices;
    try (WritableByteChannel channel = create(root.resolve("record.parquet").toString())) {
      ParquetSink sink = new ParquetSink(fileSchema);
      sink.open(channel);
      GenericRecord record =
          RowSchemas.project(AvroColumns.toRecord(rowSchema, COLUMNS, row), fileSchema);
      assertThrows(RuntimeException.class, () -> sink.write(record));
    }
    RowChunk chunk = RowChunk.of(COLUMNS);
    chunk.add(row);
    ChunkFileWriter writer = writer(root.resolve("chunk.parquet").toString(), fileSchema);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.write(chunk, 0));
    assertEquals("list column last_prices holds a null element at 0", e.getMessage());
    writer.abandon();
  }

  private static ChunkFileWriter writer(String path, Schema fileSchema) throws IOException {
    return new ChunkFileWriter(
        create(path),
        new AvroSchemaConverter().convert(fileSchema),
        fileSchema.toString(),
        COLUMNS);
  }

  private static WritableByteChannel create(String path) throws IOException {
    return FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.BINARY);
  }

  static ParquetMetadata footer(String path) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetFile.at(path))) {
      return reader.getFooter();
    }
  }

  private static List<String> encodings(ParquetMetadata footer) {
    List<String> encodings = new ArrayList<>();
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData column : block.getColumns()) {
        encodings.add(column.getPath() + " " + column.getEncodings());
      }
    }
    assertFalse(encodings.isEmpty());
    return encodings;
  }

  private static List<GenericRecord> read(String path) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetRows reader = ParquetFile.at(path).openRows()) {
      for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
