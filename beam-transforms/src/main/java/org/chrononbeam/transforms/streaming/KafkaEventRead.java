package org.chrononbeam.transforms.streaming;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaCheckpointMark;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSources;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a topic's messages as raw bytes with Beam's {@link KafkaIO}, with their topic, partition
 * and offset (for dead letters), ready for {@link StreamingProjection}: each element is a batch of
 * messages in the order read, those the consumer had ready, up to {@value #MAX_BATCH} (one each
 * when the read is bounded by {@link #withMaxRecords}, which counts messages).
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
 *
 * <p>It is KafkaIO's own (legacy, {@code UnboundedSource}) read, in batches and with its reader's
 * per-record Beam metrics discarded ({@link BatchingSource}: on Flink the per-record metrics and
 * per-element layers cost half the source thread); the messages read are counted by {@link
 * StreamingProjection#MESSAGE_COUNT}. Checkpoints and committed offsets are KafkaIO's.
 */
public final class KafkaEventRead
    extends PTransform<PBegin, PCollection<List<KafkaRecord<byte[], byte[]>>>> {

  /** The most messages in one element of an unbounded read. */
  static final int MAX_BATCH = 500;

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
  public PCollection<List<KafkaRecord<byte[], byte[]>>> expand(PBegin input) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaIO.Read<byte[], byte[]> read = KafkaIO.<byte[], byte[]>read()
        .withBootstrapServers(bootstrapServers)
        .withTopic(topic)
        .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
        .withValueDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()));
    if (consumerGroup != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
      read = read.commitOffsetsInFinalize();
    }
    read = read.withConsumerConfigUpdates(config);
    UnboundedSource<KafkaRecord<byte[], byte[]>, KafkaCheckpointMark> source =
        KafkaSources.unboundedSource(read);
    return maxRecords > 0
        ? input.apply("Read " + topic,
            Read.from(new BatchingSource<>(source, 1)).withMaxNumRecords(maxRecords))
        : input.apply("Read " + topic, Read.from(new BatchingSource<>(source, MAX_BATCH)));
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
