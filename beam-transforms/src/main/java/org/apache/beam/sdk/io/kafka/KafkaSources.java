package org.apache.beam.sdk.io.kafka;

import org.apache.beam.sdk.io.UnboundedSource;

/**
 * The {@link UnboundedSource} behind a {@link KafkaIO.Read} ({@code KafkaIO.Read#makeSource} is
 * package-private), so that {@code org.chrononbeam.transforms.streaming.KafkaEventRead} can wrap
 * the reader KafkaIO's legacy read uses. Lives in KafkaIO's package for that one call.
 */
public final class KafkaSources {

  private KafkaSources() {}

  /**
   * The unbounded source {@code read} reads from; its key and value coders must be set ({@link
   * KafkaIO.Read#withKeyDeserializerAndCoder}, {@link KafkaIO.Read#withValueDeserializerAndCoder}).
   */
  public static <K, V> UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> unboundedSource(
      KafkaIO.Read<K, V> read) {
    return read.makeSource();
  }
}
