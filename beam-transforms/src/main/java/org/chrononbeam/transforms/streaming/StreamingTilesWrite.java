package org.chrononbeam.transforms.streaming;

import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.naming.KvLayout;

/**
 * The tiled streaming writer: {@link TileUpdates} into a KV store, the tiled counterpart of the
 * upload package's {@code StreamingRowsWrite}.
 *
 * <pre>{@code
 * rowBatches.apply(StreamingTilesWrite.of(groupBy, projection.rowSchema())
 *     .withKvStore("embedded:/tmp/kv"));
 * }</pre>
 *
 * <p>The {@code <NAME>_STREAMING} dataset must exist before the pipeline runs.
 */
public final class StreamingTilesWrite extends PTransform<PCollection<List<Object[]>>, PDone> {

  private final GroupBy groupBy;
  private final TileUpdates tiles;
  private final @Nullable String kvSpec;

  private StreamingTilesWrite(GroupBy groupBy, TileUpdates tiles, @Nullable String kvSpec) {
    this.groupBy = groupBy;
    this.tiles = tiles;
    this.kvSpec = kvSpec;
  }

  /**
   * Writes the tiles of rows of {@code rowSchema} for {@code groupBy}.
   *
   * @throws IllegalArgumentException as {@link TileUpdates#of} does
   */
  public static StreamingTilesWrite of(GroupBy groupBy, RowSchema rowSchema) {
    return new StreamingTilesWrite(
        ThriftJson.copy(groupBy), TileUpdates.of(groupBy, rowSchema), null);
  }

  /** Writes to the KV store {@code spec} names ({@code scheme:location}, see {@code KvStores}). */
  public StreamingTilesWrite withKvStore(String spec) {
    tiles.writingTo(spec);
    return new StreamingTilesWrite(groupBy, tiles, spec);
  }

  @Override
  public PDone expand(PCollection<List<Object[]>> rows) {
    if (kvSpec == null) {
      throw new IllegalStateException("StreamingTilesWrite of " + groupBy.getMetaData().getName()
          + " needs a KV store: call withKvStore(spec)");
    }
    rows.apply("Tiles to " + KvLayout.streamingDataset(groupBy.getMetaData().getName()),
        tiles.writingTo(kvSpec));
    return PDone.in(rows.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", groupBy.getMetaData().getName()).withLabel("GroupBy"))
        .add(DisplayData.item("tileMillis", tiles.tileMillis()).withLabel("Tile size (ms)"))
        .addIfNotNull(DisplayData.item("kvStore", kvSpec).withLabel("KV store"));
  }
}
