package org.chrononbeam.transforms.source;

import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.json.ThriftJson;

/**
 * The two tables of an entities source with mutations, as Chronon reads them: the snapshot table
 * (one partition per day, the full state at the end of the day) and the mutation table (each
 * change as a before-image row, {@code is_before} true, and an after-image row, both at the
 * change's {@code mutation_ts}).
 *
 * <pre>{@code
 * Source source = groupBy.getSources().get(0);
 * PCollection<Object[]> snapshots = pipeline.apply(
 *     SourceRead.of(warehouse, EntityMutations.snapshots(source)).withPartitions(first, last));
 * SourceRead mutations = SourceRead.of(warehouse, EntityMutations.mutations(source));
 * int time = mutations.rowSchema().indexOf(QueryCompiler.MUTATION_TIME_COLUMN);
 * }</pre>
 *
 * <p>Both tables go through the source's query. On the snapshot table its {@code
 * mutationTimeColumn} and {@code reversalColumn} are left out (a snapshot has no mutation
 * columns); on the mutation table they default to Chronon's column names {@code mutation_ts} and
 * {@code is_before}, so its rows hold the selects, {@code ts}, {@code mutation_ts}, {@code
 * is_before} and {@code ds}. A {@code mutationTable} given with a sub-partition suffix ({@code
 * ns.table/hr=00:00}) names the table before the slash.
 *
 * <p>A mutation's <b>time</b> ({@link #time}) is its {@code mutation_ts}, or its {@code ts} when
 * the rows have no {@code mutation_ts} (a stream whose query does not set {@code
 * mutationTimeColumn}): the backfill, the streaming writer and so the fetcher order and window
 * mutations by it.
 */
public final class EntityMutations {

  private EntityMutations() {}

  /** Whether {@code source} is an entities source with a mutation table. */
  public static boolean hasMutationTable(Source source) {
    return source.isSetEntities() && source.getEntities().isSetMutationTable();
  }

  /** The entities {@code source} reading its snapshot table, its query without mutation columns. */
  public static Source snapshots(Source source) {
    requireEntities(source);
    Source copy = ThriftJson.copy(source);
    Query query = copy.getEntities().getQuery();
    if (query != null) {
      query.unsetMutationTimeColumn();
      query.unsetReversalColumn();
    }
    copy.getEntities().unsetMutationTable();
    copy.getEntities().unsetMutationTopic();
    return copy;
  }

  /**
   * An entities source whose snapshot table is {@code source}'s mutation table, with the query's
   * mutation columns defaulted: {@link SourceRead} reads it as the mutation rows.
   *
   * @throws IllegalArgumentException if {@code source} is not an entities source with a mutation
   *     table
   */
  public static Source mutations(Source source) {
    requireEntities(source);
    if (!hasMutationTable(source)) {
      throw new IllegalArgumentException("the entities source of snapshot table "
          + source.getEntities().getSnapshotTable() + " has no mutationTable");
    }
    Source copy = ThriftJson.copy(source);
    EntitySource entities = copy.getEntities();
    String table = entities.getMutationTable();
    int slash = table.indexOf('/');
    entities.setSnapshotTable(slash < 0 ? table : table.substring(0, slash));
    entities.unsetMutationTable();
    entities.unsetMutationTopic();
    Query query = entities.getQuery() == null ? new Query() : entities.getQuery();
    if (!query.isSetMutationTimeColumn()) {
      query.setMutationTimeColumn(QueryCompiler.MUTATION_TIME_COLUMN);
    }
    if (!query.isSetReversalColumn()) {
      query.setReversalColumn(QueryCompiler.REVERSAL_COLUMN);
    }
    entities.setQuery(query);
    return copy;
  }

  /**
   * Where a mutation's time is in rows of {@code schema}: {@code mutation_ts}, else {@code ts}.
   *
   * @throws IllegalArgumentException if the rows have neither
   */
  public static int timeIndex(RowSchema schema) {
    int index = schema.indexOf(QueryCompiler.MUTATION_TIME_COLUMN);
    if (index < 0) {
      index = schema.indexOf(QueryCompiler.TIME_COLUMN);
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "mutation rows need a mutation_ts or a ts column; they have " + schema.names());
    }
    return index;
  }

  /**
   * The time of mutation row {@code row} of {@code mutations} (see {@link #timeIndex}), unboxed; a
   * row whose time is null ({@link RowChunk#isNull}) has none.
   */
  public static long time(RowChunk mutations, int row, int timeIndex) {
    return mutations.longValue(timeIndex, row);
  }

  /** Whether mutation row {@code row} is a before-image: its {@code is_before} is true. */
  public static boolean isBefore(Object[] row, int isBeforeIndex) {
    return isBeforeIndex >= 0 && Boolean.TRUE.equals(row[isBeforeIndex]);
  }

  /** Whether mutation row {@code row} of {@code mutations} is a before-image, as above. */
  public static boolean isBefore(RowChunk mutations, int row, int isBeforeIndex) {
    return isBeforeIndex >= 0
        && mutations.schema().column(isBeforeIndex).kind() == DataKind.BOOLEAN
        && !mutations.isNull(isBeforeIndex, row)
        && mutations.getLong(isBeforeIndex, row) != 0;
  }

  private static void requireEntities(Source source) {
    if (source == null || !source.isSetEntities()) {
      throw new IllegalArgumentException("mutations belong to entities sources: " + source);
    }
  }
}
