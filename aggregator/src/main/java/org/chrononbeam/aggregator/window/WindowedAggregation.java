package org.chrononbeam.aggregator.window;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Window;

/**
 * A GroupBy's aggregations with their windows resolved: the row aggregator and the ordered list
 * of output columns (for each column, each of its aggregation's windows in order; an aggregation
 * without windows has one unbounded output).
 */
public record WindowedAggregation(RowAggregator rows, List<WindowedOutput> outputs) {

  /** Copies the outputs. */
  public WindowedAggregation {
    outputs = List.copyOf(outputs);
  }

  /**
   * The aggregations of a GroupBy over {@code schema} under {@code accuracy} (null = TEMPORAL).
   *
   * @param withMutations whether rows may be deletions; see {@link RowAggregator#of}
   */
  public static WindowedAggregation of(
      InputSchema schema, List<Aggregation> aggregations, Accuracy accuracy,
      boolean withMutations) {
    RowAggregator rows = RowAggregator.of(schema, aggregations, withMutations);
    List<WindowedOutput> outputs = new ArrayList<>();
    for (int column = 0; column < rows.size(); column++) {
      Aggregation aggregation = rows.aggregation(column);
      if (!aggregation.isSetWindows() || aggregation.getWindows().isEmpty()) {
        outputs.add(new WindowedOutput(column, WindowSpec.UNBOUNDED));
      } else {
        for (Window window : aggregation.getWindows()) {
          outputs.add(new WindowedOutput(column, WindowSpec.of(window, accuracy)));
        }
      }
    }
    return new WindowedAggregation(rows, outputs);
  }

  /** The distinct tail hops of the bounded windows, largest first. */
  public long[] hopSizes() {
    TreeSet<Long> hops = new TreeSet<>();
    for (WindowedOutput output : outputs) {
      if (!output.window().isUnbounded()) {
        hops.add(output.window().hopMillis());
      }
    }
    return hops.descendingSet().stream().mapToLong(Long::longValue).toArray();
  }

  /** The smallest tail hop of the bounded windows, or 5 minutes if all are unbounded. */
  public long smallestHop() {
    long[] hops = hopSizes();
    return hops.length == 0 ? Resolution.FIVE_MINUTES_MILLIS : hops[hops.length - 1];
  }

  /** The output values of window-level IRs (one per output); {@code irs} is not mutated. */
  public Object[] finalize(Object[] irs) {
    Object[] values = new Object[outputs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.column(outputs.get(i).column()).finalize(irs[i]);
    }
    return values;
  }
}
