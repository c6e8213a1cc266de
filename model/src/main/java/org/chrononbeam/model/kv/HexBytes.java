package org.chrononbeam.model.kv;

import java.util.HexFormat;

/** How the byte-array records of this package print their bytes: hex, at most 32 bytes shown. */
final class HexBytes {

  private static final int SHOWN = 32;

  private HexBytes() {}

  static String of(byte[] bytes) {
    if (bytes.length <= SHOWN) {
      return HexFormat.of().formatHex(bytes);
    }
    return HexFormat.of().formatHex(bytes, 0, SHOWN) + "...(" + bytes.length + " bytes)";
  }
}
