package org.chrononbeam.model.kv;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one {@link GetRequest}: either the versions found or the error that prevented the
 * read. A missing key is a success with no values; a failure is never an empty list.
 *
 * <pre>{@code
 * GetResponse response = store.multiGet(List.of(request)).join().get(0);
 * if (response.outcome() instanceof GetResponse.Failure failed) {
 *   report(failed.error());      // a named KvStoreException
 * } else {
 *   use(response.values());      // newest first, maybe empty
 * }
 * // response.values() alone also works: it throws the KvStoreException on a failure
 * }</pre>
 *
 * @param request the request answered
 * @param outcome the values or the failure
 */
public record GetResponse(GetRequest request, Outcome outcome) {

  /** What a read produced: {@link Values} or {@link Failure}. */
  public sealed interface Outcome permits Values, Failure {}

  /**
   * A successful read: the versions found, newest first. For a read without {@code afterTsMillis}
   * at most one; empty when the key has no (matching) version.
   *
   * @param values the versions, newest first
   */
  public record Values(List<TimedValue> values) implements Outcome {

    /** Copies the list. */
    public Values {
      values = List.copyOf(values);
    }
  }

  /**
   * A failed read.
   *
   * @param error why it failed
   */
  public record Failure(KvStoreException error) implements Outcome {

    /** Checks that the error is present. */
    public Failure {
      Objects.requireNonNull(error, "error");
    }
  }

  /** Checks that request and outcome are present. */
  public GetResponse {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** A successful read of {@code values} (newest first). */
  public static GetResponse of(GetRequest request, List<TimedValue> values) {
    return new GetResponse(request, new Values(values));
  }

  /** A failed read. */
  public static GetResponse failed(GetRequest request, KvStoreException error) {
    return new GetResponse(request, new Failure(error));
  }

  /** Whether the read succeeded (possibly with no values). */
  public boolean succeeded() {
    return outcome instanceof Values;
  }

  /**
   * The versions read, newest first.
   *
   * @throws KvStoreException if the read failed: a new exception with the same reason, caused by
   *     the store's
   */
  public List<TimedValue> values() {
    if (outcome instanceof Failure failure) {
      KvStoreException error = failure.error();
      throw new KvStoreException(error.reason(), "reading " + request + " failed", error);
    }
    return ((Values) outcome).values();
  }

  /** The newest version read, if any. Throws like {@link #values()} if the read failed. */
  public Optional<TimedValue> latest() {
    List<TimedValue> values = values();
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The error, if the read failed. */
  public Optional<KvStoreException> failure() {
    return outcome instanceof Failure failure ? Optional.of(failure.error()) : Optional.empty();
  }
}
