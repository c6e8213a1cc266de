package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.model.avro.KeyCodec;
import org.junit.jupiter.api.Test;

/**
 * Key bytes reused across the parts of a request, against encoding every part's key (the naive
 * path), on random sequences of codecs (same columns in another order, other kinds, other
 * columns) and normalized keys with repeats, nulls left out (a request's keys are never null).
 */
class KeyBytesTest {

  private static final List<KeyCodec> CODECS = List.of(
      KeyCodec.of(List.of("a"), Map.of("a", DataKind.LONG)),
      KeyCodec.of(List.of("a"), Map.of("a", DataKind.INT)),
      KeyCodec.of(List.of("a"), Map.of("a", DataKind.STRING)),
      KeyCodec.of(List.of("a"), Map.of("a", DataKind.DOUBLE)),
      KeyCodec.of(List.of("a"), Map.of("a", DataKind.BINARY)),
      KeyCodec.of(List.of("b"), Map.of("b", DataKind.LONG)),
      KeyCodec.of(List.of("a", "b"), Map.of("a", DataKind.LONG, "b", DataKind.LONG)),
      KeyCodec.of(List.of("b", "a"), Map.of("a", DataKind.LONG, "b", DataKind.LONG)),
      KeyCodec.of(List.of("a", "b"), Map.of("a", DataKind.LONG, "b", DataKind.STRING)));

  @Test
  void bytesAreThoseOfEncodingEachPart() {
    Random random = new Random(17);
    for (int n = 0; n < 2_000; n++) {
      KeyBytes keyBytes = new KeyBytes();
      for (int part = random.nextInt(6); part > 0; part--) {
        KeyCodec codec = CODECS.get(random.nextInt(CODECS.size()));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String column : codec.columns()) {
          keys.put(column, codec.normalize(column, randomValue(random, codec.kind(column))));
        }
        assertArrayEquals(codec.encode(keys), keyBytes.encode(codec, keys), codec.columns()
            + " " + keys);
      }
    }
  }

  private static Object randomValue(Random random, DataKind kind) {
    int v = random.nextInt(3) - 1;
    return switch (kind) {
      case DOUBLE -> random.nextBoolean() ? v * 0.0 : (double) v;
      case STRING -> Integer.toString(v);
      case BINARY -> new byte[] {(byte) v};
      default -> (long) v;
    };
  }
}
