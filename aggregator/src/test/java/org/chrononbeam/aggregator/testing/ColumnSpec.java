package org.chrononbeam.aggregator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Window;

/** One aggregation under test: input, operation, arguments, optional bucket and element-wise. */
public record ColumnSpec(
    String input, Operation operation, Map<String, String> args, String bucket,
    boolean elementWise) {

  /** A plain aggregation of {@code input}. */
  public static ColumnSpec of(String input, Operation operation, Map<String, String> args) {
    return new ColumnSpec(input, operation, args, null, false);
  }

  /** The Thrift aggregation with {@code windows} (empty for unbounded). */
  public Aggregation toAggregation(List<Window> windows) {
    Aggregation aggregation = new Aggregation()
        .setInputColumn(input)
        .setOperation(operation)
        .setArgMap(args);
    if (!windows.isEmpty()) {
      aggregation.setWindows(new ArrayList<>(windows));
    }
    if (bucket != null) {
      aggregation.setBuckets(List.of(bucket));
    }
    if (elementWise) {
      aggregation.setElementWise(true);
    }
    return aggregation;
  }

  @Override
  public String toString() {
    return operation + "(" + input + (args.isEmpty() ? "" : ", " + args)
        + (bucket == null ? "" : ", by " + bucket) + (elementWise ? ", elementWise" : "") + ")";
  }
}
