package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.addNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Source;

/**
 * Builds a {@link GroupBy}: aggregations of one or more sources' columns, grouped by key columns.
 *
 * <pre>{@code
 * GroupBy purchases = GroupByBuilder.create("quickstart.purchases.v1")
 *     .source(Sources.events("data.purchases").select("user_id", "purchase_price").timeColumn("ts"))
 *     .keys("user_id")
 *     .aggregation(Aggregations.of("purchase_price", Operation.SUM).windows(Windows.days(3)))
 *     .aggregation(Aggregations.lastK("purchase_price", 10))
 *     .online(true)
 *     .build();
 * }</pre>
 *
 * <p>A GroupBy without aggregations reads rows that are already grouped by the keys ("no-agg").
 * Like compile.py, the builder writes {@code offlineSchedule: "@daily"} unless told otherwise;
 * {@code online} and {@code production} are written only when given.
 *
 * <p>Every struct given to the builder is copied, and {@link #build()} returns a new struct each
 * time, so later changes to either side never reach a built config.
 */
public final class GroupByBuilder extends MetaDataClauses<GroupByBuilder> {

  private final List<Source> sources = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private final List<Aggregation> aggregations = new ArrayList<>();
  private final List<Derivation> derivations = new ArrayList<>();
  private Accuracy accuracy;
  private String backfillStartDate;
  private Boolean incremental;

  private GroupByBuilder(String name) {
    super(name);
    metaData().setOfflineSchedule(DEFAULT_OFFLINE_SCHEDULE);
  }

  /** Starts a GroupBy named {@code name}, conventionally {@code <team>.<file>.<variable>}. */
  public static GroupByBuilder create(String name) {
    return new GroupByBuilder(name);
  }

  /** Adds a source; the sources of one GroupBy must select the same columns. */
  public GroupByBuilder source(SourceBuilder<?> source) {
    return source(requireNonNull(source, "source").build());
  }

  /** Adds a source, which is copied. */
  public GroupByBuilder source(Source source) {
    sources.add(StructCopy.of(requireNonNull(source, "source")));
    return this;
  }

  /** Adds key columns, which every source must select. */
  public GroupByBuilder keys(String... columns) {
    for (String column : requireTexts(columns, "key column")) {
      addNew(keys, column, "key column");
    }
    return this;
  }

  /** Adds an aggregation. */
  public GroupByBuilder aggregation(AggregationBuilder aggregation) {
    return aggregation(requireNonNull(aggregation, "aggregation").build());
  }

  /** Adds an aggregation, which is copied. */
  public GroupByBuilder aggregation(Aggregation aggregation) {
    aggregations.add(StructCopy.of(requireNonNull(aggregation, "aggregation")));
    return this;
  }

  /**
   * TEMPORAL (point-in-time, realtime) or SNAPSHOT (as of midnight) joins; when unset, Chronon
   * uses TEMPORAL if a source has a topic and SNAPSHOT otherwise.
   */
  public GroupByBuilder accuracy(Accuracy accuracy) {
    this.accuracy = requireNonNull(accuracy, "accuracy");
    return this;
  }

  /** The first partition (yyyy-MM-dd) a GroupBy backfill fills. */
  public GroupByBuilder backfillStartDate(String date) {
    this.backfillStartDate = requireText(date, "backfill start date");
    return this;
  }

  /** Adds an output column computed by the Spark SQL {@code expression}; {@code ("*", "*")} keeps the raw columns. */
  public GroupByBuilder derivation(String name, String expression) {
    derivations.add(Derivations.of(name, expression));
    return this;
  }

  /** Whether the backfill caches daily IRs and merges them instead of recomputing windows. */
  public GroupByBuilder incremental(boolean incremental) {
    this.incremental = incremental;
    return this;
  }

  /**
   * Returns a new {@link GroupBy} of what was given so far.
   *
   * @throws IllegalStateException if no source or no key column was given
   */
  public GroupBy build() {
    if (sources.isEmpty()) {
      throw new IllegalStateException("GroupBy " + metaData().getName() + " needs at least one source");
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException("GroupBy " + metaData().getName() + " needs at least one key column");
    }
    GroupBy groupBy = new GroupBy()
        .setMetaData(buildMetaData())
        .setSources(StructCopy.ofEach(sources))
        .setKeyColumns(new ArrayList<>(keys))
        .setAccuracy(accuracy)
        .setBackfillStartDate(backfillStartDate);
    if (!aggregations.isEmpty()) {
      groupBy.setAggregations(StructCopy.ofEach(aggregations));
    }
    if (!derivations.isEmpty()) {
      groupBy.setDerivations(StructCopy.ofEach(derivations));
    }
    if (incremental != null) {
      groupBy.setIsIncremental(incremental);
    }
    return groupBy;
  }
}
