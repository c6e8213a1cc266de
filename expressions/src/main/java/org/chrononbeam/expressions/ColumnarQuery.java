package org.chrononbeam.expressions;

import java.util.function.BiPredicate;
import org.chrononbeam.api.DataKind;

/**
 * A {@link CompiledQuery} evaluated over rows stored column by column, without boxing: what {@link
 * CompiledQuery#columnar()} gives for a query whose every output column and where it can evaluate
 * on primitive values: columns of scalar kinds and strings; arithmetic, comparisons, casts,
 * division and modulo; {@code CASE}, {@code IF}, {@code COALESCE}, {@code NVL}, {@code NULLIF},
 * {@code IS [NOT] NULL}, three-valued {@code AND}, {@code OR}, {@code NOT}, {@code IN}; string
 * functions, {@code LIKE} and {@code RLIKE}, and the Spark functions of numbers, strings, dates and
 * timestamps, casts of strings included; decimal arithmetic, comparisons and casts of integers and
 * decimals to decimals, on unscaled {@code long} values (see {@code ColumnarCodegen} and {@code
 * DecimalCodegen}); {@code concat_ws}; list and map columns of scalars passed through, tested for
 * {@code NULL}, sized, indexed ({@code a[i]}, {@code m['k']} of string keys) and searched ({@code
 * array_contains}), their elements unboxed as they are read. Not: casts of fractional numbers and
 * strings to decimals, columns of structs, binaries or nested collections, maps looked up by a
 * numeric key, and the other functions. Each expression node is computed only when its value is
 * needed and defined, with a null flag of its own, as the row function computes it. Column {@code
 * c} of a {@link Columns} is held in {@code longs[c]} for the {@code BOOLEAN} (0 or 1), integral,
 * {@code DATE} (days) and {@code TIMESTAMP} (epoch milliseconds) kinds, in {@code doubles[c]} for
 * {@code FLOAT} and {@code DOUBLE}, and in {@code objects[c]} for {@code STRING} ({@code
 * String}s), {@code LIST} ({@code java.util.List}s) and {@code MAP} ({@code java.util.Map}s),
 * whose elements are as in a row (see {@link Column}); {@code nulls[c][row]} tells whether the
 * value is {@code NULL}. The arrays of other columns may be {@code null}.
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
  private final RowSchema input;
  private final RowSchema output;
  private final BiPredicate<Object[], Object[]> rowFunction;

  ColumnarQuery(
      Evaluator evaluator,
      int[] inputColumns,
      RowSchema input,
      RowSchema output,
      BiPredicate<Object[], Object[]> rowFunction) {
    this.evaluator = evaluator;
    this.inputColumns = inputColumns;
    this.input = input;
    this.output = output;
    this.rowFunction = rowFunction;
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
   * <p>A row for which a decimal computation does not fit in a {@code long} (see {@code
   * DecimalCodegen}) is evaluated by the query's row function instead, on the row's values boxed,
   * and its output unboxed into {@code out}: the only rows that box.
   *
   * @return whether the wheres kept the row; when not, {@code out} is untouched
   */
  public boolean apply(Columns in, int row, Columns out, int outRow) {
    try {
      return evaluator.apply(in, row, out, outRow);
    } catch (UnscaledDecimals.Escape e) {
      return applyRowFunction(in, row, out, outRow);
    }
  }

  /** {@link #apply} by the row function, for a row the generated code escapes. */
  private boolean applyRowFunction(Columns in, int row, Columns out, int outRow) {
    Object[] values = new Object[input.size()];
    for (int c : inputColumns) {
      values[c] = value(input.column(c).kind(), in, c, row);
    }
    Object[] result = new Object[output.size()];
    if (!rowFunction.test(values, result)) {
      return false;
    }
    for (int c = 0; c < result.length; c++) {
      Object value = result[c];
      out.nulls()[c][outRow] = value == null;
      switch (output.column(c).kind()) {
        case FLOAT, DOUBLE -> out.doubles()[c][outRow] =
            value == null ? 0.0 : ((Number) value).doubleValue();
        case BOOLEAN -> out.longs()[c][outRow] = Boolean.TRUE.equals(value) ? 1L : 0L;
        case BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> out.longs()[c][outRow] =
            value == null ? 0L : ((Number) value).longValue();
        default -> out.objects()[c][outRow] = value;
      }
    }
    return true;
  }

  /**
   * The value at {@code row} of column {@code c} of {@code columns}, of kind {@code kind}, boxed as
   * a row holds it; {@code null} when its flag says {@code NULL}.
   */
  static Object value(DataKind kind, Columns columns, int c, int row) {
    if (columns.nulls()[c][row]) {
      return null;
    }
    return switch (kind) {
      case BOOLEAN -> columns.longs()[c][row] != 0L;
      case BYTE -> (byte) columns.longs()[c][row];
      case SHORT -> (short) columns.longs()[c][row];
      case INT, DATE -> (int) columns.longs()[c][row];
      case LONG, TIMESTAMP -> columns.longs()[c][row];
      case FLOAT -> (float) columns.doubles()[c][row];
      case DOUBLE -> columns.doubles()[c][row];
      default -> columns.objects()[c][row];
    };
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
