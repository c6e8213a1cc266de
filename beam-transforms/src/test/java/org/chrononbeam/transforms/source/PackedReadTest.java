package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PackedRead}'s column-to-column read, and {@link SourceRead#chunks()} keyed by {@link
 * KeyedChunks#ofChunks()}, against the reference they replace for queries that only copy columns:
 * the rows through parquet-avro's records, the compiled query and {@link KeyedChunks}. Random files with every scalar type the warehouse stores, nulls, boundary values,
 * several row groups and files per partition, an older partition without one of the columns, and
 * thousands of keys; the same rows must come out under the same keys.
 */
class PackedReadTest {

  private static final Map<String, List<String>> COLLECTED = new ConcurrentHashMap<>();
  private static final long[] BOUNDARY_LONGS = {
    Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE
  };

  private static final long DAY_MILLIS = 86_400_000L;
  private static final Schema DATE =
      LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
  private static final Schema MILLIS =
      LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

  @TempDir Path root;

  @Test
  void readsColumnsAsTheQueryAndKeyedChunksDo() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    List<String> days = PartitionDates.range("2024-02-27", "2024-03-02");
    SplittableRandom random = new SplittableRandom(11);
    for (int d = 0; d < days.size(); d++) {
      boolean old = d == 0;
      for (int f = 0; f < 2; f++) {
        Path file = root.resolve("data/events/ds=" + days.get(d) + "/part-" + f + ".parquet");
        write(file, schema(old), rows(random, schema(old), days.get(d), random.nextInt(0, 6_000)));
      }
    }
    Map<String, String> copies = new LinkedHashMap<>();
    for (String column :
        List.of("user_id", "small", "flag", "f", "price", "name", "blob", "day", "at", "ds")) {
      copies.put(column, column);
    }
    Query plain = new Query().setSelects(copies).setTimeColumn("millis");
    check(warehouse, plain, "user_id", null, true);
    check(warehouse, plain, "name", null, true);
    Map<String, String> some = new LinkedHashMap<>();
    some.put("name", "name");
    some.put("price", "price");
    check(
        warehouse, new Query().setSelects(some).setTimeColumn("small"), "name", "2024-02-28", true);
    check(warehouse, new Query().setTimeColumn("millis"), "small", null, false);
  }

  @Test
  void evaluatesStrictQueriesColumnByColumnAsTheRowPathDoes() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    List<String> days = PartitionDates.range("2024-02-27", "2024-03-01");
    SplittableRandom random = new SplittableRandom(5);
    for (int d = 0; d < days.size(); d++) {
      Path file = root.resolve("data/events/ds=" + days.get(d) + "/part-0.parquet");
      Schema schema = schema(d == 0);
      write(file, schema, rows(random, schema, days.get(d), random.nextInt(0, 4_000)));
    }
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("scaled", "small * 3 + 1");
    selects.put("gap", "price - f");
    selects.put("product", "cast(small as bigint) * user_id");
    selects.put("unflagged", "not flag");
    selects.put("name", "lower(name)");
    selects.put("day", "day");
    selects.put("earlier", "millis - 5");
    selects.put("at", "at");
    List<String> wheres = List.of("price > 5", "name IS NOT NULL", "ds >= '2024-02-28'");
    for (Query query :
        List.of(
            new Query().setSelects(selects).setTimeColumn("millis"),
            new Query().setSelects(selects).setWheres(wheres).setTimeColumn("day"),
            new Query()
                .setSelects(Map.of("user_id", "user_id"))
                .setWheres(List.of("at IS NOT NULL", "millis > 0"))
                .setTimeColumn("at"))) {
      SourceRead read = read(warehouse, query, null);
      assertTrue(
          EvaluatedColumns.of(read.compiledQuery(), read.rowSchema(), List.of()) != null,
          query.toString());
      check(warehouse, read, "user_id", false);
      check(warehouse, read.withoutPartitionColumn(), "user_id", false);
    }
  }

  @Test
  void leavesTheDsOutWhenAsked() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    SplittableRandom random = new SplittableRandom(7);
    for (String ds : PartitionDates.range("2024-02-28", "2024-03-01")) {
      Path file = root.resolve("data/events/ds=" + ds + "/part-0.parquet");
      write(file, schema(false), rows(random, schema(false), ds, random.nextInt(500, 3_000)));
    }
    Map<String, String> copies = new LinkedHashMap<>();
    copies.put("user_id", "user_id");
    copies.put("name", "name");
    copies.put("price", "price");
    Query plain = new Query().setSelects(copies).setTimeColumn("millis");
    Map<String, String> computed = new LinkedHashMap<>(copies);
    computed.put("price", "price * 2");
    Query query = new Query().setSelects(computed).setTimeColumn("millis");
    for (Query without : List.of(plain, query)) {
      SourceRead read = read(warehouse, without, "2024-02-29").withoutPartitionColumn();
      assertEquals(List.of("user_id", "name", "price", "ts"), read.rowSchema().names());
      check(warehouse, read, "user_id", without == plain);
    }
    Map<String, String> selectsDs = new LinkedHashMap<>(copies);
    selectsDs.put("ds", "ds");
    SourceRead read =
        read(warehouse, new Query().setSelects(selectsDs).setTimeColumn("millis"), null)
            .withoutPartitionColumn();
    assertEquals(List.of("user_id", "name", "price", "ds", "ts"), read.rowSchema().names());
    check(warehouse, read, "name", true);
  }

  @Test
  void computedOrFilteredQueriesGiveTheRowPathsRows() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    SplittableRandom random = new SplittableRandom(3);
    Path file = root.resolve("data/events/ds=2024-03-01/part-0.parquet");
    write(file, schema(false), rows(random, schema(false), "2024-03-01", 500));
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("price", "price * 2");
    Query computed = new Query().setSelects(selects).setTimeColumn("millis");
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("user_id", "user_id");
    twice.put("again", "user_id");
    Query filtered =
        new Query()
            .setSelects(Map.of("user_id", "user_id"))
            .setWheres(List.of("price > 10"))
            .setTimeColumn("millis");
    for (Query query : List.of(computed, filtered, new Query().setSelects(twice), new Query())) {
      check(warehouse, query, "user_id", null, false);
    }
  }

  private void check(
      Warehouse warehouse, Query query, String key, String start, boolean columnar) {
    check(warehouse, read(warehouse, query, start), key, columnar);
  }

  private void check(Warehouse warehouse, SourceRead read, String key, boolean columnar) {
    RowSchema schema = read.rowSchema();
    String query = schema.names().toString();
    int[] keys = KeyedRows.indices(schema, List.of(key));
    assertEquals(
        columnar, PackedRead.fileColumns(read.compiledQuery(), schema) != null, query.toString());
    Map<String, List<String>> expected =
        run(begin -> begin.apply(read).apply(KeyedChunks.by(schema, keys)), "expected");
    Map<String, List<String>> actual =
        run(begin -> begin.apply(new PackedRead(warehouse, read, keys)), "actual");
    Map<String, List<String>> chunked =
        run(
            begin -> begin.apply(read.chunks()).apply(KeyedChunks.by(schema, keys).ofChunks()),
            "chunked");
    assertTrue(expected.size() > 1, "several keys");
    for (Map<String, List<String>> packed : List.of(actual, chunked)) {
      assertEquals(expected.keySet(), packed.keySet(), query + " by " + key);
      for (Map.Entry<String, List<String>> rows : expected.entrySet()) {
        assertEquals(rows.getValue(), packed.get(rows.getKey()), query + ", key " + rows.getKey());
      }
    }
  }

  private Map<String, List<String>> run(
      Function<PBegin, PCollection<KV<byte[], RowChunk>>> packing, String name) {
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    COLLECTED.put(name, Collections.synchronizedList(new ArrayList<>()));
    packing.apply(pipeline.begin()).apply(ParDo.of(new CollectFn(name)));
    pipeline.run().waitUntilFinish();
    Map<String, List<String>> byKey = new TreeMap<>();
    for (String row : COLLECTED.remove(name)) {
      int space = row.indexOf(' ');
      byKey.computeIfAbsent(row.substring(0, space), k -> new ArrayList<>()).add(row);
    }
    byKey.values().forEach(rows -> rows.sort(null));
    return byKey;
  }

  private static SourceRead read(Warehouse warehouse, Query query, String start) {
    Source source = Source.events(new EventSource().setTable("data.events").setQuery(query));
    return SourceRead.of(warehouse, source).withPartitions(start, null);
  }

  private static Schema schema(boolean old) {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("event")
            .fields()
            .optionalLong("user_id")
            .optionalInt("small")
            .optionalBoolean("flag")
            .optionalFloat("f")
            .optionalDouble("price");
    if (!old) {
      fields = fields.optionalString("name");
    }
    return fields
        .optionalBytes("blob")
        .name("day").type().unionOf().nullType().and().type(DATE).endUnion().nullDefault()
        .name("at").type().unionOf().nullType().and().type(MILLIS).endUnion().nullDefault()
        .requiredLong("millis")
        .name("prices").type().optional().array().items().doubleType()
        .endRecord();
  }

  private static List<GenericRecord> rows(
      SplittableRandom random, Schema schema, String ds, int count) {
    List<GenericRecord> rows = new ArrayList<>();
    long dayStart = PartitionDates.startMillis(ds);
    for (int i = 0; i < count; i++) {
      GenericData.Record row = new GenericData.Record(schema);
      row.put(
          "user_id",
          random.nextInt(30) == 0
              ? null
              : random.nextInt(20) == 0
                  ? BOUNDARY_LONGS[random.nextInt(BOUNDARY_LONGS.length)]
                  : (long) random.nextInt(3_000));
      row.put(
          "small",
          random.nextInt(10) == 0
              ? null
              : random.nextInt(10) == 0 ? Integer.MIN_VALUE : random.nextInt(-5, 40));
      row.put("flag", random.nextInt(5) == 0 ? null : random.nextBoolean());
      row.put("f", random.nextInt(5) == 0 ? null : (float) random.nextDouble(-1e6, 1e6));
      row.put("price", random.nextInt(20) == 0 ? null : random.nextDouble() * 100);
      if (schema.getField("name") != null) {
        row.put("name", random.nextInt(6) == 0 ? null : "n" + random.nextInt(500));
      }
      row.put(
          "blob",
          random.nextInt(4) == 0 ? null : ByteBuffer.wrap(new byte[] {(byte) random.nextInt(9)}));
      row.put("day", random.nextInt(7) == 0 ? null : random.nextInt(-40_000, 40_000));
      row.put("at", random.nextInt(7) == 0 ? null : random.nextLong());
      long millis =
          switch (random.nextInt(10)) {
            case 0 -> dayStart;
            case 1 -> dayStart + DAY_MILLIS - 1;
            default -> dayStart + random.nextLong(DAY_MILLIS);
          };
      row.put("millis", millis);
      if (random.nextBoolean()) {
        row.put("prices", List.of(random.nextDouble()));
      }
      rows.add(row);
    }
    return rows;
  }

  private static void write(Path file, Schema schema, List<GenericRecord> rows)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))
            .withSchema(schema)
            .withRowGroupSize(16_384)
            .withPageSize(1_024)
            .build()) {
      for (GenericRecord row : rows) {
        writer.write(row);
      }
    }
  }

  private static String hex(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return HexFormat.of().formatHex(copy);
  }

  /** Each row of each chunk as {@code "<key hex> <values>"}. */
  private static final class CollectFn extends DoFn<KV<byte[], RowChunk>, Void> {
    private final String name;

    CollectFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element KV<byte[], RowChunk> chunk) {
      String key = HexFormat.of().formatHex(chunk.getKey());
      RowChunk rows = chunk.getValue();
      for (int r = 0; r < rows.size(); r++) {
        StringBuilder row = new StringBuilder(key);
        for (Object value : rows.row(r, 0)) {
          row.append(' ')
              .append(value == null ? "null" : value.getClass().getSimpleName())
              .append(':')
              .append(value instanceof ByteBuffer b ? hex(b) : value);
        }
        COLLECTED.get(name).add(row.toString());
      }
    }
  }
}
