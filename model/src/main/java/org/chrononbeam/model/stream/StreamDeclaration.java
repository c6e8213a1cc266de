package org.chrononbeam.model.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.chrononbeam.api.GroupBy;

/**
 * What a GroupBy declares about its topic's messages: the stream schema (an Avro record schema)
 * and the message format. A Chronon config has no field for either (Chronon leaves decoding to
 * user code), so both live in the GroupBy's {@code customJson}, beside Chronon's own keys:
 *
 * <pre>{@code
 * "customJson": "{\"stream_format\": \"csv\",
 *                 \"stream_schema\": {\"type\": \"record\", \"name\": \"Purchase\", \"fields\": [
 *                   {\"name\": \"user_id\", \"type\": \"string\"},
 *                   {\"name\": \"purchase_price\", \"type\": [\"null\", \"double\"]},
 *                   {\"name\": \"ts\", \"type\": \"long\"}]}}"
 * }</pre>
 *
 * <p>{@code stream_schema} is the schema as a JSON object (or a string holding it); {@code
 * stream_format} is {@code json} (the default), {@code csv} or {@code avro}. The schema's fields
 * are the columns the source's query reads, just as a warehouse table's columns are for the
 * backfill, so one query serves both. The command line may instead give the schema as a file
 * ({@link #of(String, StreamFormat)}), which wins over the config.
 *
 * @param schema the record schema of the topic's rows
 * @param format how a message encodes a row
 */
public record StreamDeclaration(Schema schema, StreamFormat format) {

  /** The customJson key of the stream schema. */
  public static final String SCHEMA_KEY = "stream_schema";

  /** The customJson key of the message format. */
  public static final String FORMAT_KEY = "stream_format";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks both parts; the schema must be a record. */
  public StreamDeclaration {
    if (schema == null || schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a stream schema is an Avro record, found " + schema);
    }
    if (format == null) {
      throw new IllegalArgumentException("a stream declaration needs a format");
    }
  }

  /**
   * The declaration in {@code groupBy}'s customJson.
   *
   * @throws IllegalArgumentException naming the GroupBy when customJson is not JSON, lacks {@code
   *     stream_schema}, or holds an invalid schema or format
   */
  public static StreamDeclaration of(GroupBy groupBy) {
    String name = groupBy.getMetaData() == null ? "?" : groupBy.getMetaData().getName();
    String custom = groupBy.getMetaData() == null ? null : groupBy.getMetaData().getCustomJson();
    if (custom == null || custom.isBlank()) {
      throw missing(name);
    }
    JsonNode node;
    try {
      node = JSON.readTree(custom);
    } catch (IOException e) {
      throw new IllegalArgumentException("GroupBy " + name + ": customJson is not JSON: " + e.getMessage(), e);
    }
    JsonNode schema = node == null ? null : node.get(SCHEMA_KEY);
    if (schema == null || schema.isNull()) {
      throw missing(name);
    }
    JsonNode format = node.get(FORMAT_KEY);
    try {
      return of(schema.isTextual() ? schema.textValue() : schema.toString(),
          format == null || format.isNull() ? StreamFormat.JSON : StreamFormat.of(format.asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("GroupBy " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The declaration of schema text {@code avroSchemaJson} (e.g. a {@code .avsc} file) in {@code
   * format}.
   *
   * @throws IllegalArgumentException if the text is not an Avro record schema
   */
  public static StreamDeclaration of(String avroSchemaJson, StreamFormat format) {
    try {
      return new StreamDeclaration(new Schema.Parser().parse(avroSchemaJson), format);
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException("the stream schema is not an Avro schema: " + e.getMessage(), e);
    }
  }

  /** The decoder of this format and schema. */
  public StreamDecoder decoder() {
    return format.decoder(schema);
  }

  private static IllegalArgumentException missing(String name) {
    return new IllegalArgumentException("GroupBy " + name + " declares no stream schema: add "
        + "{\"" + SCHEMA_KEY + "\": <Avro record schema>, \"" + FORMAT_KEY
        + "\": \"json|csv|avro\"} to its customJson, or pass --schema FILE");
  }
}
