package org.chrononbeam.transforms.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParquetRows} reads what parquet-avro's own reader (the reference) reads. */
class ParquetRowsTest {

  private static final Schema ROW =
      SchemaBuilder.record("row")
          .fields()
          .optionalLong("user_id")
          .optionalDouble("price")
          .requiredLong("ts")
          .optionalString("name")
          .optionalBoolean("flag")
          .name("prices").type().optional().array().items().doubleType()
          .name("tags").type().optional().map().values().stringType()
          .endRecord();

  @TempDir Path dir;

  @Test
  void readsTheRowsOfParquetAvrosReaderOverSeveralRowGroups() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 4; round++) {
      Path file = dir.resolve("f" + round + ".parquet");
      int count = round == 0 ? 0 : random.nextInt(1, 20_000);
      write(file, rows(random, count), round % 2 == 0 ? 4_096 : 1 << 20);
      List<GenericRecord> expected = new ArrayList<>();
      try (ParquetReader<GenericRecord> reference =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord row = reference.read(); row != null; row = reference.read()) {
          expected.add(row);
        }
      }
      assertEquals(count, expected.size());
      List<GenericRecord> actual = new ArrayList<>();
      try (ParquetRows rows = ParquetFile.at(file.toString()).openRows()) {
        for (GenericRecord row = rows.read(); row != null; row = rows.read()) {
          actual.add(row);
        }
        assertNull(rows.read());
      }
      assertEquals(expected, actual, "file " + round);
    }
  }

  private static List<GenericRecord> rows(SplittableRandom random, int count) {
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericData.Record row = new GenericData.Record(ROW);
      row.put("user_id", random.nextInt(10) == 0 ? null : random.nextLong(-5, 1_000));
      row.put("price", random.nextInt(20) == 0 ? null : random.nextDouble() * 100);
      row.put("ts", i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : random.nextLong());
      row.put("name", random.nextInt(5) == 0 ? null : "n" + random.nextInt(300));
      row.put("flag", random.nextInt(3) == 0 ? null : random.nextBoolean());
      if (random.nextInt(4) > 0) {
        List<Double> prices = new ArrayList<>();
        for (int k = random.nextInt(5); k > 0; k--) {
          prices.add(random.nextDouble());
        }
        row.put("prices", prices);
      }
      if (random.nextBoolean()) {
        row.put("tags", Map.of("k" + random.nextInt(3), "v" + random.nextInt(9)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static void write(Path file, List<GenericRecord> rows, int rowGroupBytes)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))
            .withSchema(ROW)
            .withRowGroupSize(rowGroupBytes)
            .withPageSize(1_024)
            .build()) {
      for (GenericRecord row : rows) {
        writer.write(row);
      }
    }
  }
}
