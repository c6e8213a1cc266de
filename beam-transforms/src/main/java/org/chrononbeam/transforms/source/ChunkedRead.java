package org.chrononbeam.transforms.source;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * A {@link SourceRead}'s rows as {@link RowChunk}s, not keyed: when the query only copies scalar
 * columns (as {@link PackedRead} requires), a chunk per Parquet row group, its columns read
 * straight from the file, with no Avro record, row array or boxed number per row; otherwise the
 * rows the compiled query outputs, packed ({@link Chunks#ofRows}).
 */
final class ChunkedRead extends PTransform<PBegin, PCollection<RowChunk>> {

  private final SourceRead read;

  ChunkedRead(SourceRead read) {
    this.read = read;
  }

  @Override
  public PCollection<RowChunk> expand(PBegin input) {
    RowSchema schema = read.rowSchema();
    String[] columns = PackedRead.fileColumns(read.compiledQuery(), schema);
    if (columns == null) {
      return input.apply("Rows", read).apply("Chunks", Chunks.ofRows(schema));
    }
    List<String> partitions = read.selectedPartitions();
    if (partitions.isEmpty()) {
      return input.apply("NoPartitions", Create.empty(RowChunkCoder.of(schema)));
    }
    return input
        .apply(
            "Read " + read.table(),
            WarehouseIO.read(read.warehouse(), read.table())
                .partitions(partitions.get(0), partitions.get(partitions.size() - 1))
                .files())
        .apply(
            "ReadColumns",
            ParDo.of(new ReadFilesFn(schema, new FileColumns(columns, partitions))))
        .setCoder(RowChunkCoder.of(schema));
  }

  /** Reads each row group of the files' columns into a chunk of its own. */
  private static final class ReadFilesFn extends DoFn<FileIO.ReadableFile, RowChunk> {
    private final RowSchema schema;
    private final FileColumns columns;
    private final Counter rowsIn = RowCounts.rowsIn();

    ReadFilesFn(RowSchema schema, FileColumns columns) {
      this.schema = schema;
      this.columns = columns;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<RowChunk> out)
        throws IOException {
      columns.readRowGroups(
          file,
          rowsIn,
          (stored, ds, rows) -> {
            RowChunk chunk = RowChunk.of(schema).emptyCopy(rows);
            chunk.extend(rows);
            columns.fill(stored, ds, chunk, 0);
            out.output(chunk);
          });
    }
  }
}
