package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.model.avro.AvroValueReader;

/**
 * Reads one column's nullable IR ({@link AvroForm#nullable} of its IR schema: branch 0 null,
 * branch 1 the IR) from Avro binary: straight into the IR when the column {@link
 * ColumnAggregator#readsIr reads its IRs}, else as the generic value, denormalized.
 */
final class IrReader {

  private final ColumnAggregator column;
  private final AvroValueReader generic;
  private final boolean direct;

  IrReader(ColumnAggregator column) {
    this.column = column;
    this.generic = AvroValueReader.of(AvroForm.nullable(column.irSchema()));
    this.direct = column.readsIr();
  }

  /** Reads the next nullable IR from {@code in}: null for the null branch. */
  Object read(Decoder in) throws IOException {
    if (!direct) {
      Object normalized = generic.read(in);
      return normalized == null ? null : column.denormalize(normalized);
    }
    int branch = in.readIndex();
    switch (branch) {
      case 0:
        in.readNull();
        return null;
      case 1:
        return column.readIr(in);
      default:
        throw new IOException("union branch " + branch + " of 2");
    }
  }
}
