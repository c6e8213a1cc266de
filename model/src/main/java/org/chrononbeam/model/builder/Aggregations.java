package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requirePositive;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.chrononbeam.api.Operation;

/**
 * Starting points for aggregations, one per operation that takes arguments, mirroring Chronon's
 * Python helpers ({@code LAST_K(10)}, {@code APPROX_PERCENTILE([0.5, 0.99], k=128)}, ...).
 *
 * <pre>{@code
 * Aggregations.of("price", Operation.AVERAGE).windows(Windows.days(7));
 * Aggregations.lastK("viewed_listing", 10);
 * Aggregations.approxPercentile("price", 0.5, 0.99);             // k = 128
 * Aggregations.approxPercentile("price", List.of(0.5, 0.99), 200);
 * Aggregations.approxUniqueCount("user_id", 12);                 // CPC sketch with lgK = 12
 * }</pre>
 *
 * <p>Arguments go into the aggregation's {@code argMap} as strings, as compile.py writes them:
 * {@code {"k": "10"}}, {@code {"k": "128", "percentiles": "[0.5, 0.99]"}}.
 */
public final class Aggregations {

  /** The sketch size compile.py gives APPROX_PERCENTILE when none is given. */
  public static final int DEFAULT_PERCENTILE_K = 128;

  /** The smallest lgK a CPC sketch (APPROX_UNIQUE_COUNT) accepts. */
  public static final int MIN_LG_K = 4;

  /** The largest lgK a CPC sketch (APPROX_UNIQUE_COUNT) accepts. */
  public static final int MAX_LG_K = 26;

  private static final Set<Operation> REQUIRE_K =
      EnumSet.of(Operation.LAST_K, Operation.FIRST_K, Operation.TOP_K, Operation.BOTTOM_K);

  private Aggregations() {}

  /**
   * {@code operation} over {@code inputColumn} with the operation's default arguments. LAST_K,
   * FIRST_K, TOP_K and BOTTOM_K have no default k: use {@link #lastK}, {@link #firstK},
   * {@link #topK} or {@link #bottomK}.
   */
  public static AggregationBuilder of(String inputColumn, Operation operation) {
    requireNonNull(operation, "operation");
    if (REQUIRE_K.contains(operation)) {
      throw new IllegalArgumentException(operation + " needs k; use Aggregations."
          + switch (operation) {
            case LAST_K -> "lastK";
            case FIRST_K -> "firstK";
            case TOP_K -> "topK";
            default -> "bottomK";
          } + "(column, k)");
    }
    return create(inputColumn, operation, Map.of());
  }

  /** The {@code k} most recent values, newest first (LAST_K); {@code k} must be positive. */
  public static AggregationBuilder lastK(String inputColumn, int k) {
    return withK(inputColumn, Operation.LAST_K, k);
  }

  /** The {@code k} earliest values, oldest first (FIRST_K); {@code k} must be positive. */
  public static AggregationBuilder firstK(String inputColumn, int k) {
    return withK(inputColumn, Operation.FIRST_K, k);
  }

  /** The {@code k} largest values (TOP_K); {@code k} must be positive. */
  public static AggregationBuilder topK(String inputColumn, int k) {
    return withK(inputColumn, Operation.TOP_K, k);
  }

  /** The {@code k} smallest values (BOTTOM_K); {@code k} must be positive. */
  public static AggregationBuilder bottomK(String inputColumn, int k) {
    return withK(inputColumn, Operation.BOTTOM_K, k);
  }

  /**
   * Approximate percentiles from a KLL sketch of size {@link #DEFAULT_PERCENTILE_K}
   * (APPROX_PERCENTILE); each percentile must lie in [0, 1].
   */
  public static AggregationBuilder approxPercentile(String inputColumn, double... percentiles) {
    requireNonNull(percentiles, "percentiles");
    return approxPercentile(inputColumn, Arrays.stream(percentiles).boxed().toList(),
        DEFAULT_PERCENTILE_K);
  }

  /**
   * Approximate percentiles from a KLL sketch of size {@code k} (APPROX_PERCENTILE); each
   * percentile must lie in [0, 1] and {@code k} must be positive.
   */
  public static AggregationBuilder approxPercentile(String inputColumn, List<Double> percentiles, int k) {
    requireNonNull(percentiles, "percentiles");
    if (percentiles.isEmpty()) {
      throw new IllegalArgumentException("at least one percentile is required");
    }
    StringJoiner list = new StringJoiner(", ", "[", "]");
    for (Double p : percentiles) {
      if (p == null || !(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("a percentile must lie in [0, 1], was " + p);
      }
      list.add(pythonFloat(p));
    }
    Map<String, String> args = new LinkedHashMap<>();
    args.put("k", Integer.toString(requirePositive(k, "k of APPROX_PERCENTILE")));
    args.put("percentiles", list.toString());
    return create(inputColumn, Operation.APPROX_PERCENTILE, args);
  }

  /**
   * Approximate distinct count from a CPC sketch with {@code lgK} in [{@link #MIN_LG_K},
   * {@link #MAX_LG_K}] (APPROX_UNIQUE_COUNT; Chronon's default is 8).
   */
  public static AggregationBuilder approxUniqueCount(String inputColumn, int lgK) {
    if (lgK < MIN_LG_K || lgK > MAX_LG_K) {
      throw new IllegalArgumentException("lgK of APPROX_UNIQUE_COUNT must lie in [" + MIN_LG_K
          + ", " + MAX_LG_K + "], was " + lgK);
    }
    return create(inputColumn, Operation.APPROX_UNIQUE_COUNT, Map.of("k", Integer.toString(lgK)));
  }

  /** The distinct count, capped at {@code k} (BOUNDED_UNIQUE_COUNT); {@code k} must be positive. */
  public static AggregationBuilder boundedUniqueCount(String inputColumn, int k) {
    return withK(inputColumn, Operation.BOUNDED_UNIQUE_COUNT, k);
  }

  /**
   * Counts per value, keeping the {@code k} most frequent (HISTOGRAM); {@code k} must be positive.
   * {@code Aggregations.of(column, Operation.HISTOGRAM)} keeps every value.
   */
  public static AggregationBuilder histogram(String inputColumn, int k) {
    return withK(inputColumn, Operation.HISTOGRAM, k);
  }

  /**
   * Counts per value, exact up to {@code k} values and a frequent-items sketch beyond
   * (APPROX_HISTOGRAM_K); {@code k} must be positive.
   */
  public static AggregationBuilder approxHistogram(String inputColumn, int k) {
    return withK(inputColumn, Operation.APPROX_HISTOGRAM_K, k);
  }

  private static AggregationBuilder withK(String inputColumn, Operation operation, int k) {
    requirePositive(k, "k of " + operation);
    return create(inputColumn, operation, Map.of("k", Integer.toString(k)));
  }

  private static AggregationBuilder create(String inputColumn, Operation operation, Map<String, String> args) {
    return new AggregationBuilder(requireText(inputColumn, "input column"), operation, args);
  }

  /**
   * Writes {@code value} as Python's {@code repr} of a float, which {@code json.dumps} uses:
   * the shortest digits, positional for exponents in [-4, 16) ({@code 0.5}, {@code 1.0}),
   * scientific below ({@code 1e-05}).
   */
  static String pythonFloat(double value) {
    if (value == 0.0) {
      return "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = decimal.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (decimal.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exponent));
  }
}
