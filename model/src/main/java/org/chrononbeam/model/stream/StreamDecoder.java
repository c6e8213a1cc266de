package org.chrononbeam.model.stream;

import java.io.Serializable;
import org.apache.avro.Schema;

/**
 * Turns a stream message's bytes into a {@link Mutation} of rows of {@link #schema()}: Chronon's
 * {@code StreamDecoder} ({@code Api.streamDecoder}). Implement it for a message format the built-in
 * decoders ({@link StreamFormat}) do not read, and pass it to the streaming transform.
 *
 * <pre>{@code
 * StreamDecoder decoder = StreamFormat.JSON.decoder(schema);
 * try {
 *   Mutation m = decoder.decode(record.value());
 * } catch (DecodeException e) {
 *   deadLetter(record, e.getMessage());
 * }
 * }</pre>
 *
 * <p>Implementations are serializable (a pipeline ships them to its workers) and thread-safe.
 */
public interface StreamDecoder extends Serializable {

  /** The record schema of the rows {@link #decode} returns. */
  Schema schema();

  /**
   * The mutation {@code message} holds.
   *
   * @throws DecodeException when the bytes are not a message of this format and schema; its
   *     message is the reason
   */
  Mutation decode(byte[] message);

  /**
   * A fast path for the common message, an insert of one row: its values by field position
   * (strings and enum symbols as {@link String}, bytes as {@link java.nio.ByteBuffer}, other
   * scalars boxed as Avro holds them, null for null), exactly what {@link #decode} would give as
   * an insert, or null whenever this decoder does not take the message this way (then the caller
   * calls {@link #decode}, which decodes the message or gives the reason it is malformed). Never
   * throws for malformed input. By default null for every message.
   */
  default Object[] decodeInsertValues(byte[] message) {
    return null;
  }
}
