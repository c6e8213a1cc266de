package org.chrononbeam.aggregator.testing;

import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Operation;

/** Aggregations covering every operation, every numeric path, and every input shape. */
public final class ColumnCases {

  private ColumnCases() {}

  /** Every operation at least once, over the columns of {@link RandomRows#SCHEMA}. */
  public static final List<ColumnSpec> ALL = List.of(
      ColumnSpec.of("s", Operation.COUNT, Map.of()),
      ColumnSpec.of("d", Operation.COUNT, Map.of()),
      ColumnSpec.of("i", Operation.COUNT, Map.of()),
      ColumnSpec.of("i", Operation.SUM, Map.of()),
      ColumnSpec.of("l", Operation.SUM, Map.of()),
      ColumnSpec.of("b", Operation.SUM, Map.of()),
      ColumnSpec.of("d", Operation.SUM, Map.of()),
      ColumnSpec.of("f", Operation.SUM, Map.of()),
      ColumnSpec.of("i", Operation.AVERAGE, Map.of()),
      ColumnSpec.of("d", Operation.AVERAGE, Map.of()),
      ColumnSpec.of("d", Operation.VARIANCE, Map.of()),
      ColumnSpec.of("l", Operation.VARIANCE, Map.of()),
      ColumnSpec.of("d", Operation.SKEW, Map.of()),
      ColumnSpec.of("d", Operation.KURTOSIS, Map.of()),
      ColumnSpec.of("i", Operation.MIN, Map.of()),
      ColumnSpec.of("l", Operation.MAX, Map.of()),
      ColumnSpec.of("d", Operation.MIN, Map.of()),
      ColumnSpec.of("f", Operation.MAX, Map.of()),
      ColumnSpec.of("s", Operation.MIN, Map.of()),
      ColumnSpec.of("s", Operation.MAX, Map.of()),
      ColumnSpec.of("s", Operation.FIRST, Map.of()),
      ColumnSpec.of("i", Operation.FIRST, Map.of()),
      ColumnSpec.of("d", Operation.LAST, Map.of()),
      ColumnSpec.of("l", Operation.LAST, Map.of()),
      ColumnSpec.of("s", Operation.LAST, Map.of()),
      ColumnSpec.of("b", Operation.LAST, Map.of()),
      ColumnSpec.of("s", Operation.LAST_K, Map.of("k", "3")),
      ColumnSpec.of("d", Operation.FIRST_K, Map.of("k", "4")),
      ColumnSpec.of("i", Operation.TOP_K, Map.of("k", "3")),
      ColumnSpec.of("s", Operation.BOTTOM_K, Map.of("k", "2")),
      ColumnSpec.of("s", Operation.UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("l", Operation.UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("s", Operation.BOUNDED_UNIQUE_COUNT, Map.of("k", "5")),
      ColumnSpec.of("i", Operation.BOUNDED_UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("s", Operation.APPROX_UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("l", Operation.APPROX_UNIQUE_COUNT, Map.of("k", "10")),
      ColumnSpec.of("d", Operation.APPROX_PERCENTILE,
          Map.of("k", "64", "percentiles", "[0.1, 0.5, 0.99]")),
      ColumnSpec.of("i", Operation.APPROX_PERCENTILE, Map.of()),
      ColumnSpec.of("s", Operation.HISTOGRAM, Map.of()),
      ColumnSpec.of("s", Operation.HISTOGRAM, Map.of("k", "3")),
      ColumnSpec.of("s", Operation.APPROX_HISTOGRAM_K, Map.of("k", "4")),
      ColumnSpec.of("i", Operation.APPROX_HISTOGRAM_K, Map.of("k", "200")),
      ColumnSpec.of("li", Operation.SUM, Map.of()),
      ColumnSpec.of("li", Operation.LAST_K, Map.of("k", "5")),
      ColumnSpec.of("md", Operation.AVERAGE, Map.of()),
      ColumnSpec.of("md", Operation.LAST, Map.of()),
      new ColumnSpec("li", Operation.MAX, Map.of(), null, true),
      new ColumnSpec("li", Operation.COUNT, Map.of(), null, true),
      new ColumnSpec("i", Operation.COUNT, Map.of(), "bucket", false),
      new ColumnSpec("s", Operation.HISTOGRAM, Map.of(), "bucket", false),
      new ColumnSpec("md", Operation.SUM, Map.of(), "bucket", false),
      ColumnSpec.of("bin", Operation.UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("bin", Operation.APPROX_UNIQUE_COUNT, Map.of()),
      ColumnSpec.of("bin", Operation.LAST, Map.of()),
      ColumnSpec.of("bin", Operation.FIRST_K, Map.of("k", "2")),
      ColumnSpec.of("d", Operation.LAST_K, Map.of("k", "10")),
      ColumnSpec.of("i", Operation.FIRST_K, Map.of("k", "3")),
      ColumnSpec.of("l", Operation.LAST_K, Map.of("k", "1")),
      ColumnSpec.of("b", Operation.LAST_K, Map.of("k", "4")),
      ColumnSpec.of("f", Operation.FIRST_K, Map.of("k", "5")),
      ColumnSpec.of("md", Operation.FIRST_K, Map.of("k", "2")),
      ColumnSpec.of("b", Operation.FIRST, Map.of()),
      ColumnSpec.of("f", Operation.LAST, Map.of()));

  /** The deletable aggregations (SUM, COUNT, AVERAGE, HISTOGRAM) among {@link #ALL}. */
  public static final List<ColumnSpec> DELETABLE = ALL.stream()
      .filter(spec -> spec.operation() == Operation.SUM || spec.operation() == Operation.COUNT
          || spec.operation() == Operation.AVERAGE || spec.operation() == Operation.HISTOGRAM)
      .toList();
}
