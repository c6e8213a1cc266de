package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Query;

/**
 * The {@link Query} clauses of a source or bootstrap part: which columns to select, which rows to
 * keep, which partitions to read and which column holds the event time.
 *
 * <p>Selected columns keep the order in which they are given, as compile.py keeps the order of
 * Python's {@code select(...)}. A column may be selected only once.
 *
 * <pre>{@code
 * Sources.events("data.purchases")
 *     .select("user_id", "purchase_price")          // user_id -> user_id, purchase_price -> purchase_price
 *     .selectAs("is_large", "purchase_price > 100")  // is_large -> purchase_price > 100
 *     .where("purchase_price IS NOT NULL")
 *     .timeColumn("ts")
 *     .startPartition("2023-11-01");
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every method for chaining
 */
public abstract sealed class QueryClauses<B extends QueryClauses<B>>
    permits SourceBuilder, BootstrapPartBuilder {

  private final Map<String, String> selects = new LinkedHashMap<>();
  private final List<String> wheres = new ArrayList<>();
  private final List<String> setups = new ArrayList<>();
  private String startPartition;
  private String endPartition;
  private String timeColumn;
  private String mutationTimeColumn;
  private String reversalColumn;
  private String partitionColumn;
  private boolean anyClauseGiven;

  QueryClauses() {}

  /** Selects each column as itself ({@code column -> column}). */
  public B select(String... columns) {
    for (String column : requireTexts(columns, "selected column")) {
      selectAs(column, column);
    }
    return self();
  }

  /** Selects the Spark SQL {@code expression} under the name {@code column}. */
  public B selectAs(String column, String expression) {
    putNew(selects, requireText(column, "selected column"), requireText(expression, "select expression"),
        "selected column");
    anyClauseGiven = true;
    return self();
  }

  /** Selects every {@code column -> expression} entry, in the map's iteration order. */
  public B selects(Map<String, String> columnsToExpressions) {
    requireNonNull(columnsToExpressions, "selects");
    columnsToExpressions.forEach(this::selectAs);
    return self();
  }

  /** Keeps only rows matching every given Spark SQL predicate (the predicates are ANDed). */
  public B where(String... predicates) {
    for (String predicate : requireTexts(predicates, "where predicate")) {
      wheres.add(predicate);
    }
    anyClauseGiven = true;
    return self();
  }

  /** The first partition to read, inclusive (e.g. {@code "2023-11-01"}). */
  public B startPartition(String partition) {
    startPartition = requireText(partition, "start partition");
    anyClauseGiven = true;
    return self();
  }

  /** The last partition to read, inclusive. */
  public B endPartition(String partition) {
    endPartition = requireText(partition, "end partition");
    anyClauseGiven = true;
    return self();
  }

  /** The expression giving the event time in epoch milliseconds; it becomes the {@code ts} column. */
  public B timeColumn(String expression) {
    timeColumn = requireText(expression, "time column");
    anyClauseGiven = true;
    return self();
  }

  /** The expression giving an entity mutation's time; it becomes the {@code mutation_ts} column. */
  public B mutationTimeColumn(String expression) {
    mutationTimeColumn = requireText(expression, "mutation time column");
    anyClauseGiven = true;
    return self();
  }

  /** The expression that is true for a mutation's "before" image; it becomes {@code is_before}. */
  public B reversalColumn(String expression) {
    reversalColumn = requireText(expression, "reversal column");
    anyClauseGiven = true;
    return self();
  }

  /** The name of the partition column when it is not {@code ds}. */
  public B partitionColumn(String column) {
    partitionColumn = requireText(column, "partition column");
    anyClauseGiven = true;
    return self();
  }

  /** SQL statements to run before the query, such as {@code CREATE TEMPORARY FUNCTION ...}. */
  public B setups(String... statements) {
    for (String statement : requireTexts(statements, "setup statement")) {
      setups.add(statement);
    }
    anyClauseGiven = true;
    return self();
  }

  /** Whether any clause was given; a bootstrap part writes a query only then. */
  boolean anyQueryClauseGiven() {
    return anyClauseGiven;
  }

  /** A new {@link Query} of the clauses given so far; {@code setups} is always written, as [] by default. */
  Query buildQuery() {
    Query query = new Query();
    if (!selects.isEmpty()) {
      query.setSelects(new LinkedHashMap<>(selects));
    }
    if (!wheres.isEmpty()) {
      query.setWheres(new ArrayList<>(wheres));
    }
    query.setStartPartition(startPartition);
    query.setEndPartition(endPartition);
    query.setTimeColumn(timeColumn);
    query.setSetups(new ArrayList<>(setups));
    query.setMutationTimeColumn(mutationTimeColumn);
    query.setReversalColumn(reversalColumn);
    query.setPartitionColumn(partitionColumn);
    return query;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
