package org.chrononbeam.transforms.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.KV;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.RowAggregator;

/**
 * The aggregator's algebra as a Beam {@code CombineFn}: events ({@code KV<ts, input values>} in
 * serving column order) fold into a {@link TileAccumulator} with {@link RowAggregator#update},
 * accumulators combine with {@link RowAggregator#merge}, and the output is the accumulated IR (not
 * finalized values), so tiles merge again at fetch time. {@link TileUpdates} keeps one per key
 * and tile in its shard's {@link ShardTiles} and folds rows into it with {@link #addInput}.
 */
final class TileCombineFn
    extends Combine.CombineFn<KV<Long, Object[]>, TileAccumulator, TileAccumulator> {
  private static final long serialVersionUID = 1L;

  private final TileAlgebra algebra;

  TileCombineFn(TileAlgebra algebra) {
    this.algebra = algebra;
  }

  @Override
  public TileAccumulator createAccumulator() {
    return new TileAccumulator(algebra.rows().newIrs(), Long.MIN_VALUE, Long.MIN_VALUE);
  }

  /** An empty accumulator of the tile of {@code key} that starts at {@code start}. */
  TileAccumulator createAccumulator(byte[] key, long start) {
    return new TileAccumulator(
        key, start, algebra.rows().newIrs(), Long.MIN_VALUE, Long.MIN_VALUE);
  }

  @Override
  public TileAccumulator addInput(TileAccumulator tile, KV<Long, Object[]> event) {
    addInput(tile, event.getKey(), event.getValue());
    return tile;
  }

  /** Folds a row of event time {@code ts} and input values {@code inputs} into {@code tile}. */
  void addInput(TileAccumulator tile, long ts, Object[] inputs) {
    algebra.rows().update(tile.irs(), ArrayRow.of(ts, inputs));
    tile.seen(ts);
  }

  @Override
  public TileAccumulator mergeAccumulators(Iterable<TileAccumulator> tiles) {
    Iterator<TileAccumulator> it = tiles.iterator();
    TileAccumulator merged = createAccumulator();
    while (it.hasNext()) {
      TileAccumulator tile = it.next();
      algebra.rows().merge(merged.irs(), tile.irs());
      merged.seen(tile.latestTs());
      merged.expiresNoEarlierThan(tile.expires());
    }
    return merged;
  }

  @Override
  public TileAccumulator extractOutput(TileAccumulator tile) {
    return new TileAccumulator(
        algebra.rows().clone(tile.irs()), tile.latestTs(), tile.expires());
  }

  @Override
  public Coder<TileAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<KV<Long, Object[]>> inputCoder) {
    return new TileAccumulatorCoder(algebra);
  }

  /**
   * A tile accumulator as its latest event time, its expiry and its row IR in {@code RowIrCodec}
   * Avro.
   */
  static final class TileAccumulatorCoder extends CustomCoder<TileAccumulator> {
    private static final long serialVersionUID = 1L;

    private final TileAlgebra algebra;

    TileAccumulatorCoder(TileAlgebra algebra) {
      this.algebra = algebra;
    }

    @Override
    public void encode(TileAccumulator tile, OutputStream out) throws IOException {
      VarLongCoder.of().encode(tile.latestTs(), out);
      VarLongCoder.of().encode(tile.expires(), out);
      ByteArrayCoder.of().encode(algebra.irCodec().encode(tile.irs()), out);
    }

    @Override
    public TileAccumulator decode(InputStream in) throws IOException {
      long latest = VarLongCoder.of().decode(in);
      long expires = VarLongCoder.of().decode(in);
      return new TileAccumulator(
          algebra.irCodec().decode(ByteArrayCoder.of().decode(in)), latest, expires);
    }
  }
}
