package org.chrononbeam.transforms.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes warehouse files: Parquet through parquet-avro, Snappy-compressed, as Beam's {@code
 * ParquetIO.sink} does, except that {@code float} and {@code double} columns, also inside lists,
 * maps and structs, and a top-level {@code long} column {@code ts} are not dictionary-encoded.
 * Computed floating-point values (sums, averages) and millisecond times are nearly all distinct, so
 * a dictionary only costs a hash lookup per value and, below the fallback size, a larger file.
 */
final class ParquetSink implements FileIO.Sink<GenericRecord> {

  /** The warehouse's event time column, epoch milliseconds: nearly every value distinct. */
  private static final String TIME_COLUMN = "ts";

  private final String schemaJson;
  private transient @Nullable ParquetWriter<GenericRecord> writer;

  /** A sink of rows of {@code schema}, the file schema (no {@code ds}). */
  ParquetSink(Schema schema) {
    this.schemaJson = schema.toString();
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    Schema schema = new Schema.Parser().parse(schemaJson);
    writer =
        configured(
                AvroParquetWriter.<GenericRecord>builder(new ChannelFile(channel))
                    .withSchema(schema)
                    .withDataModel(GenericData.get()),
                new AvroSchemaConverter().convert(schema))
            .build();
  }

  /**
   * {@code builder} set up as every warehouse file is written: Snappy, overwriting, no dictionary
   * for the floating-point columns of {@code fileType} nor for a top-level {@code long ts}.
   */
  static <T, B extends ParquetWriter.Builder<T, B>> B configured(B builder, MessageType fileType) {
    builder
        .withConf(new Configuration(false))
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    for (ColumnDescriptor column : fileType.getColumns()) {
      PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
      String path = String.join(".", column.getPath());
      if (type == PrimitiveTypeName.DOUBLE
          || type == PrimitiveTypeName.FLOAT
          || (type == PrimitiveTypeName.INT64 && path.equals(TIME_COLUMN))) {
        builder.withDictionaryEncoding(path, false);
      }
    }
    return builder;
  }

  @Override
  public void write(GenericRecord row) throws IOException {
    writer.write(row);
  }

  @Override
  public void flush() throws IOException {
    writer.close();
  }

  /** The channel Beam opened for the file, as Parquet's output file; Beam closes the channel. */
  static final class ChannelFile implements OutputFile {
    private final WritableByteChannel channel;

    ChannelFile(WritableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new CountingStream(Channels.newOutputStream(channel));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  /** Counts the bytes written (Parquet's footer records offsets); close flushes, not closes. */
  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
