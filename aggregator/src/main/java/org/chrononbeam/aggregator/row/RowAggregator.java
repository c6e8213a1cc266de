package org.chrononbeam.aggregator.row;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.api.Aggregation;

/**
 * The column aggregators of a GroupBy's aggregations over one input schema, and their IRs as one
 * array ("row IR", one element per column, null for no input).
 *
 * <p>Each {@link Aggregation} yields one column per bucket (one column when it has no buckets), in
 * order. Windows are not handled here (see the {@code window} package); {@link #aggregation} gives
 * each column's source so its windows can be read.
 *
 * <pre>{@code
 * RowAggregator rows = RowAggregator.of(schema, groupBy.getAggregations(), false);
 * Object[] irs = rows.newIrs();
 * for (Row row : rows) rows.update(irs, row);
 * Object[] outputs = rows.finalize(irs);
 * }</pre>
 */
public final class RowAggregator {

  private final List<ColumnAggregator> columns;
  private final List<Aggregation> sources;

  private RowAggregator(List<ColumnAggregator> columns, List<Aggregation> sources) {
    this.columns = List.copyOf(columns);
    this.sources = List.copyOf(sources);
  }

  /**
   * The columns of {@code aggregations} over {@code schema}.
   *
   * @param withMutations whether rows may be deletions (entity mutations with {@code is_before});
   *     if so every operation must be deletable (SUM, COUNT, AVERAGE, HISTOGRAM)
   * @throws IllegalArgumentException on an invalid aggregation, with the reason
   */
  public static RowAggregator of(
      InputSchema schema, List<Aggregation> aggregations, boolean withMutations) {
    List<ColumnAggregator> columns = new ArrayList<>();
    List<Aggregation> sources = new ArrayList<>();
    for (Aggregation aggregation : aggregations) {
      List<String> buckets = aggregation.isSetBuckets() && !aggregation.getBuckets().isEmpty()
          ? aggregation.getBuckets()
          : java.util.Collections.singletonList(null);
      for (String bucket : buckets) {
        ColumnAggregator column = new ColumnAggregator(
            schema,
            aggregation.getInputColumn(),
            aggregation.getOperation(),
            aggregation.getArgMap(),
            bucket,
            aggregation.isElementWise());
        if (withMutations && !column.isDeletable()) {
          throw new IllegalArgumentException(
              aggregation.getOperation() + " on " + aggregation.getInputColumn()
                  + " cannot be used with entity mutations: only SUM, COUNT, AVERAGE and"
                  + " HISTOGRAM support deletes");
        }
        columns.add(column);
        sources.add(aggregation);
      }
    }
    return new RowAggregator(columns, sources);
  }

  /** The number of columns. */
  public int size() {
    return columns.size();
  }

  /** Column {@code index}. */
  public ColumnAggregator column(int index) {
    return columns.get(index);
  }

  /** The aggregation column {@code index} came from. */
  public Aggregation aggregation(int index) {
    return sources.get(index);
  }

  /** A row IR with no input. */
  public Object[] newIrs() {
    return new Object[columns.size()];
  }

  /** Adds (or, for a before-image, deletes) {@code row}; {@code irs} is mutated. */
  public void update(Object[] irs, Row row) {
    for (int i = 0; i < irs.length; i++) {
      irs[i] = columns.get(i).update(irs[i], row);
    }
  }

  /** Merges {@code other} into {@code irs}; {@code irs} is mutated, {@code other} is not. */
  public Object[] merge(Object[] irs, Object[] other) {
    for (int i = 0; i < irs.length; i++) {
      irs[i] = columns.get(i).merge(irs[i], other[i]);
    }
    return irs;
  }

  /** A deep copy of {@code irs}. */
  public Object[] clone(Object[] irs) {
    Object[] copy = new Object[irs.length];
    for (int i = 0; i < irs.length; i++) {
      copy[i] = columns.get(i).clone(irs[i]);
    }
    return copy;
  }

  /** The outputs of {@code irs}, one per column; {@code irs} is not mutated. */
  public Object[] finalize(Object[] irs) {
    Object[] outputs = new Object[irs.length];
    for (int i = 0; i < irs.length; i++) {
      outputs[i] = columns.get(i).finalize(irs[i]);
    }
    return outputs;
  }
}
