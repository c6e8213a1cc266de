package org.chrononbeam.transforms.streaming;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.chrononbeam.model.io.BytesInput;
import org.chrononbeam.model.io.GrowableBytes;
import org.chrononbeam.transforms.source.ValuesCoder;

/**
 * The rows of one shard that {@link TileUpdates} moves to its keyed step as one element: per row
 * its key bytes, event time ({@code ts}), timestamp (the input's clock, which the tile's expiry is
 * measured on) and input values in serving order, kept in the order they were added. A row is
 * encoded as it is added, while it is in the cache (a bundle's rows wait up to the bundle's end,
 * by which time a row's objects are far from the cache, so encoding them then cost a fifth of the
 * source thread), and read back in order with {@link #rows}. Filled by one {@code DoFn} and never
 * added to once output.
 */
final class TileChunk {

  private final ValuesCoder inputs;
  private final GrowableBytes bytes;
  private final DataOutputStream out;
  private int size;
  private long earliestTimestamp = Long.MAX_VALUE;

  /**
   * An empty chunk of rows whose input values {@code inputs} encodes, its buffer of {@code
   * capacity} bytes to start with.
   */
  TileChunk(ValuesCoder inputs, int capacity) {
    this(inputs, new GrowableBytes(capacity), 0, Long.MAX_VALUE);
  }

  private TileChunk(ValuesCoder inputs, GrowableBytes bytes, int size, long earliestTimestamp) {
    this.inputs = inputs;
    this.bytes = bytes;
    this.out = new DataOutputStream(bytes);
    this.size = size;
    this.earliestTimestamp = earliestTimestamp;
  }

  /**
   * Adds a row of key bytes {@code key}, event time and timestamp, and input values {@code
   * row[inputColumns[0]], row[inputColumns[1]], ...}.
   */
  void add(byte[] key, long eventTime, long timestamp, Object[] row, int[] inputColumns) {
    bytes.writeInt(key.length);
    bytes.write(key, 0, key.length);
    bytes.writeLong(eventTime);
    bytes.writeLong(timestamp);
    try {
      inputs.encodeTo(row, inputColumns, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    size++;
    earliestTimestamp = Math.min(earliestTimestamp, timestamp);
  }

  int size() {
    return size;
  }

  /** How many bytes the rows take. */
  int byteSize() {
    return bytes.size();
  }

  /** The earliest timestamp of the rows; {@link Long#MAX_VALUE} when empty. */
  long earliestTimestamp() {
    return earliestTimestamp;
  }

  /** A cursor over the rows, in the order they were added. */
  Rows rows() {
    return new Rows();
  }

  /** The rows one at a time: {@link #next} moves to the next row, then its fields can be read. */
  final class Rows {
    private final BytesInput input = bytes.input();
    private final DataInputStream in = new DataInputStream(input);
    private int read;
    private byte[] key;
    private long ts;
    private long timestamp;
    private Object[] values;

    /** Moves to the next row; false when there is none left. */
    boolean next() {
      if (read == size) {
        return false;
      }
      try {
        key = new byte[input.readInt()];
        input.readFully(key);
        ts = input.readLong();
        timestamp = input.readLong();
        values = inputs.decodeFrom(in);
      } catch (IOException e) {
        throw new UncheckedIOException("a tile chunk's row " + read + " cannot be read", e);
      }
      read++;
      return true;
    }

    byte[] key() {
      return key;
    }

    long ts() {
      return ts;
    }

    long timestamp() {
      return timestamp;
    }

    Object[] inputs() {
      return values;
    }
  }

  /**
   * A chunk as its row count, earliest timestamp, the length of its rows' bytes, then those bytes:
   * one write and one read of the runner's stream per chunk, whatever its size.
   */
  static final class Coder extends CustomCoder<TileChunk> {
    private static final long serialVersionUID = 1L;

    private final ValuesCoder inputs;

    Coder(ValuesCoder inputs) {
      this.inputs = inputs;
    }

    @Override
    public void encode(TileChunk chunk, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(chunk.size);
      out.writeLong(chunk.earliestTimestamp);
      out.writeInt(chunk.bytes.size());
      chunk.bytes.writeTo(out);
      out.flush();
    }

    @Override
    public TileChunk decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      int size = in.readInt();
      long earliestTimestamp = in.readLong();
      int length = in.readInt();
      GrowableBytes bytes = new GrowableBytes(length);
      bytes.readFully(in, length);
      return new TileChunk(inputs, bytes, size, earliestTimestamp);
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
