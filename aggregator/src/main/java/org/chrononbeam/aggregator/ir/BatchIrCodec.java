package org.chrononbeam.aggregator.ir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.HopIrs;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.aggregator.window.WindowedOutput;

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

  private final WindowedAggregation aggregation;
  private final long[] hopSizes;
  private final RowIrCodec rowCodec;
  private final Schema collapsedSchema;
  private final Schema hopSchema;
  private final Schema schema;
  private final AvroBinary binary;

  /** The codec of {@code aggregation}'s batch IRs. */
  public BatchIrCodec(WindowedAggregation aggregation) {
    this.aggregation = aggregation;
    this.hopSizes = aggregation.hopSizes();
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
    this.binary = new AvroBinary(schema);
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** Avro binary of {@code batch}; {@code batch} is not mutated. */
  public byte[] encode(BatchIr batch) {
    RowAggregator rows = aggregation.rows();
    List<WindowedOutput> outputs = aggregation.outputs();
    GenericRecord collapsed = new GenericData.Record(collapsedSchema);
    for (int o = 0; o < outputs.size(); o++) {
      Object ir = batch.collapsed()[o];
      collapsed.put(o, ir == null ? null : rows.column(outputs.get(o).column()).normalize(ir));
    }
    List<List<GenericRecord>> tails = new ArrayList<>();
    for (HopIrs hops : batch.tailHops()) {
      List<GenericRecord> records = new ArrayList<>();
      for (int i = 0; i < hops.size(); i++) {
        GenericRecord hop = new GenericData.Record(hopSchema);
        hop.put("hopStart", hops.starts()[i]);
        hop.put("ir", rowCodec.toRecord(hops.irs()[i]));
        records.add(hop);
      }
      tails.add(records);
    }
    GenericRecord record = new GenericData.Record(schema);
    record.put("batchEnd", batch.batchEnd());
    record.put("collapsedIr", collapsed);
    record.put("tailHopIrs", tails);
    return binary.encode(record);
  }

  /** The batch IR of Avro binary written by {@link #encode}. */
  public BatchIr decode(byte[] bytes) {
    GenericRecord record = (GenericRecord) binary.decode(bytes);
    RowAggregator rows = aggregation.rows();
    List<WindowedOutput> outputs = aggregation.outputs();
    GenericRecord collapsedRecord = (GenericRecord) record.get("collapsedIr");
    Object[] collapsed = new Object[outputs.size()];
    for (int o = 0; o < outputs.size(); o++) {
      Object normalized = collapsedRecord.get(o);
      collapsed[o] = normalized == null
          ? null
          : rows.column(outputs.get(o).column()).denormalize(normalized);
    }
    List<HopIrs> tailHops = new ArrayList<>();
    int h = 0;
    for (Object list : (Collection<?>) record.get("tailHopIrs")) {
      Collection<?> hops = (Collection<?>) list;
      long[] starts = new long[hops.size()];
      Object[][] irs = new Object[hops.size()][];
      int i = 0;
      for (Object hop : hops) {
        GenericRecord hopRecord = (GenericRecord) hop;
        starts[i] = (Long) hopRecord.get("hopStart");
        irs[i] = rowCodec.fromRecord((GenericRecord) hopRecord.get("ir"));
        i++;
      }
      tailHops.add(new HopIrs(hopSizes[h++], starts, irs));
    }
    return new BatchIr((Long) record.get("batchEnd"), collapsed, tailHops);
  }
}
