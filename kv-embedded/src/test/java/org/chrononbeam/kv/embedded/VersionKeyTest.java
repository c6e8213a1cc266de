package org.chrononbeam.kv.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The on-disk key format, byte for byte: changing it breaks every store already written. */
class VersionKeyTest {

  @Test
  void aVersionKeyIsLengthKeyAndInvertedTimestampBigEndian() {
    byte[] versionKey = VersionKey.of(new byte[] {(byte) 0xab, (byte) 0xcd}, 1L);

    assertEquals("00000002" + "abcd" + "7ffffffffffffffe", HexFormat.of().formatHex(versionKey));
    assertEquals(1L, VersionKey.tsMillis(versionKey));
    assertArrayEquals(
        HexFormat.of().parseHex("00000002abcd"),
        VersionKey.prefix(new byte[] {(byte) 0xab, (byte) 0xcd}));
  }

  @Test
  void newerVersionsSortFirstAndKeysNeverInterleave() {
    byte[] a = {'a'};
    byte[] ab = {'a', 'b'};
    byte[][] sorted = {
      VersionKey.of(a, 0), VersionKey.of(a, 5), VersionKey.of(ab, 0), VersionKey.of(ab, 9)
    };
    Arrays.sort(sorted, Arrays::compareUnsigned);

    assertEquals(5, VersionKey.tsMillis(sorted[0]));
    assertEquals(0, VersionKey.tsMillis(sorted[1]));
    assertEquals(9, VersionKey.tsMillis(sorted[2]));
    assertTrue(VersionKey.hasPrefix(sorted[1], VersionKey.prefix(a)));
    assertFalse(VersionKey.hasPrefix(sorted[2], VersionKey.prefix(a)));
  }
}
