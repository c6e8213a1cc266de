package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.addNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Window;

/**
 * Builds one {@link Aggregation}: an operation over one input column, optionally over windows and
 * per bucket. Start from {@link Aggregations}.
 *
 * <pre>{@code
 * Aggregations.of("purchase_price", Operation.SUM).windows(Windows.days(3), Windows.days(14));
 * Aggregations.lastK("purchase_price", 10).buckets("merchant_category");
 * }</pre>
 *
 * <p>{@code argMap} is always written, as {@code {}} when the operation takes no argument, as
 * compile.py does.
 */
public final class AggregationBuilder {

  private final String inputColumn;
  private final Operation operation;
  private final Map<String, String> args;
  private final List<Window> windows = new ArrayList<>();
  private final List<String> buckets = new ArrayList<>();
  private Boolean elementWise;

  AggregationBuilder(String inputColumn, Operation operation, Map<String, String> args) {
    this.inputColumn = inputColumn;
    this.operation = operation;
    this.args = new LinkedHashMap<>(args);
  }

  /** Aggregates over each of these windows, one output column per window. */
  public AggregationBuilder windows(Window... windows) {
    requireNonNull(windows, "windows");
    if (windows.length == 0) {
      throw new IllegalArgumentException("at least one window is required");
    }
    for (Window window : windows) {
      requireNonNull(window, "window");
      if (window.getLength() <= 0 || window.getTimeUnit() == null) {
        throw new IllegalArgumentException(
            "a window needs a positive length and a time unit, was " + window);
      }
      if (this.windows.contains(window)) {
        throw new IllegalArgumentException("window " + window + " is given twice");
      }
      this.windows.add(new Window(window));
    }
    return this;
  }

  /** Aggregates separately per value of each bucket column; the output becomes a map. */
  public AggregationBuilder buckets(String... columns) {
    for (String column : requireTexts(columns, "bucket column")) {
      addNew(buckets, column, "bucket column");
    }
    return this;
  }

  /** Whether a list input is aggregated position by position rather than over its elements. */
  public AggregationBuilder elementWise(boolean elementWise) {
    this.elementWise = elementWise;
    return this;
  }

  /** Returns a new {@link Aggregation} of what was given so far. */
  public Aggregation build() {
    Aggregation aggregation = new Aggregation()
        .setInputColumn(inputColumn)
        .setOperation(operation)
        .setArgMap(new LinkedHashMap<>(args));
    if (!windows.isEmpty()) {
      List<Window> copies = new ArrayList<>();
      windows.forEach(window -> copies.add(new Window(window)));
      aggregation.setWindows(copies);
    }
    if (!buckets.isEmpty()) {
      aggregation.setBuckets(new ArrayList<>(buckets));
    }
    if (elementWise != null) {
      aggregation.setElementWise(elementWise);
    }
    return aggregation;
  }
}
