/**
 * Reading a GroupBy's or Join's sources from the warehouse, and the in-flight form of their rows.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>row
 *   <dd>An {@code Object[]} laid out by a {@link org.chrononbeam.expressions.RowSchema}: the output
 *       of a source's compiled query (its selects, then {@code ts} from {@code timeColumn}),
 *       followed by {@code ds}, the partition it was read from (unless the read is {@code
 *       withoutPartitionColumn}). Values are in the in-memory form of {@link
 *       org.chrononbeam.expressions.Column} (strings are {@code String}). Rows travel
 *       between stages with a {@link org.chrononbeam.transforms.source.ValuesCoder}: one presence
 *       byte and the value's binary form per column, no names, no Java serialization.
 *   <dt>key bytes
 *   <dd>A row's key columns encoded by {@link org.chrononbeam.transforms.source.KeyBytes}:
 *       deterministic, and equal for equal values of any integral type (an {@code int} left column
 *       matches a {@code long} GroupBy key). Keyed rows are {@code KV<byte[], Object[]>}.
 *   <dt>chunk
 *   <dd>Rows of one schema stored by column ({@link
 *       org.chrononbeam.transforms.source.RowChunk}: numbers in primitive arrays, null flags), the
 *       unit the join backfill shuffles: {@link org.chrononbeam.transforms.source.KeyedChunks}
 *       packs one key's rows of a bundle into one chunk, {@code KV<byte[], RowChunk>}, encoded by
 *       {@link org.chrononbeam.transforms.source.RowChunkCoder}; {@link
 *       org.chrononbeam.transforms.source.ChunkRows} lets the aggregator read them unboxed. The
 *       backfills and the upload carry their rows in chunks from the read to the write.
 *   <dt>selected partitions
 *   <dd>The partitions a read lists and reads: those in the range the caller asks for that the
 *       query's {@code startPartition}/{@code endPartition} also allow.
 * </dl>
 *
 * <p>{@link org.chrononbeam.transforms.source.SourceRead} reads a source, {@link
 * org.chrononbeam.transforms.source.KeyedRows} keys its rows, {@link
 * org.chrononbeam.transforms.source.AvroColumns} converts between warehouse records and rows.
 * {@link org.chrononbeam.transforms.source.SourceRead#packedBy} reads a source straight into keyed
 * chunks, and {@link org.chrononbeam.transforms.source.SourceRead#chunks} into unkeyed ones: when
 * its query only copies scalar columns, the Parquet columns go into the chunks' primitive arrays
 * without a record, a row or a boxed value ({@code PackedRead}, {@code ChunkedRead}); other
 * queries are evaluated a row at a time and their rows packed ({@link
 * org.chrononbeam.transforms.source.Chunks}). {@link
 * org.chrononbeam.transforms.source.KeyedChunks#ofChunks} keys chunk rows column by column.
 */
package org.chrononbeam.transforms.source;
