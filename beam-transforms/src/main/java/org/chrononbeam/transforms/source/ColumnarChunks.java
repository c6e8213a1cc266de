package org.chrononbeam.transforms.source;

import java.util.Arrays;
import org.chrononbeam.expressions.ColumnarQuery;
import org.chrononbeam.expressions.RowSchema;

/**
 * {@link ColumnarQuery}s (the columnar forms of compiled queries and derivations) over {@link
 * RowChunk}s: the query reads a chunk's column arrays as they are and writes into another chunk's,
 * so no value is boxed and no row array is made.
 *
 * <pre>{@code
 * RowChunk derived = ColumnarChunks.evaluated(derivations.columnar().get(), base, outSchema);
 * int[] kept = ColumnarChunks.kept(filter.columnar().get(), chunk, filter.outputSchema());
 * }</pre>
 */
public final class ColumnarChunks {
  private ColumnarChunks() {}

  /**
   * The output of {@code query}, a query without wheres (such as derivations) over rows of {@code
   * in}'s schema, for every row of {@code in}: a new chunk of rows of {@code output} (the query's
   * output schema), row {@code r} computed from row {@code r}.
   */
  public static RowChunk evaluated(ColumnarQuery query, RowChunk in, RowSchema output) {
    RowChunk out = RowChunk.ofRows(output, in.size());
    ColumnarQuery.Columns from = arrays(in, in.schema().size(), null);
    ColumnarQuery.Columns to = arrays(out, output.size(), null);
    for (int row = 0; row < in.size(); row++) {
      if (!query.apply(from, row, to, row)) {
        throw new IllegalArgumentException("a query with wheres does not output every row");
      }
    }
    return out;
  }

  /**
   * The rows of {@code in} (rows of the query's input schema) that the wheres of {@code query}
   * keep, in order; its output (rows of {@code output}) is computed into a scratch row and dropped.
   */
  public static int[] kept(ColumnarQuery query, RowChunk in, RowSchema output) {
    ColumnarQuery.Columns from = arrays(in, in.schema().size(), null);
    ColumnarQuery.Columns scratch = arrays(RowChunk.ofRows(output, 1), output.size(), null);
    int[] kept = new int[in.size()];
    int count = 0;
    for (int row = 0; row < in.size(); row++) {
      if (query.apply(from, row, scratch, 0)) {
        kept[count++] = row;
      }
    }
    return Arrays.copyOf(kept, count);
  }

  /**
   * The arrays of {@code chunk}'s columns, column {@code c} at index {@code at[c]} (at {@code c}
   * when {@code at} is null) of arrays {@code width} wide: shared with the chunk, not copied.
   */
  static ColumnarQuery.Columns arrays(RowChunk chunk, int width, int[] at) {
    ColumnarQuery.Columns arrays =
        new ColumnarQuery.Columns(
            new long[width][], new double[width][], new Object[width][], new boolean[width][]);
    for (int c = 0; c < chunk.schema().size(); c++) {
      int to = at == null ? c : at[c];
      arrays.nulls()[to] = chunk.nullColumn(c);
      switch (chunk.storage(c)) {
        case LONG -> arrays.longs()[to] = chunk.longColumn(c);
        case DOUBLE -> arrays.doubles()[to] = chunk.doubleColumn(c);
        default -> arrays.objects()[to] = chunk.objectColumn(c);
      }
    }
    return arrays;
  }
}
