package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.WarehouseIOTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.chrononbeam.transforms.warehouse.TableImport.ColumnType;
import org.chrononbeam.transforms.warehouse.TableImport.Format;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableImportTest {

  /** 2023-12-01T23:59:59.999Z and, one millisecond later, 2023-12-02T00:00:00.000Z. */
  static final long LAST_MS_OF_DEC_1 = 1701475199999L;

  static final long FIRST_MS_OF_DEC_2 = 1701475200000L;

  @TempDir Path dir;
  Warehouse warehouse;

  @BeforeEach
  void setUp() {
    warehouse = Warehouse.at(dir.resolve("warehouse").toString());
  }

  @Test
  void csvWithDsInfersTypesAndKeepsQuotedValuesAndNulls() throws IOException {
    Path csv =
        file(
            "purchases.csv",
            "user_id,item,amount,refunded,ds",
            "1,\"pen, blue\",2.5,false,2023-12-01",
            "2,\"say \"\"hi\"\"\",3,TRUE,2023-12-01",
            ",,,,2023-12-02");

    assertEquals(List.of("2023-12-01", "2023-12-02"), load(TableImport.from(csv.toString())));

    Schema schema = warehouse.schema("data.purchases");
    assertEquals(Schema.Type.LONG, type(schema, "user_id"));
    assertEquals(Schema.Type.STRING, type(schema, "item"));
    assertEquals(Schema.Type.DOUBLE, type(schema, "amount"));
    assertEquals(Schema.Type.BOOLEAN, type(schema, "refunded"));
    assertEquals(
        List.of(
            "{\"user_id\": 1, \"item\": \"pen, blue\", \"amount\": 2.5, \"refunded\": false,"
                + " \"ds\": \"2023-12-01\"}",
            "{\"user_id\": 2, \"item\": \"say \\\"hi\\\"\", \"amount\": 3.0, \"refunded\": true,"
                + " \"ds\": \"2023-12-01\"}",
            "{\"user_id\": null, \"item\": null, \"amount\": null, \"refunded\": null, \"ds\":"
                + " \"2023-12-02\"}"),
        readAll(WarehouseIO.read(warehouse, "data.purchases")));
  }

  @Test
  void csvWithTsPartitionsByUtcDateAndHonoursGivenTypes() throws IOException {
    Path csv =
        file(
            "events.csv",
            "user_id,zip,ts",
            "7,00501," + LAST_MS_OF_DEC_1,
            "8,10001," + FIRST_MS_OF_DEC_2);

    load(
        TableImport.from(csv.toString())
            .withColumnType("zip", ColumnType.STRING)
            .withColumnType("user_id", ColumnType.INT));

    assertEquals(List.of("2023-12-01", "2023-12-02"), warehouse.partitions("data.purchases"));
    Schema schema = warehouse.schema("data.purchases");
    assertEquals(Schema.Type.INT, type(schema, "user_id"));
    assertEquals(Schema.Type.LONG, type(schema, "ts"));
    assertEquals(
        List.of(
            "{\"user_id\": 7, \"zip\": \"00501\", \"ts\": 1701475199999, \"ds\": \"2023-12-01\"}",
            "{\"user_id\": 8, \"zip\": \"10001\", \"ts\": 1701475200000, \"ds\": \"2023-12-02\"}"),
        readAll(WarehouseIO.read(warehouse, "data.purchases")));
  }

  @Test
  void jsonLinesWithDsOrTs() throws IOException {
    Path json =
        file(
            "events.jsonl",
            "{\"user_id\": 1, \"score\": 1, \"zip\": \"00501\", \"ts\": " + LAST_MS_OF_DEC_1 + "}",
            "",
            "{\"user_id\": 2, \"score\": 0.5, \"tag\": \"x\", \"ts\": " + FIRST_MS_OF_DEC_2 + "}",
            "{\"user_id\": 3, \"score\": null, \"ds\": \"2023-11-30\", \"ts\": "
                + FIRST_MS_OF_DEC_2
                + "}");

    load(TableImport.from(json.toString()));

    assertEquals(Schema.Type.DOUBLE, type(warehouse.schema("data.purchases"), "score"));
    assertEquals(Schema.Type.STRING, type(warehouse.schema("data.purchases"), "zip"));
    assertEquals(
        List.of(
            "{\"user_id\": 1, \"score\": 1.0, \"zip\": \"00501\", \"ts\": 1701475199999, \"tag\":"
                + " null, \"ds\": \"2023-12-01\"}",
            "{\"user_id\": 2, \"score\": 0.5, \"zip\": null, \"ts\": 1701475200000, \"tag\": \"x\","
                + " \"ds\": \"2023-12-02\"}",
            "{\"user_id\": 3, \"score\": null, \"zip\": null, \"ts\": 1701475200000, \"tag\": null,"
                + " \"ds\": \"2023-11-30\"}"),
        readAll(WarehouseIO.read(warehouse, "data.purchases")));
  }

  @Test
  void parquetWithTsOrDs() throws IOException {
    Schema withTs =
        SchemaBuilder.record("event")
            .fields()
            .requiredLong("user_id")
            .requiredLong("ts")
            .endRecord();
    Path byTs =
        parquet(
            "by_ts.parquet",
            withTs,
            record(withTs, 1L, LAST_MS_OF_DEC_1),
            record(withTs, 2L, FIRST_MS_OF_DEC_2));
    load(TableImport.from(byTs.toString()));
    assertEquals(
        List.of(
            "{\"user_id\": 1, \"ts\": 1701475199999, \"ds\": \"2023-12-01\"}",
            "{\"user_id\": 2, \"ts\": 1701475200000, \"ds\": \"2023-12-02\"}"),
        readAll(WarehouseIO.read(warehouse, "data.purchases")));

    Schema withDs =
        SchemaBuilder.record("event")
            .fields()
            .requiredLong("user_id")
            .requiredString("ds")
            .endRecord();
    Path byDs = parquet("by_ds.data", withDs, record(withDs, 3L, "2023-12-02"));
    load(TableImport.from(byDs.toString()).withFormat(Format.PARQUET));
    assertEquals(
        List.of(
            "{\"user_id\": 1, \"ds\": \"2023-12-01\"}", "{\"user_id\": 3, \"ds\": \"2023-12-02\"}"),
        readAll(WarehouseIO.read(warehouse, "data.purchases")),
        "2023-12-02 replaced as a whole; the latest partition's schema, without ts, is the"
            + " table's");
  }

  @Test
  void badRowsNameTheFileAndLine() throws IOException {
    assertBad(
        file("bad_number.csv", "user_id,amount,ds", "1,2.5,2023-12-01", "2,12;5,2023-12-01"),
        ColumnType.DOUBLE,
        "bad_number.csv line 3: column 'amount': '12;5' is not a number");
    assertBad(
        file("bad_ts.csv", "user_id,ts", "1,yesterday"),
        null,
        "bad_ts.csv line 2: column 'ts': 'yesterday' is not a whole number (long)");
    assertBad(
        file("bad_ts_with_ds.csv", "user_id,ds,ts", "1,2023-12-01,soon"),
        null,
        "bad_ts_with_ds.csv line 2: column 'ts': 'soon' is not a whole number (long)");
    assertBad(
        file("no_partition.csv", "user_id,ds,ts", "1,2023-12-01,", "2,,"),
        null,
        "no_partition.csv line 3: no ds and no ts");
    assertBad(
        file("no_columns.csv", "user_id,amount", "1,2"),
        null,
        "no_columns.csv line 2: no ds and no ts");
    assertBad(
        file("bad_ds.csv", "user_id,ds", "1,12/01/2023"),
        null,
        "bad_ds.csv line 2: ds '12/01/2023' is not a yyyy-MM-dd date");
    assertBad(
        file("short_row.csv", "user_id,ds", "1,2023-12-01", "", "2"),
        null,
        "short_row.csv line 4: has 1 values but the header has 2 columns");
    assertBad(
        file("bad.jsonl", "{\"user_id\": 1, \"ts\": 5}", "{\"user_id\": 2, \"ts\": 5"),
        null,
        "bad.jsonl line 2: not valid JSON");
    assertThrows(IllegalArgumentException.class, () -> Format.ofFileName("data.txt"));
  }

  @Test
  void badRowExceptionTellsFileAndLine() throws IOException {
    Path csv = file("late_error.csv", "ds,n", "2023-12-01,1", "2023-12-01,2", "2023-12-01,x");
    BadRowException e =
        assertThrows(
            BadRowException.class,
            () ->
                Pipeline.create()
                    .apply(
                        TableImport.from(csv.toString())
                            .into(warehouse, "data.bad")
                            .withColumnType("n", ColumnType.LONG)));
    assertEquals(csv.toString(), e.file());
    assertEquals(4, e.line());
    assertEquals(csv + " line 4: column 'n': 'x' is not a whole number (long)", e.getMessage());
  }

  private void assertBad(Path file, ColumnType amountType, String expected) {
    TableImport load = TableImport.from(file.toString()).into(warehouse, "data.bad");
    TableImport typed = amountType == null ? load : load.withColumnType("amount", amountType);
    BadRowException e = assertThrows(BadRowException.class, () -> Pipeline.create().apply(typed));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(warehouse.partitions("data.bad").isEmpty(), "nothing written");
  }

  private List<String> load(TableImport load) {
    Pipeline pipeline = Pipeline.create();
    pipeline.apply(load.into(warehouse, "data.purchases"));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return warehouse.partitions("data.purchases");
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  private Path parquet(String name, Schema schema, GenericRecord... rows) throws IOException {
    Path path = dir.resolve(name);
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(path.toUri()), new Configuration()))
            .withSchema(schema)
            .build()) {
      for (GenericRecord row : rows) {
        writer.write(row);
      }
    }
    return path;
  }

  private static GenericRecord record(Schema schema, Object... values) {
    GenericRecord record = new GenericData.Record(schema);
    for (int i = 0; i < values.length; i++) {
      record.put(i, values[i]);
    }
    return record;
  }

  private static Schema.Type type(Schema schema, String column) {
    return schema.getField(column).schema().getTypes().get(1).getType();
  }
}
