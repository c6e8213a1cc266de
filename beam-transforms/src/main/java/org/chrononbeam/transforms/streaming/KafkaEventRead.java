package org.chrononbeam.transforms.streaming;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a topic's messages as raw bytes with Beam's {@link KafkaIO}, with their topic, partition
 * and offset (for dead letters), ready for {@link StreamingProjection}.
 *
 * <pre>{@code
 * pipeline.apply(KafkaEventRead.from("127.0.0.1:9092", "purchases")
 *     .withConsumerGroup("chronon-team.purchases.v1"));
 * }</pre>
 *
 * <p>Where reading starts: with a consumer group, at the group's committed offsets, and the
 * offsets of what the pipeline has processed are committed when the runner finalizes a checkpoint;
 * so a restarted pipeline resumes where the last one committed. Streaming rows are idempotent
 * puts (same key, dataset and version overwrite), so the messages processed but not yet committed
 * when a pipeline stops are written again with the same result: nothing is lost and nothing
 * counted twice (tiles also need the runner's state restored, see {@link TileUpdates}). Without a
 * group, or for partitions the group has no offset for, reading starts at the earliest offset.
 *
 * <p>{@link #withMaxRecords} bounds the read (tests, {@code local-streaming} runs that stop).
 */
public final class KafkaEventRead
    extends PTransform<PBegin, PCollection<KafkaRecord<byte[], byte[]>>> {

  private final String bootstrapServers;
  private final String topic;
  private final @Nullable String consumerGroup;
  private final long maxRecords;

  private KafkaEventRead(
      String bootstrapServers, String topic, @Nullable String consumerGroup, long maxRecords) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerGroup = consumerGroup;
    this.maxRecords = maxRecords;
  }

  /** Reads {@code topic} from the brokers {@code bootstrapServers} ({@code host:port,...}). */
  public static KafkaEventRead from(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("KafkaEventRead needs bootstrap servers (host:port)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("KafkaEventRead needs a topic");
    }
    return new KafkaEventRead(bootstrapServers, topic, null, -1);
  }

  /** Reads as consumer group {@code group}, committing the offsets processed. */
  public KafkaEventRead withConsumerGroup(String group) {
    if (group == null || group.isBlank()) {
      throw new IllegalArgumentException("consumer group is empty");
    }
    return new KafkaEventRead(bootstrapServers, topic, group, maxRecords);
  }

  /** Stops after {@code count} messages (a bounded read). */
  public KafkaEventRead withMaxRecords(long count) {
    if (count <= 0) {
      throw new IllegalArgumentException("max records must be positive, found " + count);
    }
    return new KafkaEventRead(bootstrapServers, topic, consumerGroup, count);
  }

  @Override
  public PCollection<KafkaRecord<byte[], byte[]>> expand(PBegin input) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaIO.Read<byte[], byte[]> read = KafkaIO.readBytes()
        .withBootstrapServers(bootstrapServers)
        .withTopic(topic);
    if (consumerGroup != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
      read = read.commitOffsetsInFinalize();
    }
    read = read.withConsumerConfigUpdates(config);
    if (maxRecords > 0) {
      read = read.withMaxNumRecords(maxRecords);
    }
    return input.apply("Read " + topic, read);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers).withLabel("Brokers"))
        .add(DisplayData.item("topic", topic).withLabel("Topic"))
        .addIfNotNull(DisplayData.item("consumerGroup", consumerGroup).withLabel("Consumer group"));
  }
}
