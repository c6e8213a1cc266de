package org.chrononbeam.transforms.streaming;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stream message the pipeline could not use, with where it came from and why: it could not be
 * decoded, did not match the stream schema, made the query fail, or has no event time. The
 * pipeline keeps running; dead letters go to their own sink ({@link DeadLetterWrite}).
 *
 * @param topic the topic the message was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param payload the message's value bytes, unchanged (empty for a null value)
 * @param reason what was wrong, e.g. {@code "decode: field price: expected a number, found
 *     string \"abc\""}
 */
public record DeadLetter(String topic, int partition, long offset, byte[] payload, String reason) {

  /** Checks that every part is present. */
  public DeadLetter {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(payload, that.payload)
        && reason.equals(that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, Arrays.hashCode(payload), reason);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + topic + "-" + partition + "@" + offset + ": " + reason + "]";
  }
}
