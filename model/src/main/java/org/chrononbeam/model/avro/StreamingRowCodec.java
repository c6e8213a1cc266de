package org.chrononbeam.model.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * A GroupBy's {@code _STREAMING} value: Avro binary of record {@code org.chrononbeam.kv.StreamingRow}
 * with the fields
 *
 * <pre>{@code
 * long ts;                       // event time, epoch ms
 * boolean is_before;             // only for entity sources (mutations)
 * union {null, T} <column>; ...  // the aggregation input columns, in order, except ts
 * }</pre>
 *
 * <p>The KV version of a row is its {@code ts}. An input column named {@code ts} is the event time
 * itself and is not repeated; a column named {@code is_before} is refused. The schema is stored in
 * the serving info ({@code selectedAvroSchema}) and read back with {@link #fromSchema}.
 *
 * <pre>{@code
 * StreamingRowCodec codec = StreamingRowCodec.of(
 *     List.of("price"), List.of(new TDataType(DataKind.DOUBLE)), false);
 * byte[] value = codec.encode(new StreamingRow(eventTs, false, new Object[] {9.99}));
 * store.multiPut(List.of(new PutRequest(keyBytes, value, streamingDataset, eventTs)));
 * }</pre>
 */
public final class StreamingRowCodec {

  /** The event-time field. */
  public static final String TS = "ts";

  /** The mutation flag field of entity sources. */
  public static final String IS_BEFORE = "is_before";

  private final List<String> columns;
  private final List<TDataType> types;
  private final boolean withIsBefore;
  private final Schema schema;
  private final AvroBinary binary;
  private final AvroValueReader[] readers;
  /**
   * Per column, how a present value is read when every column is a primitive: {@code Z} boolean,
   * {@code B} byte, {@code S} short, {@code I} int or date, {@code J} long or timestamp, {@code F}
   * float, {@code D} double (the JVM's letters); null when a column is not a primitive.
   */
  private final char[] primitives;

  private StreamingRowCodec(List<String> columns, List<TDataType> types, boolean withIsBefore) {
    this.columns = List.copyOf(columns);
    this.types = types.stream().map(TDataType::deepCopy).toList();
    this.withIsBefore = withIsBefore;
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("StreamingRow")
        .namespace("org.chrononbeam.kv")
        .fields()
        .requiredLong(TS);
    if (withIsBefore) {
      fields = fields.requiredBoolean(IS_BEFORE);
    }
    for (int i = 0; i < columns.size(); i++) {
      fields = fields.name(columns.get(i))
          .type(AvroTypes.nullable(AvroTypes.schemaOf(types.get(i))))
          .withDefault(null);
    }
    this.schema = fields.endRecord();
    this.binary = new AvroBinary(schema);
    int offset = withIsBefore ? 2 : 1;
    this.readers = new AvroValueReader[columns.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = AvroValueReader.of(schema.getFields().get(offset + i).schema());
    }
    char[] kinds = new char[columns.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = switch (this.types.get(i).getKind()) {
        case BOOLEAN -> 'Z';
        case BYTE -> 'B';
        case SHORT -> 'S';
        case INT, DATE -> 'I';
        case LONG, TIMESTAMP -> 'J';
        case FLOAT -> 'F';
        case DOUBLE -> 'D';
        default -> 0;
      };
      if (kinds[i] == 0) {
        kinds = null;
        break;
      }
    }
    this.primitives = kinds;
  }

  /**
   * The codec of rows of the aggregation input columns {@code names} with {@code types}.
   *
   * @param withIsBefore true for entity sources, whose rows may be mutation before-images
   * @throws IllegalArgumentException if the lists differ in length, a column is named {@code
   *     is_before}, or a column named {@code ts} is not LONG or TIMESTAMP
   */
  public static StreamingRowCodec of(
      List<String> names, List<TDataType> types, boolean withIsBefore) {
    if (names.size() != types.size()) {
      throw new IllegalArgumentException(
          names.size() + " column names but " + types.size() + " types");
    }
    List<String> columns = new ArrayList<>();
    List<TDataType> columnTypes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      DataKind kind = types.get(i).getKind();
      if (IS_BEFORE.equals(name)) {
        throw new IllegalArgumentException("is_before is the mutation flag, not an input column");
      }
      if (TS.equals(name)) {
        if (kind != DataKind.LONG && kind != DataKind.TIMESTAMP) {
          throw new IllegalArgumentException("input column ts is the event time: LONG, not " + kind);
        }
        continue;
      }
      columns.add(name);
      columnTypes.add(types.get(i));
    }
    return new StreamingRowCodec(columns, columnTypes, withIsBefore);
  }

  /** The codec of a schema written by {@link #schema()} (the serving info's {@code selectedAvroSchema}). */
  public static StreamingRowCodec fromSchema(String avroSchemaJson) {
    Schema parsed = new Schema.Parser().parse(avroSchemaJson);
    if (parsed.getType() != Schema.Type.RECORD || parsed.getField(TS) == null) {
      throw new IllegalArgumentException("a streaming row schema is a record with a ts field");
    }
    List<String> columns = new ArrayList<>();
    List<TDataType> types = new ArrayList<>();
    for (Schema.Field field : parsed.getFields()) {
      if (!field.name().equals(TS) && !field.name().equals(IS_BEFORE)) {
        columns.add(field.name());
        types.add(AvroTypes.typeOf(field.schema()));
      }
    }
    return new StreamingRowCodec(columns, types, parsed.getField(IS_BEFORE) != null);
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** The input columns a row carries besides {@code ts}, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The types of {@link #columns()} (copies). */
  public List<TDataType> types() {
    return types.stream().map(TDataType::deepCopy).toList();
  }

  /** Whether rows carry {@code is_before} (entity sources). */
  public boolean withIsBefore() {
    return withIsBefore;
  }

  /**
   * Avro binary of {@code row}.
   *
   * @throws IllegalArgumentException if the row has the wrong number of values, or is a
   *     before-image while this codec has no {@code is_before}
   */
  public byte[] encode(StreamingRow row) {
    Object[] values = row.values();
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          values.length + " values for the " + columns.size() + " columns " + columns);
    }
    if (row.isBefore() && !withIsBefore) {
      throw new IllegalArgumentException("a before-image needs a codec with is_before");
    }
    GenericRecord record = new GenericData.Record(schema);
    record.put(TS, row.ts());
    if (withIsBefore) {
      record.put(IS_BEFORE, row.isBefore());
    }
    int offset = withIsBefore ? 2 : 1;
    for (int i = 0; i < values.length; i++) {
      record.put(offset + i, AvroTypes.toAvro(values[i], types.get(i)));
    }
    return binary.encode(record);
  }

  /**
   * The row of Avro binary written by {@link #encode}.
   *
   * @throws IllegalArgumentException if the bytes are not a record of this schema
   */
  public StreamingRow decode(byte[] bytes) {
    return decode(bytes, StreamingRow::new);
  }

  /** Makes a row object of a decoded row's fields. */
  @FunctionalInterface
  public interface RowMaker<T> {
    /** The row of event time {@code ts}, mutation flag {@code isBefore} and column values. */
    T make(long ts, boolean isBefore, Object[] values);
  }

  /**
   * {@link #decode(byte[])} into the caller's row type, so a reader that needs its own row object
   * does not build a {@link StreamingRow} first.
   *
   * @throws IllegalArgumentException if the bytes are not a record of this schema
   */
  public <T> T decode(byte[] bytes, RowMaker<T> maker) {
    if (primitives != null) {
      return decodePrimitives(bytes, maker);
    }
    return AvroValueReader.decode(schema, bytes, in -> {
      long ts = in.readLong();
      boolean isBefore = withIsBefore && in.readBoolean();
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = AvroTypes.fromAvro(readers[i].read(in), types.get(i));
      }
      return maker.make(ts, isBefore, values);
    });
  }

  /** Whether every column is a primitive, so that {@link #decodeColumns} can read the rows. */
  public boolean readsColumns() {
    return primitives != null;
  }

  /**
   * The rows {@code 0} to {@code size - 1} of {@code values}, each Avro binary written by {@link
   * #encode}, decoded column by column into primitive arrays. Only when {@link #readsColumns()}.
   *
   * @throws IllegalArgumentException if a value is not a record of this schema
   * @throws IllegalStateException if a column is not a primitive
   */
  public StreamingColumns decodeColumns(int size, IntFunction<byte[]> values) {
    if (primitives == null) {
      throw new IllegalStateException("the columns " + columns + " are not all primitives");
    }
    long[] ts = new long[size];
    boolean[] isBefore = withIsBefore ? new boolean[size] : null;
    boolean[] nulls = new boolean[primitives.length * size];
    boolean[] columnHasNull = new boolean[primitives.length];
    int floating = 0;
    for (char kind : primitives) {
      floating += StreamingColumns.isFloating(kind) ? 1 : 0;
    }
    long[] longs = floating < primitives.length ? new long[primitives.length * size] : null;
    double[] doubles = floating > 0 ? new double[primitives.length * size] : null;
    for (int r = 0; r < size; r++) {
      byte[] bytes = values.apply(r);
      BinaryCursor in = new BinaryCursor(bytes);
      try {
        ts[r] = in.readLong();
        if (withIsBefore) {
          isBefore[r] = in.readBoolean();
        }
        for (int c = 0, at = r; c < primitives.length; c++, at += size) {
          int branch = in.readInt();
          if (branch == 0) {
            nulls[at] = true;
            columnHasNull[c] = true;
            continue;
          }
          if (branch != 1) {
            throw new IllegalArgumentException("union branch " + branch + " of 2");
          }
          switch (primitives[c]) {
            case 'Z' -> longs[at] = in.readBoolean() ? 1 : 0;
            case 'B' -> longs[at] = (byte) in.readInt();
            case 'S' -> longs[at] = (short) in.readInt();
            case 'I' -> longs[at] = in.readInt();
            case 'J' -> longs[at] = in.readLong();
            case 'F' -> doubles[at] = in.readFloat();
            default -> doubles[at] = in.readDouble();
          }
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "not a " + schema.getFullName() + " (" + bytes.length + " bytes): " + e, e);
      }
      if (!in.atEnd()) {
        throw new IllegalArgumentException(
            "not a " + schema.getFullName() + ": " + bytes.length + " bytes, trailing data");
      }
    }
    return new StreamingColumns(
        size, ts, isBefore, primitives, nulls, columnHasNull, longs, doubles);
  }

  /** {@link #decode} of a row whose columns are all primitives, through {@link #decodeColumns}. */
  private <T> T decodePrimitives(byte[] bytes, RowMaker<T> maker) {
    StreamingColumns row = decodeColumns(1, r -> bytes);
    Object[] values = new Object[primitives.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = row.get(0, c);
    }
    return maker.make(row.ts(0), row.isBefore(0), values);
  }
}
