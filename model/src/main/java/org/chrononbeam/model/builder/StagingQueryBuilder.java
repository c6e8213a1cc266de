package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.api.StagingQuery;

/**
 * Builds a {@link StagingQuery}: an arbitrary Spark SQL query whose result is written as a
 * ds-partitioned table (or view), for use as a source.
 *
 * <pre>{@code
 * StagingQuery listings = StagingQueryBuilder.create("sample_team.listings.v1")
 *     .query("SELECT id_listing, place_id, ds FROM db.listings"
 *         + " WHERE ds BETWEEN '{{ start_date }}' AND '{{ end_date }}'")
 *     .startPartition("2020-03-01")
 *     .outputNamespace("sample_namespace")
 *     .team("sample_team")
 *     .build();
 * }</pre>
 *
 * <p>The query may use the macros {@code {{ start_date }}}, {@code {{ end_date }}}, {@code {{
 * latest_date }}} and {@code {{ max_date(table=...) }}}. Like compile.py, the builder writes no
 * defaults: no schedule, no setups unless given.
 */
public final class StagingQueryBuilder extends MetaDataClauses<StagingQueryBuilder> {

  private final List<String> setups = new ArrayList<>();
  private String query;
  private String startPartition;
  private Boolean createView;

  private StagingQueryBuilder(String name) {
    super(name);
  }

  /** Starts a staging query named {@code name}, conventionally {@code <team>.<file>.<variable>}. */
  public static StagingQueryBuilder create(String name) {
    return new StagingQueryBuilder(name);
  }

  /** The Spark SQL query, with date macros. */
  public StagingQueryBuilder query(String sql) {
    query = requireText(sql, "staging query SQL");
    return this;
  }

  /** The first partition (yyyy-MM-dd) the query fills. */
  public StagingQueryBuilder startPartition(String partition) {
    startPartition = requireText(partition, "start partition");
    return this;
  }

  /** SQL statements to run before the query, such as {@code CREATE TEMPORARY FUNCTION ...}. */
  public StagingQueryBuilder setups(String... statements) {
    setups.addAll(List.of(requireTexts(statements, "setup statement")));
    return this;
  }

  /** Whether the output is a view over the query rather than a materialized table. */
  public StagingQueryBuilder createView(boolean view) {
    createView = view;
    return this;
  }

  /**
   * Returns a new {@link StagingQuery} of what was given so far.
   *
   * @throws IllegalStateException if no query was given
   */
  public StagingQuery build() {
    if (query == null) {
      throw new IllegalStateException("StagingQuery " + metaData().getName() + " needs a query");
    }
    StagingQuery staging = new StagingQuery()
        .setMetaData(buildMetaData())
        .setQuery(query)
        .setStartPartition(startPartition);
    if (!setups.isEmpty()) {
      staging.setSetups(new ArrayList<>(setups));
    }
    if (createView != null) {
      staging.setCreateView(createView);
    }
    return staging;
  }
}
