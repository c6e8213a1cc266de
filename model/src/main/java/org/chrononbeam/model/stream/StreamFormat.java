package org.chrononbeam.model.stream;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * The message formats read without code: each gives a {@link StreamDecoder} for a declared stream
 * schema.
 *
 * <pre>{@code
 * StreamDecoder decoder = StreamFormat.of("csv").decoder(schema);
 * }</pre>
 */
public enum StreamFormat {
  /** A UTF-8 JSON object per message: a row, or {@code {"before": row, "after": row}}. */
  JSON,
  /** A CSV line per message, its cells in the schema's field order; scalar fields only. */
  CSV,
  /** Avro binary of one record of the schema per message. */
  AVRO;

  /**
   * The format named {@code name}, ignoring case ({@code json}, {@code csv}, {@code avro}).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static StreamFormat of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown stream format '" + name + "'; expected json, csv or avro", e);
    }
  }

  /**
   * A decoder of this format for rows of {@code schema}.
   *
   * @throws IllegalArgumentException if {@code schema} is not a record, or (CSV) has a field that
   *     is not a scalar
   */
  public StreamDecoder decoder(Schema schema) {
    if (schema == null || schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a stream schema is an Avro record, found " + schema);
    }
    return switch (this) {
      case JSON -> new JsonDecoder(schema);
      case CSV -> new CsvDecoder(schema);
      case AVRO -> new AvroDecoder(schema);
    };
  }
}
