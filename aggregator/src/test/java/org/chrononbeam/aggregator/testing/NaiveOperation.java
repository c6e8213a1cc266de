package org.chrononbeam.aggregator.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chrononbeam.api.Operation;

/**
 * Brute-force reference results of Chronon's operations over a plain list of inputs, written
 * independently of the aggregator (no IRs, no merges): the oracle the optimized code is checked
 * against. Approximate operations return the exact answer; {@link OutputCheck} applies their
 * documented error.
 */
public final class NaiveOperation {

  /** One input: value, timestamp, and whether it is a deletion. */
  public record Input(long ts, Object value, boolean deleted) {}

  private NaiveOperation() {}

  /** The reference output of {@code operation} over {@code inputs}; null when there are none. */
  public static Object evaluate(Operation operation, Map<String, String> args, List<Input> inputs) {
    if (inputs.isEmpty()) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    for (Input input : inputs) {
      if (input.deleted()) {
        throw new IllegalArgumentException("use evaluateWithDeletes");
      }
      values.add(input.value());
    }
    int k = args.containsKey("k") ? Integer.parseInt(args.get("k")) : -1;
    switch (operation) {
      case COUNT:
        return (long) values.size();
      case SUM:
        if (isIntegralOrBoolean(values.get(0))) {
          long sum = 0;
          for (Object v : values) {
            sum += asLong(v);
          }
          return sum;
        }
        double dsum = 0;
        for (Object v : values) {
          dsum += ((Number) v).doubleValue();
        }
        return dsum;
      case AVERAGE:
        double total = 0;
        for (Object v : values) {
          total += ((Number) v).doubleValue();
        }
        return total / values.size();
      case VARIANCE:
      case SKEW:
      case KURTOSIS:
        return moment(operation, values);
      case MIN:
        return values.stream().min(NaiveOperation::compare).get();
      case MAX:
        return values.stream().max(NaiveOperation::compare).get();
      case FIRST:
        return sortedByTime(inputs).get(0).value();
      case LAST:
        List<Input> byTime = sortedByTime(inputs);
        return byTime.get(byTime.size() - 1).value();
      case FIRST_K:
      case LAST_K:
        List<Input> sorted = sortedByTime(inputs);
        if (operation == Operation.LAST_K) {
          java.util.Collections.reverse(sorted);
        }
        List<Object> firstK = new ArrayList<>();
        for (Input input : sorted.subList(0, Math.min(k, sorted.size()))) {
          firstK.add(input.value());
        }
        return firstK;
      case TOP_K:
      case BOTTOM_K:
        List<Object> ordered = new ArrayList<>(values);
        ordered.sort(operation == Operation.TOP_K
            ? ((Comparator<Object>) NaiveOperation::compare).reversed()
            : NaiveOperation::compare);
        return new ArrayList<>(ordered.subList(0, Math.min(k, ordered.size())));
      case UNIQUE_COUNT:
      case APPROX_UNIQUE_COUNT:
        return (long) new HashSet<>(values).size();
      case BOUNDED_UNIQUE_COUNT:
        Set<Object> distinct = new HashSet<>(values);
        return (long) Math.min(distinct.size(), k < 0 ? 8 : k);
      case APPROX_PERCENTILE:
        return exactSortedFloats(values);
      case HISTOGRAM:
      case APPROX_HISTOGRAM_K:
        Map<String, Long> counts = new HashMap<>();
        for (Object v : values) {
          counts.merge(v.toString(), 1L, Long::sum);
        }
        return operation == Operation.HISTOGRAM ? histogram(counts, Math.max(k, 0)) : counts;
      default:
        throw new IllegalArgumentException(operation.toString());
    }
  }

  /**
   * The reference output of a deletable operation (COUNT, SUM, AVERAGE, HISTOGRAM) over inserts
   * and deletions: the operation over the net multiset.
   */
  public static Object evaluateWithDeletes(Operation operation, Map<String, String> args,
      List<Input> inputs) {
    if (inputs.isEmpty()) {
      return null;
    }
    int k = args.containsKey("k") ? Integer.parseInt(args.get("k")) : 0;
    long count = 0;
    long longSum = 0;
    double doubleSum = 0;
    boolean integral = isIntegralOrBoolean(inputs.get(0).value());
    Map<String, Long> histogram = new HashMap<>();
    for (Input input : inputs) {
      int sign = input.deleted() ? -1 : 1;
      count += sign;
      if (operation == Operation.HISTOGRAM) {
        histogram.merge(input.value().toString(), (long) sign, Long::sum);
        histogram.values().removeIf(c -> c == 0);
      } else if (operation != Operation.COUNT) {
        if (integral) {
          longSum += sign * asLong(input.value());
        } else {
          doubleSum += sign * ((Number) input.value()).doubleValue();
        }
      }
    }
    switch (operation) {
      case COUNT:
        return count;
      case SUM:
        return integral ? (Object) longSum : (Object) doubleSum;
      case AVERAGE:
        return count == 0 ? null : (integral ? (double) longSum : doubleSum) / count;
      case HISTOGRAM:
        return histogram(histogram, Math.max(k, 0));
      default:
        throw new IllegalArgumentException(operation + " is not deletable");
    }
  }

  private static Map<String, Integer> histogram(Map<String, Long> counts, int k) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> a.getValue().equals(b.getValue())
        ? a.getKey().compareTo(b.getKey())
        : Long.compare(b.getValue(), a.getValue()));
    Map<String, Integer> top = new HashMap<>();
    for (Map.Entry<String, Long> entry : k == 0 ? entries : entries.subList(0, Math.min(k, entries.size()))) {
      top.put(entry.getKey(), (int) (long) entry.getValue());
    }
    return top;
  }

  private static List<Input> sortedByTime(List<Input> inputs) {
    List<Input> sorted = new ArrayList<>(inputs);
    sorted.sort(Comparator.comparingLong(Input::ts)
        .thenComparing(Input::value, NaiveOperation::compare));
    return sorted;
  }

  private static double moment(Operation operation, List<Object> values) {
    int n = values.size();
    double mean = 0;
    for (Object v : values) {
      mean += ((Number) v).doubleValue();
    }
    mean /= n;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (Object v : values) {
      double d = ((Number) v).doubleValue() - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    switch (operation) {
      case VARIANCE:
        return m2 / n;
      case SKEW:
        return n < 3 ? Double.NaN : (m3 / n) / Math.pow(m2 / n, 1.5);
      default:
        return n < 4 ? Double.NaN : (m4 / n) / ((m2 / n) * (m2 / n)) - 3;
    }
  }

  private static float[] exactSortedFloats(List<Object> values) {
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = ((Number) values.get(i)).floatValue();
    }
    java.util.Arrays.sort(floats);
    return floats;
  }

  static boolean isIntegralOrBoolean(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof Boolean;
  }

  static long asLong(Object value) {
    return value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).longValue();
  }

  /** Numbers numerically, strings and binaries lexicographically. */
  public static int compare(Object a, Object b) {
    if (a instanceof String) {
      return ((String) a).compareTo((String) b);
    }
    if (a instanceof java.nio.ByteBuffer) {
      return ((java.nio.ByteBuffer) a).compareTo((java.nio.ByteBuffer) b);
    }
    if (isIntegralOrBoolean(a) && isIntegralOrBoolean(b)) {
      return Long.compare(asLong(a), asLong(b));
    }
    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
  }
}
