package org.chrononbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.RowChunk;
import org.junit.jupiter.api.Test;

/**
 * {@link SkewFilter} against the SQL filter it stands for, {@code `column` NOT IN (values)} per
 * skew key compiled by {@link QueryCompiler}, on random rows with nulls, negative numbers and
 * quoted strings; skew keys it does not take give no filter.
 */
class SkewFilterTest {

  private static final RowSchema LEFT =
      RowSchema.of(
          Column.of("small", DataKind.INT),
          Column.of("id", DataKind.LONG),
          Column.of("name", DataKind.STRING),
          Column.of("price", DataKind.DOUBLE));

  @Test
  void dropsWhatTheSqlFilterDrops() {
    Random random = new Random(31);
    for (int round = 0; round < 100; round++) {
      Map<String, List<String>> skew = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        skew.put("small", integers(random));
      }
      if (random.nextBoolean()) {
        skew.put("id", integers(random));
      }
      if (random.nextBoolean() || skew.isEmpty()) {
        List<String> names = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
          names.add(new String[] {"'a'", "'x y'", "''", " 'b' "}[random.nextInt(4)]);
        }
        skew.put("name", names);
      }
      RowChunk chunk = RowChunk.of(LEFT);
      for (int r = 0; r < 300; r++) {
        chunk.add(
            new Object[] {
              random.nextInt(6) == 0 ? null : random.nextInt(7) - 3,
              random.nextInt(6) == 0 ? null : (long) random.nextInt(7) - 3,
              random.nextInt(6) == 0 ? null : new String[] {"a", "x y", "", "b", "c"}[
                  random.nextInt(5)],
              random.nextDouble()
            });
      }
      SkewFilter filter = SkewFilter.of(skew, LEFT);
      assertNotNull(filter, skew.toString());
      assertArrayEquals(sqlKept(skew, chunk), filter.kept(chunk), skew.toString());
    }
  }

  @Test
  void leavesOtherSkewKeysToTheSql() {
    assertNull(SkewFilter.of(Map.of("price", List.of("1.5")), LEFT));
    assertNull(SkewFilter.of(Map.of("id", List.of("'1'")), LEFT));
    assertNull(SkewFilter.of(Map.of("name", List.of("upper('a')")), LEFT));
    assertNull(SkewFilter.of(Map.of("name", List.of("'it\\'s'")), LEFT));
    assertNull(SkewFilter.of(Map.of("missing", List.of("1")), LEFT));
    assertNotNull(SkewFilter.of(Map.of("price", List.of()), LEFT));
  }

  private static List<String> integers(Random random) {
    List<String> values = new ArrayList<>();
    for (int i = random.nextInt(4); i >= 0; i--) {
      values.add(Integer.toString(random.nextInt(7) - 3));
    }
    return values;
  }

  private static int[] sqlKept(Map<String, List<String>> skew, RowChunk chunk) {
    Query query = new Query();
    skew.forEach(
        (column, values) ->
            query.addToWheres("`" + column + "` NOT IN (" + String.join(", ", values) + ")"));
    CompiledQuery filter = QueryCompiler.compile("skew", query, LEFT);
    List<Integer> kept = new ArrayList<>();
    for (int r = 0; r < chunk.size(); r++) {
      if (filter.apply(chunk.row(r, 0)) != null) {
        kept.add(r);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
