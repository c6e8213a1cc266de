package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.model.avro.KeyCodec;
import org.junit.jupiter.api.Test;

/**
 * Parts that {@link JoinPlan#sameKey} pairs share one normalized key and its bytes: checked
 * against normalizing and encoding each part's key from the request (the naive path), on random
 * pairs of codecs (same columns in another order, other kinds, other columns) and left columns
 * (renamed by a key mapping or not), over random requests (a value a kind cannot hold fails both parts).
 */
class JoinPlanTest {

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
  private static final List<String> LEFT = List.of("a", "b", "x", "y");

  @Test
  void partsWithTheSameKeyHaveTheKeyAndBytesOfEncodingEachPart() {
    Random random = new Random(17);
    int shared = 0;
    for (int n = 0; n < 5_000; n++) {
      KeyCodec a = CODECS.get(random.nextInt(CODECS.size()));
      KeyCodec b = random.nextInt(3) == 0 ? a : CODECS.get(random.nextInt(CODECS.size()));
      Map<String, String> leftOfA = leftOf(random, a);
      Map<String, String> leftOfB = random.nextBoolean() && a.columns().equals(b.columns())
          ? new LinkedHashMap<>(leftOfA)
          : leftOf(random, b);
      if (!JoinPlan.sameKey(a, leftOfA, b, leftOfB)) {
        continue;
      }
      shared++;
      for (int r = 0; r < 5; r++) {
        Map<String, Object> request = new LinkedHashMap<>();
        for (String left : LEFT) {
          request.put(left, randomValue(random));
        }
        Map<String, Object> keysA;
        try {
          keysA = normalized(a, leftOfA, request);
        } catch (IllegalArgumentException e) {
          assertThrows(IllegalArgumentException.class, () -> normalized(b, leftOfB, request));
          continue;
        }
        Map<String, Object> keysB = normalized(b, leftOfB, request);
        assertEquals(keysA.keySet(), keysB.keySet());
        for (String column : keysA.keySet()) {
          Object va = keysA.get(column);
          Object vb = keysB.get(column);
          assertTrue(va instanceof byte[] ba && vb instanceof byte[] bb
              ? Arrays.equals(ba, bb) : va.equals(vb), column + " " + request);
        }
        assertArrayEquals(a.encode(keysA), b.encode(keysB), leftOfA + " " + request);
      }
    }
    assertTrue(shared > 500, "too few pairs share a key: " + shared);
  }

  /** A key mapping of {@code codec}'s columns: each fed by itself or another left column. */
  private static Map<String, String> leftOf(Random random, KeyCodec codec) {
    Map<String, String> leftOf = new LinkedHashMap<>();
    for (String column : codec.columns()) {
      leftOf.put(column, random.nextInt(3) == 0 ? LEFT.get(random.nextInt(LEFT.size())) : column);
    }
    return leftOf;
  }

  private static Map<String, Object> normalized(
      KeyCodec codec, Map<String, String> leftOf, Map<String, Object> request) {
    Map<String, Object> keys = new LinkedHashMap<>();
    for (String column : codec.columns()) {
      keys.put(column, codec.normalize(column, request.get(leftOf.get(column))));
    }
    return keys;
  }

  /** An integral number as a long or its string, or bytes. */
  private static Object randomValue(Random random) {
    long v = random.nextInt(5) - 2;
    return switch (random.nextInt(3)) {
      case 0 -> v;
      case 1 -> Long.toString(v);
      default -> new byte[] {(byte) v};
    };
  }
}
