package org.chrononbeam.model.stream;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes messages that are Avro binary of one record of the stream schema (no container header,
 * no schema-registry prefix) into inserts. Bytes left over after the record are a failure: they
 * mean the writer used another schema.
 */
final class AvroDecoder implements StreamDecoder {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private transient GenericDatumReader<GenericRecord> reader;

  AvroDecoder(Schema schema) {
    this.schema = schema;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Mutation decode(byte[] message) {
    if (reader == null) {
      reader = new GenericDatumReader<>(schema);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, null);
    GenericRecord record;
    boolean rest;
    try {
      record = reader.read(null, decoder);
      rest = !decoder.isEnd();
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("not Avro binary of " + schema.getFullName() + ": " + e, e);
    }
    if (rest) {
      throw new DecodeException("bytes left after the Avro record: written with another schema?");
    }
    return Mutation.insert(record);
  }
}
