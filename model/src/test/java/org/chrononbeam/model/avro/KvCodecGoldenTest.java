package org.chrononbeam.model.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes pin the KV key and streaming row encodings: uploads, streaming writers and the
 * fetcher all read these files' formats. To rewrite the files after an intended format change, run
 * the tests with {@code -Dchronon.golden.update=true} and commit the files under {@code
 * src/test/resources/golden/kv}.
 */
class KvCodecGoldenTest {

  private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden", "kv");
  private static final boolean UPDATE = Boolean.getBoolean("chronon.golden.update");

  private static void assertGolden(String name, byte[] bytes) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
    assertTrue(Files.exists(file), "missing golden file " + file
        + "; generate it with -Dchronon.golden.update=true");
    assertArrayEquals(Files.readAllBytes(file), bytes, "bytes differ from " + file);
  }

  private static TDataType type(DataKind kind) {
    return new TDataType(kind);
  }

  @Test
  void aLongKeyIsItsZigZagVarint() {
    KeyCodec codec = KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.LONG));
    // Avro long 5 = zig-zag 10 = 0x0a; -1 = zig-zag 1; 300 = zig-zag 600 = 0xd8 0x04
    assertEquals("0a", HexFormat.of().formatHex(codec.encode(Map.of("user_id", 5L))));
    assertEquals("01", HexFormat.of().formatHex(codec.encode(Map.of("user_id", -1))));
    assertEquals("d804", HexFormat.of().formatHex(codec.encode(Map.of("user_id", (short) 300))));
  }

  @Test
  void aCompositeKeyIsItsFieldsInKeyColumnOrder() throws IOException {
    Map<String, DataKind> kinds = Map.of(
        "country", DataKind.STRING, "user_id", DataKind.INT, "score", DataKind.FLOAT,
        "active", DataKind.BOOLEAN, "blob", DataKind.BINARY);
    KeyCodec codec = KeyCodec.of(List.of("user_id", "country", "score", "active", "blob"), kinds);
    Map<String, Object> keys = Map.of(
        "user_id", 42, "country", "FR", "score", 1.5f, "active", true,
        "blob", new byte[] {1, 2, 3});
    byte[] bytes = codec.encode(keys);
    // long 42 | string "FR" | double 1.5 | true | bytes [1,2,3]
    assertEquals("54" + "044652" + "000000000000f83f" + "01" + "06010203",
        HexFormat.of().formatHex(bytes));
    assertGolden("key_composite.bin", bytes);
    Map<String, Object> decoded = codec.decode(Files.readAllBytes(GOLDEN.resolve("key_composite.bin")));
    assertEquals(List.of("user_id", "country", "score", "active", "blob"),
        List.copyOf(decoded.keySet()));
    assertEquals(42L, decoded.get("user_id"));
    assertEquals("FR", decoded.get("country"));
    assertEquals(1.5, decoded.get("score"));
    assertEquals(true, decoded.get("active"));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) decoded.get("blob"));
  }

  @Test
  void streamingRowsEncodeToTheirGoldenBytes() throws IOException {
    TDataType list = type(DataKind.LIST).setParams(List.of(
        new DataField().setName("elem").setDataType(type(DataKind.LONG))));
    TDataType map = type(DataKind.MAP).setParams(List.of(
        new DataField().setName("key").setDataType(type(DataKind.STRING)),
        new DataField().setName("value").setDataType(type(DataKind.DOUBLE))));
    List<String> names = List.of("price", "item", "ts", "tags", "scores", "qty");
    List<TDataType> types = List.of(type(DataKind.DOUBLE), type(DataKind.STRING),
        type(DataKind.LONG), list, map, type(DataKind.INT));
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("b", 2.0);
    scores.put("a", null);

    StreamingRowCodec events = StreamingRowCodec.of(names, types, false);
    assertEquals(List.of("price", "item", "tags", "scores", "qty"), events.columns());
    StreamingRow event = new StreamingRow(1_700_000_000_123L, false,
        new Object[] {9.99, "book", Arrays.asList(1L, null, 3L), scores, null});
    byte[] eventBytes = events.encode(event);
    assertGolden("streaming_event.bin", eventBytes);
    StreamingRow decoded = events.decode(Files.readAllBytes(GOLDEN.resolve("streaming_event.bin")));
    assertEquals(event.ts(), decoded.ts());
    assertEquals(false, decoded.isBefore());
    assertEquals(5, decoded.values().length);
    assertEquals(9.99, decoded.values()[0]);
    assertEquals("book", decoded.values()[1]);
    assertEquals(Arrays.asList(1L, null, 3L), decoded.values()[2]);
    assertEquals(scores, decoded.values()[3]);
    assertEquals(null, decoded.values()[4]);

    StreamingRowCodec mutations = StreamingRowCodec.of(
        List.of("price"), List.of(type(DataKind.DOUBLE)), true);
    StreamingRow before = new StreamingRow(86_400_000L, true, new Object[] {-0.5});
    byte[] beforeBytes = mutations.encode(before);
    // ts 86400000 zig-zag varint | is_before true | union branch 1 | double -0.5
    assertEquals("80f0b252" + "01" + "02" + "000000000000e0bf", HexFormat.of().formatHex(beforeBytes));
    assertGolden("streaming_mutation.bin", beforeBytes);
    StreamingRow back = mutations.decode(beforeBytes);
    assertEquals(86_400_000L, back.ts());
    assertTrue(back.isBefore());
    assertEquals(-0.5, back.values()[0]);
  }

  @Test
  void snapshotOutputsEncodeToTheirGoldenBytes() throws IOException {
    TDataType list = type(DataKind.LIST).setParams(List.of(
        new DataField().setName("elem").setDataType(type(DataKind.DOUBLE))));
    ValueCodec outputs = ValueCodec.of("Outputs",
        List.of("price_sum_1d", "price_count_7d", "price_last3", "price_max_30d"),
        List.of(type(DataKind.DOUBLE), type(DataKind.LONG), list, type(DataKind.DOUBLE)));
    Object[] values = {12.5, 3L, Arrays.asList(4.0, 2.5), null};
    byte[] bytes = outputs.encode(values);
    assertGolden("snapshot_outputs.bin", bytes);
    assertEquals(Arrays.asList(values),
        Arrays.asList(outputs.decode(Files.readAllBytes(GOLDEN.resolve("snapshot_outputs.bin")))));
  }
}
