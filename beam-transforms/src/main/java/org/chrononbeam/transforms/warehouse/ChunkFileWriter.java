package org.chrononbeam.transforms.warehouse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.chrononbeam.aggregator.ops.DoubleList;
import org.chrononbeam.aggregator.ops.LongList;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.RowChunk;

/**
 * Writes one warehouse file from rows of {@link RowChunk}s: the same file as {@link ParquetSink}
 * writes for the same rows (the Parquet schema parquet-avro derives from the file's Avro schema,
 * that Avro schema in the footer, the same writer configuration), but each value goes from the
 * chunk's columns to Parquet's record consumer, numbers unboxed, without an Avro record or an
 * {@code Object[]} per row. Each file column is found by name in the chunk's schema; a chunk column
 * the file does not have ({@code ds}) is not written.
 *
 * <p>Nested values follow parquet-avro's default layout: a list is a group of one repeated field
 * (null elements are refused, as parquet-avro refuses them), a map a group of repeated {@code
 * key}/{@code value} groups, a struct ({@code Object[]} by field position) a group of its fields.
 */
final class ChunkFileWriter {

  /** Where parquet-avro keeps the Avro schema of a file, which its readers use. */
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  /** The object model parquet-avro names in the footer ({@code writer.model.name}). */
  private static final String AVRO_MODEL = "avro";

  private final WritableByteChannel channel;
  private final ParquetWriter<ChunkRow> writer;
  private final ChunkRow cursor = new ChunkRow();

  /**
   * A writer of rows of {@code rowSchema} to {@code channel}, which it closes, as a file of Parquet
   * type {@code fileType} (parquet-avro's conversion of Avro schema {@code avroSchemaJson}).
   */
  ChunkFileWriter(
      WritableByteChannel channel, MessageType fileType, String avroSchemaJson, RowSchema rowSchema)
      throws IOException {
    this.channel = channel;
    this.writer =
        ParquetSink.configured(
                new Builder(
                    new ParquetSink.ChannelFile(channel),
                    new ChunkWriteSupport(fileType, avroSchemaJson, rowSchema)),
                fileType)
            .build();
  }

  /** Appends row {@code row} of {@code chunk}. */
  void write(RowChunk chunk, int row) throws IOException {
    cursor.chunk = chunk;
    cursor.row = row;
    writer.write(cursor);
  }

  /** Completes the file (its footer) and closes the channel. */
  void close() throws IOException {
    try {
      writer.close();
    } finally {
      channel.close();
    }
  }

  /** Closes the channel of a file left incomplete, which must then not be used. */
  void abandon() throws IOException {
    channel.close();
  }

  /** One row of a chunk: what the write support writes. */
  private static final class ChunkRow {
    private RowChunk chunk;
    private int row;
  }

  private static final class Builder extends ParquetWriter.Builder<ChunkRow, Builder> {
    private final ChunkWriteSupport support;

    Builder(OutputFile file, ChunkWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ChunkRow> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** Writes one row of a chunk to Parquet's record consumer. */
  private static final class ChunkWriteSupport extends WriteSupport<ChunkRow> {
    private final MessageType fileType;
    private final String avroSchemaJson;

    /** Per field of the file, its column in the chunks. */
    private final int[] columns;

    /** Per field of the file, whether it is a string. */
    private final boolean[] strings;

    private RecordConsumer out;

    ChunkWriteSupport(MessageType fileType, String avroSchemaJson, RowSchema rowSchema) {
      this.fileType = fileType;
      this.avroSchemaJson = avroSchemaJson;
      this.columns = new int[fileType.getFieldCount()];
      this.strings = new boolean[columns.length];
      for (int i = 0; i < columns.length; i++) {
        String name = fileType.getFieldName(i);
        columns[i] = rowSchema.indexOf(name);
        if (columns[i] < 0) {
          throw new IllegalArgumentException(
              "rows of " + rowSchema.names() + " have no column " + name);
        }
        strings[i] = isString(fileType.getType(i));
      }
    }

    @Override
    public String getName() {
      return AVRO_MODEL;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(fileType, Map.of(AVRO_SCHEMA_KEY, avroSchemaJson));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(ChunkRow cursor) {
      RowChunk chunk = cursor.chunk;
      int row = cursor.row;
      out.startMessage();
      for (int i = 0; i < columns.length; i++) {
        int column = columns[i];
        if (chunk.isNull(column, row)) {
          continue;
        }
        Type type = fileType.getType(i);
        String name = type.getName();
        out.startField(name, i);
        if (!type.isPrimitive()) {
          writeGroup(chunk.get(column, row), type.asGroupType());
        } else {
          switch (type.asPrimitiveType().getPrimitiveTypeName()) {
            case BOOLEAN -> out.addBoolean(chunk.getLong(column, row) != 0);
            case INT32 -> out.addInteger((int) chunk.getLong(column, row));
            case INT64 -> out.addLong(chunk.getLong(column, row));
            case FLOAT -> out.addFloat((float) chunk.getDouble(column, row));
            case DOUBLE -> out.addDouble(chunk.getDouble(column, row));
            default -> out.addBinary(binary(chunk.get(column, row), strings[i]));
          }
        }
        out.endField(name, i);
      }
      out.endMessage();
    }

    /** A nested value (list, map or struct) of a column or field of group type {@code type}. */
    private void writeGroup(Object value, GroupType type) {
      LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
      out.startGroup();
      if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        writeElements((List<?>) value, type);
      } else if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
        Map<?, ?> map = (Map<?, ?>) value;
        GroupType entry = type.getType(0).asGroupType();
        if (!map.isEmpty()) {
          out.startField(entry.getName(), 0);
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.startGroup();
            writeField(e.getKey(), entry, 0);
            writeField(e.getValue(), entry, 1);
            out.endGroup();
          }
          out.endField(entry.getName(), 0);
        }
      } else {
        Object[] fields = (Object[]) value;
        for (int i = 0; i < fields.length; i++) {
          writeField(fields[i], type, i);
        }
      }
      out.endGroup();
    }

    /**
     * The elements of a list, inside its group {@code type}: the one place a list is read, unboxed
     * from a {@link LongList} or {@link DoubleList}, else through {@link List#get}.
     */
    private void writeElements(List<?> list, GroupType type) {
      if (list.isEmpty()) {
        return;
      }
      Type element = type.getType(0);
      out.startField(element.getName(), 0);
      if (!writesUnboxed(list, element)) {
        for (int i = 0; i < list.size(); i++) {
          Object value = list.get(i);
          if (value == null) {
            throw new IllegalArgumentException(
                "list column " + type.getName() + " holds a null element at " + i);
          }
          writeValue(value, element);
        }
      }
      out.endField(element.getName(), 0);
    }

    /**
     * Writes the elements of a {@link LongList} or {@link DoubleList} of primitive elements
     * without boxing them; false, writing nothing, for other lists.
     */
    private boolean writesUnboxed(List<?> list, Type element) {
      if (!element.isPrimitive()) {
        return false;
      }
      PrimitiveTypeName stored = element.asPrimitiveType().getPrimitiveTypeName();
      if (list instanceof LongList longs && stored == PrimitiveTypeName.INT64) {
        for (int i = 0; i < longs.size(); i++) {
          out.addLong(longs.getLong(i));
        }
        return true;
      }
      if (list instanceof DoubleList doubles && stored == PrimitiveTypeName.DOUBLE) {
        for (int i = 0; i < doubles.size(); i++) {
          out.addDouble(doubles.getDouble(i));
        }
        return true;
      }
      return false;
    }

    /** Field {@code index} of group {@code group} holding {@code value}, unless it is null. */
    private void writeField(Object value, GroupType group, int index) {
      if (value == null) {
        return;
      }
      Type type = group.getType(index);
      out.startField(type.getName(), index);
      writeValue(value, type);
      out.endField(type.getName(), index);
    }

    /** A nested value, boxed as lists, maps and structs hold them, of type {@code type}. */
    private void writeValue(Object value, Type type) {
      if (!type.isPrimitive()) {
        writeGroup(value, type.asGroupType());
        return;
      }
      switch (type.asPrimitiveType().getPrimitiveTypeName()) {
        case BOOLEAN -> out.addBoolean((Boolean) value);
        case INT32 -> out.addInteger(((Number) value).intValue());
        case INT64 -> out.addLong(((Number) value).longValue());
        case FLOAT -> out.addFloat(((Number) value).floatValue());
        case DOUBLE -> out.addDouble(((Number) value).doubleValue());
        default -> out.addBinary(binary(value, isString(type)));
      }
    }

    private static boolean isString(Type type) {
      return type.isPrimitive()
          && type.getLogicalTypeAnnotation()
              instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
    }

    private static Binary binary(Object value, boolean string) {
      if (string) {
        return Binary.fromString(value.toString());
      }
      if (value instanceof byte[] bytes) {
        return Binary.fromConstantByteArray(bytes);
      }
      return Binary.fromReusedByteBuffer((ByteBuffer) value);
    }
  }
}
