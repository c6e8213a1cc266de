package org.chrononbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.ColumnarChunks;
import org.chrononbeam.transforms.source.RowChunk;
import org.junit.jupiter.api.Test;

/**
 * {@link SkewFilter} against the SQL filter it stands for, {@code `column` NOT IN (values)} per
 * skew key compiled by {@link QueryCompiler}, on random rows with nulls, negative numbers and
 * quoted strings; skew keys it does not take give no filter. And the SQL filter itself ({@link
 * SkewFilter#sql}), through its columnar form over a chunk's columns, against the same reference.
 */
class SkewFilterTest {

  private static final RowSchema LEFT =
      RowSchema.of(
          Column.of("small", DataKind.INT),
          Column.of("id", DataKind.LONG),
          Column.of("name", DataKind.STRING),
          Column.of("price", DataKind.DOUBLE));

  /** {@link #LEFT} and a list column, which the SQL filter's columnar form must not read. */
  private static final RowSchema WITH_LIST =
      RowSchema.of(
          Column.of("small", DataKind.INT),
          Column.of("id", DataKind.LONG),
          Column.of("name", DataKind.STRING),
          Column.of("price", DataKind.DOUBLE),
          new Column(
              "tags",
              new TDataType(DataKind.LIST)
                  .setParams(
                      List.of(
                          new DataField()
                              .setName("elem")
                              .setDataType(new TDataType(DataKind.STRING))))));

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
      RowChunk chunk = randomChunk(random, LEFT, 300);
      SkewFilter filter = SkewFilter.of(skew, LEFT);
      assertNotNull(filter, skew.toString());
      assertArrayEquals(sqlKept(skew, chunk, LEFT), filter.kept(chunk), skew.toString());
    }
  }

  @Test
  void theSqlFilterOverColumnsDropsWhatItDropsRowByRow() {
    Random random = new Random(47);
    Map<String, List<String>> pools =
        Map.of(
            "small", List.of("1", "-3", "2"),
            "id", List.of("0", "3", "-1"),
            "name", List.of("\"a\"", "'x y'", "'it\\'s'", "''"),
            "price", List.of("1", "0", "-2"));
    List<String> columns = List.of("small", "id", "name", "price");
    int columnar = 0;
    for (int round = 0; round < 60; round++) {
      Map<String, List<String>> skew = new LinkedHashMap<>();
      for (String column : columns) {
        if (random.nextBoolean() || (skew.isEmpty() && column.equals("price"))) {
          List<String> values = new ArrayList<>();
          for (int i = random.nextInt(3); i >= 0; i--) {
            values.add(pools.get(column).get(random.nextInt(pools.get(column).size())));
          }
          skew.put(column, values);
        }
      }
      RowChunk chunk = randomChunk(random, WITH_LIST, 300);
      CompiledQuery sql = SkewFilter.sql("skew", skew, WITH_LIST);
      if (sql.columnar().isPresent()) {
        columnar++;
        assertArrayEquals(
            sqlKept(skew, chunk, WITH_LIST),
            ColumnarChunks.kept(sql.columnar().get(), chunk, sql.outputSchema()),
            skew.toString());
      }
      assertArrayEquals(sqlKept(skew, chunk, WITH_LIST), sqlKept(sql, chunk), skew.toString());
    }
    assertTrue(columnar > 40, "filters with a columnar form: " + columnar);
    assertTrue(
        SkewFilter.sql("skew", Map.of("name", List.of("\"a\"")), WITH_LIST).columnar().isPresent());
    assertTrue(
        SkewFilter.sql("skew", Map.of("price", List.of("1", "2")), WITH_LIST)
            .columnar()
            .isPresent());
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

  /**
   * Rows of {@code schema} ({@link #LEFT}, perhaps with a list column after) with nulls, small
   * numbers and strings that skew keys name.
   */
  private static RowChunk randomChunk(Random random, RowSchema schema, int rows) {
    RowChunk chunk = RowChunk.of(schema);
    for (int r = 0; r < rows; r++) {
      Object[] row =
          new Object[] {
            random.nextInt(6) == 0 ? null : random.nextInt(7) - 3,
            random.nextInt(6) == 0 ? null : (long) random.nextInt(7) - 3,
            random.nextInt(6) == 0
                ? null
                : new String[] {"a", "x y", "", "b", "c", "it's"}[random.nextInt(6)],
            random.nextInt(6) == 0 ? null : (double) (random.nextInt(7) - 3) / 2,
            List.of("t" + random.nextInt(3))
          };
      chunk.add(Arrays.copyOf(row, schema.size()));
    }
    return chunk;
  }

  private static int[] sqlKept(Map<String, List<String>> skew, RowChunk chunk, RowSchema left) {
    Query query = new Query();
    skew.forEach(
        (column, values) -> {
          if (!values.isEmpty()) {
            query.addToWheres("`" + column + "` NOT IN (" + String.join(", ", values) + ")");
          }
        });
    return sqlKept(QueryCompiler.compile("skew", query, left), chunk);
  }

  private static int[] sqlKept(CompiledQuery filter, RowChunk chunk) {
    List<Integer> kept = new ArrayList<>();
    for (int r = 0; r < chunk.size(); r++) {
      if (filter.apply(chunk.row(r, 0)) != null) {
        kept.add(r);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
