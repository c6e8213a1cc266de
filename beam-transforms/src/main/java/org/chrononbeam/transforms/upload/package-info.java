/**
 * Serving a GroupBy online: what the batch upload, the streaming writer and {@code
 * metadata-upload} put in the KV store for the {@code fetcher} to read.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>batch end
 *   <dd>The exclusive end of an upload through day {@code endDs}: {@code endDs + 1 day}, 00:00
 *       UTC. Every batch value and the serving info carry it as their version; the fetcher answers
 *       query times from it on, for two days (the horizon).
 *   <dt>batch value
 *   <dd>One key's value in {@code <NAME>_BATCH}: a batch IR (TEMPORAL: collapsed IRs plus tail
 *       hops), the finalized outputs (SNAPSHOT) or the latest row (no aggregations).
 *   <dt>streaming row
 *   <dd>One source row in {@code <NAME>_STREAMING}: the key, the input columns and the event time
 *       as its version. The fetcher merges the rows since the batch end into the batch IR. For a
 *       TEMPORAL entities GroupBy the rows are mutations: they also carry {@code is_before}, and
 *       the fetcher retracts before-images.
 *   <dt>serving info
 *   <dd>The GroupBy with its key, input and streaming schemas and its batch end date, under the
 *       key {@code group_by_serving_info} of {@code <NAME>_BATCH}.
 *   <dt>input columns
 *   <dd>The source columns the aggregations read (see {@link
 *       org.chrononbeam.transforms.upload.ServingColumns}).
 * </dl>
 *
 * <p>{@link org.chrononbeam.transforms.upload.GroupByUpload} writes batch values and serving info,
 * {@link org.chrononbeam.transforms.upload.StreamingRowsWrite} streaming rows, {@link
 * org.chrononbeam.transforms.upload.MetadataUpload} the join and GroupBy configs; all of them go
 * through the codecs of {@code org.chrononbeam.model.avro}, which the fetcher reads with.
 */
package org.chrononbeam.transforms.upload;
