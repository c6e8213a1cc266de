package org.chrononbeam.transforms.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.expressions.ColumnarQuery;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * A {@link SourceRead}'s rows as {@link RowChunk}s, not keyed, a chunk per Parquet row group read
 * column by column from the files, with no Avro record, row array or boxed number per row: when the
 * query only copies scalar columns (as {@link PackedRead} requires), its columns are read straight
 * into the chunk; when it computes or filters with strict expressions only ({@link
 * CompiledQuery#columnar()}) over scalar columns, the columns it reads are evaluated into the
 * chunk, and the rows its wheres reject dropped. Otherwise the rows the compiled query outputs,
 * packed ({@link Chunks#ofRows}).
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
    String[] evaluated = columns == null ? evaluatedColumns(query) : null;
    if (columns == null && evaluated == null) {
      return input.apply("Rows", read).apply("Chunks", Chunks.ofRows(schema));
    }
    List<String> partitions = read.selectedPartitions();
    if (partitions.isEmpty()) {
      return input.apply("NoPartitions", Create.empty(RowChunkCoder.of(schema)));
    }
    PCollection<FileIO.ReadableFile> files =
        input.apply(
            "Read " + read.table(),
            WarehouseIO.read(read.warehouse(), read.table())
                .partitions(partitions.get(0), partitions.get(partitions.size() - 1))
                .files());
    DoFn<FileIO.ReadableFile, RowChunk> fn =
        columns != null
            ? new ReadFilesFn(schema, new FileColumns(columns, partitions))
            : new EvaluateFilesFn(schema, query, new FileColumns(evaluated, partitions));
    return files
        .apply(columns != null ? "ReadColumns" : "EvaluateColumns", ParDo.of(fn))
        .setCoder(RowChunkCoder.of(schema));
  }

  /**
   * For each input column the columnar form of {@code query} reads, in order, the stored column (or
   * null for the partition's {@code ds}); null when the query has no columnar form or reads a
   * column that is not a scalar stored as it is read.
   */
  static String[] evaluatedColumns(CompiledQuery query) {
    ColumnarQuery columnar = query.columnar().orElse(null);
    if (columnar == null) {
      return null;
    }
    RowSchema input = query.inputSchema();
    int[] reads = columnar.inputColumns();
    String[] columns = new String[reads.length];
    for (int i = 0; i < reads.length; i++) {
      String name = input.column(reads[i]).name();
      if (name.equals(PartitionDates.DS) && reads[i] == input.size() - 1) {
        continue;
      }
      if (!PackedRead.isScalar(input.column(reads[i]).kind())) {
        return null;
      }
      columns[i] = name;
    }
    return columns;
  }

  /** Reads each row group of the files' columns into a chunk of its own. */
  private static class ReadFilesFn extends DoFn<FileIO.ReadableFile, RowChunk> {
    private final RowSchema schema;
    private final FileColumns columns;
    private final Counter rowsIn = RowCounts.rowsIn();

    /** Reads chunks of {@code schema}, each column the one of {@code columns} at its index. */
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
            take(chunk, ds, out);
          });
    }

    /** Takes the chunk of a row group of partition {@code ds}: outputs it. */
    void take(RowChunk chunk, String ds, OutputReceiver<RowChunk> out) {
      out.output(chunk);
    }
  }

  /**
   * Reads each row group of the columns the query reads and evaluates the query's columnar form
   * over them into a chunk of the rows it keeps, appending the partition's {@code ds} if the schema
   * has it after the query's columns.
   */
  private static final class EvaluateFilesFn extends ReadFilesFn {
    private final RowSchema schema;
    private final CompiledQuery query;
    private transient ColumnarQuery columnar;
    private transient int[] reads;

    /** {@code columns} reads the input columns {@code query}'s columnar form reads, in order. */
    EvaluateFilesFn(RowSchema schema, CompiledQuery query, FileColumns columns) {
      super(readSchema(query), columns);
      this.schema = schema;
      this.query = query;
    }

    private static RowSchema readSchema(CompiledQuery query) {
      RowSchema input = query.inputSchema();
      int[] reads = query.columnar().orElseThrow().inputColumns();
      return RowSchema.of(Arrays.stream(reads).mapToObj(input::column).toList());
    }

    @Setup
    public void setup() {
      columnar = query.columnar().orElseThrow();
      reads = columnar.inputColumns();
    }

    @Override
    void take(RowChunk read, String ds, OutputReceiver<RowChunk> out) {
      int rows = read.size();
      RowChunk chunk = RowChunk.of(schema).emptyCopy(rows);
      chunk.extend(rows);
      ColumnarQuery.Columns from = columnsOf(read, query.inputSchema().size(), reads);
      ColumnarQuery.Columns to = columnsOf(chunk, schema.size(), null);
      int kept = 0;
      for (int row = 0; row < rows; row++) {
        if (columnar.apply(from, row, to, kept)) {
          kept++;
        }
      }
      chunk.truncate(kept);
      int width = query.outputSchema().size();
      if (schema.size() > width) {
        Arrays.fill(chunk.objectColumn(width), 0, kept, ds);
      }
      if (kept > 0) {
        out.output(chunk);
      }
    }

    /**
     * The arrays of {@code chunk}'s columns, column {@code c} at index {@code at[c]} (at {@code c}
     * when {@code at} is null) of arrays {@code width} wide.
     */
    private static ColumnarQuery.Columns columnsOf(RowChunk chunk, int width, int[] at) {
      ColumnarQuery.Columns columns =
          new ColumnarQuery.Columns(
              new long[width][], new double[width][], new Object[width][], new boolean[width][]);
      for (int c = 0; c < chunk.schema().size(); c++) {
        int to = at == null ? c : at[c];
        columns.nulls()[to] = chunk.nullColumn(c);
        switch (chunk.storage(c)) {
          case LONG -> columns.longs()[to] = chunk.longColumn(c);
          case DOUBLE -> columns.doubles()[to] = chunk.doubleColumn(c);
          default -> columns.objects()[to] = chunk.objectColumn(c);
        }
      }
      return columns;
    }
  }
}
