package org.chrononbeam.model;

import java.util.Optional;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;

/**
 * What every kind of {@link Source} has, read the same way for events, entities and join sources.
 *
 * <ul>
 *   <li>{@link #query}: the source's own {@code Query}; for a {@code joinSource} (chaining) that is
 *       the query over the join's output, not the join's left query.
 *   <li>{@link #topic}: the streaming topic: an events source's {@code topic}, an entities source's
 *       {@code mutationTopic}, a join source's left topic (recursively).
 * </ul>
 */
public final class SourceFields {

  private SourceFields() {}

  /** The source's query, or empty when it has none (or the union is unset). */
  public static Optional<Query> query(Source source) {
    if (source.isSetEvents()) {
      return Optional.ofNullable(source.getEvents().getQuery());
    }
    if (source.isSetEntities()) {
      return Optional.ofNullable(source.getEntities().getQuery());
    }
    if (source.isSetJoinSource()) {
      return Optional.ofNullable(source.getJoinSource().getQuery());
    }
    return Optional.empty();
  }

  /** The source's streaming topic, or empty when it has none. */
  public static Optional<String> topic(Source source) {
    if (source.isSetEvents()) {
      return Optional.ofNullable(source.getEvents().getTopic());
    }
    if (source.isSetEntities()) {
      return Optional.ofNullable(source.getEntities().getMutationTopic());
    }
    if (source.isSetJoinSource()) {
      Join join = source.getJoinSource().getJoin();
      return join != null && join.isSetLeft() ? topic(join.getLeft()) : Optional.empty();
    }
    return Optional.empty();
  }
}
