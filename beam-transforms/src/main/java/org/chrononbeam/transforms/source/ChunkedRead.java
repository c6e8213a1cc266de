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
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * A {@link SourceRead}'s rows as {@link RowChunk}s, not keyed, a chunk per Parquet row group read
 * column by column from the files, with no Avro record, row array or boxed number per row: when the
 * query only copies scalar columns (as {@link PackedRead} requires), its columns are read straight
 * into the chunk; when its selects and wheres have a columnar form over scalar columns, they are
 * evaluated into the chunk ({@link EvaluatedColumns}). Otherwise the rows the compiled query
 * outputs, packed ({@link Chunks#ofRows}).
 */
final class ChunkedRead extends PTransform<PBegin, PCollection<RowChunk>> {

  private final SourceRead read;

  ChunkedRead(SourceRead read) {
    this.read = read;
  }

  @Override
  public PCollection<RowChunk> expand(PBegin input) {
    RowSchema schema = read.rowSchema();
    CompiledQuery query = read.compiledQuery();
    String[] columns = PackedRead.fileColumns(query, schema);
    List<String> partitions = read.selectedPartitions();
    EvaluatedColumns evaluated =
        columns == null ? EvaluatedColumns.of(query, schema, partitions) : null;
    if (columns == null && evaluated == null) {
      return input.apply("Rows", read).apply("Chunks", Chunks.ofRows(schema));
    }
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
            evaluated == null ? "ReadColumns" : "EvaluateColumns",
            ParDo.of(
                new ReadFilesFn(
                    schema,
                    evaluated == null ? new FileColumns(columns, partitions) : evaluated.files(),
                    evaluated)))
        .setCoder(RowChunkCoder.of(schema));
  }

  /**
   * Reads each row group of the files' columns into a chunk of its own, or evaluates the query over
   * them into one (leaving out a row group whose rows the wheres all reject).
   */
  private static final class ReadFilesFn extends DoFn<FileIO.ReadableFile, RowChunk> {
    private final RowSchema schema;
    private final FileColumns columns;
    private final EvaluatedColumns evaluated;
    private final Counter rowsIn = RowCounts.rowsIn();

    /** {@code evaluated}: null when the chunk's columns are {@code columns} as they are. */
    ReadFilesFn(RowSchema schema, FileColumns columns, EvaluatedColumns evaluated) {
      this.schema = schema;
      this.columns = columns;
      this.evaluated = evaluated;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<RowChunk> out)
        throws IOException {
      columns.readRowGroups(
          file,
          rowsIn,
          (stored, ds, rows) -> {
            RowChunk chunk = RowChunk.ofRows(schema, rows);
            if (evaluated == null) {
              columns.fill(stored, ds, chunk, 0);
            } else {
              chunk.truncate(evaluated.evaluate(stored, ds, rows, chunk, 0));
            }
            if (chunk.size() > 0) {
              out.output(chunk);
            }
          });
    }
  }
}
