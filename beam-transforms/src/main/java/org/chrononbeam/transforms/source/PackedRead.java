package org.chrononbeam.transforms.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.warehouse.ParquetColumns;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * A {@link SourceRead}'s rows keyed and packed per key into {@link RowChunk}s, as {@link
 * KeyedChunks#by} packs them (rows with a null key column dropped). When the source's query only
 * copies columns ({@link CompiledQuery#copiedColumns}: no wheres, each select a column as it is,
 * {@code timeColumn} a long or integral column), each a scalar stored as such, and no column twice,
 * the Parquet columns are read straight into the buffered chunk columns ({@link ParquetColumns}),
 * a row group at a time: no Avro record, no {@code Object[]}, no boxed value and no Beam element
 * per row. Otherwise the rows go through the compiled query as {@link SourceRead} outputs them,
 * then {@link KeyedChunks}.
 */
final class PackedRead extends PTransform<PBegin, PCollection<KV<byte[], RowChunk>>> {

  private final Warehouse warehouse;
  private final SourceRead read;
  private final int[] keyIndices;

  PackedRead(Warehouse warehouse, SourceRead read, int[] keyIndices) {
    this.warehouse = warehouse;
    this.read = read;
    this.keyIndices = keyIndices;
  }

  @Override
  public PCollection<KV<byte[], RowChunk>> expand(PBegin input) {
    RowSchema schema = read.rowSchema();
    KeyedChunks packing = KeyedChunks.by(schema, keyIndices);
    CompiledQuery query = read.compiledQuery();
    String[] columns = fileColumns(query, schema);
    List<String> partitions = read.selectedPartitions();
    EvaluatedColumns evaluated =
        columns == null ? EvaluatedColumns.of(query, schema, partitions) : null;
    if (columns == null && evaluated == null) {
      return input.apply("Rows", read).apply("Pack", packing);
    }
    KvCoder<byte[], RowChunk> coder = KvCoder.of(ByteArrayCoder.of(), RowChunkCoder.of(schema));
    if (partitions.isEmpty()) {
      return input.apply("NoPartitions", Create.empty(coder));
    }
    return input
        .apply(
            "Read " + read.table(),
            WarehouseIO.read(warehouse, read.table())
                .partitions(partitions.get(0), partitions.get(partitions.size() - 1))
                .files())
        .apply(
            evaluated == null ? "ReadColumns" : "EvaluateColumns",
            ParDo.of(
                new PackFilesFn(
                    schema,
                    keyIndices,
                    evaluated == null ? new FileColumns(columns, partitions) : evaluated.files(),
                    evaluated)))
        .setCoder(coder);
  }

  /**
   * For each column of {@code schema} (the query's output, then {@code ds} unless the read leaves it
   * out), the stored column it copies, or null for the partition's {@code ds}; null when the query
   * does more than copy scalars stored as they are read.
   */
  static String[] fileColumns(CompiledQuery query, RowSchema schema) {
    int[] copied = query.copiedColumns().orElse(null);
    if (copied == null) {
      return null;
    }
    RowSchema input = query.inputSchema();
    String[] columns = new String[schema.size()];
    for (int i = 0; i < copied.length; i++) {
      String name = input.column(copied[i]).name();
      if (name.equals(PartitionDates.DS) && copied[i] == input.size() - 1) {
        continue;
      }
      if (!isScalar(input.column(copied[i]).kind()) || Arrays.asList(columns).contains(name)) {
        return null;
      }
      columns[i] = name;
    }
    return columns;
  }

  static boolean isScalar(DataKind kind) {
    return switch (kind) {
      case BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BINARY, DATE, TIMESTAMP -> true;
      default -> false;
    };
  }

  /**
   * Reads the files' columns (or evaluates the query over them) into a {@link KeyedBuffer},
   * emitting its chunks as it fills.
   */
  private static final class PackFilesFn extends KeyedChunks.BufferingFn<FileIO.ReadableFile> {
    private final FileColumns columns;
    private final EvaluatedColumns evaluated;
    private final Counter rowsIn = RowCounts.rowsIn();

    /** {@code evaluated}: null when the chunks' columns are {@code columns} as they are. */
    PackFilesFn(
        RowSchema schema, int[] keyIndices, FileColumns columns, EvaluatedColumns evaluated) {
      super(schema, keyIndices, false);
      this.columns = columns;
      this.evaluated = evaluated;
    }

    @ProcessElement
    public void process(
        @Element FileIO.ReadableFile file, OutputReceiver<KV<byte[], RowChunk>> out)
        throws IOException {
      columns.readRowGroups(
          file,
          rowsIn,
          (stored, ds, rows) -> {
            buffered.addRows(
                rows,
                (chunk, first, count) -> {
                  if (evaluated != null) {
                    return evaluated.evaluate(stored, ds, count, chunk, first);
                  }
                  columns.fill(stored, ds, chunk, first);
                  return count;
                });
            emitIfFull(out);
          });
    }
  }
}
