package org.chrononbeam.transforms.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseIOTest {

  static final String TABLE = "data.purchases";
  static final Schema SCHEMA =
      SchemaBuilder.record("purchase")
          .fields()
          .optionalLong("user_id")
          .optionalInt("quantity")
          .optionalDouble("amount")
          .optionalString("item")
          .optionalBoolean("refunded")
          .requiredString("ds")
          .endRecord();

  /** What {@link #readAll} pipelines saw, by run: PAssert's checks run in this JVM. */
  private static final Map<String, List<String>> READ = new ConcurrentHashMap<>();

  @TempDir Path root;
  Warehouse warehouse;

  @BeforeEach
  void setUp() {
    warehouse = Warehouse.at(root.toString());
  }

  @Test
  void roundTripKeepsTypesAndNullsAndLaysOutHiveFolders() throws IOException {
    List<GenericRecord> rows =
        List.of(
            row(1L, 2, 9.5, "book", false, "2023-12-01"),
            row(Long.MAX_VALUE, -1, -0.25, "pen, blue", true, "2023-12-01"),
            row(null, null, null, null, null, "2023-12-02"));

    assertEquals(List.of("2023-12-01", "2023-12-02"), write(rows));

    Path table = root.resolve("data").resolve("purchases");
    assertEquals(List.of("ds=2023-12-01", "ds=2023-12-02"), children(table));
    assertTrue(
        children(table.resolve("ds=2023-12-01")).stream()
            .allMatch(f -> f.startsWith("part-") && f.endsWith(".parquet")));
    assertEquals(List.of("2023-12-01", "2023-12-02"), warehouse.partitions(TABLE));
    assertEquals(Optional.of("2023-12-02"), warehouse.latestPartition(TABLE));
    Path part =
        table.resolve("ds=2023-12-01").resolve(children(table.resolve("ds=2023-12-01")).get(0));
    Schema stored = ParquetFile.at(part.toString()).avroSchema();
    assertNull(stored.getField("ds"), "ds lives in folder names only");
    assertEquals(
        names(SCHEMA), names(warehouse.schema(TABLE)), "read schema: stored columns, then ds");

    assertEquals(strings(rows), readAll(WarehouseIO.read(warehouse, TABLE)));
  }

  @Test
  void floatingColumnsAreStoredWithoutADictionaryOthersWithOne() throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(row((long) (i % 3), i % 2, i % 11 == 0 ? null : i * 0.1, "item", false, "2023-12-01"));
    }
    write(rows);
    assertEquals(strings(rows), readAll(WarehouseIO.read(warehouse, TABLE)));

    Map<String, Boolean> dictionary =
        dictionaryPages(root.resolve("data").resolve("purchases").resolve("ds=2023-12-01"));
    assertEquals(
        Map.of(
            "user_id", true, "quantity", true, "amount", false, "item", true, "refunded", false),
        dictionary);
  }

  @Test
  void floatingValuesInListsAreStoredWithoutADictionary() throws IOException {
    Schema scores =
        SchemaBuilder.record("scores")
            .fields()
            .optionalLong("user_id")
            .name("last").type().optional().array().items().doubleType()
            .requiredString("ds")
            .endRecord();
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      GenericRecord row = new GenericData.Record(scores);
      row.put("user_id", (long) (i % 4));
      row.put("last", i % 9 == 0 ? null : List.of(i * 0.25, -i * 1.5));
      row.put("ds", "2023-12-01");
      rows.add(row);
    }
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(scores)))
        .apply(WarehouseIO.write(warehouse, "data.scores"));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());

    assertEquals(
        strings(rows), readAll(WarehouseIO.read(warehouse, "data.scores")).stream().toList());
    assertEquals(
        Map.of("user_id", true, "last.array", false),
        dictionaryPages(root.resolve("data").resolve("scores").resolve("ds=2023-12-01")));
  }

  /** Per column path of the Parquet files in {@code folder}: whether any chunk has a dictionary. */
  static Map<String, Boolean> dictionaryPages(Path folder) throws IOException {
    Map<String, Boolean> dictionary = new java.util.TreeMap<>();
    for (String file : children(folder)) {
      try (org.apache.parquet.hadoop.ParquetFileReader reader =
          org.apache.parquet.hadoop.ParquetFileReader.open(
              ParquetFile.at(folder.resolve(file).toString()))) {
        for (var block : reader.getFooter().getBlocks()) {
          for (var column : block.getColumns()) {
            dictionary.merge(
                column.getPath().toDotString(), column.hasDictionaryPage(), Boolean::logicalOr);
          }
        }
      }
    }
    return dictionary;
  }

  @Test
  void rowsWithDsBeforeOtherColumnsAreStoredByName() {
    Schema dsFirst =
        SchemaBuilder.record("purchase")
            .fields()
            .requiredString("ds")
            .optionalLong("user_id")
            .optionalDouble("amount")
            .endRecord();
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      GenericRecord row = new GenericData.Record(dsFirst);
      row.put("ds", "2023-12-0" + (1 + i % 3));
      row.put("user_id", i % 5 == 0 ? null : (long) i);
      row.put("amount", i % 7 == 0 ? null : i * 0.5);
      rows.add(row);
    }
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(dsFirst)))
        .apply(WarehouseIO.write(warehouse, TABLE));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());

    assertEquals(List.of("user_id", "amount", "ds"), names(warehouse.schema(TABLE)));
    List<String> expected = new ArrayList<>();
    for (GenericRecord row : rows) {
      expected.add(
          String.format(
              "{\"user_id\": %s, \"amount\": %s, \"ds\": \"%s\"}",
              row.get("user_id"), row.get("amount"), row.get("ds")));
    }
    assertEquals(
        expected.stream().sorted().toList(), readAll(WarehouseIO.read(warehouse, TABLE)));
  }

  @Test
  void namedDaysWithoutRowsBecomeEmptyPartitions() throws IOException {
    List<GenericRecord> rows = List.of(row(1L, 2, 9.5, "book", false, "2023-12-02"));
    Pipeline pipeline = Pipeline.create();
    PCollection<String> written =
        pipeline
            .apply(Create.of(rows).withCoder(AvroCoder.of(SCHEMA)))
            .apply(
                WarehouseIO.write(warehouse, TABLE)
                    .withDays(List.of("2023-12-03", "2023-12-01", "2023-12-02")));
    PAssert.that(written).containsInAnyOrder("2023-12-01", "2023-12-02", "2023-12-03");
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());

    assertEquals(
        List.of("2023-12-01", "2023-12-02", "2023-12-03"), warehouse.partitions(TABLE));
    assertEquals(strings(rows), readAll(WarehouseIO.read(warehouse, TABLE)));
    assertEquals(List.of(), readAll(WarehouseIO.read(warehouse, TABLE).partition("2023-12-03")));
    assertEquals(fieldNames(SCHEMA), fieldNames(warehouse.schema(TABLE)));
  }

  @Test
  void readListsOnlyThePartitionsInRange() throws IOException {
    write(
        List.of(
            row(1L, 1, 1.0, "a", false, "2023-11-30"),
            row(2L, 1, 1.0, "b", false, "2023-12-01"),
            row(3L, 1, 1.0, "c", false, "2023-12-02"),
            row(4L, 1, 1.0, "d", false, "2023-12-03")));
    // Out of range partitions are never opened: make one unreadable.
    Path corrupt = root.resolve("data/purchases/ds=2023-11-30/part-zzz.parquet");
    Files.writeString(corrupt, "not parquet", StandardCharsets.UTF_8);

    WarehouseIO.Read read =
        WarehouseIO.read(warehouse, TABLE).partitions("2023-12-01", "2023-12-02");
    assertEquals(List.of("2023-12-01", "2023-12-02"), read.selectedPartitions());
    assertEquals(
        strings(
            List.of(
                row(2L, 1, 1.0, "b", false, "2023-12-01"),
                row(3L, 1, 1.0, "c", false, "2023-12-02"))),
        readAll(read));
    assertEquals(
        List.of("2023-12-03"),
        WarehouseIO.read(warehouse, TABLE).partition("2023-12-03").selectedPartitions());
    WarehouseIO.Read january =
        WarehouseIO.read(warehouse, TABLE).partitions("2024-01-01", "2024-01-31");
    assertEquals(List.of(), january.selectedPartitions());
    assertEquals(List.of(), readAll(january));
    DisplayData display = DisplayData.from(read);
    assertTrue(display.items().stream().anyMatch(i -> i.getValue().equals("data.purchases")));
    assertTrue(display.items().stream().anyMatch(i -> i.getValue().equals("2023-12-02")));
    assertThrows(
        RuntimeException.class,
        () -> readAll(WarehouseIO.read(warehouse, TABLE).partition("2023-11-30")),
        "the corrupt partition is read when in range");
  }

  @Test
  void rewriteReplacesWholePartitionsAndKeepsOthers() throws IOException {
    write(
        List.of(
            row(1L, 1, 1.0, "old", false, "2023-12-01"),
            row(2L, 1, 1.0, "old", false, "2023-12-01"),
            row(3L, 1, 1.0, "old", false, "2023-12-01"),
            row(4L, 1, 1.0, "kept", false, "2023-12-02")));

    assertEquals(List.of("2023-12-01"), write(List.of(row(9L, 1, 1.0, "new", true, "2023-12-01"))));

    assertEquals(
        strings(
            List.of(
                row(9L, 1, 1.0, "new", true, "2023-12-01"),
                row(4L, 1, 1.0, "kept", false, "2023-12-02"))),
        readAll(WarehouseIO.read(warehouse, TABLE)));
    assertEquals(
        List.of("ds=2023-12-01", "ds=2023-12-02"), children(root.resolve("data/purchases")));
  }

  @Test
  void crashLeftoversAreIgnoredByReadersAndRepairedByTheNextWrite() throws IOException {
    write(
        List.of(
            row(1L, 1, 1.0, "a", false, "2023-12-01"), row(2L, 1, 1.0, "b", false, "2023-12-02")));
    Path table = root.resolve("data/purchases");
    // A write that crashed before its swap: a complete staged partition, never swapped in.
    Path stagedEarly = table.resolve(".staging-crashed-early/ds=2023-12-01");
    Files.createDirectories(stagedEarly);
    copyFiles(table.resolve("ds=2023-12-02"), stagedEarly);
    // A write that crashed between the two moves of 2023-12-02: the old partition is set aside.
    Path replaced = table.resolve(".staging-crashed-mid/.replaced/ds=2023-12-02");
    Files.createDirectories(replaced.getParent());
    Files.move(table.resolve("ds=2023-12-02"), replaced);

    assertEquals(List.of("2023-12-01"), warehouse.partitions(TABLE));
    assertEquals(
        strings(List.of(row(1L, 1, 1.0, "a", false, "2023-12-01"))),
        readAll(WarehouseIO.read(warehouse, TABLE)));

    write(List.of(row(3L, 1, 1.0, "c", false, "2023-12-03")));

    assertEquals(List.of("ds=2023-12-01", "ds=2023-12-02", "ds=2023-12-03"), children(table));
    assertEquals(
        strings(
            List.of(
                row(1L, 1, 1.0, "a", false, "2023-12-01"),
                row(2L, 1, 1.0, "b", false, "2023-12-02"),
                row(3L, 1, 1.0, "c", false, "2023-12-03"))),
        readAll(WarehouseIO.read(warehouse, TABLE)));
  }

  @Test
  void writingNoRowsChangesNothing() throws IOException {
    write(List.of(row(1L, 1, 1.0, "a", false, "2023-12-01")));

    assertEquals(List.of(), write(List.of()));

    assertEquals(List.of("ds=2023-12-01"), children(root.resolve("data/purchases")));
  }

  @Test
  void writeRejectsRowsWithoutAValidDs() {
    Pipeline pipeline = Pipeline.create();
    PCollection<GenericRecord> bad =
        pipeline.apply(
            Create.of(
                    List.<GenericRecord>of(
                        row(1L, 1, 1.0, "a", false, "2023-12-01"),
                        row(2L, 1, 1.0, "a", false, "2023-12-01"),
                        row(3L, 1, 1.0, "a", false, "2023/12/01")))
                .withCoder(AvroCoder.of(SCHEMA)));
    bad.apply(WarehouseIO.write(warehouse, TABLE));
    Exception e = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
    assertTrue(causes(e).contains("ds '2023/12/01' is not a yyyy-MM-dd date"), causes(e));
    assertFalse(Files.exists(root.resolve("data/purchases/ds=2023-12-01")));

    Schema noDs = SchemaBuilder.record("r").fields().optionalLong("x").endRecord();
    Pipeline other = Pipeline.create();
    PCollection<GenericRecord> rows = other.apply(Create.empty(AvroCoder.of(noDs)));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> rows.apply(WarehouseIO.write(warehouse, TABLE)));
    assertTrue(missing.getMessage().contains("need a string column 'ds'"), missing.getMessage());
  }

  @Test
  void readOfATableWithoutPartitionsNamesIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Pipeline.create().apply(WarehouseIO.read(warehouse, "data.nothing")));
    assertTrue(e.getMessage().contains("table data.nothing has no partitions"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WarehouseIO.read(warehouse, "nodot"));
    assertThrows(
        IllegalArgumentException.class,
        () -> WarehouseIO.read(warehouse, TABLE).partitions("2023-12-02", "2023-12-01"));
  }

  static GenericRecord row(
      Long userId, Integer quantity, Double amount, String item, Boolean refunded, String ds) {
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("user_id", userId);
    row.put("quantity", quantity);
    row.put("amount", amount);
    row.put("item", item);
    row.put("refunded", refunded);
    row.put("ds", ds);
    return row;
  }

  static List<String> fieldNames(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  /** Writes {@code rows} to {@link #TABLE}; returns the partitions the write reported. */
  List<String> write(List<GenericRecord> rows) {
    Pipeline pipeline = Pipeline.create();
    PCollection<String> written =
        pipeline
            .apply(Create.of(rows).withCoder(AvroCoder.of(SCHEMA)))
            .apply(WarehouseIO.write(warehouse, TABLE));
    List<String> days = rows.stream().map(r -> r.get("ds").toString()).distinct().sorted().toList();
    PAssert.that(written).containsInAnyOrder(days);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return days;
  }

  /** Runs {@code read}; returns its rows as sorted JSON strings. */
  static List<String> readAll(WarehouseIO.Read read) {
    Pipeline pipeline = Pipeline.create();
    PCollection<String> rows =
        pipeline
            .apply(read)
            .apply(MapElements.into(TypeDescriptors.strings()).via(GenericRecord::toString));
    String run = UUID.randomUUID().toString();
    PAssert.that(rows)
        .satisfies(
            actual -> {
              List<String> seen = new ArrayList<>();
              actual.forEach(seen::add);
              READ.put(run, seen);
              return null;
            });
    pipeline.run().waitUntilFinish();
    return READ.remove(run).stream().sorted().toList();
  }

  static List<String> strings(List<GenericRecord> rows) {
    return rows.stream().map(GenericRecord::toString).sorted().toList();
  }

  static List<String> names(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  static List<String> children(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  static String causes(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return String.join(" / ", messages);
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    for (String name : children(from)) {
      Files.copy(from.resolve(name), to.resolve(name));
    }
  }
}
