package org.chrononbeam.model.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {

  static final String SCHEMA_JSON = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user_id", "type": "string"},
        {"name": "price", "type": ["null", "double"], "default": null},
        {"name": "qty", "type": ["null", "int"], "default": null},
        {"name": "ts", "type": "long"}]}""";
  static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Object[] values(GenericRecord record) {
    Object[] values = new Object[record.getSchema().getFields().size()];
    for (int i = 0; i < values.length; i++) {
      Object v = record.get(i);
      values[i] = v instanceof Utf8 ? v.toString() : v;
    }
    return values;
  }

  private static String reason(StreamDecoder decoder, String message) {
    return assertThrows(DecodeException.class, () -> decoder.decode(utf8(message))).getMessage();
  }

  @Test
  void jsonEventIsAnInsertWithMissingNullableFieldsNull() {
    Mutation m = StreamFormat.JSON.decoder(SCHEMA)
        .decode(utf8("{\"user_id\": \"u1\", \"price\": 9.5, \"ts\": 1700000000000, \"extra\": 1}"));
    assertTrue(m.isInsert());
    assertNull(m.before());
    assertArrayEquals(new Object[] {"u1", 9.5, null, 1_700_000_000_000L}, values(m.after()));
  }

  @Test
  void jsonIntegerLiteralsWidenToDouble() {
    Mutation m = StreamFormat.JSON.decoder(SCHEMA)
        .decode(utf8("{\"user_id\": \"u1\", \"price\": 3, \"qty\": 2, \"ts\": 5}"));
    assertArrayEquals(new Object[] {"u1", 3.0, 2, 5L}, values(m.after()));
  }

  @Test
  void jsonBeforeAfterIsAMutation() {
    StreamDecoder decoder = StreamFormat.JSON.decoder(SCHEMA);
    Mutation update = decoder.decode(utf8("{\"before\": {\"user_id\": \"u1\", \"price\": 1.0, \"ts\": 1},"
        + " \"after\": {\"user_id\": \"u1\", \"price\": 2.0, \"ts\": 2}}"));
    assertArrayEquals(new Object[] {"u1", 1.0, null, 1L}, values(update.before()));
    assertArrayEquals(new Object[] {"u1", 2.0, null, 2L}, values(update.after()));
    Mutation delete = decoder.decode(utf8("{\"before\": {\"user_id\": \"u1\", \"ts\": 1}, \"after\": null}"));
    assertNull(delete.after());
    assertEquals("u1", delete.before().get("user_id").toString());
    assertTrue(reason(decoder, "{\"before\": null, \"after\": null}").contains("before row"));
  }

  @Test
  void jsonFailuresSayWhy() {
    StreamDecoder decoder = StreamFormat.JSON.decoder(SCHEMA);
    assertTrue(reason(decoder, "{\"user_id\": \"u1\", \"ts\": ").startsWith("not JSON"));
    assertTrue(reason(decoder, "[1, 2]").contains("expected a JSON object"));
    assertTrue(reason(decoder, "").contains("expected a JSON object"));
    assertEquals("field price: expected a number, found string \"abc\"",
        reason(decoder, "{\"user_id\": \"u1\", \"price\": \"abc\", \"ts\": 1}"));
    assertEquals("field ts: is required (not nullable) but missing or null",
        reason(decoder, "{\"user_id\": \"u1\"}"));
    assertEquals("field qty: expected an int, found number 1.5",
        reason(decoder, "{\"user_id\": \"u1\", \"qty\": 1.5, \"ts\": 1}"));
    assertEquals("field after.ts: expected a long, found string \"x\"",
        reason(decoder, "{\"after\": {\"user_id\": \"u1\", \"ts\": \"x\"}}"));
  }

  @Test
  void jsonNestedTypes() {
    Schema nested = new Schema.Parser().parse("""
        {"type": "record", "name": "N", "fields": [
          {"name": "tags", "type": {"type": "array", "items": "string"}},
          {"name": "counts", "type": {"type": "map", "values": "long"}},
          {"name": "day", "type": {"type": "int", "logicalType": "date"}},
          {"name": "blob", "type": "bytes"}]}""");
    Mutation m = StreamFormat.JSON.decoder(nested).decode(utf8(
        "{\"tags\": [\"a\", \"b\"], \"counts\": {\"x\": 3}, \"day\": \"1970-01-03\", \"blob\": \"AQI=\"}"));
    assertEquals(List.of("a", "b"), m.after().get("tags"));
    assertEquals(Map.of("x", 3L), m.after().get("counts"));
    assertEquals(2, m.after().get("day"));
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), m.after().get("blob"));
    assertEquals("field tags[1]: expected a string, found number 2",
        reason(StreamFormat.JSON.decoder(nested),
            "{\"tags\": [\"a\", 2], \"counts\": {}, \"day\": 0, \"blob\": \"\"}"));
  }

  @Test
  void csvCellsFollowTheDeclaredFieldOrder() {
    StreamDecoder decoder = StreamFormat.CSV.decoder(SCHEMA);
    assertArrayEquals(new Object[] {"u1", 9.5, 3, 1_700_000_000_000L},
        values(decoder.decode(utf8("u1,9.5,3,1700000000000\n")).after()));
    assertArrayEquals(new Object[] {"Smith, \"J\"", null, null, 7L},
        values(decoder.decode(utf8("\"Smith, \"\"J\"\"\",,,7")).after()));
  }

  @Test
  void csvFailuresSayWhy() {
    StreamDecoder decoder = StreamFormat.CSV.decoder(SCHEMA);
    assertEquals("expected 4 cells [user_id, price, qty, ts], found 3", reason(decoder, "u1,1.0,7"));
    assertEquals("field price: expected double, found \"cheap\"", reason(decoder, "u1,cheap,,7"));
    assertEquals("field ts: is required (not nullable) but missing or null", reason(decoder, "u1,1.0,2,"));
    assertEquals("unterminated quoted cell", reason(decoder, "\"u1,1.0,2,3"));
    assertThrows(IllegalArgumentException.class, () -> StreamFormat.CSV.decoder(
        new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"L\", \"fields\": ["
            + "{\"name\": \"l\", \"type\": {\"type\": \"array\", \"items\": \"long\"}}]}")));
  }

  @Test
  void avroBinaryRoundTripsAndRejectsOtherBytes() throws IOException {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("user_id", "u1");
    record.put("price", 2.5);
    record.put("qty", null);
    record.put("ts", 42L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
    encoder.flush();
    StreamDecoder decoder = StreamFormat.AVRO.decoder(SCHEMA);
    assertArrayEquals(new Object[] {"u1", 2.5, null, 42L}, values(decoder.decode(out.toByteArray()).after()));
    byte[] longer = ByteBuffer.allocate(out.size() + 1).put(out.toByteArray()).put((byte) 0).array();
    assertTrue(assertThrows(DecodeException.class, () -> decoder.decode(longer)).getMessage()
        .startsWith("bytes left after the Avro record"));
    assertTrue(assertThrows(DecodeException.class, () -> decoder.decode(new byte[] {2}))
        .getMessage().startsWith("not Avro binary of Purchase"));
  }

  @Test
  void decodersSurviveJavaSerialization() throws Exception {
    for (StreamFormat format : StreamFormat.values()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(format.decoder(SCHEMA));
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(SCHEMA, ((StreamDecoder) in.readObject()).schema());
      }
    }
  }

  @Test
  void declarationComesFromCustomJson() {
    GroupBy groupBy = new GroupBy().setMetaData(new MetaData().setName("team.purchases.v1")
        .setCustomJson("{\"lag\": 0, \"stream_format\": \"CSV\", \"stream_schema\": " + SCHEMA_JSON + "}"));
    StreamDeclaration declaration = StreamDeclaration.of(groupBy);
    assertEquals(StreamFormat.CSV, declaration.format());
    assertEquals(SCHEMA, declaration.schema());
    GroupBy asString = new GroupBy().setMetaData(new MetaData().setName("team.purchases.v1")
        .setCustomJson("{\"stream_schema\": " + new com.fasterxml.jackson.databind.node.TextNode(SCHEMA_JSON) + "}"));
    assertEquals(StreamFormat.JSON, StreamDeclaration.of(asString).format());
    assertEquals(SCHEMA, StreamDeclaration.of(asString).decoder().schema());
  }

  @Test
  void missingOrInvalidDeclarationsNameTheGroupBy() {
    GroupBy none = new GroupBy().setMetaData(new MetaData().setName("team.x.v1").setCustomJson("{\"lag\": 0}"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamDeclaration.of(none))
        .getMessage().startsWith("GroupBy team.x.v1 declares no stream schema"));
    GroupBy badFormat = new GroupBy().setMetaData(new MetaData().setName("team.x.v1")
        .setCustomJson("{\"stream_format\": \"xml\", \"stream_schema\": " + SCHEMA_JSON + "}"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamDeclaration.of(badFormat))
        .getMessage().contains("unknown stream format 'xml'"));
    assertThrows(IllegalArgumentException.class,
        () -> StreamDeclaration.of("{\"type\": \"long\"}", StreamFormat.JSON));
    assertThrows(IllegalArgumentException.class,
        () -> StreamDeclaration.of("{not json", StreamFormat.JSON));
  }

  @Test
  void aMutationHasARow() {
    assertThrows(IllegalArgumentException.class, () -> new Mutation(null, null));
  }
}
