package org.chrononbeam.model.avro;

import org.chrononbeam.api.GroupByServingInfo;

/**
 * The codecs a {@link GroupByServingInfo} describes, parsed once: how to build the GroupBy's KV
 * key, its aggregation input columns, how to read its streaming rows, and where its batch data
 * ends.
 *
 * <pre>{@code
 * ServingSchemas schemas = ServingSchemas.of(info);
 * byte[] key = schemas.key().encode(Map.of("user_id", 5));
 * }</pre>
 *
 * @param key the key codec ({@code keyAvroSchema})
 * @param input the aggregation input columns ({@code inputAvroSchema})
 * @param streaming the streaming row codec ({@code selectedAvroSchema})
 * @param batchEndMillis the exclusive end of the batch data, epoch ms
 */
public record ServingSchemas(
    KeyCodec key, ValueCodec input, StreamingRowCodec streaming, long batchEndMillis) {

  /**
   * The codecs of {@code info}.
   *
   * @throws IllegalArgumentException if a schema or the batch end date is missing or malformed
   */
  public static ServingSchemas of(GroupByServingInfo info) {
    if (!info.isSetKeyAvroSchema() || !info.isSetInputAvroSchema()
        || !info.isSetSelectedAvroSchema()) {
      throw new IllegalArgumentException(
          "the serving info needs keyAvroSchema, inputAvroSchema and selectedAvroSchema");
    }
    return new ServingSchemas(
        KeyCodec.fromSchema(info.getKeyAvroSchema()),
        ValueCodec.fromSchema(info.getInputAvroSchema()),
        StreamingRowCodec.fromSchema(info.getSelectedAvroSchema()),
        ServingInfoCodec.batchEndMillis(info));
  }
}
