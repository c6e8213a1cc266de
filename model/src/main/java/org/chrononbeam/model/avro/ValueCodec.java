package org.chrononbeam.model.avro;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.api.TDataType;

/**
 * A row of named, typed, nullable columns as Avro binary: a record with one nullable field per
 * column, in order (types as {@link AvroTypes} writes them). It is the form of a SNAPSHOT GroupBy's
 * {@code _BATCH} value (its finalized outputs, record {@code Outputs}), of a GroupBy without
 * aggregations' {@code _BATCH} value (its selected row), and of the serving info's {@code
 * inputAvroSchema} (the aggregation input columns, record {@code Input}).
 *
 * <pre>{@code
 * ValueCodec outputs = ValueCodec.of("Outputs", List.of("price_sum_1d", "price_count_1d"),
 *     List.of(new TDataType(DataKind.DOUBLE), new TDataType(DataKind.LONG)));
 * byte[] value = outputs.encode(new Object[] {12.5, 3L});
 * Object[] back = outputs.decode(value);                   // {12.5, 3L}
 * }</pre>
 */
public final class ValueCodec {

  private final List<String> names;
  private final List<TDataType> types;
  private final Schema schema;
  private final AvroBinary binary;

  private ValueCodec(Schema schema, List<String> names, List<TDataType> types) {
    this.names = List.copyOf(names);
    this.types = types.stream().map(TDataType::deepCopy).toList();
    this.schema = schema;
    this.binary = new AvroBinary(schema);
  }

  /**
   * The codec of rows of columns {@code names} with {@code types}, as record {@code
   * org.chrononbeam.kv.<recordName>}.
   *
   * @throws IllegalArgumentException if the lists differ in length, a name is not a valid Avro
   *     field name or appears twice, or a type has no Avro form
   */
  public static ValueCodec of(String recordName, List<String> names, List<TDataType> types) {
    if (names.size() != types.size()) {
      throw new IllegalArgumentException(
          names.size() + " column names but " + types.size() + " types");
    }
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(recordName).namespace("org.chrononbeam.kv").fields();
    for (int i = 0; i < names.size(); i++) {
      fields = fields.name(names.get(i))
          .type(AvroTypes.nullable(AvroTypes.schemaOf(types.get(i))))
          .withDefault(null);
    }
    return new ValueCodec(fields.endRecord(), names, types);
  }

  /** The codec of a record schema written by {@link #schema()}. */
  public static ValueCodec fromSchema(String avroSchemaJson) {
    Schema parsed = new Schema.Parser().parse(avroSchemaJson);
    if (parsed.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a value schema is a record, found " + parsed.getType());
    }
    List<String> names = new ArrayList<>();
    List<TDataType> types = new ArrayList<>();
    for (Schema.Field field : parsed.getFields()) {
      names.add(field.name());
      types.add(AvroTypes.typeOf(field.schema()));
    }
    return new ValueCodec(parsed, names, types);
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** The column names, in order. */
  public List<String> names() {
    return names;
  }

  /** The column types, in order (copies). */
  public List<TDataType> types() {
    return types.stream().map(TDataType::deepCopy).toList();
  }

  /** Avro binary of {@code values}, one per column (null allowed), in their in-memory form. */
  public byte[] encode(Object[] values) {
    if (values.length != names.size()) {
      throw new IllegalArgumentException(
          values.length + " values for the " + names.size() + " columns " + names);
    }
    GenericRecord record = new GenericData.Record(schema);
    for (int i = 0; i < values.length; i++) {
      record.put(i, AvroTypes.toAvro(values[i], types.get(i)));
    }
    return binary.encode(record);
  }

  /**
   * The values of Avro binary written by {@link #encode}, one per column, in their in-memory form.
   *
   * @throws IllegalArgumentException if the bytes are not a record of this schema
   */
  public Object[] decode(byte[] bytes) {
    GenericRecord record = binary.decode(bytes);
    Object[] values = new Object[names.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = AvroTypes.fromAvro(record.get(i), types.get(i));
    }
    return values;
  }
}
