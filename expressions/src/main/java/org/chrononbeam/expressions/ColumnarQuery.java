package org.chrononbeam.expressions;

/**
 * A {@link CompiledQuery} evaluated over rows stored column by column, without boxing: what {@link
 * CompiledQuery#columnar()} gives for a query whose every output column and where is strict (its
 * value is {@code NULL} exactly when one of the columns it reads is). Column {@code c} of a {@link
 * Columns} is held in {@code longs[c]} for the {@code BOOLEAN} (0 or 1), integral, {@code DATE}
 * (days) and {@code TIMESTAMP} (epoch milliseconds) kinds, in {@code doubles[c]} for {@code FLOAT}
 * and {@code DOUBLE}, and in {@code objects[c]} for {@code STRING}; {@code nulls[c][row]} tells
 * whether the value is {@code NULL}. The arrays of other columns may be {@code null}.
 *
 * <pre>{@code
 * Optional<ColumnarQuery> columnar = compiled.columnar();
 * if (columnar.isPresent()) {
 *   int kept = 0;
 *   for (int row = 0; row < size; row++) {
 *     if (columnar.get().apply(in, row, out, kept)) {
 *       kept++;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations are generated, stateless and thread-safe.
 */
public interface ColumnarQuery {

  /**
   * Evaluates the query on row {@code row} of {@code in} (laid out by the query's input schema)
   * and, when the wheres keep it, writes row {@code outRow} of {@code out} (laid out by its output
   * schema: every column's value and null flag). A {@code NULL} output value is written as 0, 0.0
   * or {@code null} with its flag set.
   *
   * @return whether the wheres kept the row; when not, {@code out} is untouched
   */
  boolean apply(Columns in, int row, Columns out, int outRow);

  /** Column arrays, indexed by column, then row; see {@link ColumnarQuery}. */
  record Columns(long[][] longs, double[][] doubles, Object[][] objects, boolean[][] nulls) {}
}
