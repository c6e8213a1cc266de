package org.chrononbeam.transforms.streaming;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.CustomCoder;
import org.chrononbeam.model.io.GrowableBytes;
import org.chrononbeam.transforms.source.ValuesCoder;

/**
 * The rows of one shard that {@link TileUpdates} moves to its keyed step as one element, in
 * column arrays: per row its key bytes, event time ({@code ts}), timestamp (the input's clock,
 * which the tile's expiry is measured on) and input values in serving order. Rows keep the order
 * they were added in. Filled by one {@code DoFn} and never changed once output.
 */
final class TileChunk {

  private byte[][] keys;
  private long[] ts;
  private long[] timestamps;
  private Object[][] inputs;
  private int size;

  TileChunk(int capacity) {
    int initial = Math.max(capacity, 1);
    keys = new byte[initial][];
    ts = new long[initial];
    timestamps = new long[initial];
    inputs = new Object[initial][];
  }

  void add(byte[] key, long eventTime, long timestamp, Object[] values) {
    if (size == keys.length) {
      int grown = size * 2;
      keys = Arrays.copyOf(keys, grown);
      ts = Arrays.copyOf(ts, grown);
      timestamps = Arrays.copyOf(timestamps, grown);
      inputs = Arrays.copyOf(inputs, grown);
    }
    keys[size] = key;
    ts[size] = eventTime;
    timestamps[size] = timestamp;
    inputs[size] = values;
    size++;
  }

  int size() {
    return size;
  }

  byte[] key(int row) {
    return keys[row];
  }

  long ts(int row) {
    return ts[row];
  }

  long timestamp(int row) {
    return timestamps[row];
  }

  Object[] inputs(int row) {
    return inputs[row];
  }

  /** The earliest timestamp of the rows; {@link Long#MAX_VALUE} when empty. */
  long earliestTimestamp() {
    long earliest = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      earliest = Math.min(earliest, timestamps[i]);
    }
    return earliest;
  }

  /**
   * A chunk as its row count, then per row key bytes, ts, timestamp and input values; built in a
   * buffer of its own and handed to the output stream in one write (a runner's stream may cost a
   * few calls per write, and a chunk is many small writes).
   */
  static final class Coder extends CustomCoder<TileChunk> {
    private static final long serialVersionUID = 1L;

    private final ValuesCoder inputs;

    Coder(ValuesCoder inputs) {
      this.inputs = inputs;
    }

    @Override
    public void encode(TileChunk chunk, OutputStream outStream) throws IOException {
      GrowableBytes bytes = new GrowableBytes(64 + 40 * chunk.size);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(chunk.size);
      for (int i = 0; i < chunk.size; i++) {
        out.writeInt(chunk.keys[i].length);
        out.write(chunk.keys[i]);
        out.writeLong(chunk.ts[i]);
        out.writeLong(chunk.timestamps[i]);
        inputs.encodeTo(chunk.inputs[i], out);
      }
      bytes.writeTo(outStream);
    }

    @Override
    public TileChunk decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      int size = in.readInt();
      TileChunk chunk = new TileChunk(size);
      for (int i = 0; i < size; i++) {
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        long eventTime = in.readLong();
        long timestamp = in.readLong();
        chunk.add(key, eventTime, timestamp, inputs.decodeFrom(in));
      }
      return chunk;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Coder coder && coder.inputs.equals(inputs);
    }

    @Override
    public int hashCode() {
      return inputs.hashCode();
    }
  }
}
