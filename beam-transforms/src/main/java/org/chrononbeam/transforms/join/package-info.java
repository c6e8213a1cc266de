/**
 * Join backfills: the point-in-time correct training table of a Join, computed from warehouse
 * tables.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>left side
 *   <dd>The Join's {@code left} source: its rows are the rows of the output, each kept exactly
 *       once, with their columns first.
 *   <dt>join part
 *   <dd>One GroupBy whose features are appended to every left row, keyed through the part's {@code
 *       keyMapping} ({@code {leftColumn: groupByKey}}) and named {@code [prefix_]<sanitized GroupBy
 *       name>_<feature>}.
 *   <dt>query time {@code q}
 *   <dd>The instant a left row's features are evaluated at: its {@code ts} (events left, TEMPORAL
 *       GroupBy), the start of its {@code ts} day (events left, SNAPSHOT GroupBy) or the end of its
 *       partition day (entities left). Only GroupBy events strictly before {@code q} count; a
 *       window {@code w} covers {@code [floor(q - w, hop), q)}.
 *   <dt>mutations
 *   <dd>Changes to an entities source, from its mutation table: a before-image ({@code is_before}
 *       true) retracts the old row, an after-image adds the new one, at the {@code mutation_ts}.
 *       A TEMPORAL entities GroupBy under an events left side sees the snapshot of the day before
 *       {@code q} plus the mutations of {@code q}'s day before {@code q}.
 * </dl>
 *
 * <p>{@link org.chrononbeam.transforms.join.JoinBackfill} is the transform. Each part is one
 * co-group of the left rows (carried whole, so duplicates stay duplicates) with the GroupBy's rows,
 * by key; parts run one after the other, each appending its columns. Rows travel in columnar
 * {@link org.chrononbeam.transforms.source.RowChunk}s, the features written into their columns
 * unboxed ({@link org.chrononbeam.aggregator.window.ValueSink}).
 */
package org.chrononbeam.transforms.join;
