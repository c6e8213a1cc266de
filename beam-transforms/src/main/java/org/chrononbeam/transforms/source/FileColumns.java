package org.chrononbeam.transforms.source;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.chrononbeam.transforms.warehouse.ParquetColumns;

/**
 * Which stored Parquet columns fill which columns of a {@link RowChunk}, for reads that copy
 * columns as they are ({@link PackedRead#fileColumns}): each chunk column is a stored column or the
 * partition's {@code ds}. Reads a row group's values straight into the chunk's arrays.
 */
final class FileColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] columns;
  private final HashSet<String> partitions;
  /** The stored columns to read, and per chunk column its index in them (or -1 for ds). */
  private final List<String> names = new ArrayList<>();

  private final int[] readIndex;

  /**
   * Per chunk column, the stored column it copies, or null for {@code ds}; only files of {@code
   * partitions} are read.
   */
  FileColumns(String[] columns, List<String> partitions) {
    this.columns = columns.clone();
    this.partitions = new HashSet<>(partitions);
    this.readIndex = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      readIndex[c] = columns[c] == null ? -1 : names.size();
      if (columns[c] != null) {
        names.add(columns[c]);
      }
    }
  }

  /** What takes each row group of a file. */
  interface RowGroups {
    /**
     * Takes a row group of {@code rows} rows, to be read with {@link #fill} from {@code file} (a
     * file of partition {@code ds}).
     */
    void take(ParquetColumns file, String ds, int rows);
  }

  /**
   * Hands each row group of {@code file} to {@code rowGroups}, and counts its rows in {@code
   * rowsIn}; reads nothing of a file outside the selected partitions.
   */
  void readRowGroups(FileIO.ReadableFile file, Counter rowsIn, RowGroups rowGroups)
      throws IOException {
    try (ParquetColumns stored = ParquetColumns.open(file, names)) {
      String ds = stored.partition();
      if (!partitions.contains(ds)) {
        return;
      }
      for (int rows = stored.nextRowGroup(); rows > 0; rows = stored.nextRowGroup()) {
        rowGroups.take(stored, ds, rows);
        rowsIn.inc(rows);
      }
    }
  }

  /** Fills rows from {@code first} of {@code chunk} with the current row group of {@code file}. */
  void fill(ParquetColumns file, String ds, RowChunk chunk, int first) {
    int count = chunk.size() - first;
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
