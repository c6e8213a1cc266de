package org.chrononbeam.transforms.warehouse;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * The rows of one Parquet file as Avro records in the file's own schema, row group after row group:
 * what {@code AvroParquetReader} reads, without its Hadoop {@link Configuration} per file. That
 * reader builds one for every file not on a Hadoop filesystem and parses Hadoop's default XML
 * resources into it, which costs more than reading a small partition file; here the configuration
 * is empty (none of those resources sets a Parquet key, so parquet-avro reads its defaults alike).
 */
final class ParquetRows implements Closeable {

  private final ParquetFileReader file;
  private final MessageColumnIO columns;
  private final RecordMaterializer<GenericRecord> materializer;
  private RecordReader<GenericRecord> group;
  private long leftInGroup;

  private ParquetRows(
      ParquetFileReader file,
      MessageColumnIO columns,
      RecordMaterializer<GenericRecord> materializer) {
    this.file = file;
    this.columns = columns;
    this.materializer = materializer;
  }

  /** Opens {@code input}; close the rows when done. */
  static ParquetRows open(ParquetFile input) throws IOException {
    ParquetFileReader file = ParquetFileReader.open(input);
    try {
      FileMetaData footer = file.getFooter().getFileMetaData();
      MessageType fileSchema = footer.getSchema();
      Map<String, String> metadata = footer.getKeyValueMetaData();
      Configuration settings = new Configuration(false);
      AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
      ReadSupport.ReadContext context = support.init(settings, metadata, fileSchema);
      MessageType requested = context.getRequestedSchema();
      file.setRequestedSchema(requested);
      return new ParquetRows(
          file,
          new ColumnIOFactory(footer.getCreatedBy()).getColumnIO(requested, fileSchema, true),
          support.prepareForRead(settings, metadata, fileSchema, context));
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** The next row, or null after the last. */
  GenericRecord read() throws IOException {
    while (leftInGroup == 0) {
      PageReadStore pages = file.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      leftInGroup = pages.getRowCount();
      group = columns.getRecordReader(pages, materializer, FilterCompat.NOOP);
    }
    leftInGroup--;
    return group.read();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
