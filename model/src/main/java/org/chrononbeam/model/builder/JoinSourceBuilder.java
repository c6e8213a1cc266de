package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;

import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinSource;
import org.chrononbeam.api.Source;

/**
 * Builds a join source, which feeds the output of a join into another GroupBy ("chaining"). The
 * query selects from the join's output columns. Start with {@link Sources#joinSource(Join)}.
 */
public final class JoinSourceBuilder extends SourceBuilder<JoinSourceBuilder> {

  private final Join join;

  JoinSourceBuilder(Join join) {
    this.join = StructCopy.of(requireNonNull(join, "join of a join source"));
  }

  @Override
  public Source build() {
    return Source.joinSource(new JoinSource().setJoin(StructCopy.of(join)).setQuery(buildQuery()));
  }
}
