package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.util.CoderUtils;
import org.chrononbeam.aggregator.ops.DoubleList;
import org.chrononbeam.aggregator.ops.LongList;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.builder.DataTypes;
import org.junit.jupiter.api.Test;

/** The in-flight forms of rows: the values coder, key bytes and the Avro bridge. */
class RowFormsTest {

  static final RowSchema EVERY_KIND =
      RowSchema.of(
          Column.of("b", DataKind.BOOLEAN),
          Column.of("y", DataKind.BYTE),
          Column.of("s", DataKind.SHORT),
          Column.of("i", DataKind.INT),
          Column.of("l", DataKind.LONG),
          Column.of("f", DataKind.FLOAT),
          Column.of("d", DataKind.DOUBLE),
          Column.of("str", DataKind.STRING),
          Column.of("bin", DataKind.BINARY),
          Column.of("date", DataKind.DATE),
          Column.of("time", DataKind.TIMESTAMP),
          new Column("list", list(DataKind.STRING)),
          new Column(
              "map",
              new TDataType(DataKind.MAP)
                  .setParams(
                      List.of(
                          new DataField()
                              .setName("key")
                              .setDataType(new TDataType(DataKind.STRING)),
                          new DataField().setName("value").setDataType(list(DataKind.LONG))))));

  static TDataType list(DataKind element) {
    return new TDataType(DataKind.LIST)
        .setParams(List.of(new DataField().setName("elem").setDataType(new TDataType(element))));
  }

  static Object[] fullRow() {
    return new Object[] {
      true,
      (byte) -3,
      (short) 300,
      42,
      Long.MIN_VALUE,
      1.5f,
      -0.25,
      "héllo",
      ByteBuffer.wrap(new byte[] {1, 2, 3}),
      19700,
      1_701_388_800_000L,
      Arrays.asList("a", null, "c"),
      Map.of("k", Arrays.asList(1L, null))
    };
  }

  @Test
  void valuesCoderRoundTripsEveryKindAndNulls() throws Exception {
    ValuesCoder coder = ValuesCoder.of(EVERY_KIND);
    assertEquals(EVERY_KIND, coder.schema());
    Object[] full = fullRow();
    assertArrayEquals(full, roundTrip(coder, full));
    Object[] nulls = new Object[EVERY_KIND.size()];
    assertArrayEquals(nulls, roundTrip(coder, nulls));
    assertEquals(ValuesCoder.of(EVERY_KIND), coder);
    assertThrows(Exception.class, () -> roundTrip(coder, new Object[] {true}));
  }

  /**
   * Lists of LONG, TIMESTAMP and DOUBLE elements: a {@link LongList} or {@link DoubleList} encodes
   * as the same list of boxes does, and decodes, without a null element, into one again.
   */
  @Test
  void valuesCoderKeepsNumberListsUnboxed() throws Exception {
    RowSchema lists =
        RowSchema.of(
            new Column("ids", DataTypes.list(DataTypes.of(DataKind.LONG))),
            new Column("times", DataTypes.list(DataTypes.of(DataKind.TIMESTAMP))),
            new Column("prices", DataTypes.list(DataTypes.of(DataKind.DOUBLE))),
            new Column("counts", DataTypes.list(DataTypes.of(DataKind.INT))));
    ValuesCoder coder = ValuesCoder.of(lists);
    Random random = new Random(8);
    for (int round = 0; round < 200; round++) {
      int size = random.nextInt(12);
      long[] longs = random.longs(size).toArray();
      double[] doubles = new double[size];
      for (int i = 0; i < size; i++) {
        doubles[i] = new double[] {-0.0, Double.NaN, random.nextGaussian()}[random.nextInt(3)];
      }
      List<Object> boxedLongs = new ArrayList<>(Arrays.stream(longs).boxed().toList());
      List<Object> boxedDoubles = new ArrayList<>(Arrays.stream(doubles).boxed().toList());
      List<Object> ints = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        ints.add(random.nextInt());
      }
      Object[] boxed = {boxedLongs, boxedLongs, boxedDoubles, ints};
      Object[] unboxed = {new LongList(longs), new LongList(longs), new DoubleList(doubles), ints};
      assertArrayEquals(CoderUtils.encodeToByteArray(coder, boxed),
          CoderUtils.encodeToByteArray(coder, unboxed));
      Object[] decoded = roundTrip(coder, boxed);
      assertArrayEquals(boxed, decoded);
      assertEquals(LongList.class, decoded[0].getClass());
      assertEquals(LongList.class, decoded[1].getClass());
      assertEquals(DoubleList.class, decoded[2].getClass());
      if (size > 0) {
        int at = random.nextInt(size);
        boxedLongs.set(at, null);
        boxedDoubles.set(at, null);
        Object[] withNull = {boxedLongs, boxedLongs, boxedDoubles, ints};
        assertArrayEquals(withNull, roundTrip(coder, withNull));
      }
    }
  }

  private static Object[] roundTrip(ValuesCoder coder, Object[] row) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(row, bytes);
    return coder.decode(new ByteArrayInputStream(bytes.toByteArray()));
  }

  @Test
  void keyBytesMatchAcrossIntegralTypesAndNeverForNulls() {
    int[] first = {0};
    assertArrayEquals(KeyBytes.of(new Object[] {7}, first), KeyBytes.of(new Object[] {7L}, first));
    assertArrayEquals(
        KeyBytes.of(new Object[] {"u1"}, first), KeyBytes.of(new Object[] {new Utf8("u1")}, first));
    assertFalse(
        Arrays.equals(
            KeyBytes.of(new Object[] {1}, first), KeyBytes.of(new Object[] {"1"}, first)));
    int[] both = {0, 1};
    assertFalse(
        Arrays.equals(
            KeyBytes.of(new Object[] {"ab", "c"}, both),
            KeyBytes.of(new Object[] {"a", "bc"}, both)));
    assertNull(KeyBytes.of(new Object[] {"a", null}, both));
    assertThrows(
        IllegalArgumentException.class, () -> KeyBytes.of(new Object[] {List.of(1)}, first));
  }

  /** One integral key column takes a shortcut; its bytes are those of the general encoding. */
  @Test
  void aSingleIntegralKeyEncodesAsInCompositeKeys() {
    int[] both = {0, 1};
    for (long value : new long[] {0, 1, -1, 255, 256, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40}) {
      byte[] composite = KeyBytes.of(new Object[] {value, true}, both);
      byte[] single = KeyBytes.of(new Object[] {value}, new int[] {0});
      assertArrayEquals(Arrays.copyOf(composite, composite.length - 2), single);
      if (value == (int) value) {
        assertArrayEquals(single, KeyBytes.of(new Object[] {(int) value}, new int[] {0}));
      }
    }
  }

  @Test
  void avroColumnsRoundTripSchemasAndValues() {
    Schema avro = AvroColumns.avroSchema("row", EVERY_KIND);
    RowSchema back = AvroColumns.rowSchema(avro);
    assertEquals(DataKind.INT, back.column(1).kind(), "BYTE widens to int");
    assertEquals(DataKind.DATE, back.column(9).kind());
    assertEquals(DataKind.TIMESTAMP, back.column(10).kind());
    assertEquals(EVERY_KIND.column(12).type(), back.column(12).type());
    GenericRecord record = AvroColumns.toRecord(avro, EVERY_KIND, fullRow());
    Object[] values = AvroColumns.toValues(record);
    assertEquals(-3, values[1]);
    assertEquals("héllo", values[7]);
    assertEquals(Arrays.asList("a", null, "c"), values[11]);
    assertEquals(DataKind.STRING, EVERY_KIND.column(11).elementKind());
    assertEquals(null, EVERY_KIND.column(12).elementKind(), "a map is not a list");
    assertEquals(Map.of("k", Arrays.asList(1L, null)), values[12]);
  }
}
