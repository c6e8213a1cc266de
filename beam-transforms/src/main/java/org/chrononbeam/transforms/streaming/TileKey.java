package org.chrononbeam.transforms.streaming;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * One tile of one entity: its key bytes (compared by content) and tile start. The hash is computed
 * once, so a lookup in a heap map of a shard's tiles costs one pass over the key bytes per row,
 * not one per access.
 */
final class TileKey {

  private final byte[] key;
  private final long start;
  private final int hash;

  TileKey(byte[] key, long start) {
    this.key = key;
    this.start = start;
    this.hash = 31 * Arrays.hashCode(key) + Long.hashCode(start);
  }

  byte[] key() {
    return key;
  }

  long start() {
    return start;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TileKey id && id.start == start && id.hash == hash
        && Arrays.equals(id.key, key);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(key) + "@" + start;
  }

  /** A tile key as its key's length and bytes, then its start: deterministic, for state keys. */
  static final class Coder extends CustomCoder<TileKey> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(TileKey tile, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(tile.key.length);
      out.write(tile.key);
      out.writeLong(tile.start);
      out.flush();
    }

    @Override
    public TileKey decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      byte[] key = new byte[in.readInt()];
      in.readFully(key);
      return new TileKey(key, in.readLong());
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Coder;
    }

    @Override
    public int hashCode() {
      return Coder.class.hashCode();
    }
  }
}
