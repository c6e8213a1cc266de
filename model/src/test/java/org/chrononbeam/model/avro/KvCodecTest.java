package org.chrononbeam.model.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.kv.PutRequest;
import org.junit.jupiter.api.Test;

/** Round trips, key normalization and argument checks of the KV codecs. */
class KvCodecTest {

  private static final KeyCodec LONG_KEY =
      KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.LONG));

  private static Map<String, Object> key(Object value) {
    Map<String, Object> keys = new HashMap<>();
    keys.put("user_id", value);
    return keys;
  }

  @Test
  void everyIntegralKindAndFormOfAKeyGivesTheSameBytes() {
    byte[] expected = LONG_KEY.encode(key(5L));
    for (DataKind kind : List.of(DataKind.BYTE, DataKind.SHORT, DataKind.INT, DataKind.LONG)) {
      KeyCodec codec = KeyCodec.of(List.of("user_id"), Map.of("user_id", kind));
      assertEquals(LONG_KEY.schema(), codec.schema(), kind.name());
      for (Object value : List.of((byte) 5, (short) 5, 5, 5L, "5", " 5", 5.0, 5.0f,
          BigInteger.valueOf(5))) {
        assertArrayEquals(expected, codec.encode(key(value)), kind + " " + value);
      }
    }
  }

  @Test
  void floatingKeysAreDoublesAndStringKeysAcceptIntegralNumbers() {
    KeyCodec floats = KeyCodec.of(List.of("x"), Map.of("x", DataKind.FLOAT));
    KeyCodec doubles = KeyCodec.of(List.of("x"), Map.of("x", DataKind.DOUBLE));
    assertArrayEquals(doubles.encode(Map.of("x", 0.25)), floats.encode(Map.of("x", 0.25f)));
    assertArrayEquals(doubles.encode(Map.of("x", 2.0)), doubles.encode(Map.of("x", 2)));
    assertArrayEquals(doubles.encode(Map.of("x", 2.5)), doubles.encode(Map.of("x", "2.5")));
    KeyCodec strings = KeyCodec.of(List.of("x"), Map.of("x", DataKind.STRING));
    assertArrayEquals(strings.encode(Map.of("x", "17")), strings.encode(Map.of("x", 17)));
    assertEquals("17", strings.decode(strings.encode(Map.of("x", 17L))).get("x"));
  }

  @Test
  void randomKeysRoundTrip() {
    KeyCodec codec = KeyCodec.of(List.of("id", "name"),
        Map.of("id", DataKind.INT, "name", DataKind.STRING));
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      long id = random.nextInt() * (long) random.nextInt(3);
      String name = Integer.toString(random.nextInt(), 36) + "é";
      Map<String, Object> decoded = codec.decode(codec.encode(Map.of("id", id, "name", name)));
      assertEquals(Map.of("id", id, "name", name), decoded);
      assertArrayEquals(codec.encode(Map.of("id", id, "name", name)),
          codec.encode(decoded));
    }
  }

  @Test
  void keyBytesAreThoseOfAvrosGenericWriter() {
    KeyCodec codec = KeyCodec.of(List.of("l", "d", "s", "b", "bin"), Map.of("l", DataKind.LONG,
        "d", DataKind.DOUBLE, "s", DataKind.STRING, "b", DataKind.BOOLEAN, "bin", DataKind.BINARY));
    AvroBinary generic = new AvroBinary(codec.schema());
    Random random = new Random(17);
    long[] longs = {0, -1, 1, 63, -64, 64, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE};
    double[] doubles = {0.0, -0.0, Double.NaN, Double.MIN_VALUE, -1e300, 0.1};
    for (int i = 0; i < 500; i++) {
      long l = i < longs.length ? longs[i] : random.nextLong() >> random.nextInt(64);
      double d = i < doubles.length ? doubles[i] : random.nextGaussian() * 1e6;
      StringBuilder s = new StringBuilder();
      for (int c = random.nextInt(i % 50 == 0 ? 300 : 12); c > 0; c--) {
        s.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x800)));
      }
      byte[] bin = new byte[random.nextInt(i % 60 == 0 ? 200 : 6)];
      random.nextBytes(bin);
      boolean b = random.nextBoolean();
      GenericData.Record record = new GenericData.Record(codec.schema());
      record.put("l", l);
      record.put("d", d);
      record.put("s", s.toString());
      record.put("b", b);
      record.put("bin", ByteBuffer.wrap(bin));
      assertArrayEquals(generic.encode(record),
          codec.encode(Map.of("l", l, "d", d, "s", s.toString(), "b", b, "bin", bin)), "key " + i);
      KeyCodec single = KeyCodec.of(List.of("s"), Map.of("s", DataKind.STRING));
      GenericData.Record one = new GenericData.Record(single.schema());
      one.put("s", s.toString());
      assertArrayEquals(new AvroBinary(single.schema()).encode(one),
          single.encode(Map.of("s", s.toString())), "string key " + i);
    }
  }

  @Test
  void encodeValuesIsAvroBinaryOfTheKeyRecord() throws Exception {
    DataKind[] kinds = {DataKind.LONG, DataKind.INT, DataKind.DOUBLE, DataKind.STRING,
        DataKind.BOOLEAN, DataKind.BINARY};
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      int width = 1 + random.nextInt(3);
      List<String> columns = new ArrayList<>();
      Map<String, DataKind> kindOf = new HashMap<>();
      Object[] values = new Object[width];
      for (int c = 0; c < width; c++) {
        columns.add("k" + c);
        DataKind kind = kinds[random.nextInt(kinds.length)];
        kindOf.put("k" + c, kind);
        values[c] = switch (kind) {
          case LONG -> random.nextLong();
          case INT -> random.nextInt();
          case DOUBLE -> random.nextDouble() * 1e6;
          case STRING -> Long.toString(random.nextLong(), 36) + "é";
          case BOOLEAN -> random.nextBoolean();
          default -> {
            byte[] bytes = new byte[random.nextInt(5)];
            random.nextBytes(bytes);
            yield bytes;
          }
        };
      }
      KeyCodec codec = KeyCodec.of(columns, kindOf);
      GenericRecord record = new GenericData.Record(codec.schema());
      for (int c = 0; c < width; c++) {
        Object value = values[c];
        record.put(c, value instanceof Integer i ? (long) i
            : value instanceof byte[] b ? ByteBuffer.wrap(b) : value);
      }
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BinaryEncoder encoder =
          EncoderFactory.get().binaryEncoder(expected, null);
      new GenericDatumWriter<>(codec.schema()).write(record, encoder);
      encoder.flush();
      assertArrayEquals(expected.toByteArray(), codec.encodeValues(values), "round " + round);
    }
    assertThrows(IllegalArgumentException.class, () -> LONG_KEY.encodeValues(new Object[] {1L, 2L}));
    assertThrows(IllegalArgumentException.class, () -> LONG_KEY.encodeValues(new Object[] {null}));
  }

  @Test
  void badKeysAreRefusedWithTheColumnNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LONG_KEY.encode(key(null)))
        .getMessage().contains("user_id is null"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LONG_KEY.encode(Map.of()))
        .getMessage().contains("user_id is missing"));
    for (Object bad : List.of(5.5, "five", Double.NaN, true,
        BigInteger.ONE.shiftLeft(70), new byte[] {1})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LONG_KEY.encode(key(bad)));
      assertTrue(e.getMessage().contains("user_id is LONG"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> KeyCodec.of(List.of("d"), Map.of("d", DataKind.DATE)));
    assertThrows(IllegalArgumentException.class,
        () -> KeyCodec.of(List.of("a"), Map.of("b", DataKind.LONG)));
    assertThrows(IllegalArgumentException.class,
        () -> KeyCodec.of(List.of("a", "a"), Map.of("a", DataKind.LONG)));
    KeyCodec bools = KeyCodec.of(List.of("b"), Map.of("b", DataKind.BOOLEAN));
    assertArrayEquals(bools.encode(Map.of("b", true)), bools.encode(Map.of("b", "true")));
    assertThrows(IllegalArgumentException.class, () -> bools.encode(Map.of("b", "yes")));
    KeyCodec bytes = KeyCodec.of(List.of("b"), Map.of("b", DataKind.BINARY));
    assertArrayEquals(bytes.encode(Map.of("b", new byte[] {4, 2})),
        bytes.encode(Map.of("b", ByteBuffer.wrap(new byte[] {4, 2}))));
  }

  @Test
  void keyCodecsReadBackFromTheirSchema() {
    KeyCodec codec = KeyCodec.of(List.of("b", "a"),
        Map.of("a", DataKind.SHORT, "b", DataKind.STRING));
    KeyCodec read = KeyCodec.fromSchema(codec.schema().toString());
    assertEquals(List.of("b", "a"), read.columns());
    assertEquals(DataKind.LONG, read.kind("a"));
    assertArrayEquals(codec.encode(Map.of("a", 3, "b", "x")), read.encode(Map.of("a", 3L, "b", "x")));
    assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {1, 2, 3, 4, 5}));
  }

  @Test
  void valueRowsRoundTripEveryKind() {
    List<String> names = List.of("b", "y", "s", "i", "l", "f", "d", "str", "bin", "date", "tsm");
    List<TDataType> types = names.stream().map(n -> switch (n) {
      case "b" -> DataKind.BOOLEAN;
      case "y" -> DataKind.BYTE;
      case "s" -> DataKind.SHORT;
      case "i" -> DataKind.INT;
      case "l" -> DataKind.LONG;
      case "f" -> DataKind.FLOAT;
      case "d" -> DataKind.DOUBLE;
      case "str" -> DataKind.STRING;
      case "bin" -> DataKind.BINARY;
      case "date" -> DataKind.DATE;
      default -> DataKind.TIMESTAMP;
    }).map(TDataType::new).toList();
    ValueCodec codec = ValueCodec.of("Outputs", names, types);
    Object[] values = {true, (byte) -3, (short) 300, 7, 1L << 40, 1.5f, -2.25, "x", new byte[] {9},
        19_000, 1_700_000_000_000L};
    Object[] back = codec.decode(codec.encode(values));
    assertArrayEquals((byte[]) values[8], (byte[]) back[8]);
    back[8] = values[8];
    assertEquals(Arrays.asList(values), Arrays.asList(back));
    Object[] nulls = new Object[names.size()];
    assertEquals(Arrays.asList(nulls), Arrays.asList(codec.decode(codec.encode(nulls))));
    ValueCodec read = ValueCodec.fromSchema(codec.schema().toString());
    assertEquals(names, read.names());
    assertEquals(DataKind.INT, read.types().get(2).getKind());
    assertEquals(DataKind.DATE, read.types().get(9).getKind());
    assertEquals(DataKind.TIMESTAMP, read.types().get(10).getKind());
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[1]));
  }

  @Test
  void streamingCodecsCheckTheirColumns() {
    TDataType dbl = new TDataType(DataKind.DOUBLE);
    assertThrows(IllegalArgumentException.class,
        () -> StreamingRowCodec.of(List.of("is_before"), List.of(dbl), true));
    assertThrows(IllegalArgumentException.class,
        () -> StreamingRowCodec.of(List.of("ts"), List.of(dbl), false));
    StreamingRowCodec events = StreamingRowCodec.of(List.of("p"), List.of(dbl), false);
    assertThrows(IllegalArgumentException.class,
        () -> events.encode(new StreamingRow(1, true, new Object[] {1.0})));
    StreamingRowCodec read = StreamingRowCodec.fromSchema(
        StreamingRowCodec.of(List.of("p"), List.of(dbl), true).schema().toString());
    assertTrue(read.withIsBefore());
    assertFalse(StreamingRowCodec.fromSchema(events.schema().toString()).withIsBefore());
    assertEquals(List.of("p"), read.columns());
  }

  @Test
  void servingInfoRoundTripsThroughItsJsonAndParsesIntoCodecs() {
    GroupBy groupBy = new GroupBy()
        .setMetaData(new MetaData().setName("team.purchases.v1"))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL);
    GroupByServingInfo info = ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.INT),
        List.of("price", "ts"), List.of(new TDataType(DataKind.DOUBLE), new TDataType(DataKind.LONG)),
        false, "2024-01-31");
    GroupByServingInfo back = ServingInfoCodec.decode(ServingInfoCodec.encode(info), "gb");
    assertEquals(info, back);
    ServingSchemas schemas = ServingSchemas.of(back);
    long feb1 = LocalDate.of(2024, 2, 1).toEpochDay() * 86_400_000L;
    assertEquals(feb1, schemas.batchEndMillis());
    assertEquals(List.of("price", "ts"), schemas.input().names());
    assertEquals(List.of("price"), schemas.streaming().columns());
    assertEquals(DataKind.LONG, schemas.key().kind("user_id"));
    PutRequest put = ServingInfoCodec.put(info);
    assertEquals("TEAM_PURCHASES_V1_BATCH", put.dataset());
    assertEquals(feb1, put.tsMillis());
    assertEquals("group_by_serving_info", new String(put.keyBytes(), StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> ServingInfoCodec.of(groupBy,
        Map.of("user_id", DataKind.INT), List.of(), List.of(), false, "31/01/2024"));
    assertThrows(IllegalArgumentException.class,
        () -> ServingSchemas.of(new GroupByServingInfo().setBatchEndDate("2024-01-01")));
  }
}
