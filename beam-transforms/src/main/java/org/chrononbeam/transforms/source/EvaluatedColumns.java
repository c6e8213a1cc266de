package org.chrononbeam.transforms.source;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.chrononbeam.expressions.ColumnarQuery;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.ParquetColumns;
import org.chrononbeam.transforms.warehouse.PartitionDates;

/**
 * A query evaluated over the Parquet columns it reads, without a row array or boxed number per row:
 * its columnar form ({@link CompiledQuery#columnar()}) reads a row group's columns and writes the
 * rows its wheres keep into a {@link RowChunk}, then the partition's {@code ds} when the chunk has
 * it after the query's columns. For queries whose selects and wheres have a columnar form and read
 * scalar columns only.
 */
final class EvaluatedColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CompiledQuery query;
  private final RowSchema schema;
  private final RowSchema readSchema;
  private final FileColumns columns;
  private transient ColumnarQuery columnar;
  private transient int[] reads;

  private EvaluatedColumns(
      CompiledQuery query, RowSchema schema, RowSchema readSchema, FileColumns columns) {
    this.query = query;
    this.schema = schema;
    this.readSchema = readSchema;
    this.columns = columns;
  }

  /**
   * {@code query} evaluated into chunks of {@code schema} (its output, then perhaps {@code ds})
   * from files of {@code partitions}; null when it has no columnar form or reads a column that is
   * not a scalar stored as it is read.
   */
  static EvaluatedColumns of(CompiledQuery query, RowSchema schema, List<String> partitions) {
    ColumnarQuery columnar = query.columnar().orElse(null);
    if (columnar == null) {
      return null;
    }
    RowSchema input = query.inputSchema();
    int[] reads = columnar.inputColumns();
    String[] stored = new String[reads.length];
    for (int i = 0; i < reads.length; i++) {
      String name = input.column(reads[i]).name();
      if (name.equals(PartitionDates.DS) && reads[i] == input.size() - 1) {
        continue;
      }
      if (!PackedRead.isScalar(input.column(reads[i]).kind())) {
        return null;
      }
      stored[i] = name;
    }
    RowSchema readSchema = RowSchema.of(Arrays.stream(reads).mapToObj(input::column).toList());
    return new EvaluatedColumns(query, schema, readSchema, new FileColumns(stored, partitions));
  }

  /** The stored columns the query reads, for {@link FileColumns#readRowGroups}. */
  FileColumns files() {
    return columns;
  }

  /**
   * Evaluates the current row group of {@code file} (of partition {@code ds}, {@code rows} rows)
   * into rows from {@code first} of {@code chunk}, which has room for them all.
   *
   * @return how many rows the wheres kept: rows {@code first} to {@code first + kept - 1} are set
   */
  int evaluate(ParquetColumns file, String ds, int rows, RowChunk chunk, int first) {
    if (columnar == null) {
      columnar = query.columnar().orElseThrow();
      reads = columnar.inputColumns();
    }
    RowChunk read = RowChunk.ofRows(readSchema, rows);
    columns.fill(file, ds, read, 0);
    ColumnarQuery.Columns from = ColumnarChunks.arrays(read, query.inputSchema().size(), reads);
    ColumnarQuery.Columns to = ColumnarChunks.arrays(chunk, schema.size(), null);
    int kept = 0;
    for (int row = 0; row < rows; row++) {
      if (columnar.apply(from, row, to, first + kept)) {
        kept++;
      }
    }
    int width = query.outputSchema().size();
    if (schema.size() > width) {
      Arrays.fill(chunk.objectColumn(width), first, first + kept, ds);
    }
    return kept;
  }
}
