package org.chrononbeam.aggregator.ir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Avro binary encoding (no container, no schema header) of generic values of one schema. */
final class AvroBinary {

  private final GenericDatumWriter<Object> writer;

  AvroBinary(Schema schema) {
    this.writer = new GenericDatumWriter<>(schema);
  }

  byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
