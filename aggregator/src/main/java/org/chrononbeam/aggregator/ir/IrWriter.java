package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.Encoder;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.ColumnAggregator;

/**
 * Writes one column's nullable IR ({@link AvroForm#nullable} of its IR schema: branch 0 null,
 * branch 1 the IR) as Avro binary: straight from the IR when the column {@link
 * ColumnAggregator#readsIr codes its IRs}, else as the generic value of {@link
 * ColumnAggregator#normalize}. The bytes are the same either way.
 */
final class IrWriter {

  private final ColumnAggregator column;
  private final GenericDatumWriter<Object> generic;
  private final boolean direct;

  IrWriter(ColumnAggregator column) {
    this.column = column;
    this.generic = new GenericDatumWriter<>(AvroForm.nullable(column.irSchema()));
    this.direct = column.readsIr();
  }

  /** Writes {@code ir} (null for the null branch); {@code ir} is not mutated. */
  void write(Object ir, Encoder out) throws IOException {
    if (!direct) {
      generic.write(ir == null ? null : column.normalize(ir), out);
    } else if (ir == null) {
      out.writeIndex(0);
      out.writeNull();
    } else {
      out.writeIndex(1);
      column.writeIr(ir, out);
    }
  }
}
