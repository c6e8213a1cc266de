package org.chrononbeam.model.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The planned reader, skipper and the codecs built on it, against Avro's own generic reader and
 * writer (the naive reference) on random values of every kind, with nulls.
 */
class AvroValueReaderTest {

  private static final List<String> NAMES = List.of(
      "b", "y", "s", "i", "l", "f", "d", "str", "bin", "date", "tsm", "list", "map", "nested");
  private static final List<TDataType> TYPES = List.of(
      type(DataKind.BOOLEAN), type(DataKind.BYTE), type(DataKind.SHORT), type(DataKind.INT),
      type(DataKind.LONG), type(DataKind.FLOAT), type(DataKind.DOUBLE), type(DataKind.STRING),
      type(DataKind.BINARY), type(DataKind.DATE), type(DataKind.TIMESTAMP),
      listOf(type(DataKind.DOUBLE)), mapOf(type(DataKind.LONG)), listOf(mapOf(type(DataKind.STRING))));

  private static TDataType type(DataKind kind) {
    return new TDataType(kind);
  }

  private static TDataType listOf(TDataType element) {
    return new TDataType(DataKind.LIST)
        .setParams(List.of(new DataField().setName("elem").setDataType(element)));
  }

  private static TDataType mapOf(TDataType value) {
    return new TDataType(DataKind.MAP).setParams(List.of(
        new DataField().setName("key").setDataType(type(DataKind.STRING)),
        new DataField().setName("value").setDataType(value)));
  }

  /** A random value of {@code type} in the in-memory form, null at {@code nullRate}. */
  private static Object value(Random random, TDataType type, double nullRate) {
    if (random.nextDouble() < nullRate) {
      return null;
    }
    return switch (type.getKind()) {
      case BOOLEAN -> random.nextBoolean();
      case BYTE -> (byte) random.nextInt();
      case SHORT -> (short) random.nextInt();
      case INT, DATE -> random.nextInt();
      case LONG, TIMESTAMP -> random.nextLong() >> random.nextInt(64);
      case FLOAT -> random.nextFloat() * 1000 - 500;
      case DOUBLE -> random.nextInt(4) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
      case STRING -> "s" + Integer.toString(random.nextInt(), 36) + (random.nextBoolean() ? "é" : "");
      case BINARY -> {
        byte[] bytes = new byte[random.nextInt(5)];
        random.nextBytes(bytes);
        yield bytes;
      }
      case LIST -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, type.getParams().get(0).getDataType(), nullRate));
        }
        yield list;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + random.nextInt(6), value(random, type.getParams().get(1).getDataType(),
              nullRate));
        }
        yield map;
      }
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  /** The naive decoding: Avro's generic reader, then the generic form to the in-memory form. */
  private static StreamingRow naiveDecode(StreamingRowCodec codec, byte[] bytes) throws IOException {
    GenericRecord record = new GenericDatumReader<GenericRecord>(codec.schema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    int offset = codec.withIsBefore() ? 2 : 1;
    Object[] values = new Object[codec.columns().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = AvroTypes.fromAvro(record.get(offset + i), codec.types().get(i));
    }
    return new StreamingRow((Long) record.get("ts"),
        codec.withIsBefore() && (Boolean) record.get("is_before"), values);
  }

  private static void assertSameRow(StreamingRow expected, StreamingRow actual) {
    assertEquals(expected.ts(), actual.ts());
    assertEquals(expected.isBefore(), actual.isBefore());
    assertTrue(Arrays.deepEquals(expected.values(), actual.values()),
        () -> Arrays.deepToString(expected.values()) + " != "
            + Arrays.deepToString(actual.values()));
  }

  /**
   * Rows of every kind (read through Avro's decoder), and rows of primitives only (the kinds before
   * {@code str}, read straight from the bytes), against the generic reader.
   */
  @ParameterizedTest(name = "{0} columns")
  @ValueSource(ints = {7, 14})
  void streamingRowsDecodeAsAvrosGenericReaderDecodesThem(int columns) throws IOException {
    List<String> names = new ArrayList<>(NAMES.subList(0, columns));
    List<TDataType> types = new ArrayList<>(TYPES.subList(0, columns));
    if (columns < NAMES.size()) {
      names.addAll(NAMES.subList(9, 11));
      types.addAll(TYPES.subList(9, 11));
    }
    Random random = new Random(17);
    for (boolean withIsBefore : new boolean[] {false, true}) {
      StreamingRowCodec codec = StreamingRowCodec.of(names, types, withIsBefore);
      for (int n = 0; n < 2000; n++) {
        double nullRate = n % 3 == 0 ? 0.5 : 0.05;
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = value(random, types.get(i), nullRate);
        }
        long ts = random.nextLong() >> random.nextInt(64);
        byte[] bytes = codec.encode(
            new StreamingRow(ts, withIsBefore && random.nextBoolean(), values));
        StreamingRow expected = naiveDecode(codec, bytes);
        assertSameRow(expected, codec.decode(bytes));
        assertArrayEquals(bytes, codec.encode(codec.decode(bytes)));
        for (int cut = 1; cut <= bytes.length && n % 50 == 0; cut++) {
          byte[] truncated = Arrays.copyOf(bytes, bytes.length - cut);
          assertThrows(IllegalArgumentException.class, () -> codec.decode(truncated));
        }
      }
      byte[] row = codec.encode(new StreamingRow(5L, false, new Object[names.size()]));
      byte[] trailing = Arrays.copyOf(row, row.length + 1);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(trailing))
          .getMessage().contains("trailing data"));
      assertThrows(IllegalArgumentException.class,
          () -> codec.decode(Arrays.copyOf(row, row.length - 1)));
      byte[] badBranch = row.clone();
      badBranch[row.length - 1] = 4;
      assertThrows(IllegalArgumentException.class, () -> codec.decode(badBranch));
    }
  }

  /**
   * Rows of primitives decoded column by column, many per call, against the generic reader: each
   * value as an object, a long (integral, date, timestamp, boolean) or a double (numeric), whether
   * a column has a null in some row, with nulls, mutation flags and rows that are not a record of
   * the schema.
   */
  @Test
  void streamingRowsDecodeColumnByColumnAsAvrosGenericReaderDecodesThem() throws IOException {
    List<String> names = new ArrayList<>(NAMES.subList(0, 7));
    names.addAll(NAMES.subList(9, 11));
    List<TDataType> types = new ArrayList<>(TYPES.subList(0, 7));
    types.addAll(TYPES.subList(9, 11));
    Random random = new Random(23);
    for (boolean withIsBefore : new boolean[] {false, true}) {
      StreamingRowCodec codec = StreamingRowCodec.of(names, types, withIsBefore);
      assertTrue(codec.readsColumns());
      for (int n = 0; n < 300; n++) {
        double nullRate = n % 3 == 0 ? 0.5 : 0.05;
        List<byte[]> rows = new ArrayList<>();
        for (int r = random.nextInt(12); r > 0; r--) {
          Object[] values = new Object[names.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = value(random, types.get(i), nullRate);
          }
          rows.add(codec.encode(new StreamingRow(random.nextLong() >> random.nextInt(64),
              withIsBefore && random.nextBoolean(), values)));
        }
        StreamingColumns columns = codec.decodeColumns(rows.size(), rows::get);
        assertEquals(rows.size(), columns.size());
        assertEquals(names.size(), columns.columnCount());
        for (int r = 0; r < rows.size(); r++) {
          StreamingRow expected = naiveDecode(codec, rows.get(r));
          assertEquals(expected.ts(), columns.ts(r));
          assertEquals(expected.isBefore(), columns.isBefore(r));
          for (int c = 0; c < names.size(); c++) {
            Object value = expected.values()[c];
            assertEquals(value, columns.get(r, c));
            assertEquals(value == null, columns.isNull(r, c));
            if (value instanceof Boolean b) {
              assertEquals(b ? 1L : 0L, columns.getLong(r, c));
            } else if (value instanceof Float || value instanceof Double) {
              assertEquals(((Number) value).doubleValue(), columns.getDouble(r, c));
            } else if (value != null) {
              assertEquals(((Number) value).longValue(), columns.getLong(r, c));
              assertEquals(((Number) value).doubleValue(), columns.getDouble(r, c));
            }
          }
        }
        for (int c = 0; c < names.size(); c++) {
          boolean someNull = false;
          for (int r = 0; r < rows.size(); r++) {
            someNull |= naiveDecode(codec, rows.get(r)).values()[c] == null;
          }
          assertEquals(someNull, columns.hasNull(c));
        }
        if (!rows.isEmpty()) {
          int bad = random.nextInt(rows.size());
          List<byte[]> broken = new ArrayList<>(rows);
          broken.set(bad, Arrays.copyOf(rows.get(bad), rows.get(bad).length + 1));
          assertThrows(IllegalArgumentException.class,
              () -> codec.decodeColumns(broken.size(), broken::get));
          broken.set(bad, Arrays.copyOf(rows.get(bad), rows.get(bad).length - 1));
          assertThrows(IllegalArgumentException.class,
              () -> codec.decodeColumns(broken.size(), broken::get));
        }
      }
    }
    StreamingRowCodec strings = StreamingRowCodec.of(NAMES, TYPES, false);
    assertTrue(!strings.readsColumns());
    assertThrows(IllegalStateException.class, () -> strings.decodeColumns(0, r -> null));
  }

  /**
   * Through Avro's {@code BinaryDecoder} and through {@link AvroValueReader#decode}'s own decoder
   * over the array, with arrays and maps in one block each and in blocks that give their byte size
   * (Avro's blocking encoder), and every value cut short.
   */
  @Test
  void readAndSkipMatchTheGenericReaderOnEverySchemaShape() throws IOException {
    StreamingRowCodec codec = StreamingRowCodec.of(NAMES, TYPES, true);
    Schema wrapped = Schema.createRecord("Outer", null, "test", false, List.of(
        new Schema.Field("rows", Schema.createArray(codec.schema())),
        new Schema.Field("kind", Schema.createEnum("Kind", null, "test", List.of("A", "B"))),
        new Schema.Field("hash", Schema.createFixed("Hash", null, "test", 3)),
        new Schema.Field("tail", Schema.create(Schema.Type.LONG))));
    Random random = new Random(3);
    for (int n = 0; n < 300; n++) {
      List<GenericRecord> rows = new ArrayList<>();
      for (int r = random.nextInt(4); r > 0; r--) {
        Object[] values = new Object[NAMES.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = value(random, TYPES.get(i), 0.2);
        }
        GenericRecord row = new GenericData.Record(codec.schema());
        row.put("ts", random.nextLong());
        row.put("is_before", random.nextBoolean());
        for (int i = 0; i < values.length; i++) {
          row.put(NAMES.get(i), AvroTypes.toAvro(values[i], TYPES.get(i)));
        }
        rows.add(row);
      }
      GenericRecord outer = new GenericData.Record(wrapped);
      outer.put("rows", rows);
      outer.put("kind", new GenericData.EnumSymbol(wrapped.getField("kind").schema(),
          random.nextBoolean() ? "A" : "B"));
      byte[] hash = new byte[3];
      random.nextBytes(hash);
      outer.put("hash", new GenericData.Fixed(wrapped.getField("hash").schema(), hash));
      outer.put("tail", random.nextLong());
      for (boolean blocking : new boolean[] {false, true}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = blocking
            ? EncoderFactory.get().blockingBinaryEncoder(out, null)
            : EncoderFactory.get().binaryEncoder(out, null);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(wrapped);
        writer.write(outer, encoder);
        writer.write(outer, encoder);
        encoder.flush();
        byte[] twice = out.toByteArray();

        Object expected = new GenericDatumReader<GenericRecord>(wrapped)
            .read(null, DecoderFactory.get().binaryDecoder(twice, null));
        AvroValueReader reader = AvroValueReader.of(wrapped);
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(twice, null);
        reader.skip(in);
        assertEquals(expected, reader.read(in));
        assertTrue(in.isEnd());
        AvroValueReader.Reading<Object> skipThenRead = cursor -> {
          reader.skip(cursor);
          return reader.read(cursor);
        };
        assertEquals(expected, AvroValueReader.decode(wrapped, twice, skipThenRead));
        byte[] cut = Arrays.copyOf(twice, random.nextInt(twice.length));
        assertThrows(IllegalArgumentException.class,
            () -> AvroValueReader.decode(wrapped, cut, skipThenRead));
      }
    }
  }

  /**
   * A schema with no arrays or maps is skipped by a flat program over the bytes: nullable
   * primitives of every kind, strings, bytes, an enum, a fixed and a record inside a union, against
   * Avro's generic reader, and every value cut short.
   */
  @Test
  void flatSchemasSkipAsTheGenericReaderReads() throws IOException {
    List<String> names = NAMES.subList(0, 11);
    StreamingRowCodec codec = StreamingRowCodec.of(names, TYPES.subList(0, 11), true);
    Schema kind = Schema.createEnum("Kind", null, "test", List.of("A", "B", "C"));
    Schema flat = Schema.createRecord("Flat", null, "test", false, List.of(
        new Schema.Field("row", codec.schema()),
        new Schema.Field("nested", Schema.createUnion(Schema.create(Schema.Type.NULL),
            codec.schema(), Schema.create(Schema.Type.STRING))),
        new Schema.Field("kind", kind),
        new Schema.Field("hash", Schema.createFixed("Hash", null, "test", 5)),
        new Schema.Field("tail", Schema.create(Schema.Type.LONG))));
    Random random = new Random(29);
    AvroValueReader reader = AvroValueReader.of(flat);
    for (int n = 0; n < 400; n++) {
      GenericRecord outer = new GenericData.Record(flat);
      outer.put("row", streamingRecord(random, codec, names));
      int branch = random.nextInt(3);
      outer.put("nested", branch == 0 ? null
          : branch == 1 ? streamingRecord(random, codec, names) : "n" + random.nextInt());
      outer.put("kind", new GenericData.EnumSymbol(kind, List.of("A", "B", "C").get(branch)));
      byte[] hash = new byte[5];
      random.nextBytes(hash);
      outer.put("hash", new GenericData.Fixed(flat.getField("hash").schema(), hash));
      outer.put("tail", random.nextLong());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(flat);
      writer.write(outer, encoder);
      writer.write(outer, encoder);
      encoder.flush();
      byte[] twice = out.toByteArray();
      AvroValueReader.Reading<Object> skipThenRead = in -> {
        reader.skip(in);
        return reader.read(in);
      };
      assertEquals(outer, AvroValueReader.decode(flat, twice, skipThenRead));
      byte[] cut = Arrays.copyOf(twice, random.nextInt(twice.length / 2));
      assertThrows(IllegalArgumentException.class,
          () -> AvroValueReader.decode(flat, cut, skipThenRead));
    }
  }

  private static GenericRecord streamingRecord(
      Random random, StreamingRowCodec codec, List<String> names) {
    GenericRecord row = new GenericData.Record(codec.schema());
    row.put("ts", random.nextLong());
    row.put("is_before", random.nextBoolean());
    for (int i = 0; i < names.size(); i++) {
      row.put(names.get(i), AvroTypes.toAvro(value(random, TYPES.get(i), 0.3), TYPES.get(i)));
    }
    return row;
  }

  @Test
  void keysEncodeAsAvrosGenericWriterEncodesThem() throws IOException {
    KeyCodec codec = KeyCodec.of(List.of("l", "d", "s", "b", "bin"), Map.of("l", DataKind.INT,
        "d", DataKind.FLOAT, "s", DataKind.STRING, "b", DataKind.BOOLEAN, "bin", DataKind.BINARY));
    Random random = new Random(11);
    for (int n = 0; n < 1000; n++) {
      Map<String, Object> keys = Map.of("l", random.nextInt(), "d", random.nextFloat(),
          "s", "k" + random.nextInt() + "ü", "b", random.nextBoolean(),
          "bin", value(random, type(DataKind.BINARY), 0));
      GenericRecord record = new GenericData.Record(codec.schema());
      for (String column : codec.columns()) {
        Object normalized = codec.normalize(column, keys.get(column));
        record.put(column, normalized instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : normalized);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(codec.schema()).write(record, encoder);
      encoder.flush();
      assertArrayEquals(out.toByteArray(), codec.encode(keys));
    }
  }

  @Test
  void longSizeIsTheLengthOfAvrosVarintOfTheValue() {
    List<Long> values = new ArrayList<>(List.of(0L, -1L, 1L, 63L, -64L, 64L, -65L,
        Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE));
    for (int bits = 0; bits < 64; bits++) {
      values.add(1L << bits);
      values.add((1L << bits) - 1);
      values.add(-(1L << bits));
    }
    Random random = new Random(17);
    for (int i = 0; i < 10_000; i++) {
      values.add(random.nextLong() >> random.nextInt(64));
    }
    byte[] out = new byte[10];
    for (long value : values) {
      assertEquals(BinaryData.encodeLong(value, out, 0),
          AvroValueReader.longSize(value), "size of " + value);
    }
  }
}
