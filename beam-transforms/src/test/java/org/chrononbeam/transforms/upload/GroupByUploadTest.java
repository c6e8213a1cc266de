package org.chrononbeam.transforms.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.ServingSchemas;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.NaiveFeatures;
import org.chrononbeam.transforms.RandomEvents;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload and the streaming writer against a brute-force reference: what they store, decoded
 * with the serving info's codecs as the fetcher decodes it, gives the naive window values at the
 * batch end and at query times up to the horizon past it.
 */
class GroupByUploadTest {

  private static final String EVENTS = "data.purchases";
  private static final String END_DS = "2023-12-10";
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final long BATCH_END = PartitionDates.startMillis(END_DS) + DAY;

  @TempDir Path root;

  /**
   * Purchases by user: SUM, COUNT, AVERAGE, MAX over 1h (SNAPSHOT: 3d), 1d, 7d; unbounded SUM;
   * LAST_K.
   */
  static GroupBy groupBy(String name, Accuracy accuracy) {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("amount", "amount");
    selects.put("item", "item");
    List<Window> windows = List.of(
        accuracy == Accuracy.SNAPSHOT
            ? new Window(3, TimeUnit.DAYS)
            : new Window(1, TimeUnit.HOURS),
        new Window(1, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.MAX)) {
      aggregations.add(
          new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM));
    aggregations.add(new Aggregation().setInputColumn("item").setOperation(Operation.LAST_K)
        .setArgMap(Map.of("k", "3")));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setTeam("team").setOutputNamespace("features"))
        .setSources(List.of(Source.events(new EventSource().setTable(EVENTS)
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(accuracy)
        .setAggregations(aggregations);
  }

  @Test
  void temporalBatchIrsAndStreamingRowsGiveTheNaiveValuesUpToTheHorizon() {
    Warehouse warehouse = Warehouse.at(root.resolve("warehouse").toString());
    RandomEvents events = new RandomEvents(21L, Schema.Type.LONG, k -> (long) k)
        .add(2500, 30, "2023-11-25", "2023-12-12");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());
    GroupBy groupBy = groupBy("team.purchases.v1", Accuracy.TEMPORAL);
    String spec = "embedded:" + root.resolve("kv");

    GroupByUpload upload = GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)
        .withKvStore(spec);
    PipelineResult result;
    try (KvStore store = KvStores.open(spec)) {
      upload.createDatasets(store);
      Pipeline pipeline = Pipeline.create(BackfillTables.direct());
      pipeline.apply(upload);
      result = pipeline.run();
      result.waitUntilFinish();

      SourceRead streamed = SourceRead.of(warehouse, groupBy.getSources().get(0))
          .withPartitions("2023-12-11", "2023-12-12");
      Pipeline streaming = Pipeline.create(BackfillTables.direct());
      streaming.apply(streamed)
          .apply(StreamingRowsWrite.of(groupBy, streamed.rowSchema()).withKvStore(spec));
      streaming.run().waitUntilFinish();

      long nullKeysRead = events.records().stream()
          .filter(r -> r.get("user_id") == null)
          .filter(r -> r.get("ds").toString().compareTo(END_DS) <= 0)
          .count();
      assertTrue(nullKeysRead > 0);
      assertEquals(nullKeysRead, counter(result, GroupByUpload.NULL_KEY_ROWS));
      assertEquals(events.byKey().size(), counter(result, GroupByUpload.KEYS_UPLOADED));

      ServingSchemas schemas = ServingSchemas.of(servingInfo(store, groupBy));
      assertEquals(BATCH_END, schemas.batchEndMillis());
      WindowedAggregation aggregation = WindowedAggregation.of(
          new InputSchema(schemas.input().names(), schemas.input().types()),
          groupBy.getAggregations(), Accuracy.TEMPORAL, false);
      OnlineAggregator online =
          new OnlineAggregator(aggregation, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
      BatchIrCodec codec = new BatchIrCodec(aggregation);
      long[] queries = {BATCH_END, BATCH_END + HOUR + 1, BATCH_END + DAY - 300_000L,
          BATCH_END + DAY + 7 * HOUR + 13, BATCH_END + 2 * DAY};
      int checked = 0;
      for (Map.Entry<Object, List<NaiveFeatures.Event>> user : events.byKey().entrySet()) {
        byte[] key = schemas.key().encode(Map.of("user_id", user.getKey()));
        List<TimedValue> batch = read(store, GetRequest.since(key, upload.datasets().get(0), 0));
        List<ArrayRow> rows = new ArrayList<>();
        for (TimedValue value : read(store, GetRequest.since(key, upload.datasets().get(1), 0))) {
          StreamingRow row = schemas.streaming().decode(value.bytes());
          assertEquals(value.millis(), row.ts());
          rows.add(new ArrayRow(row.ts(), false, row.values()));
        }
        boolean anyBefore = user.getValue().stream().anyMatch(e -> e.ts() < BATCH_END);
        assertEquals(anyBefore ? 1 : 0, batch.size(), "batch versions of " + user.getKey());
        assertEquals(user.getValue().stream().filter(e -> e.ts() >= BATCH_END).count(),
            rows.size());
        BatchIr ir = batch.isEmpty()
            ? online.batchIr(List.of(), BATCH_END)
            : codec.decode(batch.get(0).bytes());
        if (!batch.isEmpty()) {
          assertEquals(BATCH_END, batch.get(0).millis());
        }
        for (long q : queries) {
          Object[] actual = online.finalizedAt(ir, rows, q);
          List<Object> expected =
              NaiveFeatures.at(groupBy, Accuracy.TEMPORAL, user.getValue(), q);
          List<String> columns = OutputColumns.of(groupBy);
          for (int c = 0; c < columns.size(); c++) {
            NaiveFeatures.assertSame(expected.get(c), actual[c],
                user.getKey() + " at " + q + " " + columns.get(c));
          }
          checked++;
        }
      }
      assertEquals(events.byKey().size() * queries.length, checked);
    }
  }

  @Test
  void snapshotValuesAreTheOutputsAsOfTheBatchEndAndReuploadingOverwrites() {
    Warehouse warehouse = Warehouse.at(root.resolve("warehouse").toString());
    RandomEvents events = new RandomEvents(5L, Schema.Type.STRING, k -> "u" + k)
        .add(800, 20, "2023-11-28", "2023-12-11");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());
    GroupBy groupBy = groupBy("team.purchases_daily.v1", Accuracy.SNAPSHOT);
    String spec = "embedded:" + root.resolve("kv");
    GroupByUpload upload = GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)
        .withKvStore(spec);

    try (KvStore store = KvStores.open(spec)) {
      upload.createDatasets(store);
      Map<Object, byte[]> first = new HashMap<>();
      for (int run = 0; run < 2; run++) {
        Pipeline pipeline = Pipeline.create(BackfillTables.direct());
        pipeline.apply(upload);
        pipeline.run().waitUntilFinish();

        GroupByServingInfo info = servingInfo(store, groupBy);
        assertEquals(END_DS, info.getBatchEndDate());
        ServingSchemas schemas = ServingSchemas.of(info);
        WindowedAggregation aggregation = WindowedAggregation.of(
            new InputSchema(schemas.input().names(), schemas.input().types()),
            groupBy.getAggregations(), Accuracy.SNAPSHOT, false);
        ValueCodec outputs = ValueCodec.of("Outputs", OutputColumns.beforeDerivations(groupBy),
            aggregation.outputs().stream()
                .map(o -> aggregation.rows().column(o.column()).outputType())
                .toList());
        for (Map.Entry<Object, List<NaiveFeatures.Event>> user : events.byKey().entrySet()) {
          byte[] key = schemas.key().encode(Map.of("user_id", user.getKey()));
          List<TimedValue> versions =
              read(store, GetRequest.since(key, KvLayout.batchDataset(groupBy.getMetaData()
                  .getName()), 0));
          boolean anyBefore = user.getValue().stream().anyMatch(e -> e.ts() < BATCH_END);
          assertEquals(anyBefore ? 1 : 0, versions.size(), "one version per key and day");
          if (!anyBefore) {
            continue;
          }
          Object[] actual = outputs.decode(versions.get(0).bytes());
          List<Object> expected =
              NaiveFeatures.at(groupBy, Accuracy.SNAPSHOT, user.getValue(), BATCH_END);
          for (int c = 0; c < actual.length; c++) {
            NaiveFeatures.assertSame(expected.get(c), actual[c], user.getKey() + " column " + c);
          }
          if (run == 0) {
            first.put(user.getKey(), versions.get(0).bytes());
          } else {
            assertArrayEquals(first.get(user.getKey()), versions.get(0).bytes());
          }
        }
      }
      assertFalse(first.isEmpty());
    }
  }

  @Test
  void withoutAggregationsEachKeysLatestRowOfTheLastSnapshotIsUploaded() {
    Warehouse warehouse = Warehouse.at(root.resolve("warehouse").toString());
    Schema schema = SchemaBuilder.record("profile").fields()
        .optionalLong("user_id").optionalString("tier").optionalDouble("score")
        .optionalLong("ts").requiredString("ds").endRecord();
    long snapshot = PartitionDates.startMillis(END_DS);
    List<GenericRecord> rows = List.of(
        profile(schema, 1L, "gold", 3.5, snapshot + 5, END_DS),
        profile(schema, 1L, "silver", 1.5, snapshot + 9, END_DS),
        profile(schema, 1L, "bronze", 0.5, null, END_DS),
        profile(schema, 2L, "basic", null, null, END_DS),
        profile(schema, null, "nobody", 9.0, snapshot, END_DS),
        profile(schema, 3L, "old", 2.0, snapshot - DAY, "2023-12-09"));
    BackfillTables.write(warehouse, "data.profiles", schema, rows);
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user_id");
    selects.put("tier", "tier");
    selects.put("score", "score");
    GroupBy groupBy = new GroupBy()
        .setMetaData(new MetaData().setName("team.profiles.v1").setTeam("team"))
        .setSources(List.of(Source.entities(new EntitySource().setSnapshotTable("data.profiles")
            .setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"));
    String spec = "embedded:" + root.resolve("kv");
    GroupByUpload upload = GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)
        .withKvStore(spec);

    try (KvStore store = KvStores.open(spec)) {
      upload.createDatasets(store);
      Pipeline pipeline = Pipeline.create(BackfillTables.direct());
      pipeline.apply(upload);
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      assertEquals(1, counter(result, GroupByUpload.NULL_KEY_ROWS));
      assertEquals(2, counter(result, GroupByUpload.KEYS_UPLOADED));

      ServingSchemas schemas = ServingSchemas.of(servingInfo(store, groupBy));
      assertEquals(List.of("tier", "score"), schemas.input().names());
      String dataset = upload.datasets().get(0);
      Map<Long, List<Object>> latest = new LinkedHashMap<>();
      for (long user : new long[] {1L, 2L, 3L}) {
        List<TimedValue> versions = read(store,
            GetRequest.since(schemas.key().encode(Map.of("user_id", user)), dataset, 0));
        if (!versions.isEmpty()) {
          latest.put(user, Arrays.asList(schemas.input().decode(versions.get(0).bytes())));
        }
      }
      assertEquals(Map.of(1L, Arrays.asList("silver", 1.5), 2L, Arrays.asList("basic", null)),
          latest);
    }
  }

  private static GenericRecord profile(
      Schema schema, Long user, String tier, Double score, Long ts, String ds) {
    GenericRecord record = new GenericData.Record(schema);
    record.put("user_id", user);
    record.put("tier", tier);
    record.put("score", score);
    record.put("ts", ts);
    record.put("ds", ds);
    return record;
  }

  @Test
  void theServingInfoIsWrittenOnlyAfterEveryValue() {
    Warehouse warehouse = Warehouse.at(root.resolve("warehouse").toString());
    RandomEvents events = new RandomEvents(5L, Schema.Type.LONG, k -> (long) k)
        .add(3000, 40, "2023-12-01", "2023-12-10");
    BackfillTables.write(warehouse, EVENTS, events.schema(), events.records());
    GroupBy groupBy = groupBy("team.purchases.v1", Accuracy.TEMPORAL);
    String dir = root.resolve("kv").toString();
    GroupByUpload upload = GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)
        .withKvStore("recording:" + dir);
    try (KvStore store = KvStores.open("recording:" + dir)) {
      upload.createDatasets(store);
    }
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    pipeline.apply(upload);
    pipeline.run().waitUntilFinish();

    List<PutRequest> puts = RecordingKvStoreProvider.puts(dir);
    assertEquals(events.byKey().size() + 1, puts.size(), "a value per key, then the serving info");
    PutRequest last = puts.get(puts.size() - 1);
    assertArrayEquals(ServingInfoCodec.keyBytes(), last.keyBytes(),
        "the serving info is the last put");
    assertEquals(BATCH_END, last.tsMillisOr(0));
  }

  @Test
  void argumentsAreCheckedAtOnceAndRequiredOnesWhenExpanding() {
    Warehouse warehouse = Warehouse.at(root.toString());
    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    GroupBy groupBy = groupBy("team.purchases.v1", Accuracy.TEMPORAL);
    assertThrows(IllegalArgumentException.class,
        () -> GroupByUpload.of(warehouse, groupBy).withEndDs("2023-13-01"));
    assertThrows(IllegalArgumentException.class,
        () -> GroupByUpload.of(warehouse, groupBy).withKvStore("no-scheme"));
    assertThrows(IllegalArgumentException.class,
        () -> GroupByUpload.of(warehouse,
            new GroupBy().setMetaData(new MetaData().setName("a.b"))));
    RowSchema rows = RowSchema.builder().add("user_id", DataKind.LONG)
        .add("amount", DataKind.DOUBLE).add("item", DataKind.STRING).add("ts", DataKind.LONG)
        .build();
    IllegalArgumentException snapshot = assertThrows(IllegalArgumentException.class,
        () -> StreamingRowsWrite.of(groupBy("team.daily.v1", Accuracy.SNAPSHOT), rows));
    assertTrue(snapshot.getMessage().contains("not TEMPORAL"), snapshot.getMessage());
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> StreamingRowsWrite.of(groupBy, RowSchema.builder().add("amount", DataKind.DOUBLE)
            .build()));
    assertTrue(noKey.getMessage().contains("key column user_id"), noKey.getMessage());
    IllegalStateException noStreamingStore = assertThrows(IllegalStateException.class,
        () -> pipeline.apply(Create.empty(ValuesCoder.of(rows)))
            .apply(StreamingRowsWrite.of(groupBy, rows)));
    assertTrue(noStreamingStore.getMessage().contains("withKvStore"));
    IllegalStateException noStore = assertThrows(IllegalStateException.class,
        () -> pipeline.apply(GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)));
    assertTrue(noStore.getMessage().contains("withKvStore"), noStore.getMessage());
    assertEquals(List.of("TEAM_PURCHASES_V1_BATCH", "TEAM_PURCHASES_V1_STREAMING"),
        GroupByUpload.of(warehouse, groupBy).datasets());
    assertEquals(BATCH_END, GroupByUpload.of(warehouse, groupBy).withEndDs(END_DS)
        .batchEndMillis());
  }

  private static GroupByServingInfo servingInfo(KvStore store, GroupBy groupBy) {
    String dataset = KvLayout.batchDataset(groupBy.getMetaData().getName());
    List<TimedValue> versions =
        read(store, GetRequest.since(ServingInfoCodec.keyBytes(), dataset, 0));
    assertEquals(1, versions.size(), "one serving info version per batch end");
    assertEquals(BATCH_END, versions.get(0).millis());
    return ServingInfoCodec.decode(versions.get(0).bytes(), groupBy.getMetaData().getName());
  }

  private static List<TimedValue> read(KvStore store, GetRequest request) {
    GetResponse response = store.multiGet(List.of(request)).join().get(0);
    assertTrue(response.succeeded(), () -> "read failed: " + response.failure());
    return response.values();
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(RowCounts.NAMESPACE, name)).build()).getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
