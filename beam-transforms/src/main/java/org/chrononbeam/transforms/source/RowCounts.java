package org.chrononbeam.transforms.source;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The Beam counters backfills keep, for launchers to report: {@value #ROWS_IN} counts the source
 * rows read from the warehouse (before the queries' wheres), {@value #ROWS_OUT} the output rows
 * produced. Both live in the namespace {@value #NAMESPACE}; query them from a {@code
 * PipelineResult} with {@code MetricNameFilter.named(RowCounts.NAMESPACE, RowCounts.ROWS_IN)}.
 */
public final class RowCounts {

  /** The namespace of the counters. */
  public static final String NAMESPACE = "chronon";

  /** Source rows read. */
  public static final String ROWS_IN = "rowsIn";

  /** Output rows produced. */
  public static final String ROWS_OUT = "rowsOut";

  private RowCounts() {}

  /** The counter of source rows read. */
  public static Counter rowsIn() {
    return Metrics.counter(NAMESPACE, ROWS_IN);
  }

  /** The counter of output rows produced. */
  public static Counter rowsOut() {
    return Metrics.counter(NAMESPACE, ROWS_OUT);
  }
}
