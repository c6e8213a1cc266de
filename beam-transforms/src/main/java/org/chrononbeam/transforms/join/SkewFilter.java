package org.chrononbeam.transforms.join;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.Query;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.RowChunk;

/**
 * Chronon's skew-key filter of left rows, {@code `column` NOT IN (values)} for each skew key, read
 * from a chunk's columns without boxing: a row is dropped when a skew column is null or holds one
 * of its values. It takes integer literals for integral columns ({@code BYTE} to {@code LONG}) and
 * quoted string literals without escapes ({@code 'a b'}) for string columns; other skew keys are
 * left to the compiled SQL filter ({@link #sql}; {@link #of} gives null).
 */
final class SkewFilter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern QUOTED = Pattern.compile("'[^'\\\\]*'");

  private final int[] columns;
  /** Per skew column, its values: sorted longs for an integral column, else null. */
  private final long[][] longs;
  /** Per skew column, its values for a string column, else null. */
  private final HashSet<String>[] strings;

  private SkewFilter(int[] columns, long[][] longs, HashSet<String>[] strings) {
    this.columns = columns;
    this.longs = longs;
    this.strings = strings;
  }

  /**
   * The filter of {@code skewKeys} (left column to SQL literals) over rows of {@code left}, or null
   * when a column is of another kind or a literal is not a plain integer or quoted string. Keys
   * without values filter nothing.
   */
  @SuppressWarnings("unchecked")
  static @Nullable SkewFilter of(Map<String, List<String>> skewKeys, RowSchema left) {
    List<Map.Entry<String, List<String>>> keys =
        skewKeys.entrySet().stream().filter(e -> !e.getValue().isEmpty()).toList();
    int[] columns = new int[keys.size()];
    long[][] longs = new long[keys.size()][];
    HashSet<String>[] strings = new HashSet[keys.size()];
    for (int k = 0; k < columns.length; k++) {
      columns[k] = left.indexOf(keys.get(k).getKey());
      if (columns[k] < 0) {
        return null;
      }
      List<String> literals = keys.get(k).getValue().stream().map(String::trim).toList();
      switch (left.column(columns[k]).kind()) {
        case BYTE, SHORT, INT, LONG -> {
          if (!literals.stream().allMatch(l -> INTEGER.matcher(l).matches())) {
            return null;
          }
          longs[k] = literals.stream().mapToLong(Long::parseLong).sorted().toArray();
        }
        case STRING -> {
          if (!literals.stream().allMatch(l -> QUOTED.matcher(l).matches())) {
            return null;
          }
          strings[k] = new HashSet<>();
          for (String literal : literals) {
            strings[k].add(literal.substring(1, literal.length() - 1));
          }
        }
        default -> {
          return null;
        }
      }
    }
    return new SkewFilter(columns, longs, strings);
  }

  /**
   * Chronon's skew filter of {@code skewKeys} as SQL over rows of {@code left}: {@code `column` NOT
   * IN (values)} per skew key with values; errors name {@code configName}. It selects the skew
   * columns only (what it keeps matters, not its output), so that its columnar form ({@link
   * CompiledQuery#columnar()}) reads and writes no other column.
   *
   * @throws org.chrononbeam.model.ConfigException when a skew key is not a left column or a value
   *     is not a valid literal for it
   */
  static CompiledQuery sql(String configName, Map<String, List<String>> skewKeys, RowSchema left) {
    Query filter = new Query();
    for (Map.Entry<String, List<String>> skew : skewKeys.entrySet()) {
      if (!skew.getValue().isEmpty()) {
        filter.putToSelects("skew_" + filter.getSelectsSize(), "`" + skew.getKey() + "`");
        filter.addToWheres(
            "`" + skew.getKey() + "` NOT IN (" + String.join(", ", skew.getValue()) + ")");
      }
    }
    return QueryCompiler.compile(configName, filter, left);
  }

  /** The rows of {@code chunk} the filter keeps, in order. */
  int[] kept(RowChunk chunk) {
    int[] kept = new int[chunk.size()];
    int count = 0;
    for (int r = 0; r < chunk.size(); r++) {
      if (keeps(chunk, r)) {
        kept[count++] = r;
      }
    }
    return Arrays.copyOf(kept, count);
  }

  private boolean keeps(RowChunk chunk, int row) {
    for (int k = 0; k < columns.length; k++) {
      int column = columns[k];
      if (chunk.isNull(column, row)) {
        return false;
      }
      boolean skewed =
          longs[k] != null
              ? Arrays.binarySearch(longs[k], chunk.getLong(column, row)) >= 0
              : strings[k].contains(chunk.get(column, row).toString());
      if (skewed) {
        return false;
      }
    }
    return true;
  }
}
