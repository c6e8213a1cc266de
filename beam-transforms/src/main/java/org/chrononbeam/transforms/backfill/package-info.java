/**
 * Incremental backfills: which days of an output table still need computing.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>wanted days
 *   <dd>The days a backfill run should leave in its output table: every day of the range for a
 *       GroupBy, the left source's partitions in the range for a Join.
 *   <dt>semantic hash
 *   <dd>A digest of what decides a config's output rows ({@link
 *       org.chrononbeam.transforms.backfill.SemanticHash}), stored beside the table it wrote.
 *   <dt>chunk
 *   <dd>Consecutive days computed by one pipeline, at most {@code --step-days} long ({@link
 *       org.chrononbeam.transforms.backfill.BackfillPlan.Chunk}).
 * </dl>
 */
package org.chrononbeam.transforms.backfill;
