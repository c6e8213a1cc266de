package org.chrononbeam.expressions;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import org.chrononbeam.api.Query;

/**
 * A {@link Query} compiled by {@link QueryCompiler}: a row function from rows of {@link
 * #inputSchema()} to rows of {@link #outputSchema()}, or to nothing when the {@code wheres} reject
 * the row. It is immutable and thread-safe. Applying it does no parsing, name lookup or reflection;
 * it allocates the output row (unless given one) and the boxed values the generated code computes,
 * nothing else.
 *
 * <pre>{@code
 * CompiledQuery q = QueryCompiler.compile("team.clicks.v1", query, sourceSchema);
 * for (Object[] row : rows) {
 *   Object[] out = q.apply(row);
 *   if (out != null) {
 *     emit(out);
 *   }
 * }
 * if (q.includesPartition("2024-01-31")) { ... }
 * }</pre>
 *
 * <p>It is {@link Serializable} (as a Beam {@code DoFn} field needs): what is written is the query
 * and the input schema, and reading it back compiles them again.
 */
public final class CompiledQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String configName;
  private final Query query;
  /** The selects in order: Thrift copies and serializes maps as unordered HashMaps. */
  private final LinkedHashMap<String, String> selects;
  private final RowSchema input;
  private final RowSchema output;
  private final transient RowCodegen.RowFunction function;
  /** Generates the columnar form (or null), at the first call of {@link #columnar()}. */
  private final transient Supplier<ColumnarQuery> columnarForm;

  private transient ColumnarQuery columnar;
  private transient boolean columnarGenerated;
  private final int[] copiedColumns;
  private final String partitionColumn;
  private final String startPartition;
  private final String endPartition;

  CompiledQuery(
      String configName,
      Query query,
      RowSchema input,
      RowSchema output,
      RowCodegen.RowFunction function,
      Supplier<ColumnarQuery> columnarForm,
      int[] copiedColumns,
      String partitionColumn,
      String startPartition,
      String endPartition) {
    this.configName = configName;
    this.query = query.deepCopy();
    this.selects = query.isSetSelects() ? new LinkedHashMap<>(query.getSelects()) : null;
    this.input = input;
    this.output = output;
    this.function = function;
    this.columnarForm = columnarForm;
    this.copiedColumns = copiedColumns;
    this.partitionColumn = partitionColumn;
    this.startPartition = startPartition;
    this.endPartition = endPartition;
  }

  /** The columns an input row holds, in order. */
  public RowSchema inputSchema() {
    return input;
  }

  /** The columns an output row holds, in order: the selects, then {@code ts} and the like. */
  public RowSchema outputSchema() {
    return output;
  }

  /**
   * Evaluates the query on one input row.
   *
   * @param row the values of {@link #inputSchema()}, in order
   * @return a new row of {@link #outputSchema()}, or {@code null} when the wheres reject the row
   */
  public Object[] apply(Object[] row) {
    return function.allocating().apply(row);
  }

  /**
   * Evaluates the query on one input row into a row the caller owns (at least {@code
   * outputSchema().size()} long), which is left untouched when the wheres reject the row.
   *
   * @return whether the wheres kept the row
   */
  public boolean apply(Object[] row, Object[] out) {
    return function.filling().test(row, out);
  }

  /**
   * The query evaluated over columns without boxing, when every select and where can be computed
   * on primitive values (arithmetic, comparisons, casts, {@code CASE}, {@code COALESCE},
   * three-valued logic, string and date functions, decimals, list and map columns of scalars, ...;
   * not casts of fractions or strings to decimals; see {@link ColumnarQuery}); empty otherwise,
   * and the rows must go through {@link #apply}. It computes what {@link #apply} computes.
   */
  public synchronized Optional<ColumnarQuery> columnar() {
    if (!columnarGenerated) {
      columnar = columnarForm.get();
      columnarGenerated = true;
    }
    return Optional.ofNullable(columnar);
  }

  /**
   * When the query only copies input columns (no wheres, and each output column an input column as
   * it is or an integral one cast to {@code LONG}), for each output column the index of the input
   * column it copies: a reader may then move the values column to column without evaluating
   * anything. Empty when the query filters or computes.
   */
  public Optional<int[]> copiedColumns() {
    return Optional.ofNullable(copiedColumns).map(int[]::clone);
  }

  /** The name of the column partitioning the source: the query's, or {@code ds}. */
  public String partitionColumn() {
    return partitionColumn;
  }

  /** The first partition (yyyy-MM-dd) to read, inclusive, if bounded. */
  public Optional<String> startPartition() {
    return Optional.ofNullable(startPartition);
  }

  /** The last partition (yyyy-MM-dd) to read, inclusive, if bounded. */
  public Optional<String> endPartition() {
    return Optional.ofNullable(endPartition);
  }

  /** Whether a source should read partition {@code ds} (yyyy-MM-dd) given the query's bounds. */
  public boolean includesPartition(String ds) {
    return (startPartition == null || ds.compareTo(startPartition) >= 0)
        && (endPartition == null || ds.compareTo(endPartition) <= 0);
  }

  private Object writeReplace() {
    return new Recipe(configName, query, selects, input);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a CompiledQuery is serialized as its recipe");
  }

  /** What a serialized {@link CompiledQuery} holds; reading it compiles the query again. */
  private record Recipe(
      String configName, Query query, LinkedHashMap<String, String> selects, RowSchema input)
      implements Serializable {
    private Object readResolve() {
      Query ordered = query.deepCopy();
      if (selects != null) {
        ordered.setSelects(selects);
      }
      return QueryCompiler.compile(configName, ordered, input);
    }
  }
}
