package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.addNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.api.BootstrapPart;

/**
 * Builds a {@link BootstrapPart}: a table of precomputed values whose columns override the join's
 * computed values on the rows they match. Rows are matched on the join's {@code rowIds} unless
 * key columns are given; query clauses narrow what is read.
 *
 * <pre>{@code
 * BootstrapPartBuilder.table("db.backfilled_features")
 *     .select("request_id", "user_total_spend")
 *     .startPartition("2022-01-01")
 *     .keyColumns("request_id");
 * }</pre>
 *
 * <p>The query is written only when a query clause is given.
 */
public final class BootstrapPartBuilder extends QueryClauses<BootstrapPartBuilder> {

  private final String table;
  private final List<String> keyColumns = new ArrayList<>();

  private BootstrapPartBuilder(String table) {
    this.table = requireText(table, "bootstrap table");
  }

  /** A bootstrap part reading {@code table}. */
  public static BootstrapPartBuilder table(String table) {
    return new BootstrapPartBuilder(table);
  }

  /** The columns that match bootstrap rows to left rows, instead of the join's row ids. */
  public BootstrapPartBuilder keyColumns(String... columns) {
    for (String column : requireTexts(columns, "bootstrap key column")) {
      addNew(keyColumns, column, "bootstrap key column");
    }
    return this;
  }

  /** Returns a new {@link BootstrapPart} of what was given so far. */
  public BootstrapPart build() {
    BootstrapPart part = new BootstrapPart().setTable(table);
    if (anyQueryClauseGiven()) {
      part.setQuery(buildQuery());
    }
    if (!keyColumns.isEmpty()) {
      part.setKeyColumns(new ArrayList<>(keyColumns));
    }
    return part;
  }
}
