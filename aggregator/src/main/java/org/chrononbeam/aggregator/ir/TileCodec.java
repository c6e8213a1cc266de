package org.chrononbeam.aggregator.ir;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.model.avro.AvroValueReader;

/**
 * Avro binary form of a streaming {@link Tile}: {@code record Tile { long tileStart; RowIr
 * collapsedIr; }}.
 */
public final class TileCodec {

  private final RowIrCodec rowCodec;
  private final Schema schema;

  /** The codec of tiles of {@code rows}' IRs. */
  public TileCodec(RowAggregator rows) {
    this.rowCodec = new RowIrCodec(rows);
    this.schema = SchemaBuilder.record("Tile")
        .namespace("org.chrononbeam.aggregator.ir")
        .fields()
        .requiredLong("tileStart")
        .name("collapsedIr").type(rowCodec.schema()).noDefault()
        .endRecord();
  }

  /** The record schema. */
  public Schema schema() {
    return schema;
  }

  /** Avro binary of {@code tile}; {@code tile} is not mutated. */
  public byte[] encode(Tile tile) {
    return AvroBinary.encode(out -> write(tile, out));
  }

  /** An encoder of tiles that keeps its buffers between tiles, for one thread's use. */
  public Encoder encoder() {
    return new Encoder();
  }

  private void write(Tile tile, org.apache.avro.io.Encoder out) throws IOException {
    out.writeLong(tile.start());
    rowCodec.write(tile.irs(), out);
  }

  /** {@link #encode} with buffers kept between calls. Not thread-safe. */
  public final class Encoder {
    private final AvroBinary.Reusable buffer = new AvroBinary.Reusable();

    private Encoder() {}

    /** The bytes {@link TileCodec#encode} gives for {@code tile}. */
    public byte[] encode(Tile tile) {
      return buffer.encode(out -> write(tile, out));
    }
  }

  /** The tile of Avro binary written by {@link #encode}. */
  public Tile decode(byte[] bytes) {
    return AvroValueReader.decode(
        schema, bytes, in -> new Tile(in.readLong(), rowCodec.read(in)));
  }
}
