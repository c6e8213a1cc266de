package org.chrononbeam.expressions;

/**
 * A {@link CompiledQuery} evaluated over rows stored column by column, without boxing: what {@link
 * CompiledQuery#columnar()} gives for a query whose every output column and where it can evaluate
 * on primitive values: columns of scalar kinds and strings; arithmetic, comparisons, casts,
 * division and modulo; {@code CASE}, {@code IF}, {@code COALESCE}, {@code NVL}, {@code NULLIF},
 * {@code IS [NOT] NULL}, three-valued {@code AND}, {@code OR}, {@code NOT}, {@code IN}; string
 * functions, {@code LIKE} and {@code RLIKE}, and the Spark functions of numbers, strings, dates and
 * timestamps, casts of strings included; {@code concat_ws}; list and map columns of scalars passed
 * through, tested for {@code NULL}, sized, indexed ({@code a[i]}, {@code m['k']} of string keys)
 * and searched ({@code array_contains}), their elements unboxed as they are read (see {@code
 * ColumnarCodegen}). Not: decimals, columns of structs, binaries or nested collections, maps
 * looked up by a numeric key, and the other functions. Each expression node is computed only when
 * its value is needed and defined, with a null flag of its own, as the row function computes it.
 * Column {@code c} of a {@link Columns} is held in {@code longs[c]} for the {@code BOOLEAN} (0 or
 * 1), integral, {@code DATE} (days) and {@code TIMESTAMP} (epoch milliseconds) kinds, in {@code
 * doubles[c]} for {@code FLOAT} and {@code DOUBLE}, and in {@code objects[c]} for {@code STRING}
 * ({@code String}s), {@code LIST} ({@code java.util.List}s) and {@code MAP} ({@code
 * java.util.Map}s), whose elements are as in a row (see {@link Column}); {@code nulls[c][row]}
 * tells whether the value is {@code NULL}. The arrays of other columns may be {@code null}.
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
 * <p>It is immutable and thread-safe; {@link #inputColumns()} tells which input columns it reads (a
 * reader may leave the others' arrays {@code null}).
 */
public final class ColumnarQuery {
  private final Evaluator evaluator;
  private final int[] inputColumns;

  ColumnarQuery(Evaluator evaluator, int[] inputColumns) {
    this.evaluator = evaluator;
    this.inputColumns = inputColumns;
  }

  /** The indices of the input columns the query reads, in increasing order. */
  public int[] inputColumns() {
    return inputColumns.clone();
  }

  /**
   * Evaluates the query on row {@code row} of {@code in} (laid out by the query's input schema)
   * and, when the wheres keep it, writes row {@code outRow} of {@code out} (laid out by its output
   * schema: every column's value and null flag). A {@code NULL} output value is written as 0, 0.0
   * or {@code null} with its flag set.
   *
   * @return whether the wheres kept the row; when not, {@code out} is untouched
   */
  public boolean apply(Columns in, int row, Columns out, int outRow) {
    return evaluator.apply(in, row, out, outRow);
  }

  /** What the generated code implements: {@link ColumnarQuery#apply}. */
  public interface Evaluator {
    /** See {@link ColumnarQuery#apply}. */
    boolean apply(Columns in, int row, Columns out, int outRow);
  }

  /** Column arrays, indexed by column, then row; see {@link ColumnarQuery}. */
  public record Columns(
      long[][] longs, double[][] doubles, Object[][] objects, boolean[][] nulls) {}
}
