package org.chrononbeam.model.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.api.Test;

class AvroTypesTest {

  @Test
  void everyKindWithAnAvroFormReadsBackAsItself() {
    TDataType list = new TDataType(DataKind.LIST).setParams(List.of(
        new DataField().setName("elem").setDataType(new TDataType(DataKind.DOUBLE))));
    TDataType map = new TDataType(DataKind.MAP).setParams(List.of(
        new DataField().setName("key").setDataType(new TDataType(DataKind.STRING)),
        new DataField().setName("value").setDataType(new TDataType(DataKind.LONG))));
    for (TDataType type : List.of(new TDataType(DataKind.BOOLEAN), new TDataType(DataKind.INT),
        new TDataType(DataKind.LONG), new TDataType(DataKind.FLOAT),
        new TDataType(DataKind.DOUBLE), new TDataType(DataKind.STRING),
        new TDataType(DataKind.BINARY), new TDataType(DataKind.DATE),
        new TDataType(DataKind.TIMESTAMP), list, map)) {
      Schema schema = AvroTypes.schemaOf(type);
      assertEquals(type, AvroTypes.typeOf(schema), schema.toString());
      assertEquals(type, AvroTypes.typeOf(AvroTypes.nullable(schema)), schema.toString());
    }
  }

  @Test
  void warehouseOnlyFormsMapToTheNearestKind() {
    Schema record = SchemaBuilder.record("Address").fields()
        .optionalString("city").requiredInt("zip").endRecord();
    TDataType struct = AvroTypes.typeOf(record, "address");
    assertEquals(DataKind.STRUCT, struct.getKind());
    assertEquals("Address", struct.getName());
    assertEquals(List.of("city", "zip"),
        struct.getParams().stream().map(DataField::getName).toList());
    assertEquals(DataKind.STRING, AvroTypes.typeOf(
        SchemaBuilder.enumeration("Color").symbols("RED", "BLUE"), "color").getKind());
    assertEquals(DataKind.BINARY,
        AvroTypes.typeOf(SchemaBuilder.fixed("Hash").size(16), "hash").getKind());
  }

  @Test
  void typesWithoutAChrononKindAreRefusedWithTheColumnNamed() {
    Schema twoTypes = SchemaBuilder.unionOf().nullType().and().intType().and().stringType()
        .endUnion();
    assertMessage("column amount is a union of several types", twoTypes, "amount");
    assertMessage("column nothing is always null",
        SchemaBuilder.unionOf().nullType().endUnion(), "nothing");
    Schema nested = SchemaBuilder.record("Outer").fields()
        .name("inner").type(twoTypes).noDefault().endRecord();
    assertMessage("column outer.inner is a union of several types", nested, "outer");
  }

  private static void assertMessage(String expected, Schema schema, String column) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> AvroTypes.typeOf(schema, column));
    assertTrue(error.getMessage().startsWith(expected), error.getMessage());
  }
}
