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
 *
 * <p>Each hop of a list is written as an array block of its own that gives its byte size (Avro's
 * blocked form: item count {@code -1}, the size, then the {@code HopIr}), so a query passes over a
 * hop it does not read with one jump instead of walking its IR; the record stays plain Avro of the
 * schema above, which any Avro reader decodes, and values written with the lists in one block
 * decode alike. With the hops an {@link OnlineAggregator#batchIr} keeps (per window, the few hops
 * of its range) a query reads or jumps over a handful of hops per hop size.
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
   * Avro binary of {@code batch}, written field by field (the list of hop sizes in one block, each
   * tail hop in a block of its own with its byte size); {@code batch} is not mutated.
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
        for (int i = 0; i < hops.size(); i++) {
          long start = hops.starts()[i];
          Object[] irs = hops.irs()[i];
          byte[] hop = AvroBinary.encode(hopOut -> {
            hopOut.writeLong(start);
            rowCodec.write(irs, hopOut);
          });
          out.writeLong(-1);
          out.writeLong(hop.length);
          out.writeFixed(hop);
        }
        out.writeLong(0);
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
          tailHops[h] = readHops(in, h, online, ranges);
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
   * Hop size {@code h}'s list of {@code HopIr} records: those starting in one of that size's
   * {@code ranges} of {@code online} ({@link OnlineAggregator#inTailRanges}), or all when {@code
   * online} is null. A hop left out in a block of its own with its byte size is jumped over; in
   * other blocks (lists written in one block) it is walked over.
   */
  private HopIrs readHops(Decoder in, int h, OnlineAggregator online, long[] ranges)
      throws IOException {
    long[] starts = NO_STARTS;
    Object[][] irs = NO_IRS;
    int size = 0;
    for (long n = in.readLong(); n != 0; n = in.readLong()) {
      long blockBytes = -1;
      if (n < 0) {
        n = -n;
        blockBytes = in.readLong();
      }
      for (long i = 0; i < n; i++) {
        long start = in.readLong();
        if (online == null || online.inTailRanges(ranges, h, start)) {
          if (size == starts.length) {
            // a query mostly reads one hop or none per hop size: start at one, then double
            int capacity = Math.max(1, 2 * size);
            starts = Arrays.copyOf(starts, capacity);
            irs = Arrays.copyOf(irs, capacity);
          }
          starts[size] = start;
          irs[size] = rowCodec.read(in);
          size++;
        } else if (n == 1 && blockBytes >= 0) {
          in.skipFixed(irBytes(blockBytes, start));
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

  /**
   * The byte size of the IR in a block of {@code blockBytes} bytes holding the one hop that
   * starts at {@code start} (the block's bytes less those of the start's varint).
   */
  private static int irBytes(long blockBytes, long start) throws IOException {
    long irBytes = blockBytes - AvroValueReader.longSize(start);
    if (irBytes < 0 || irBytes > Integer.MAX_VALUE) {
      throw new IOException("a block of " + blockBytes + " bytes holds no hop starting at "
          + start);
    }
    return (int) irBytes;
  }
}
