package org.chrononbeam.aggregator.ops;

import java.util.Map;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;

/**
 * Builds the {@link Aggregator} of a Chronon operation for one input element type, checking the
 * type and the {@code argMap} arguments ({@code k}, {@code percentiles}) the way Chronon does.
 * DATE and TIMESTAMP inputs are rejected.
 */
public final class AggregatorFactory {

  private AggregatorFactory() {}

  /**
   * The aggregator of {@code operation} over inputs of {@code inputType} (an element type: the row
   * layer unwraps lists and maps), with Chronon's {@code argMap} (may be null).
   *
   * @throws IllegalArgumentException if the type or an argument is not supported
   */
  @SuppressWarnings("unchecked")
  public static Aggregator<Object> create(
      Operation operation, TDataType inputType, Map<String, String> argMap) {
    return (Aggregator<Object>) build(operation, inputType, argMap == null ? Map.of() : argMap);
  }

  private static Aggregator<?> build(
      Operation operation, TDataType type, Map<String, String> args) {
    DataKind kind = type.getKind();
    if (kind == DataKind.DATE || kind == DataKind.TIMESTAMP || kind == DataKind.STRUCT) {
      throw unsupported(operation, type);
    }
    switch (operation) {
      case COUNT:
        return new CountAggregator(kind);
      case SUM:
        if (DataTypes.isIntegral(kind) || kind == DataKind.BOOLEAN) {
          return new LongSumAggregator();
        }
        requireNumeric(operation, type);
        return new DoubleSumAggregator();
      case AVERAGE:
        requireNumeric(operation, type);
        return new AverageAggregator();
      case VARIANCE:
      case SKEW:
      case KURTOSIS:
        requireNumeric(operation, type);
        return new MomentsAggregator(operation);
      case MIN:
      case MAX:
        boolean max = operation == Operation.MAX;
        if (DataTypes.isIntegral(kind)) {
          return new LongExtremeAggregator(max, kind);
        }
        if (DataTypes.isFloating(kind)) {
          return new DoubleExtremeAggregator(max, kind);
        }
        if (kind == DataKind.STRING) {
          return new StringExtremeAggregator(max);
        }
        throw unsupported(operation, type);
      case FIRST:
      case LAST:
        return new FirstLastAggregator(operation == Operation.LAST, type);
      case FIRST_K:
      case LAST_K:
        boolean last = operation == Operation.LAST_K;
        int k = requiredK(operation, args);
        return PrimitiveForm.accepts(kind)
            ? new PrimitiveFirstLastKAggregator(last, k, type)
            : new FirstLastKAggregator(last, k, type);
      case TOP_K:
      case BOTTOM_K:
        requireNumericOrString(operation, type);
        return new TopBottomKAggregator(
            operation == Operation.TOP_K, requiredK(operation, args), type);
      case UNIQUE_COUNT:
        requireHashable(operation, type);
        return UniqueCountAggregator.exact(type);
      case BOUNDED_UNIQUE_COUNT:
        requireHashable(operation, type);
        return UniqueCountAggregator.bounded(intArg(args, "k", 8), type);
      case APPROX_UNIQUE_COUNT:
        requireHashable(operation, type);
        return new ApproxUniqueCountAggregator(
            intArg(args, "k", ApproxUniqueCountAggregator.DEFAULT_LG_K), kind);
      case APPROX_PERCENTILE:
        requireNumeric(operation, type);
        return new ApproxPercentileAggregator(
            intArg(args, "k", ApproxPercentileAggregator.DEFAULT_K),
            ApproxPercentileAggregator.parsePercentiles(args.getOrDefault("percentiles", "[0.5]")));
      case HISTOGRAM:
        if (kind != DataKind.STRING) {
          throw unsupported(operation, type);
        }
        return new HistogramAggregator(intArg(args, "k", 0));
      case APPROX_HISTOGRAM_K:
        requireNumericOrString(operation, type);
        return new ApproxHistogramAggregator(
            intArg(args, "k", ApproxHistogramAggregator.DEFAULT_K));
      default:
        throw new IllegalArgumentException("unknown operation " + operation);
    }
  }

  private static int requiredK(Operation operation, Map<String, String> args) {
    if (!args.containsKey("k")) {
      throw new IllegalArgumentException(operation + " requires the argument k");
    }
    return intArg(args, "k", 0);
  }

  private static int intArg(Map<String, String> args, String name, int defaultValue) {
    String value = args.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument " + name + " must be an integer: " + value, e);
    }
  }

  private static void requireNumeric(Operation operation, TDataType type) {
    if (!DataTypes.isNumeric(type.getKind())) {
      throw unsupported(operation, type);
    }
  }

  private static void requireNumericOrString(Operation operation, TDataType type) {
    if (!DataTypes.isNumeric(type.getKind()) && type.getKind() != DataKind.STRING) {
      throw unsupported(operation, type);
    }
  }

  private static void requireHashable(Operation operation, TDataType type) {
    DataKind kind = type.getKind();
    if (!DataTypes.isNumeric(kind) && kind != DataKind.STRING && kind != DataKind.BINARY) {
      throw unsupported(operation, type);
    }
  }

  private static IllegalArgumentException unsupported(Operation operation, TDataType type) {
    return new IllegalArgumentException(operation + " does not support inputs of type " + type);
  }
}
