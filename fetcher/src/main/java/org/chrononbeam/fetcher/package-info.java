/**
 * The online fetcher: Chronon's {@code Fetcher} over a {@link org.chrononbeam.model.kv.KvStore},
 * with no Beam, Spark or Flink on its class path. Start at {@link
 * org.chrononbeam.fetcher.Fetcher}.
 *
 * <pre>{@code
 * Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
 * Response response = fetcher.fetchGroupBys(List.of(
 *     new Request("team.purchases.v1", Map.of("user_id", 5), atMillis))).join().get(0);
 * }</pre>
 *
 * <p>Definitions used here:
 *
 * <ul>
 *   <li><b>batch end</b>: the exclusive end of a GroupBy's uploaded data, the day after the serving
 *       info's {@code batchEndDate}, 00:00 UTC. A fetch answers query times from the batch end on;
 *       earlier times are the backfill's;
 *   <li><b>batch value</b>: the {@code _BATCH} value of a key: a batch IR (TEMPORAL), finalized
 *       outputs (SNAPSHOT) or the selected row (no aggregations);
 *   <li><b>streaming values</b>: the {@code _STREAMING} versions of a key since the batch end:
 *       input rows (version = event time) or, tiled, tiles (version = the latest event time in the
 *       tile);
 *   <li><b>horizon</b>: how long after its batch end a batch IR answers, 2 days, as the upload
 *       builds it ({@code OnlineAggregator.DEFAULT_HORIZON_MILLIS});
 *   <li><b>part</b>: one join part, a GroupBy reached through a key mapping, named by its prefix
 *       and sanitized GroupBy name; a failed part is reported as {@code <part>_exception}.
 * </ul>
 */
package org.chrononbeam.fetcher;
