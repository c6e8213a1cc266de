package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The rows of some partitions of a table, read in this JVM, outside any pipeline, one file at a
 * time: for a consumer that is itself single-machine, such as a staging query run on Calcite's
 * engine. Rows come as {@link WarehouseIO#read} makes them: in the given row schema (columns
 * matched by name, a column a file lacks is null) with {@code ds} set from the folder name.
 *
 * <pre>{@code
 * Schema rowSchema = warehouse.schema("data.events");
 * try (PartitionRows rows =
 *     PartitionRows.open(warehouse, "data.events", List.of("2023-12-01"), rowSchema)) {
 *   while (rows.hasNext()) {
 *     GenericRecord row = rows.next();
 *   }
 * }
 * }</pre>
 *
 * <p>Partitions are read in the order given, files of a partition in name order. Close the reader
 * to release the open file.
 */
public final class PartitionRows implements Iterator<GenericRecord>, AutoCloseable {

  private final Warehouse warehouse;
  private final TableName table;
  private final Iterator<String> partitions;
  private final Schema rowSchema;
  private Iterator<MatchResult.Metadata> files = Collections.emptyIterator();
  private String ds;
  private ParquetRows reader;
  private GenericRecord next;

  private PartitionRows(
      Warehouse warehouse, TableName table, List<String> partitions, Schema rowSchema) {
    this.warehouse = warehouse;
    this.table = table;
    this.partitions = List.copyOf(partitions).iterator();
    this.rowSchema = rowSchema;
  }

  /**
   * Reads {@code partitions} of {@code table} ({@code namespace.name}) into rows of {@code
   * rowSchema}, usually {@link Warehouse#schema}; a partition that does not exist has no rows.
   */
  public static PartitionRows open(
      Warehouse warehouse, String table, List<String> partitions, Schema rowSchema) {
    partitions.forEach(PartitionDates::check);
    return new PartitionRows(warehouse, TableName.parse(table), partitions, rowSchema);
  }

  @Override
  public boolean hasNext() {
    try {
      while (next == null) {
        if (reader != null) {
          next = reader.read();
          if (next == null) {
            reader.close();
            reader = null;
          }
        } else if (files.hasNext()) {
          reader = ParquetFile.of(files.next()).openRows();
        } else if (partitions.hasNext()) {
          ds = partitions.next();
          files =
              warehouse.partitionFiles(table, ds).stream()
                  .sorted(Comparator.comparing(file -> file.resourceId().toString()))
                  .iterator();
        } else {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read partition " + ds + " of " + table, e);
    }
  }

  @Override
  public GenericRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    GenericRecord row = RowSchemas.project(next, rowSchema);
    row.put(DS, ds);
    next = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
