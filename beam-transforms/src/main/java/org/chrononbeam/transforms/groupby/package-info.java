/**
 * GroupBy backfills: a GroupBy's features computed from warehouse tables.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>query time {@code q}
 *   <dd>The instant (epoch milliseconds UTC) features are evaluated at. Only rows with {@code ts <
 *       q} count.
 *   <dt>window
 *   <dd>At query time {@code q} a window of length {@code w} covers {@code [floor(q - w, hop), q)};
 *       the hop comes from the GroupBy's accuracy (see {@code aggregator.window.Resolution}). No
 *       window means every row before {@code q}.
 *   <dt>daily snapshot
 *   <dd>A GroupBy backfill's partition {@code ds = D}: the features of each key at {@code q = D+1
 *       00:00 UTC}, i.e. as of the end of day {@code D}.
 *   <dt>lookback
 *   <dd>How far before the first query time rows must be read: the longest window plus its hop, or
 *       everything when a window is unbounded.
 * </dl>
 *
 * <p>{@link org.chrononbeam.transforms.groupby.GroupByBackfill} is the transform; {@link
 * org.chrononbeam.transforms.groupby.GroupByFeatures} evaluates one key's features at any query
 * times and is shared with the join backfill.
 */
package org.chrononbeam.transforms.groupby;
