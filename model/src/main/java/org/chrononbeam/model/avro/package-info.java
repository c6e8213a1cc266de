/**
 * The byte forms of a GroupBy's KV keys and values, one codec per form, shared by the batch upload,
 * the streaming writer and the online fetcher so that they cannot drift apart. Golden files under
 * {@code src/test/resources/golden/kv} pin the bytes.
 *
 * <p>Definitions used here:
 *
 * <ul>
 *   <li><b>key bytes</b> ({@link org.chrononbeam.model.avro.KeyCodec}): Avro binary of a record of
 *       the GroupBy's key columns. Key types are <em>normalized</em>: every integral kind is stored
 *       as {@code long} and both floating kinds as {@code double}, so an {@code int} left column
 *       and a {@code long} GroupBy key give the same bytes;
 *   <li><b>streaming row</b> ({@link org.chrononbeam.model.avro.StreamingRowCodec}): a {@code
 *       _STREAMING} value, Avro binary of {@code ts}, {@code is_before} (entity sources only) and
 *       the aggregation input columns; its KV version is its {@code ts}. A store keeps one value
 *       per key and timestamp, so two rows of one key in the same millisecond keep only the last
 *       one written;
 *   <li><b>value row</b> ({@link org.chrononbeam.model.avro.ValueCodec}): Avro binary of named
 *       nullable columns: a SNAPSHOT GroupBy's finalized outputs, a GroupBy without aggregations'
 *       selected row;
 *   <li><b>serving info</b> ({@link org.chrononbeam.model.avro.ServingInfoCodec}): the {@code
 *       GroupByServingInfo} JSON carrying the schemas of the three codecs above and the batch end;
 *       {@link org.chrononbeam.model.avro.ServingSchemas} parses it into codecs.
 * </ul>
 *
 * <p>TEMPORAL {@code _BATCH} values (batch IRs) and streaming tiles are the aggregator module's
 * {@code BatchIrCodec} and {@code TileCodec}, since their schemas follow the aggregations. A batch
 * IR keeps, per window, only the tail hops its window can still read, each hop in an Avro array
 * block of its own that gives its byte size, so that a fetch jumps over the hops it does not read
 * instead of walking their bytes (Chronon keeps every hop of a hop size in one list; the schema is
 * the same). Encoding
 * is plain Avro binary with no header or fingerprint: reader and writer derive the same schema, and
 * values are in the in-memory form of {@link org.chrononbeam.model.avro.AvroTypes}.
 */
package org.chrononbeam.model.avro;
