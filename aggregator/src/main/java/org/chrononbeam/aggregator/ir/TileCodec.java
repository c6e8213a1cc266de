package org.chrononbeam.aggregator.ir;

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
    return AvroBinary.encode(out -> {
      out.writeLong(tile.start());
      rowCodec.write(tile.irs(), out);
    });
  }

  /** The tile of Avro binary written by {@link #encode}. */
  public Tile decode(byte[] bytes) {
    return AvroValueReader.decode(
        schema, bytes, in -> new Tile(in.readLong(), rowCodec.read(in)));
  }
}
