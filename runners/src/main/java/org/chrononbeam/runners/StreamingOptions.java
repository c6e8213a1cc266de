package org.chrononbeam.runners;

import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.chrononbeam.model.validate.ConfigValidator;
import org.chrononbeam.transforms.streaming.StreamingProjection;
import picocli.CommandLine.Option;

/** The options {@code streaming} and {@code local-streaming} share (a picocli mixin). */
final class StreamingOptions {

  @Option(names = "--conf", required = true, paramLabel = "PATH",
      description = "A compiled GroupBy config file.")
  Path conf;

  @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP",
      description = "The Kafka brokers, host:port[,host:port...].")
  String kafka;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "The topic to read (default: the GroupBy source's topic).")
  String topic;

  @Option(names = "--schema", paramLabel = "FILE",
      description = "The stream schema as an Avro schema file (default: stream_schema in the"
          + " GroupBy's customJson).")
  Path schema;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "json, csv or avro (default: stream_format in the customJson, else json).")
  String format;

  @Option(names = "--tiled",
      description = "Write tiles (the GroupBy must set \"enable_tiling\": true in its customJson).")
  boolean tiled;

  @Option(names = "--group", paramLabel = "ID",
      description = "The consumer group whose committed offsets the read resumes from"
          + " (default: chronon-streaming-<GroupBy name>).")
  String group;

  @Option(names = "--max-records", paramLabel = "N", defaultValue = "0",
      description = "Stop after N messages (default: run until stopped).")
  long maxRecords;

  /**
   * The job of the GroupBy in {@code --conf}.
   *
   * @param deadLetterTopic where malformed messages go; {@code ""} for {@code <topic>.dead-letters},
   *     null for nowhere (they are counted)
   * @throws IllegalArgumentException for a config that is not a GroupBy or cannot be streamed
   */
  StreamingJob job(@Nullable String kvSpec, @Nullable String deadLetterTopic, boolean print) {
    if (maxRecords < 0) {
      throw new IllegalArgumentException("--max-records must not be negative");
    }
    LoadedConfig loaded = ConfigValidator.loadValid(conf);
    if (loaded.kind() != ConfigKind.GROUP_BY) {
      throw new IllegalArgumentException(
          loaded.name() + " is a " + loaded.kind() + ": streaming takes a GroupBy");
    }
    GroupBy groupBy = (GroupBy) loaded.config();
    String read = topic != null ? topic : StreamingProjection.topicOf(groupBy);
    return new StreamingJob(groupBy, StreamingJob.declaration(groupBy, schema, format), kafka, read,
        group != null ? group : StreamingJob.defaultConsumerGroup(groupBy), tiled, kvSpec,
        "".equals(deadLetterTopic) ? read + ".dead-letters" : deadLetterTopic, maxRecords, print);
  }
}
