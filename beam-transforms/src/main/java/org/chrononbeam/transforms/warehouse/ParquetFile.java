package org.chrononbeam.transforms.warehouse;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file on any Beam filesystem, opened through {@link FileSystems} rather than Hadoop's:
 * its Avro schema (from the footer) and its rows.
 */
final class ParquetFile implements InputFile {

  /** The footer key where parquet-avro stores the writer's Avro schema. */
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private final ResourceId resource;
  private final long length;

  private ParquetFile(ResourceId resource, long length) {
    this.resource = resource;
    this.length = length;
  }

  /** The file a match found. */
  static ParquetFile of(MatchResult.Metadata metadata) {
    return new ParquetFile(metadata.resourceId(), metadata.sizeBytes());
  }

  /** The file at {@code path}, a local path or URI. */
  static ParquetFile at(String path) throws IOException {
    return of(FileSystems.matchSingleFileSpec(path));
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(resource);
    return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }
    };
  }

  /**
   * The Avro schema of the file's rows: the one parquet-avro stored in the footer, or else (files
   * written by Spark or other tools) the Parquet schema converted to Avro.
   */
  Schema avroSchema() throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(this)) {
      FileMetaData footer = reader.getFooter().getFileMetaData();
      String stored = footer.getKeyValueMetaData().get(AVRO_SCHEMA_KEY);
      if (stored != null) {
        return new Schema.Parser().parse(stored);
      }
      return new AvroSchemaConverter().convert(footer.getSchema());
    }
  }

  /** A reader of the file's rows, in its own schema; close it when done. */
  ParquetRows openRows() throws IOException {
    return ParquetRows.open(this);
  }

  @Override
  public String toString() {
    return resource.toString();
  }
}
