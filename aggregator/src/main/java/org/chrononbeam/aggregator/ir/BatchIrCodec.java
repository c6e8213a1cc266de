package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.BatchPart;
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

  /** The arrays of a hop size without tail hops (shared, empty). */
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

  /** The batch IR of Avro binary written by {@link #encode}, with every tail hop. */
  public BatchIr decode(byte[] bytes) {
    return AvroValueReader.decode(schema, bytes, in -> {
      long batchEnd = in.readLong();
      Object[] collapsed = readCollapsed(in);
      long[][] starts = new long[hopSizes.length][];
      Object[][][] irs = new Object[hopSizes.length][][];
      int[] sizes = new int[hopSizes.length];
      Arrays.fill(starts, NO_STARTS);
      Arrays.fill(irs, NO_IRS);
      readTailHops(in, (h, start) -> true, (h, start, hopIrs) -> {
        if (sizes[h] == starts[h].length) {
          int capacity = Math.max(4, 2 * sizes[h]);
          starts[h] = Arrays.copyOf(starts[h], capacity);
          irs[h] = Arrays.copyOf(irs[h], capacity);
        }
        starts[h][sizes[h]] = start;
        irs[h][sizes[h]] = hopIrs;
        sizes[h]++;
      });
      HopIrs[] tailHops = new HopIrs[hopSizes.length];
      for (int h = 0; h < tailHops.length; h++) {
        tailHops[h] = sizes[h] == 0
            ? noHops[h]
            : new HopIrs(hopSizes[h], Arrays.copyOf(starts[h], sizes[h]),
                Arrays.copyOf(irs[h], sizes[h]));
      }
      return new BatchIr(batchEnd, collapsed, List.of(tailHops));
    });
  }

  /**
   * The batch part at {@code q} ({@link OnlineAggregator#batchPartAt}) of the batch IR of Avro
   * binary written by {@link #encode}, decoded straight into one IR per output: the collapsed IRs,
   * each tail hop that {@code online} reads at {@code q} ({@link OnlineAggregator#readsTailHop})
   * merged into them as it is read ({@link OnlineAggregator#mergeTailHop}), the others passed over
   * without being built. {@code online.finalizedAt(batchPartAt(bytes, online, q), rows)} equals
   * {@code online.finalizedAt(decode(bytes), rows, q)}.
   */
  public BatchPart batchPartAt(byte[] bytes, OnlineAggregator online, long q) {
    return AvroValueReader.decode(schema, bytes, new PartReading(online, q));
  }

  /** The reading of one batch part: one object per call, as filter and sink of its tail hops. */
  private final class PartReading
      implements AvroValueReader.Reading<BatchPart>, HopFilter, HopSink {
    private final OnlineAggregator online;
    private final long q;
    private long batchEnd;
    private Object[] irs;
    /** The query's {@link OnlineAggregator#tailHopRanges}, once the batch end is read. */
    private long[] ranges;

    PartReading(OnlineAggregator online, long q) {
      this.online = online;
      this.q = q;
    }

    @Override
    public BatchPart read(Decoder in) throws IOException {
      batchEnd = in.readLong();
      ranges = online.tailHopRanges(batchEnd, q);
      irs = readCollapsed(in);
      readTailHops(in, this, this);
      return new BatchPart(batchEnd, q, irs);
    }

    @Override
    public boolean reads(int h, long start) {
      return online.readsTailHop(ranges, h, start);
    }

    @Override
    public void accept(int h, long start, Object[] hopIrs) {
      online.mergeTailHop(irs, ranges, h, start, hopIrs);
    }
  }

  private Object[] readCollapsed(Decoder in) throws IOException {
    Object[] collapsed = new Object[collapsedReaders.length];
    for (int o = 0; o < collapsed.length; o++) {
      collapsed[o] = collapsedReaders[o].read(in);
    }
    return collapsed;
  }

  /** Which tail hops to read: by hop size index and start. */
  private interface HopFilter {
    boolean reads(int h, long start);
  }

  /** What to do with a tail hop read: its hop size index, start and row IR. */
  private interface HopSink {
    void accept(int h, long start, Object[] irs);
  }

  /**
   * Reads the list of tail hop lists (one per hop size), handing each hop that {@code filter}
   * reads to {@code sink} in stored order (ascending start per hop size). A hop left out in a block
   * of its own with its byte size is jumped over; in other blocks (lists written in one block) it
   * is walked over.
   */
  private void readTailHops(Decoder in, HopFilter filter, HopSink sink) throws IOException {
    int h = 0;
    for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        if (h == hopSizes.length) {
          throw new IllegalArgumentException(
              "more tail hop lists than the " + hopSizes.length + " hop sizes");
        }
        readHops(in, h, filter, sink);
        h++;
      }
    }
    if (h != hopSizes.length) {
      throw new IllegalArgumentException(h + " tail hop lists for the "
          + hopSizes.length + " hop sizes");
    }
  }

  private void readHops(Decoder in, int h, HopFilter filter, HopSink sink) throws IOException {
    for (long n = in.readLong(); n != 0; n = in.readLong()) {
      long blockBytes = -1;
      if (n < 0) {
        n = -n;
        blockBytes = in.readLong();
      }
      for (long i = 0; i < n; i++) {
        long start = in.readLong();
        if (filter.reads(h, start)) {
          sink.accept(h, start, rowCodec.read(in));
        } else if (n == 1 && blockBytes >= 0) {
          in.skipFixed(irBytes(blockBytes, start));
        } else {
          rowCodec.skip(in);
        }
      }
    }
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
