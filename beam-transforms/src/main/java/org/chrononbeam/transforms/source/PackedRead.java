package org.chrononbeam.transforms.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
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
    String[] columns = fileColumns(read.compiledQuery(), schema);
    if (columns == null) {
      return input.apply("Rows", read).apply("Pack", packing);
    }
    KvCoder<byte[], RowChunk> coder = KvCoder.of(ByteArrayCoder.of(), RowChunkCoder.of(schema));
    List<String> partitions = read.selectedPartitions();
    if (partitions.isEmpty()) {
      return input.apply("NoPartitions", Create.empty(coder));
    }
    return input
        .apply(
            "Read " + read.table(),
            WarehouseIO.read(warehouse, read.table())
                .partitions(partitions.get(0), partitions.get(partitions.size() - 1))
                .files())
        .apply("ReadColumns", ParDo.of(new PackFilesFn(schema, keyIndices, columns, partitions)))
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

  private static boolean isScalar(DataKind kind) {
    return switch (kind) {
      case BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BINARY, DATE, TIMESTAMP -> true;
      default -> false;
    };
  }

  /** Reads the files' columns into a {@link KeyedBuffer}, emitting its chunks as it fills. */
  private static final class PackFilesFn extends DoFn<FileIO.ReadableFile, KV<byte[], RowChunk>> {
    private final RowSchema schema;
    private final int[] keyIndices;
    private final String[] columns;
    private final HashSet<String> partitions;
    private final Counter rowsIn = RowCounts.rowsIn();
    private transient KeyedBuffer buffered;
    private transient int maxRows;
    /** The stored columns to read, and per column of the schema its index in them (or -1). */
    private transient List<String> names;

    private transient int[] readIndex;

    PackFilesFn(RowSchema schema, int[] keyIndices, String[] columns, List<String> partitions) {
      this.schema = schema;
      this.keyIndices = keyIndices;
      this.columns = columns;
      this.partitions = new HashSet<>(partitions);
    }

    @Setup
    public void setup() {
      buffered = new KeyedBuffer(RowChunk.of(schema), keyIndices, false);
      maxRows = KeyedChunks.maxRows(schema);
      names = new ArrayList<>();
      readIndex = new int[columns.length];
      for (int c = 0; c < columns.length; c++) {
        readIndex[c] = columns[c] == null ? -1 : names.size();
        if (columns[c] != null) {
          names.add(columns[c]);
        }
      }
    }

    @ProcessElement
    public void process(
        @Element FileIO.ReadableFile file, OutputReceiver<KV<byte[], RowChunk>> out)
        throws IOException {
      try (ParquetColumns stored = ParquetColumns.open(file, names)) {
        String ds = stored.partition();
        if (!partitions.contains(ds)) {
          return;
        }
        for (int rows = stored.nextRowGroup(); rows > 0; rows = stored.nextRowGroup()) {
          buffered.addRows(rows, (chunk, first, count) -> fill(stored, ds, chunk, first, count));
          rowsIn.inc(rows);
          buffered.emitIfFull(maxRows, out);
        }
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      buffered.emitAll(context);
    }

    private void fill(ParquetColumns file, String ds, RowChunk chunk, int first, int count) {
      for (int c = 0; c < columns.length; c++) {
        int stored = readIndex[c];
        if (stored < 0) {
          Arrays.fill(chunk.objectColumn(c), first, first + count, ds);
          continue;
        }
        boolean[] nulls = chunk.nullColumn(c);
        switch (chunk.storage(c)) {
          case LONG -> file.readLongs(stored, chunk.longColumn(c), nulls, first);
          case DOUBLE -> file.readDoubles(stored, chunk.doubleColumn(c), nulls, first);
          default -> file.readObjects(stored, chunk.objectColumn(c), nulls, first);
        }
      }
    }
  }
}
