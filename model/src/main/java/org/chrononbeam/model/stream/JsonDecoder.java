package org.chrononbeam.model.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.avro.Schema;

/**
 * Decodes UTF-8 JSON messages. An object whose only fields are {@code before} and/or {@code after}
 * (when the stream schema has neither field) is a mutation of those two rows, each an object or
 * null; any other object is an insert of one row. Fields the schema lacks are ignored; see {@link
 * FieldValues} for how values convert.
 *
 * <pre>{@code
 * {"user_id": "u1", "price": 9.5, "ts": 1700000000000}                    // an event
 * {"before": {"user_id": "u1", ...}, "after": {"user_id": "u1", ...}}     // an update
 * }</pre>
 */
final class JsonDecoder implements StreamDecoder {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Schema schema;
  private final boolean mutationsAllowed;
  private transient JsonRowReader reader;

  JsonDecoder(Schema schema) {
    this.schema = schema;
    this.mutationsAllowed = schema.getField("before") == null && schema.getField("after") == null;
  }

  /** A streaming parse straight into the values ({@link JsonRowReader}); null when not plain. */
  @Override
  public Object[] decodeInsertValues(byte[] message) {
    if (reader == null) {
      reader = new JsonRowReader(schema, mutationsAllowed);
    }
    return reader.read(message);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Mutation decode(byte[] message) {
    JsonNode node;
    try {
      node = JSON.readTree(message);
    } catch (JsonProcessingException e) {
      throw new DecodeException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DecodeException("not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new DecodeException("expected a JSON object, found "
          + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase()));
    }
    if (mutationsAllowed && isMutation(node)) {
      JsonNode before = node.get("before");
      JsonNode after = node.get("after");
      boolean noBefore = before == null || before.isNull();
      boolean noAfter = after == null || after.isNull();
      if (noBefore && noAfter) {
        throw new DecodeException("a mutation needs a before row, an after row or both");
      }
      return new Mutation(
          noBefore ? null : FieldValues.record(before, schema, "before"),
          noAfter ? null : FieldValues.record(after, schema, "after"));
    }
    return Mutation.insert(FieldValues.record(node, schema, ""));
  }

  private static boolean isMutation(JsonNode node) {
    int known = (node.has("before") ? 1 : 0) + (node.has("after") ? 1 : 0);
    return known > 0 && known == node.size();
  }
}
