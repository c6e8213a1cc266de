package org.chrononbeam.aggregator.ir;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.RowAggregator;

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

  /** The row IR of a {@link #schema()} record. */
  public Object[] fromRecord(GenericRecord record) {
    Object[] irs = rows.newIrs();
    for (int i = 0; i < irs.length; i++) {
      Object normalized = record.get(i);
      irs[i] = normalized == null ? null : rows.column(i).denormalize(normalized);
    }
    return irs;
  }

  /** Avro binary of {@code irs}. */
  public byte[] encode(Object[] irs) {
    return binary.encode(toRecord(irs));
  }

  /** The row IR of Avro binary written by {@link #encode}. */
  public Object[] decode(byte[] bytes) {
    return fromRecord((GenericRecord) binary.decode(bytes));
  }
}
