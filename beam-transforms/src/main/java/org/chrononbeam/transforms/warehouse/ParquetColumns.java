package org.chrononbeam.transforms.warehouse;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Some top-level columns of one warehouse Parquet file, read row group by row group straight into
 * arrays of primitives (and strings), without assembling a record per row: what a reader that only
 * copies columns needs, with no boxing.
 *
 * <pre>{@code
 * try (ParquetColumns columns = ParquetColumns.open(file, List.of("user_id", "price"))) {
 *   String ds = columns.partition();
 *   for (int rows = columns.nextRowGroup(); rows > 0; rows = columns.nextRowGroup()) {
 *     columns.readLongs(0, ids, idNulls, 0);
 *     columns.readDoubles(1, prices, priceNulls, 0);
 *   }
 * }
 * }</pre>
 *
 * <p>A column the file lacks (a partition written before the column was added) reads as nulls,
 * as {@link WarehouseIO#read} reads it. Each column is read by the method of its storage: {@link
 * #readLongs} for {@code int} (also {@code date}), {@code long} (also timestamps) and {@code
 * boolean} (1 or 0) columns, {@link #readDoubles} for {@code float} and {@code double}, {@link
 * #readObjects} for strings ({@link String}) and bytes ({@link ByteBuffer}); any other (nested
 * columns, decimals, fixed, INT96) is an error naming the file.
 */
public final class ParquetColumns implements Closeable {

  private static final PrimitiveConverter NO_CONVERTER = new PrimitiveConverter() {};

  private final String path;
  private final String partition;
  private final ParquetFileReader file;
  private final MessageType requested;
  private final String createdBy;
  private final List<String> names;
  /** Per requested column, its descriptor in the file, or null when the file lacks it. */
  private final ColumnDescriptor[] columns;

  private ColumnReadStoreImpl store;
  private int rows;

  private ParquetColumns(
      String path,
      String partition,
      ParquetFileReader file,
      MessageType requested,
      String createdBy,
      List<String> names,
      ColumnDescriptor[] columns) {
    this.path = path;
    this.partition = partition;
    this.file = file;
    this.requested = requested;
    this.createdBy = createdBy;
    this.names = names;
    this.columns = columns;
  }

  /**
   * Opens {@code file}, a partition file of a warehouse table, to read the columns {@code names};
   * close it when done.
   *
   * @throws IllegalArgumentException when one of the columns is not a top-level scalar
   */
  public static ParquetColumns open(FileIO.ReadableFile file, List<String> names)
      throws IOException {
    String path = file.getMetadata().resourceId().toString();
    String partition =
        Warehouse.partitionOf(path)
            .orElseThrow(() -> new IllegalStateException(path + " is not in a ds= folder"));
    ParquetFileReader reader = ParquetFileReader.open(ParquetFile.of(file.getMetadata()));
    try {
      FileMetaData footer = reader.getFooter().getFileMetaData();
      MessageType schema = footer.getSchema();
      List<Type> fields = new ArrayList<>();
      for (String name : names) {
        if (schema.containsField(name)) {
          Type field = schema.getType(name);
          if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
            throw new IllegalArgumentException(
                "column " + name + " of " + path + " is not a scalar: " + field);
          }
          fields.add(field);
        }
      }
      MessageType requested = new MessageType(schema.getName(), fields);
      reader.setRequestedSchema(requested);
      ColumnDescriptor[] columns = new ColumnDescriptor[names.size()];
      for (int i = 0; i < columns.length; i++) {
        if (requested.containsField(names.get(i))) {
          columns[i] = requested.getColumnDescription(new String[] {names.get(i)});
        }
      }
      return new ParquetColumns(
          path, partition, reader, requested, footer.getCreatedBy(), List.copyOf(names), columns);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The partition of the file: its {@code ds=} folder's date. */
  public String partition() {
    return partition;
  }

  /** Moves to the next row group that has rows and returns its number of rows, or 0 at the end. */
  public int nextRowGroup() throws IOException {
    for (PageReadStore pages = file.readNextRowGroup();
        pages != null;
        pages = file.readNextRowGroup()) {
      if (pages.getRowCount() > 0) {
        rows = Math.toIntExact(pages.getRowCount());
        store = new ColumnReadStoreImpl(pages, new NoConverters(), requested, createdBy);
        return rows;
      }
    }
    rows = 0;
    return 0;
  }

  /**
   * Reads column {@code column} (an index in the names given to {@link #open}) of the current row
   * group into {@code values[offset …]}, setting {@code nulls[offset + i]} for a null in row {@code
   * i} (and leaving it alone otherwise): an {@code int}, {@code long} or {@code boolean} column.
   */
  public void readLongs(int column, long[] values, boolean[] nulls, int offset) {
    ColumnReader reader = reader(column, nulls, offset);
    if (reader == null) {
      return;
    }
    int present = columns[column].getMaxDefinitionLevel();
    switch (type(column)) {
      case INT64 -> {
        for (int i = offset; i < offset + rows; i++, reader.consume()) {
          if (reader.getCurrentDefinitionLevel() == present) {
            values[i] = reader.getLong();
          } else {
            nulls[i] = true;
          }
        }
      }
      case INT32 -> {
        for (int i = offset; i < offset + rows; i++, reader.consume()) {
          if (reader.getCurrentDefinitionLevel() == present) {
            values[i] = reader.getInteger();
          } else {
            nulls[i] = true;
          }
        }
      }
      case BOOLEAN -> {
        for (int i = offset; i < offset + rows; i++, reader.consume()) {
          if (reader.getCurrentDefinitionLevel() == present) {
            values[i] = reader.getBoolean() ? 1 : 0;
          } else {
            nulls[i] = true;
          }
        }
      }
      default -> throw notOf(column, "integral or boolean");
    }
  }

  /** As {@link #readLongs}, for a {@code float} or {@code double} column. */
  public void readDoubles(int column, double[] values, boolean[] nulls, int offset) {
    ColumnReader reader = reader(column, nulls, offset);
    if (reader == null) {
      return;
    }
    int present = columns[column].getMaxDefinitionLevel();
    switch (type(column)) {
      case DOUBLE -> {
        for (int i = offset; i < offset + rows; i++, reader.consume()) {
          if (reader.getCurrentDefinitionLevel() == present) {
            values[i] = reader.getDouble();
          } else {
            nulls[i] = true;
          }
        }
      }
      case FLOAT -> {
        for (int i = offset; i < offset + rows; i++, reader.consume()) {
          if (reader.getCurrentDefinitionLevel() == present) {
            values[i] = reader.getFloat();
          } else {
            nulls[i] = true;
          }
        }
      }
      default -> throw notOf(column, "floating-point");
    }
  }

  /** As {@link #readLongs}, for a string ({@link String}s) or bytes column ({@link ByteBuffer}s). */
  public void readObjects(int column, Object[] values, boolean[] nulls, int offset) {
    ColumnReader reader = reader(column, nulls, offset);
    if (reader == null) {
      return;
    }
    if (type(column) != PrimitiveTypeName.BINARY) {
      throw notOf(column, "string or bytes");
    }
    LogicalTypeAnnotation annotation =
        columns[column].getPrimitiveType().getLogicalTypeAnnotation();
    boolean strings =
        annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
    int present = columns[column].getMaxDefinitionLevel();
    for (int i = offset; i < offset + rows; i++, reader.consume()) {
      if (reader.getCurrentDefinitionLevel() != present) {
        nulls[i] = true;
      } else if (strings) {
        values[i] = reader.getBinary().toStringUsingUTF8();
      } else {
        values[i] = ByteBuffer.wrap(reader.getBinary().getBytes());
      }
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** The reader of a column of the current row group, or null (its rows set null) if none. */
  private ColumnReader reader(int column, boolean[] nulls, int offset) {
    if (columns[column] == null) {
      Arrays.fill(nulls, offset, offset + rows, true);
      return null;
    }
    return store.getColumnReader(columns[column]);
  }

  private PrimitiveTypeName type(int column) {
    return columns[column].getPrimitiveType().getPrimitiveTypeName();
  }

  private IllegalStateException notOf(int column, String wanted) {
    return new IllegalStateException(
        "column "
            + names.get(column)
            + " of "
            + path
            + " is "
            + columns[column].getPrimitiveType()
            + ", not "
            + wanted);
  }

  /** The record converter a column store asks for; values are read from the readers instead. */
  private static final class NoConverters extends GroupConverter {
    @Override
    public Converter getConverter(int fieldIndex) {
      return NO_CONVERTER;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
