package org.chrononbeam.fetcher;

import java.util.Map;
import org.chrononbeam.model.avro.KeyCodec;

/**
 * The key bytes of one request's join parts: a part whose key codec encodes like the previous
 * part's and whose normalized key values are equal to them gets the previous part's bytes instead
 * of encoding them again (the parts of a join are usually keyed by the same left column).
 */
final class KeyBytes {

  private KeyCodec codec;
  private Map<String, Object> keys;
  private byte[] bytes;

  /** {@code codec.encode(keys)}, from the previous call when it gave the same bytes. */
  byte[] encode(KeyCodec codec, Map<String, Object> keys) {
    if (bytes == null || !this.codec.encodesLike(codec) || !this.keys.equals(keys)) {
      this.bytes = codec.encode(keys);
      this.codec = codec;
      this.keys = keys;
    }
    return bytes;
  }
}
