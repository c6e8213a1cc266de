package org.chrononbeam.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.model.stream.Mutation;
import org.chrononbeam.model.stream.StreamDecoder;
import org.chrononbeam.model.stream.StreamFormat;
import org.chrononbeam.transforms.source.RowCounts;
import org.junit.jupiter.api.Test;

/**
 * The projection on the Direct runner: valid messages become the query's rows (same engine and
 * layout as the backfill), every malformed one becomes a dead letter with its reason.
 */
class StreamingProjectionTest {

  static final String SCHEMA_JSON = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user", "type": "string"},
        {"name": "price_cents", "type": ["null", "long"], "default": null},
        {"name": "item", "type": ["null", "string"], "default": null},
        {"name": "event_ts", "type": ["null", "long"], "default": null}]}""";
  static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);

  static GroupBy groupBy(Source source) {
    return new GroupBy().setMetaData(new MetaData().setName("team.purchases.v1"))
        .setSources(List.of(source)).setKeyColumns(List.of("user_id"));
  }

  static Query query() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "upper(user)");
    selects.put("amount", "price_cents / 100.0");
    selects.put("item", "item");
    return new Query().setSelects(selects).setWheres(List.of("price_cents >= 0"))
        .setTimeColumn("event_ts");
  }

  static GroupBy events() {
    return groupBy(Source.events(new EventSource().setTable("data.purchases")
        .setTopic("kafka://purchases/serde=json").setQuery(query())));
  }

  static KafkaRecord<byte[], byte[]> message(long offset, String value) {
    return new KafkaRecord<>("purchases", 0, offset, 0L, KafkaTimestampType.CREATE_TIME, null,
        new byte[0], value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** The records as KafkaEventRead outputs them: in batches (here of up to two, in order). */
  static PCollection<List<KafkaRecord<byte[], byte[]>>> messages(
      Pipeline p, List<KafkaRecord<byte[], byte[]>> records) {
    List<List<KafkaRecord<byte[], byte[]>>> batches = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 2) {
      batches.add(records.subList(i, Math.min(records.size(), i + 2)));
    }
    return p.apply(Create.of(batches).withCoder(ListCoder.of(
        KafkaRecordCoder.of(ByteArrayCoder.of(), NullableCoder.of(ByteArrayCoder.of())))));
  }

  static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(RowCounts.NAMESPACE, name)).build()).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  static String show(Object[] row) {
    return Arrays.toString(row);
  }

  @Test
  void rowSchemaIsTheQueryOutputThenDs() {
    StreamingProjection projection = StreamingProjection.of(events(), StreamFormat.JSON.decoder(SCHEMA));
    assertEquals(List.of("user_id", "amount", "item", "ts", "ds"), projection.rowSchema().names());
    assertEquals("purchases", projection.topic());
    assertEquals("purchases", StreamingProjection.topicOf(events()));
  }

  @Test
  void validMessagesAreProjectedAndMalformedOnesAreDeadLetters() {
    List<KafkaRecord<byte[], byte[]>> records = List.of(
        message(0, "{\"user\": \"a\", \"price_cents\": 250, \"item\": \"x\", \"event_ts\": 86400000}"),
        message(1, "{\"user\": \"b\", \"price_cents\": 100, \"event_ts\": 86400001}"),
        message(2, "{\"user\": \"a\", \"price_cents\": -5, \"event_ts\": 3}"),
        message(3, "{\"user\": \"c\", \"price_cents\": \"lots\", \"event_ts\": 4}"),
        message(4, "not json at all"),
        message(5, "{\"user\": \"c\", \"price_cents\": 7}"),
        message(6, "{\"price_cents\": 7, \"event_ts\": 5}"),
        message(7, "{\"before\": {\"user\": \"a\", \"event_ts\": 1}, \"after\": null}"),
        message(8, null));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = messages(p, records)
        .apply(StreamingProjection.of(events(), StreamFormat.JSON.decoder(SCHEMA)));
    PAssert.that(out.get(StreamingProjection.ROWS).apply(MapElements
            .into(TypeDescriptors.strings()).via(StreamingProjectionTest::show)))
        .containsInAnyOrder(
            "[A, 2.5, x, 86400000, 1970-01-02]",
            "[B, 1.0, null, 86400001, 1970-01-02]");
    PAssert.that(out.get(StreamingProjection.DEAD_LETTERS).apply(MapElements
            .into(TypeDescriptors.strings())
            .via((DeadLetter d) -> d.topic() + "/" + d.partition() + "@" + d.offset() + " " + d.reason())))
        .containsInAnyOrder(
            "purchases/0@3 decode: field price_cents: expected a long, found string \"lots\"",
            "purchases/0@4 decode: not JSON: Unrecognized token 'not': was expecting (JSON String,"
                + " Number, Array, Object or token 'null', 'true' or 'false')",
            "purchases/0@5 ts: the query's ts is null",
            "purchases/0@6 decode: field user: is required (not nullable) but missing or null",
            "purchases/0@7 decode: an events topic carries inserts; the message has a before row",
            "purchases/0@8 decode: the message has no value");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(9, counter(result, StreamingProjection.MESSAGE_COUNT));
    assertEquals(2, counter(result, StreamingProjection.ROW_COUNT));
    assertEquals(1, counter(result, StreamingProjection.FILTERED_COUNT));
    assertEquals(6, counter(result, StreamingProjection.DEAD_LETTER_COUNT));
  }

  /** Batched: a batch's rows in one list, in message order; no list for a batch without rows. */
  @Test
  void aBatchedProjectionOutputsEachBatchsRowsAsOneList() {
    List<KafkaRecord<byte[], byte[]>> records = List.of(
        message(0, "{\"user\": \"a\", \"price_cents\": 250, \"item\": \"x\", \"event_ts\": 86400000}"),
        message(1, "{\"user\": \"b\", \"price_cents\": 100, \"event_ts\": 86400001}"),
        message(2, "{\"user\": \"a\", \"price_cents\": -5, \"event_ts\": 3}"),
        message(3, "not json at all"),
        message(4, "{\"user\": \"c\", \"price_cents\": 7, \"event_ts\": 5}"));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = messages(p, records)
        .apply(StreamingProjection.of(events(), StreamFormat.JSON.decoder(SCHEMA)).batched());
    PAssert.that(out.get(StreamingProjection.ROW_BATCHES).apply(MapElements
            .into(TypeDescriptors.strings())
            .via((List<Object[]> rows) -> rows.stream().map(StreamingProjectionTest::show).toList().toString())))
        .containsInAnyOrder(
            "[[A, 2.5, x, 86400000, 1970-01-02], [B, 1.0, null, 86400001, 1970-01-02]]",
            "[[C, 0.07, null, 5, 1970-01-01]]");
    PAssert.that(out.get(StreamingProjection.DEAD_LETTERS).apply(MapElements
            .into(TypeDescriptors.strings()).via((DeadLetter d) -> d.offset() + " " + d.reason())))
        .containsInAnyOrder("3 decode: not JSON: Unrecognized token 'not': was expecting (JSON String,"
            + " Number, Array, Object or token 'null', 'true' or 'false')");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(3, counter(result, StreamingProjection.ROW_COUNT));
    assertEquals(1, counter(result, StreamingProjection.FILTERED_COUNT));
  }

  @Test
  void deadLettersKeepThePayload() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = messages(p, List.of(message(41, "u1,abc,,1")))
        .apply(StreamingProjection.of(events(), StreamFormat.CSV.decoder(SCHEMA)));
    PAssert.that(out.get(StreamingProjection.DEAD_LETTERS)).containsInAnyOrder(new DeadLetter(
        "purchases", 0, 41, "u1,abc,,1".getBytes(StandardCharsets.UTF_8),
        "decode: field price_cents: expected long, found \"abc\""));
    PAssert.that(out.get(StreamingProjection.ROWS)).empty();
    p.run().waitUntilFinish();
  }

  /** A decoder whose rows break the query (a string in a long field) or have another schema. */
  static final class BrokenDecoder implements StreamDecoder {
    private static final long serialVersionUID = 1L;

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public Mutation decode(byte[] message) {
      String text = new String(message, StandardCharsets.UTF_8);
      Schema schema = text.equals("other") ? new Schema.Parser().parse(
          "{\"type\": \"record\", \"name\": \"Other\", \"fields\": []}") : SCHEMA;
      GenericData.Record record = new GenericData.Record(schema);
      if (text.equals("wrong type")) {
        record.put("user", "u");
        record.put("price_cents", "not a long");
        record.put("event_ts", 1L);
      }
      return Mutation.insert(record);
    }
  }

  @Test
  void failingQueriesAndOtherSchemasAreDeadLetters() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = messages(p, List.of(message(0, "wrong type"), message(1, "other")))
        .apply(StreamingProjection.of(events(), new BrokenDecoder()));
    PAssert.that(out.get(StreamingProjection.DEAD_LETTERS).apply(MapElements
            .into(TypeDescriptors.strings()).via((DeadLetter d) -> d.offset() + " "
                + d.reason().substring(0, Math.min(40, d.reason().length())))))
        .containsInAnyOrder(
            "0 query: java.lang.ClassCastException: cla",
            "1 schema: the decoder returned a Other rec");
    p.run().waitUntilFinish();
  }

  @Test
  void entityMutationsGiveBeforeAndAfterRows() {
    GroupBy entities = groupBy(Source.entities(new EntitySource().setSnapshotTable("data.users")
        .setMutationTopic("users").setQuery(query())));
    StreamingProjection projection = StreamingProjection.of(entities, StreamFormat.JSON.decoder(SCHEMA));
    assertEquals(List.of("user_id", "amount", "item", "ts", "ds", "is_before"),
        projection.rowSchema().names());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = messages(p, List.of(
        message(0, "{\"before\": {\"user\": \"a\", \"price_cents\": 100, \"event_ts\": 10},"
            + " \"after\": {\"user\": \"a\", \"price_cents\": 300, \"event_ts\": 20}}"),
        message(1, "{\"user\": \"b\", \"price_cents\": 1, \"event_ts\": 30}")))
        .apply(projection);
    PAssert.that(out.get(StreamingProjection.ROWS).apply(MapElements
            .into(TypeDescriptors.strings()).via(StreamingProjectionTest::show)))
        .containsInAnyOrder(
            "[A, 1.0, null, 10, 1970-01-01, true]",
            "[A, 3.0, null, 20, 1970-01-01, false]",
            "[B, 0.01, null, 30, 1970-01-01, false]");
    p.run().waitUntilFinish();
  }

  @Test
  void groupBysWithoutATopicOrTsAreRefused() {
    GroupBy noTopic = groupBy(Source.events(new EventSource().setTable("t").setQuery(query())));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StreamingProjection.of(noTopic, StreamFormat.JSON.decoder(SCHEMA))).getMessage()
        .contains("has no source with a topic"));
    GroupBy noTs = groupBy(Source.events(new EventSource().setTopic("t")
        .setQuery(new Query().setSelects(Map.of("user_id", "user")))));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StreamingProjection.of(noTs, StreamFormat.JSON.decoder(SCHEMA))).getMessage()
        .contains("produces no ts"));
  }

  @Test
  void displayDataNamesTheGroupByAndTopic() {
    Map<String, String> items = org.apache.beam.sdk.transforms.display.DisplayData
        .from(StreamingProjection.of(events(), StreamFormat.JSON.decoder(SCHEMA))).items().stream()
        .collect(Collectors.toMap(i -> i.getKey(), i -> String.valueOf(i.getValue())));
    assertEquals("team.purchases.v1", items.get("groupBy"));
    assertEquals("purchases", items.get("topic"));
    assertEquals("Purchase", items.get("schema"));
  }
}
