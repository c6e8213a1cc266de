package org.chrononbeam.transforms.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming writer on hand-made rows: one version per row at its event time, holding the input
 * columns in serving order whatever the row layout; rows without a key or a time are counted, not
 * written; entity mutations carry is_before, and both images of a change are kept.
 */
class StreamingRowsWriteTest {

  @TempDir Path root;

  @Test
  void writesEachRowAtItsEventTimeAndCountsTheRowsItDrops() {
    GroupBy groupBy = GroupByUploadTest.groupBy("team.purchases.v1", Accuracy.TEMPORAL);
    RowSchema schema = RowSchema.builder()
        .add("ts", DataKind.LONG).add("item", DataKind.STRING).add("user_id", DataKind.INT)
        .add("amount", DataKind.DOUBLE).add("ds", DataKind.STRING).build();
    List<Object[]> rows = new ArrayList<>(List.of(
        new Object[] {1_000L, "a", 7, 2.5, "1970-01-01"},
        new Object[] {2_000L, null, 7, null, "1970-01-01"},
        new Object[] {1_500L, "b", 8, 4.0, "1970-01-01"},
        new Object[] {3_000L, "c", null, 1.0, "1970-01-01"},
        new Object[] {null, "d", 7, 1.0, "1970-01-01"}));
    String spec = "embedded:" + root;

    try (KvStore store = KvStores.open(spec)) {
      store.create("TEAM_PURCHASES_V1_STREAMING");
      Pipeline pipeline = Pipeline.create(BackfillTables.direct());
      pipeline.apply(Create.of(rows).withCoder(ValuesCoder.of(schema)))
          .apply(StreamingRowsWrite.of(groupBy, schema).withKvStore(spec));
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      assertEquals(1, counter(result, GroupByUpload.NULL_KEY_ROWS));
      assertEquals(1, counter(result, StreamingRowsWrite.NULL_TS_ROWS));

      StreamingRowCodec codec = StreamingRowCodec.of(List.of("amount", "item"),
          List.of(schema.column(3).type(), schema.column(1).type()), false);
      KeyCodec keys = KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.LONG));
      List<TimedValue> seven = store.multiGet(List.of(GetRequest.since(
          keys.encode(Map.of("user_id", 7L)), "TEAM_PURCHASES_V1_STREAMING", 0))).join()
          .get(0).values();
      assertEquals(List.of(2_000L, 1_000L), seven.stream().map(TimedValue::millis).toList());
      StreamingRow newest = codec.decode(seven.get(0).bytes());
      assertEquals(2_000L, newest.ts());
      assertArrayEquals(new Object[] {null, null}, newest.values());
      assertArrayEquals(new Object[] {2.5, "a"}, codec.decode(seven.get(1).bytes()).values());
      List<TimedValue> eight = store.multiGet(List.of(GetRequest.since(
          keys.encode(Map.of("user_id", 8)), "TEAM_PURCHASES_V1_STREAMING", 0))).join()
          .get(0).values();
      assertEquals(1, eight.size());
      assertArrayEquals(new Object[] {4.0, "b"}, codec.decode(eight.get(0).bytes()).values());
    }
  }

  @Test
  void writesMutationsWithIsBeforeAtTheirMutationTimeKeepingBothImagesOfAChange() {
    GroupBy groupBy = balances();
    RowSchema schema = RowSchema.builder()
        .add("user_id", DataKind.LONG).add("balance", DataKind.DOUBLE).add("ts", DataKind.LONG)
        .add("mutation_ts", DataKind.LONG).add("is_before", DataKind.BOOLEAN)
        .add("ds", DataKind.STRING).build();
    List<Object[]> rows = List.of(
        new Object[] {7L, 2.5, 100L, 5_000L, true, "1970-01-01"},
        new Object[] {7L, 4.0, 5_000L, 5_000L, false, "1970-01-01"},
        new Object[] {7L, null, 5_000L, 9_000L, true, "1970-01-01"},
        new Object[] {8L, 1.0, null, 6_000L, false, "1970-01-01"});
    String spec = "embedded:" + root;
    try (KvStore store = KvStores.open(spec)) {
      store.create("TEAM_BALANCES_V1_STREAMING");
      for (int run = 0; run < 2; run++) {
        Pipeline pipeline = Pipeline.create(BackfillTables.direct());
        pipeline.apply(Create.of(rows).withCoder(ValuesCoder.of(schema)))
            .apply(StreamingRowsWrite.of(groupBy, schema).withKvStore(spec));
        pipeline.run().waitUntilFinish();
      }
      StreamingRowCodec codec = StreamingRowCodec.of(
          List.of("balance"), List.of(schema.column(1).type()), true);
      KeyCodec keys = KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.LONG));
      List<TimedValue> seven = store.multiGet(List.of(GetRequest.since(
          keys.encode(Map.of("user_id", 7L)), "TEAM_BALANCES_V1_STREAMING", 0))).join()
          .get(0).values();
      assertEquals(List.of(9_000L, 5_001L, 5_000L),
          seven.stream().map(TimedValue::millis).toList());
      List<StreamingRow> decoded = seven.stream().map(v -> codec.decode(v.bytes())).toList();
      assertEquals(List.of(9_000L, 5_000L, 5_000L),
          decoded.stream().map(StreamingRow::ts).toList());
      assertEquals(List.of(true, false, true),
          decoded.stream().map(StreamingRow::isBefore).toList());
      assertArrayEquals(new Object[] {4.0}, decoded.get(1).values());
      assertArrayEquals(new Object[] {2.5}, decoded.get(2).values());
    }
    RowSchema withoutIsBefore = RowSchema.builder()
        .add("user_id", DataKind.LONG).add("balance", DataKind.DOUBLE).add("ts", DataKind.LONG)
        .build();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> StreamingRowsWrite.of(groupBy, withoutIsBefore));
    assertTrue(error.getMessage().contains("is_before"), error.getMessage());
    groupBy.getAggregations().get(0).setOperation(Operation.MAX);
    IllegalArgumentException undeletable = assertThrows(IllegalArgumentException.class,
        () -> StreamingRowsWrite.of(groupBy, schema));
    assertTrue(undeletable.getMessage().contains("MAX"), undeletable.getMessage());
  }

  /** A TEMPORAL SUM of balances over an entities source with mutations. */
  static GroupBy balances() {
    return new GroupBy()
        .setMetaData(new MetaData().setName("team.balances.v1"))
        .setSources(List.of(Source.entities(new EntitySource()
            .setSnapshotTable("data.accounts")
            .setMutationTable("data.account_mutations")
            .setQuery(new Query().setSelects(Map.of("user_id", "user_id", "balance", "balance"))
                .setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(
            new Aggregation().setInputColumn("balance").setOperation(Operation.SUM)));
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
