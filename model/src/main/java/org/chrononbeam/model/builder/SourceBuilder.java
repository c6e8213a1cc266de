package org.chrononbeam.model.builder;

import org.chrononbeam.api.Source;

/**
 * Builds one {@link Source} of a GroupBy or the left side of a Join: events, entities or the
 * output of another join. Start from {@link Sources}.
 *
 * <p>Every source carries a query, written even when no clause is given, as compile.py does.
 *
 * @param <B> the concrete builder, returned by every method for chaining
 */
public abstract sealed class SourceBuilder<B extends SourceBuilder<B>> extends QueryClauses<B>
    permits EventSourceBuilder, EntitySourceBuilder, JoinSourceBuilder {

  SourceBuilder() {}

  /** Returns a new {@link Source} of what was given so far. */
  public abstract Source build();
}
