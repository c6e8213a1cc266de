package org.chrononbeam.transforms.source;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.avro.AvroTypes;

/**
 * The bridge between warehouse rows (Avro records) and the {@code Object[]} rows that queries,
 * aggregations and derivations work on, in both directions: schemas ({@link #rowSchema}, {@link
 * #avroSchema}) and values ({@link #toValues}, {@link #toRecord}).
 *
 * <p>Avro to Chronon kinds: {@code boolean, int, long, float, double, string, bytes} map to {@code
 * BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BINARY}; {@code int} with the {@code date} logical
 * type to {@code DATE}; {@code long} with {@code timestamp-millis} to {@code TIMESTAMP}; arrays to
 * {@code LIST}, maps to {@code MAP<STRING, _>}, records to {@code STRUCT}. A {@code ["null", T]}
 * union is {@code T}. Values become the in-memory form of {@link Column}: strings {@link String}
 * (never Avro's {@code Utf8}), lists {@link List}, maps {@link Map} with {@link String} keys,
 * binaries {@link ByteBuffer}.
 *
 * <p>Chronon kinds to Avro (for output tables): every column nullable; {@code BYTE} and {@code
 * SHORT} widen to {@code int}; {@code DATE} is {@code int} with the {@code date} logical type and
 * {@code TIMESTAMP} {@code long} with {@code timestamp-millis}.
 */
public final class AvroColumns {

  private AvroColumns() {}

  /** The columns of a record schema, in order, with their Chronon types. */
  public static RowSchema rowSchema(Schema record) {
    RowSchema.Builder columns = RowSchema.builder();
    for (Schema.Field field : record.getFields()) {
      columns.add(new Column(field.name(), AvroTypes.typeOf(field.schema(), field.name())));
    }
    return columns.build();
  }

  /** A record schema named {@code name} with one nullable field per column. */
  public static Schema avroSchema(String name, RowSchema columns) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Column column : columns.columns()) {
      fields.add(
          new Schema.Field(
              column.name(), AvroTypes.nullable(avroOf(column.type())), null, Schema.NULL_VALUE));
    }
    return Schema.createRecord(name, null, "org.chrononbeam.rows", false, fields);
  }

  /** The values of {@code record}, in the order of its schema's fields, in in-memory form. */
  public static Object[] toValues(GenericRecord record) {
    return toValues(record, new Object[record.getSchema().getFields().size()]);
  }

  /**
   * {@link #toValues(GenericRecord)} into {@code values}, which is as long as the record has
   * fields, and returns it.
   */
  public static Object[] toValues(GenericRecord record, Object[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = fromAvro(record.get(i));
    }
    return values;
  }

  /** A record of {@code schema} (as {@link #avroSchema} builds) holding {@code values}. */
  public static GenericRecord toRecord(Schema schema, RowSchema columns, Object[] values) {
    GenericData.Record record = new GenericData.Record(schema);
    for (int i = 0; i < values.length; i++) {
      Column column = columns.column(i);
      boolean asIs =
          isAvroForm(column.kind())
              || (column.kind() == DataKind.LIST && isAvroForm(column.elementKind()));
      record.put(i, asIs ? values[i] : toAvro(values[i], column.type()));
    }
    return record;
  }

  /** Whether values of {@code kind} are already in Avro's form ({@link #toAvro} returns them). */
  private static boolean isAvroForm(DataKind kind) {
    return switch (kind) {
      case BYTE, SHORT, STRING, BINARY, LIST, MAP, STRUCT -> false;
      default -> true;
    };
  }

  private static Schema avroOf(TDataType type) {
    switch (type.getKind()) {
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case STRING:
      case BINARY:
      case DATE:
      case TIMESTAMP:
        return AvroTypes.schemaOf(type);
      case LIST:
        return Schema.createArray(AvroTypes.nullable(avroOf(type.getParams().get(0).getDataType())));
      case MAP:
        return Schema.createMap(AvroTypes.nullable(avroOf(type.getParams().get(1).getDataType())));
      case STRUCT:
        List<Schema.Field> fields = new ArrayList<>();
        for (DataField f : type.getParams()) {
          fields.add(
              new Schema.Field(
                  f.getName(), AvroTypes.nullable(avroOf(f.getDataType())), null, Schema.NULL_VALUE));
        }
        String name = type.isSetName() ? type.getName() : "struct" + fields.size();
        return Schema.createRecord(name, null, "org.chrononbeam.rows", false, fields);
      default:
        throw new IllegalArgumentException("no Avro type for " + type);
    }
  }

  private static Object fromAvro(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
      return value.toString();
    }
    if (value instanceof GenericData.Fixed) {
      return ByteBuffer.wrap(((GenericData.Fixed) value).bytes());
    }
    if (value instanceof List<?>) {
      List<Object> list = new ArrayList<>(((List<?>) value).size());
      for (Object element : (List<?>) value) {
        list.add(fromAvro(element));
      }
      return list;
    }
    if (value instanceof Map<?, ?>) {
      Map<String, Object> map = new HashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        map.put(entry.getKey().toString(), fromAvro(entry.getValue()));
      }
      return map;
    }
    if (value instanceof GenericRecord) {
      return toValues((GenericRecord) value);
    }
    return value;
  }

  private static Object toAvro(Object value, TDataType type) {
    if (value == null) {
      return null;
    }
    switch (type.getKind()) {
      case BYTE:
      case SHORT:
        return ((Number) value).intValue();
      case STRING:
        return value.toString();
      case BINARY:
        return value instanceof byte[] ? ByteBuffer.wrap((byte[]) value) : value;
      case LIST:
        TDataType element = type.getParams().get(0).getDataType();
        if (isAvroForm(element.getKind())) {
          return value;
        }
        List<Object> list = new ArrayList<>(((List<?>) value).size());
        for (Object e : (List<?>) value) {
          list.add(toAvro(e, element));
        }
        return list;
      case MAP:
        TDataType valueType = type.getParams().get(1).getDataType();
        Map<String, Object> map = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey().toString(), toAvro(entry.getValue(), valueType));
        }
        return map;
      case STRUCT:
        Schema schema = avroOf(type);
        Object[] fields = (Object[]) value;
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < fields.length; i++) {
          record.put(i, toAvro(fields[i], type.getParams().get(i).getDataType()));
        }
        return record;
      default:
        return value;
    }
  }
}
