package org.chrononbeam.model.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Avro binary (no container, no schema header) of generic records of one schema. Thread-safe. */
final class AvroBinary {

  private final Schema schema;
  private final GenericDatumWriter<GenericRecord> writer;
  private final GenericDatumReader<GenericRecord> reader;

  AvroBinary(Schema schema) {
    this.schema = schema;
    this.writer = new GenericDatumWriter<>(schema);
    this.reader = new GenericDatumReader<>(schema);
  }

  byte[] encode(GenericRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes one record; bytes left over or missing mean the bytes are not of this schema. */
  GenericRecord decode(byte[] bytes) {
    return AvroValueReader.decode(schema, bytes, in -> reader.read(null, in));
  }
}
