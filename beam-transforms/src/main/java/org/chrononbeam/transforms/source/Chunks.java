package org.chrononbeam.transforms.source;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.expressions.RowSchema;

/**
 * From rows ({@code Object[]} laid out by a {@link RowSchema}, with a {@link ValuesCoder}) to
 * {@link RowChunk}s of the same schema (with a {@link RowChunkCoder}), and from chunks to Avro
 * records, for the steps that read or write a row at a time. Packing emits a chunk per {@value
 * #ROWS} rows and at the end of a bundle; rows must be in the global window, as {@link SourceRead}
 * outputs them.
 */
public final class Chunks {

  /** The rows of a chunk packed from rows. */
  static final int ROWS = 4096;

  private Chunks() {}

  /** Packs rows of {@code schema} into chunks. */
  public static PTransform<PCollection<Object[]>, PCollection<RowChunk>> ofRows(RowSchema schema) {
    return new PTransform<>() {
      @Override
      public PCollection<RowChunk> expand(PCollection<Object[]> rows) {
        return rows.apply("ToChunks", ParDo.of(new PackFn(schema)))
            .setCoder(RowChunkCoder.of(schema));
      }
    };
  }

  /**
   * Unpacks chunks of {@code schema} into Avro records of {@code avro} ({@link
   * AvroColumns#avroSchema} of the schema), with an {@link AvroCoder}.
   */
  public static PTransform<PCollection<RowChunk>, PCollection<GenericRecord>> toRecords(
      RowSchema schema, Schema avro) {
    String avroJson = avro.toString();
    return new PTransform<>() {
      @Override
      public PCollection<GenericRecord> expand(PCollection<RowChunk> chunks) {
        return chunks.apply("Records", ParDo.of(new ToRecordsFn(schema, avroJson)))
            .setCoder(AvroCoder.of(avro));
      }
    };
  }

  private static final class ToRecordsFn extends DoFn<RowChunk, GenericRecord> {
    private final RowSchema schema;
    private final String avroJson;
    private transient Schema avro;

    ToRecordsFn(RowSchema schema, String avroJson) {
      this.schema = schema;
      this.avroJson = avroJson;
    }

    @Setup
    public void setup() {
      avro = new Schema.Parser().parse(avroJson);
    }

    @ProcessElement
    public void process(@Element RowChunk rows, OutputReceiver<GenericRecord> out) {
      for (int r = 0; r < rows.size(); r++) {
        out.output(AvroColumns.toRecord(avro, schema, rows.row(r, 0)));
      }
    }
  }

  private static final class PackFn extends DoFn<Object[], RowChunk> {
    private final RowSchema schema;
    private transient RowChunk chunk;

    PackFn(RowSchema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element Object[] row, OutputReceiver<RowChunk> out) {
      if (chunk == null) {
        chunk = RowChunk.of(schema);
      }
      chunk.add(row);
      if (chunk.size() >= ROWS) {
        out.output(chunk);
        chunk = null;
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      if (chunk != null) {
        context.output(chunk, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
        chunk = null;
      }
    }
  }
}
