/**
 * Aggregation of rows: the columns of a GroupBy's aggregations over an input schema.
 *
 * <p>Terms used here:
 *
 * <ul>
 *   <li><b>row</b>: one input event or mutation ({@link org.chrononbeam.aggregator.row.Row}): a
 *       timestamp, an {@code is_before} flag and column values;
 *   <li><b>column</b>: one aggregation of one input column with at most one bucket, no window
 *       ({@link org.chrononbeam.aggregator.row.ColumnAggregator}); it unwraps list, map and
 *       element-wise inputs and skips nulls;
 *   <li><b>row IR</b>: an {@code Object[]} holding one column IR per column, null for a column
 *       that saw no input.
 * </ul>
 */
package org.chrononbeam.aggregator.row;
