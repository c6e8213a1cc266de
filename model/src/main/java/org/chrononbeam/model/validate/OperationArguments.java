package org.chrononbeam.model.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chrononbeam.api.Operation;

/**
 * The {@code argMap} each operation takes, and the problems with a given one.
 *
 * <ul>
 *   <li>{@code LAST_K}, {@code FIRST_K}, {@code TOP_K}, {@code BOTTOM_K}: {@code k} required, a
 *       positive integer.
 *   <li>{@code APPROX_UNIQUE_COUNT}: optional {@code k}, the CPC sketch's lgK, 4 to 26.
 *   <li>{@code APPROX_PERCENTILE}: optional {@code k}, the KLL sketch's k, 8 to 65535; optional
 *       {@code percentiles}, a JSON list of numbers from 0 to 1.
 *   <li>{@code BOUNDED_UNIQUE_COUNT}, {@code APPROX_HISTOGRAM_K}: optional {@code k}, a positive
 *       integer.
 *   <li>{@code HISTOGRAM}: optional {@code k}, an integer of at least 0 (0 keeps every value).
 *   <li>{@code percentiles} on any other operation is an error, as in Chronon's compiler.
 * </ul>
 */
final class OperationArguments {
  static final String K = "k";
  static final String PERCENTILES = "percentiles";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One problem with one argument. */
  record Problem(String argument, String message) {}

  private OperationArguments() {}

  /** The problems with {@code argMap} (which may be null) for {@code operation}, in argument order. */
  static List<Problem> check(Operation operation, Map<String, String> argMap) {
    Map<String, String> args = argMap == null ? Map.of() : argMap;
    List<Problem> problems = new ArrayList<>();
    switch (operation) {
      case LAST_K, FIRST_K, TOP_K, BOTTOM_K -> {
        if (!args.containsKey(K)) {
          problems.add(new Problem(K, operation + " needs argMap.k, the number of values to keep"));
        } else {
          integer(operation, args.get(K), 1, Integer.MAX_VALUE, "a positive integer").ifPresent(problems::add);
        }
      }
      case APPROX_UNIQUE_COUNT -> optionalInteger(operation, args, 4, 26, "the CPC sketch's lgK, from 4 to 26")
          .ifPresent(problems::add);
      case APPROX_PERCENTILE -> {
        optionalInteger(operation, args, 8, 65535, "the KLL sketch's k, from 8 to 65535").ifPresent(problems::add);
        if (args.containsKey(PERCENTILES)) {
          percentiles(args.get(PERCENTILES)).ifPresent(problems::add);
        }
      }
      case BOUNDED_UNIQUE_COUNT, APPROX_HISTOGRAM_K ->
          optionalInteger(operation, args, 1, Integer.MAX_VALUE, "a positive integer").ifPresent(problems::add);
      case HISTOGRAM -> optionalInteger(operation, args, 0, Integer.MAX_VALUE,
          "an integer of at least 0 (0 keeps every value)").ifPresent(problems::add);
      default -> { }
    }
    if (operation != Operation.APPROX_PERCENTILE && args.containsKey(PERCENTILES)) {
      problems.add(new Problem(PERCENTILES, "only APPROX_PERCENTILE takes percentiles, not " + operation));
    }
    return problems;
  }

  private static Optional<Problem> optionalInteger(
      Operation operation, Map<String, String> args, int min, int max, String expected) {
    return args.containsKey(K) ? integer(operation, args.get(K), min, max, expected) : Optional.empty();
  }

  private static Optional<Problem> integer(Operation operation, String value, int min, int max, String expected) {
    long k;
    try {
      k = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Optional.of(new Problem(K, operation + " needs k to be " + expected + ", found '" + value + "'"));
    }
    if (k < min || k > max) {
      return Optional.of(new Problem(K, operation + " needs k to be " + expected + ", found " + k));
    }
    return Optional.empty();
  }

  private static Optional<Problem> percentiles(String value) {
    String expected = "percentiles must be a JSON list of numbers from 0 to 1, e.g. [0.5, 0.99]; found '"
        + value + "'";
    JsonNode list;
    try {
      list = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return Optional.of(new Problem(PERCENTILES, expected));
    }
    if (list == null || !list.isArray()) {
      return Optional.of(new Problem(PERCENTILES, expected));
    }
    for (JsonNode p : list) {
      if (!p.isNumber() || p.doubleValue() < 0 || p.doubleValue() > 1) {
        return Optional.of(new Problem(PERCENTILES, expected));
      }
    }
    return Optional.empty();
  }
}
