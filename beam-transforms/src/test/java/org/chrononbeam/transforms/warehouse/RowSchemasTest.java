package org.chrononbeam.transforms.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link RowSchemas.Projection}, which matches field positions once, against a projection that
 * looks every field up by name for every row, on random rows of every column kind with nulls.
 */
class RowSchemasTest {

  private static final Schema INNER =
      SchemaBuilder.record("inner").fields().optionalLong("a").optionalString("b").endRecord();

  /** One nullable field of every kind the warehouse stores, by name. */
  private static final List<Schema.Field> FIELDS =
      SchemaBuilder.record("all")
          .fields()
          .optionalBoolean("f_boolean")
          .optionalInt("f_int")
          .optionalLong("f_long")
          .optionalFloat("f_float")
          .optionalDouble("f_double")
          .optionalString("f_string")
          .optionalBytes("f_bytes")
          .name("f_list").type().optional().array().items().longType()
          .name("f_map").type().optional().map().values().doubleType()
          .name("f_struct").type().optional().type(INNER)
          .endRecord()
          .getFields();

  /** A projection by name for each row: the reference. */
  private static GenericRecord naive(GenericRecord source, Schema target) {
    GenericData.Record copy = new GenericData.Record(target);
    for (Schema.Field field : target.getFields()) {
      Schema.Field from = source.getSchema().getField(field.name());
      copy.put(field.name(), from == null ? null : source.get(field.name()));
    }
    return copy;
  }

  /** Whether {@code target}'s fields are the first fields of {@code source}, by name. */
  private static boolean isPrefix(Schema source, Schema target) {
    List<String> names = new ArrayList<>();
    source.getFields().forEach(f -> names.add(f.name()));
    List<String> wanted = new ArrayList<>();
    target.getFields().forEach(f -> wanted.add(f.name()));
    return names.size() >= wanted.size() && names.subList(0, wanted.size()).equals(wanted);
  }

  private static Schema randomSchema(Random random, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : FIELDS) {
      if (random.nextInt(4) != 0) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Collections.shuffle(fields, random);
    return Schema.createRecord(name, null, "test", false, fields);
  }

  private static Object randomValue(Random random, String field) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    return switch (field) {
      case "f_boolean" -> random.nextBoolean();
      case "f_int" -> random.nextInt();
      case "f_long" -> random.nextLong();
      case "f_float" -> random.nextFloat();
      case "f_double" -> random.nextInt(5) == 0 ? Double.NaN : random.nextDouble();
      case "f_string" -> "s" + random.nextInt(10);
      case "ds" -> "2024-01-0" + (1 + random.nextInt(9));
      case "f_bytes" -> ByteBuffer.wrap(new byte[] {(byte) random.nextInt()});
      case "f_list" -> List.of(random.nextLong(), random.nextLong());
      case "f_map" -> Map.of("k" + random.nextInt(3), random.nextDouble());
      case "f_struct" -> {
        GenericData.Record inner = new GenericData.Record(INNER);
        inner.put("a", random.nextInt(3) == 0 ? null : random.nextLong());
        inner.put("b", "x");
        yield inner;
      }
      default -> throw new IllegalArgumentException(field);
    };
  }

  private static GenericRecord randomRow(Random random, Schema schema) {
    GenericData.Record row = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      row.put(field.pos(), randomValue(random, field.name()));
    }
    return row;
  }

  @Test
  void projectionMatchesTheLookupByNameOnRandomSchemasAndRows() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      Schema target = randomSchema(random, "target");
      Schema first =
          random.nextInt(3) == 0 ? RowSchemas.withDs(target) : randomSchema(random, "stored");
      Schema second = randomSchema(random, "stored");
      RowSchemas.Projection projection = RowSchemas.Projection.of(first, target);
      for (int i = 0; i < 20; i++) {
        Schema schema = random.nextBoolean() ? first : second;
        GenericRecord row = randomRow(random, schema);
        projection = projection.from(schema);
        assertEquals(naive(row, target), projection.apply(row), "round " + round);
        assertEquals(isPrefix(schema, target), projection.isPrefix());
        assertEquals(naive(row, target), RowSchemas.project(row, target));
      }
    }
  }

  @Test
  void projectionIsReusedForTheSameOrAnEqualSourceSchema() {
    Schema target = Schema.createRecord("t", null, "test", false, copy(FIELDS));
    Schema source = Schema.createRecord("t", null, "test", false, copy(FIELDS));
    RowSchemas.Projection projection = RowSchemas.Projection.of(source, target);
    assertSame(projection, projection.from(source));
    assertSame(projection, projection.from(new Schema.Parser().parse(source.toString())));
  }

  private static List<Schema.Field> copy(List<Schema.Field> fields) {
    List<Schema.Field> copies = new ArrayList<>();
    fields.forEach(f -> copies.add(new Schema.Field(f, f.schema())));
    return copies;
  }
}
