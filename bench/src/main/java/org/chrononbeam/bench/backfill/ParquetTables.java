package org.chrononbeam.bench.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads every row of a warehouse table's {@code ds=*}/{@code part-*.parquet} files. */
final class ParquetTables {

  private ParquetTables() {}

  /** The Parquet files of table {@code namespace/name} under {@code warehouse}, in path order. */
  static List<Path> files(Path warehouse, String namespace, String name) throws IOException {
    try (Stream<Path> paths = Files.walk(warehouse.resolve(namespace).resolve(name))) {
      return paths
          .filter(p -> p.getParent().getFileName().toString().startsWith("ds="))
          .filter(p -> p.getFileName().toString().startsWith("part-"))
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  /** Passes every row of the table to {@code sink}. */
  static void forEachRow(Path warehouse, String namespace, String name, Consumer<GenericRecord> sink)
      throws IOException {
    Configuration conf = new Configuration();
    for (Path file : files(warehouse, namespace, name)) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toUri()), conf))
              .build()) {
        for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
          sink.accept(row);
        }
      }
    }
  }
}
