package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
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
  private final IrReader[] readers;
  private final IrWriter[] writers;
  /** Passes over a whole record at once (one skip program for all columns). */
  private final AvroValueReader skipper;

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
    this.readers = new IrReader[rows.size()];
    this.writers = new IrWriter[rows.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = new IrReader(rows.column(i));
      writers[i] = new IrWriter(rows.column(i));
    }
    this.skipper = AvroValueReader.of(schema);
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** Avro binary of {@code irs}; {@code irs} is not mutated. */
  public byte[] encode(Object[] irs) {
    return AvroBinary.encode(out -> write(irs, out));
  }

  /** Writes {@code irs} to {@code out} as a {@link #schema()} record, field by field. */
  void write(Object[] irs, Encoder out) throws IOException {
    for (int i = 0; i < writers.length; i++) {
      writers[i].write(irs[i], out);
    }
  }

  /** The row IR of Avro binary written by {@link #encode}. */
  public Object[] decode(byte[] bytes) {
    return AvroValueReader.decode(schema, bytes, this::read);
  }

  /** Passes over a {@link #schema()} record in {@code in}. */
  void skip(Decoder in) throws IOException {
    skipper.skip(in);
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
