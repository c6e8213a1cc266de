package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.stream.StreamFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code chronon streaming} and {@code local-streaming} refuse before they start a pipeline,
 * and how they resolve the stream declaration and defaults. Runs against a real broker are in the
 * integration tests ({@code org.chrononbeam.it.kafka}).
 */
class StreamingCommandTest {

  private static final String SCHEMA = "{\"type\": \"record\", \"name\": \"P\", \"fields\": ["
      + "{\"name\": \"user\", \"type\": \"string\"}, {\"name\": \"amount\", \"type\": \"long\"},"
      + " {\"name\": \"ts\", \"type\": \"long\"}]}";

  @TempDir Path dir;

  private Path write(String customJson) throws Exception {
    GroupBy groupBy = new GroupBy()
        .setMetaData(new MetaData().setName("team.clicks.v1").setTeam("team")
            .setOutputNamespace("features").setCustomJson(customJson))
        .setSources(List.of(Source.events(new EventSource().setTable("data.clicks")
            .setTopic("kafka://clicks/serde=json").setQuery(new Query()
                .setSelects(Map.of("user_id", "user", "amount", "amount")).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(List.of(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM)));
    Path file = dir.resolve("production/group_bys/team/clicks.v1");
    Files.createDirectories(file.getParent());
    Files.writeString(file, ThriftJson.write(groupBy));
    return file;
  }

  @Test
  void aMissingConfigFileIsStatus2() {
    CliRun run = CliRun.chronon("streaming", "--conf", dir.resolve("nope").toString(),
        "--kv", "embedded:" + dir.resolve("kv"), "--kafka", "127.0.0.1:1");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("no such file"), run.err());
  }

  @Test
  void aGroupByWithoutAStreamSchemaIsRefusedWithTheFix() throws Exception {
    CliRun run = CliRun.chronon("streaming", "--conf", write("{\"lag\": 0}").toString(),
        "--kv", "embedded:" + dir.resolve("kv"), "--kafka", "127.0.0.1:1");
    assertEquals(1, run.status());
    assertTrue(run.err().contains("GroupBy team.clicks.v1 declares no stream schema"), run.err());
    assertTrue(run.err().contains("--schema FILE"), run.err());
  }

  @Test
  void tilingMustMatchWhatTheFetcherReads() throws Exception {
    String tiled = "{\"enable_tiling\": true, \"stream_schema\": " + SCHEMA + "}";
    CliRun untiled = CliRun.chronon("local-streaming", "--conf", write(tiled).toString(),
        "--kafka", "127.0.0.1:1");
    assertEquals(1, untiled.status());
    assertTrue(untiled.err().contains("pass --tiled"), untiled.err());
    CliRun tiledOnRows = CliRun.chronon("streaming", "--conf",
        write("{\"stream_schema\": " + SCHEMA + "}").toString(),
        "--kv", "embedded:" + dir.resolve("kv"), "--kafka", "127.0.0.1:1", "--tiled");
    assertEquals(1, tiledOnRows.status());
    assertTrue(tiledOnRows.err().contains("drop --tiled"), tiledOnRows.err());
  }

  @Test
  void entityMutationsAreRefusedTiled() throws Exception {
    GroupBy entities = new GroupBy()
        .setMetaData(new MetaData().setName("team.users.v1").setTeam("team")
            .setOutputNamespace("features")
            .setCustomJson("{\"enable_tiling\": true, \"stream_schema\": " + SCHEMA + "}"))
        .setSources(List.of(Source.entities(new EntitySource().setSnapshotTable("data.users")
            .setMutationTopic("users").setQuery(new Query()
                .setSelects(Map.of("user_id", "user", "amount", "amount")).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM)));
    Path file = dir.resolve("production/group_bys/team/users.v1");
    Files.createDirectories(file.getParent());
    Files.writeString(file, ThriftJson.write(entities));
    CliRun run = CliRun.chronon("streaming", "--conf", file.toString(),
        "--kv", "embedded:" + dir.resolve("kv"), "--kafka", "127.0.0.1:1", "--tiled");
    assertEquals(1, run.status());
    assertTrue(run.err().contains("streams entity mutations, which tiles cannot retract"),
        run.err());
  }

  @Test
  void theJobTakesTheConfigsDeclarationTopicAndDefaults() throws Exception {
    StreamingOptions options = new StreamingOptions();
    options.conf = write("{\"stream_format\": \"csv\", \"stream_schema\": " + SCHEMA + "}");
    options.kafka = "127.0.0.1:9092";
    StreamingJob job = options.job("embedded:kv", "", false);
    assertEquals("clicks", job.topic());
    assertEquals("clicks.dead-letters", job.deadLetterTopic());
    assertEquals("chronon-streaming-team.clicks.v1", job.consumerGroup());
    assertEquals(StreamFormat.CSV, job.declaration().format());
    assertEquals(List.of("user", "amount", "ts"),
        job.declaration().schema().getFields().stream().map(f -> f.name()).toList());

    Path avsc = dir.resolve("clicks.avsc");
    Files.writeString(avsc, SCHEMA.replace("\"P\"", "\"FromFile\""));
    options.schema = avsc;
    options.format = "avro";
    options.topic = "other";
    StreamingJob fromFile = options.job(null, null, true);
    assertEquals("FromFile", fromFile.declaration().schema().getName());
    assertEquals(StreamFormat.AVRO, fromFile.declaration().format());
    assertEquals("other", fromFile.topic());
    assertEquals(null, fromFile.deadLetterTopic());
  }
}
