package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.HopIrs;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.aggregator.window.WindowedOutput;
import org.chrononbeam.model.avro.AvroValueReader;

/**
 * Avro binary form of a {@link BatchIr}, Chronon's TEMPORAL {@code _BATCH} value:
 *
 * <pre>{@code
 * record BatchIr {
 *   long batchEnd;
 *   record CollapsedIr { union {null, <ir>} out_<i>; ... } collapsedIr;  // one per output
 *   array<array<record HopIr { long hopStart; RowIr ir; }>> tailHopIrs;   // one list per hop size
 * }
 * }</pre>
 */
public final class BatchIrCodec {

  /** The arrays of a hop size whose tail hops are all passed over (shared, empty). */
  private static final long[] NO_STARTS = new long[0];
  private static final Object[][] NO_IRS = new Object[0][];

  private final long[] hopSizes;
  /** Per hop size, the (shared, immutable) list of no tail hops. */
  private final HopIrs[] noHops;
  private final RowIrCodec rowCodec;
  private final Schema collapsedSchema;
  private final Schema hopSchema;
  private final Schema schema;
  private final IrReader[] collapsedReaders;
  private final IrWriter[] collapsedWriters;

  /** The codec of {@code aggregation}'s batch IRs. */
  public BatchIrCodec(WindowedAggregation aggregation) {
    this.hopSizes = aggregation.hopSizes();
    this.noHops = new HopIrs[hopSizes.length];
    for (int h = 0; h < hopSizes.length; h++) {
      noHops[h] = new HopIrs(hopSizes[h], NO_STARTS, NO_IRS);
    }
    this.rowCodec = new RowIrCodec(aggregation.rows());
    RowAggregator rows = aggregation.rows();
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("CollapsedIr")
        .namespace("org.chrononbeam.aggregator.ir")
        .fields();
    List<WindowedOutput> outputs = aggregation.outputs();
    for (int o = 0; o < outputs.size(); o++) {
      fields = fields.name("out_" + o)
          .type(AvroForm.nullable(rows.column(outputs.get(o).column()).irSchema()))
          .withDefault(null);
    }
    this.collapsedSchema = fields.endRecord();
    this.hopSchema = SchemaBuilder.record("HopIr")
        .namespace("org.chrononbeam.aggregator.ir")
        .fields()
        .requiredLong("hopStart")
        .name("ir").type(rowCodec.schema()).noDefault()
        .endRecord();
    this.schema = SchemaBuilder.record("BatchIr")
        .namespace("org.chrononbeam.aggregator.ir")
        .fields()
        .requiredLong("batchEnd")
        .name("collapsedIr").type(collapsedSchema).noDefault()
        .name("tailHopIrs").type(Schema.createArray(Schema.createArray(hopSchema))).noDefault()
        .endRecord();
    this.collapsedReaders = new IrReader[outputs.size()];
    this.collapsedWriters = new IrWriter[outputs.size()];
    for (int o = 0; o < collapsedReaders.length; o++) {
      collapsedReaders[o] = new IrReader(rows.column(outputs.get(o).column()));
      collapsedWriters[o] = new IrWriter(rows.column(outputs.get(o).column()));
    }
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /**
   * Avro binary of {@code batch}, written field by field (arrays in one block each, as Avro's
   * generic writer writes them); {@code batch} is not mutated.
   */
  public byte[] encode(BatchIr batch) {
    return AvroBinary.encode(out -> {
      out.writeLong(batch.batchEnd());
      for (int o = 0; o < collapsedWriters.length; o++) {
        collapsedWriters[o].write(batch.collapsed()[o], out);
      }
      List<HopIrs> tails = batch.tailHops();
      out.writeArrayStart();
      out.setItemCount(tails.size());
      for (HopIrs hops : tails) {
        out.startItem();
        out.writeArrayStart();
        out.setItemCount(hops.size());
        for (int i = 0; i < hops.size(); i++) {
          out.startItem();
          out.writeLong(hops.starts()[i]);
          rowCodec.write(hops.irs()[i], out);
        }
        out.writeArrayEnd();
      }
      out.writeArrayEnd();
    });
  }

  /** The batch IR of Avro binary written by {@link #encode}. */
  public BatchIr decode(byte[] bytes) {
    return read(bytes, null, 0);
  }

  /**
   * The batch IR of Avro binary written by {@link #encode} as {@code online} reads it at {@code
   * q} or later: the tail hops it cannot read then ({@link OnlineAggregator#tailRangesAt}) are
   * passed over, not decoded, so {@code online.finalizedAt(decoded, rows, q)} equals {@code
   * online.finalizedAt(decode(bytes), rows, q)}.
   */
  public BatchIr decodeForQuery(byte[] bytes, OnlineAggregator online, long q) {
    return read(bytes, online, q);
  }

  /**
   * Reads the record field by field straight into the IRs (no generic records in between),
   * keeping every tail hop when {@code online} is null.
   */
  private BatchIr read(byte[] bytes, OnlineAggregator online, long q) {
    return AvroValueReader.decode(schema, bytes, in -> {
      long batchEnd = in.readLong();
      long[] ranges = online == null ? null : online.tailRangesAt(batchEnd, q);
      Object[] collapsed = new Object[collapsedReaders.length];
      for (int o = 0; o < collapsed.length; o++) {
        collapsed[o] = collapsedReaders[o].read(in);
      }
      HopIrs[] tailHops = new HopIrs[hopSizes.length];
      int h = 0;
      for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
        for (long i = 0; i < n; i++) {
          if (h == hopSizes.length) {
            throw new IllegalArgumentException(
                "more tail hop lists than the " + hopSizes.length + " hop sizes");
          }
          tailHops[h] = ranges == null
              ? readHops(in, h, null, 0, 0)
              : readHops(in, h, ranges, online.tailRangesFrom(h),
                  online.tailRangesFrom(h + 1));
          h++;
        }
      }
      if (h != hopSizes.length) {
        throw new IllegalArgumentException(h + " tail hop lists for the "
            + hopSizes.length + " hop sizes");
      }
      return new BatchIr(batchEnd, collapsed, List.of(tailHops));
    });
  }

  /**
   * Hop size {@code h}'s list of {@code HopIr} records: those starting in one of the {@code [from,
   * until)} pairs of {@code ranges} between indexes {@code first} and {@code last}, or all when
   * it is null.
   */
  private HopIrs readHops(Decoder in, int h, long[] ranges, int first, int last)
      throws IOException {
    long[] starts = NO_STARTS;
    Object[][] irs = NO_IRS;
    int size = 0;
    for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        long start = in.readLong();
        if (ranges == null || inRanges(start, ranges, first, last)) {
          if (size == starts.length) {
            int capacity = (int) Math.min(size + n - i, Math.max(8, 2L * size));
            starts = Arrays.copyOf(starts, capacity);
            irs = Arrays.copyOf(irs, capacity);
          }
          starts[size] = start;
          irs[size] = rowCodec.read(in);
          size++;
        } else {
          rowCodec.skip(in);
        }
      }
    }
    if (size == 0) {
      return noHops[h];
    }
    return size == starts.length
        ? new HopIrs(hopSizes[h], starts, irs)
        : new HopIrs(hopSizes[h], Arrays.copyOf(starts, size), Arrays.copyOf(irs, size));
  }

  private static boolean inRanges(long start, long[] ranges, int first, int last) {
    for (int r = first; r < last; r += 2) {
      if (start >= ranges[r] && start < ranges[r + 1]) {
        return true;
      }
    }
    return false;
  }
}
