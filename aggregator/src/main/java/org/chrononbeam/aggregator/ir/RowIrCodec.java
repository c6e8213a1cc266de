package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.model.avro.AvroValueReader;

/**
 * Avro binary form of a row IR (one IR per column of a {@link RowAggregator}): a record {@code
 * RowIr} with one nullable field {@code col_<i>} per column holding the column's normalized IR.
 * Used for hop IRs and tiles; the bytes read back identically in any process that builds the
 * same aggregations.
 */
public final class RowIrCodec {

  private final RowAggregator rows;
  private final Schema schema;
  private final AvroBinary binary;
  private final IrReader[] readers;

  /** The codec of {@code rows}' IRs. */
  public RowIrCodec(RowAggregator rows) {
    this.rows = rows;
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("RowIr")
        .namespace("org.chrononbeam.aggregator.ir")
        .fields();
    for (int i = 0; i < rows.size(); i++) {
      ColumnAggregator column = rows.column(i);
      fields = fields.name("col_" + i)
          .doc(column.operation() + " of " + column.inputColumn()
              + (column.bucketColumn() == null ? "" : " by " + column.bucketColumn()))
          .type(AvroForm.nullable(column.irSchema()))
          .withDefault(null);
    }
    this.schema = fields.endRecord();
    this.binary = new AvroBinary(schema);
    this.readers = new IrReader[rows.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = new IrReader(rows.column(i));
    }
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** {@code irs} as a {@link #schema()} record; {@code irs} is not mutated. */
  public GenericRecord toRecord(Object[] irs) {
    GenericRecord record = new GenericData.Record(schema);
    for (int i = 0; i < irs.length; i++) {
      record.put(i, irs[i] == null ? null : rows.column(i).normalize(irs[i]));
    }
    return record;
  }

  /** Avro binary of {@code irs}. */
  public byte[] encode(Object[] irs) {
    return binary.encode(toRecord(irs));
  }

  /** The row IR of Avro binary written by {@link #encode}. */
  public Object[] decode(byte[] bytes) {
    return AvroValueReader.decode(schema, bytes, this::read);
  }

  /** Passes over a {@link #schema()} record in {@code in}. */
  void skip(Decoder in) throws IOException {
    for (IrReader reader : readers) {
      reader.skip(in);
    }
  }

  /** Reads a {@link #schema()} record from {@code in} straight into a row IR. */
  Object[] read(Decoder in) throws IOException {
    Object[] irs = rows.newIrs();
    for (int i = 0; i < irs.length; i++) {
      irs[i] = readers[i].read(in);
    }
    return irs;
  }
}
