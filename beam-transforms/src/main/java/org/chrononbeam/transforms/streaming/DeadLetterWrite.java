package org.chrononbeam.transforms.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@link DeadLetter}s to a Kafka topic, one JSON message each, keyed by {@code
 * <topic>-<partition>@<offset>} of the message it holds:
 *
 * <pre>{@code
 * {"topic": "purchases", "partition": 0, "offset": 17,
 *  "reason": "decode: field price: expected a number, found string \"abc\"",
 *  "payload": "<the message's bytes in Base64>"}
 * }</pre>
 *
 * <pre>{@code
 * projected.get(StreamingProjection.DEAD_LETTERS)
 *     .apply(DeadLetterWrite.toTopic("127.0.0.1:9092", "team.purchases.v1.dead_letters"));
 * }</pre>
 */
public final class DeadLetterWrite extends PTransform<PCollection<DeadLetter>, PDone> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrapServers;
  private final String topic;

  private DeadLetterWrite(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  /** Writes to {@code topic} on the brokers {@code bootstrapServers}. */
  public static DeadLetterWrite toTopic(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("DeadLetterWrite needs bootstrap servers (host:port)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("DeadLetterWrite needs a topic");
    }
    return new DeadLetterWrite(bootstrapServers, topic);
  }

  /** The JSON message of {@code letter}, as written to the topic. */
  public static byte[] json(DeadLetter letter) {
    ObjectNode node = JSON.createObjectNode()
        .put("topic", letter.topic())
        .put("partition", letter.partition())
        .put("offset", letter.offset())
        .put("reason", letter.reason())
        .put("payload", Base64.getEncoder().encodeToString(letter.payload()));
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> letters) {
    return letters
        .apply("ToJson", MapElements
            .into(TypeDescriptors.kvs(
                TypeDescriptor.of(byte[].class), TypeDescriptor.of(byte[].class)))
            .via((DeadLetter letter) -> KV.of(
                (letter.topic() + "-" + letter.partition() + "@" + letter.offset())
                    .getBytes(StandardCharsets.UTF_8),
                json(letter))))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), ByteArrayCoder.of()))
        .apply("Write " + topic, KafkaIO.<byte[], byte[]>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(ByteArraySerializer.class)
            .withValueSerializer(ByteArraySerializer.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers).withLabel("Brokers"))
        .add(DisplayData.item("topic", topic).withLabel("Dead-letter topic"));
  }
}
