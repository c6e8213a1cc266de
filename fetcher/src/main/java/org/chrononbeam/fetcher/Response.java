package org.chrononbeam.fetcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one {@link Request}: the feature values, or why there are none.
 *
 * <p>A GroupBy fetch either succeeds with every output column (null where a window saw no input)
 * or fails as a whole. A join fetch fails as a whole only when the request itself is bad or the
 * join's config cannot be loaded; a join part that fails is reported inside the values as {@code
 * <prefix_><groupBy>_exception} (the error's message) while the other parts keep their values.
 *
 * <pre>{@code
 * Response response = fetcher.fetchJoin(List.of(request)).join().get(0);
 * if (response.outcome() instanceof Response.Failure failed) {
 *   log(failed.error());                   // a FetchException naming its reason
 * } else {
 *   Map<String, Object> features = response.values();
 * }
 * }</pre>
 *
 * @param request the request answered
 * @param outcome the values or the failure
 */
public record Response(Request request, Outcome outcome) {

  /** What a fetch produced: {@link Values} or {@link Failure}. */
  public sealed interface Outcome permits Values, Failure {}

  /**
   * Column name to value, in output column order; values may be null.
   *
   * @param values the features (unmodifiable; a copy unless the fetcher built it immutable)
   */
  public record Values(Map<String, Object> values) implements Outcome {

    /** Copies the map, keeping its order and nulls, unless it is the fetcher's immutable one. */
    public Values {
      if (!(values instanceof ColumnValues)) {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      }
    }
  }

  /**
   * A failed fetch.
   *
   * @param error why it failed
   */
  public record Failure(FetchException error) implements Outcome {

    /** Checks the error is present. */
    public Failure {
      Objects.requireNonNull(error, "error");
    }
  }

  /** Checks request and outcome are present. */
  public Response {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outcome, "outcome");
  }

  static Response of(Request request, Map<String, Object> values) {
    return new Response(request, new Values(values));
  }

  static Response failed(Request request, FetchException error) {
    return new Response(request, new Failure(error));
  }

  /** Whether the fetch produced values (a join's values may still hold part exceptions). */
  public boolean succeeded() {
    return outcome instanceof Values;
  }

  /**
   * The feature values.
   *
   * @throws FetchException if the fetch failed
   */
  public Map<String, Object> values() {
    if (outcome instanceof Failure failure) {
      throw failure.error();
    }
    return ((Values) outcome).values();
  }

  /** The error, if the fetch failed. */
  public Optional<FetchException> failure() {
    return outcome instanceof Failure failure ? Optional.of(failure.error()) : Optional.empty();
  }
}
