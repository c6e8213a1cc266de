/**
 * Streaming: a GroupBy's topic into its {@code _STREAMING} dataset, with the backfill's query
 * engine and the aggregator's algebra (one code path, streaming windowing and triggers).
 *
 * <pre>{@code
 * StreamingProjection projection =
 *     StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
 * PCollectionTuple out = pipeline
 *     .apply(KafkaEventRead.from(bootstrap, projection.topic()).withConsumerGroup(group))
 *     .apply(projection.batched());     // untiled: projection, ROWS and StreamingRowsWrite
 * out.get(StreamingProjection.ROW_BATCHES)
 *     .apply(StreamingTilesWrite.of(groupBy, projection.rowSchema()).withKvStore(spec));
 * out.get(StreamingProjection.DEAD_LETTERS).apply(DeadLetterWrite.toTopic(bootstrap, dlq));
 * }</pre>
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>message
 *   <dd>One Kafka record's value, decoded by a {@link org.chrononbeam.model.stream.StreamDecoder}
 *       into a mutation of rows of the GroupBy's declared stream schema.
 *   <dt>row
 *   <dd>A decoded row after the source's query: the same {@code Object[]} layout as the
 *       backfill's source rows (query output, then {@code ds}), see {@link
 *       org.chrononbeam.transforms.streaming.StreamingProjection#rowSchema()}.
 *   <dt>dead letter
 *   <dd>A message that yields no rows because it is malformed (undecodable, another schema, a
 *       failing expression, no event time), kept with its topic, partition, offset and reason.
 *   <dt>tile
 *   <dd>The row IR of one key's events in a tumbling window {@code [start, start + hop)} of the
 *       GroupBy's smallest tail hop; written at version = the latest event time it holds.
 *   <dt>untiled / tiled mode
 *   <dd>Untiled writes each row at version = its {@code ts}; tiled writes each tile on every
 *       update. The fetcher reads tiles when the GroupBy's customJson has {@code "enable_tiling":
 *       true}, rows otherwise.
 * </dl>
 */
package org.chrononbeam.transforms.streaming;
