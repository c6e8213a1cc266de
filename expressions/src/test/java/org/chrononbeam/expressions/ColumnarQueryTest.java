package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledQuery#columnar()} against the row function it must agree with ({@link
 * CompiledQuery#apply(Object[])}), the reference, on random rows with nulls and boundary values;
 * and the expressions it must refuse.
 */
class ColumnarQueryTest {
  private static final RowSchema INPUT =
      RowSchema.builder()
          .add("b", DataKind.BOOLEAN)
          .add("i8", DataKind.BYTE)
          .add("i16", DataKind.SHORT)
          .add("i", DataKind.INT)
          .add("j", DataKind.LONG)
          .add("f", DataKind.FLOAT)
          .add("x", DataKind.DOUBLE)
          .add("dt", DataKind.DATE)
          .add("t", DataKind.TIMESTAMP)
          .add("s", DataKind.STRING)
          .add("s2", DataKind.STRING)
          .build();

  /** Strict selects: every operator the columnar form accepts. */
  private static final List<String> STRICT_SELECTS =
      List.of(
          "j",
          "i",
          "i8",
          "i16",
          "b",
          "f",
          "x",
          "dt",
          "t",
          "s",
          "j + i",
          "j - i * 3",
          "i * i",
          "j * j",
          "-j",
          "-i",
          "+x",
          "i8 + i16",
          "i8 * i16",
          "i16 - i8",
          "x * f",
          "x - j",
          "f + 1",
          "f * f",
          "x + x",
          "1 + 2",
          "j + 2147483647",
          "cast(i as bigint)",
          "cast(i as double)",
          "cast(f as double)",
          "cast(j as double)",
          "cast(i8 as int)",
          "cast(i16 as bigint)",
          "cast(j as float)",
          "cast(dt as timestamp)",
          "j > i",
          "x <= f",
          "i8 = i16",
          "j <> 3",
          "x >= 0",
          "f < x",
          "b = true",
          "not b",
          "not (j > i)",
          "s = s2",
          "s < 'm'",
          "s <> s2",
          "dt < DATE '2024-01-01'",
          "t >= TIMESTAMP '2024-01-01 00:00:00'",
          "x = f",
          "lower(s)",
          "upper(s)",
          "s || s2",
          "lower(s) || upper(s2)",
          "'a' || s",
          "abs(j)",
          "abs(i)",
          "abs(x)",
          "abs(i8)",
          "j in (1, 2, -3)",
          "s in ('a', 'm')",
          "i between -3 and 3",
          "j > 0 and j < 100",
          "not (i = 1 or i = 2)",
          "(x > 1 or x < -1) and x <> 5",
          "j / i",
          "x / f",
          "i8 / i16",
          "j % i",
          "i % i8",
          "j % 7",
          "(j + 1) / (i - 1)",
          "x / (j % i)",
          "j / 0",
          "nullif(j, 1)",
          "nullif(s, 'm')",
          "(j / i) * 2 > 1");

  /** Strict wheres. */
  private static final List<String> STRICT_WHERES =
      List.of(
          "j > 0",
          "x < f",
          "i IS NOT NULL",
          "s = 'm'",
          "not b",
          "i8 + i16 > 3",
          "b",
          "j / i > 1",
          "(j % i) IS NOT NULL",
          "(j / i) IS NOT NULL",
          "x / f < 0.5");

  /** Non-strict or boxing expressions: the query must fall back to the row path. */
  private static final List<String> REFUSED =
      List.of(
          "coalesce(j, 0)",
          "nvl(j, 1)",
          "j IS NULL",
          "case when j > 0 then 1 else 0 end",
          "if(j > 0, 1, 0)",
          "b AND j > 0",
          "b OR j > 0",
          "j > 0 OR i > 0",
          "j in (1, i)",
          "case when j > 0 then null else i end",
          "case when j > 0 then i end",
          "nullif(j, i)",
          "coalesce(j / i, -1)",
          "(j / i) IS NULL",
          "j / (x + 1.5)",
          "x % 3",
          "cast(x as int)",
          "cast(j as int)",
          "cast(s as int)",
          "substr(s, 1, 2)",
          "j + 1.5",
          "length(s)",
          "cast(j as string)",
          "concat(s, s2)");

  @Test
  void everyStrictSelectEqualsTheRowFunction() {
    for (String select : STRICT_SELECTS) {
      check(new Query().setSelects(Map.of("v", select)), 600, select.hashCode());
    }
  }

  @Test
  void everyStrictWhereEqualsTheRowFunction() {
    for (String where : STRICT_WHERES) {
      Query query =
          new Query().setSelects(Map.of("v", "j + i", "w", "s")).setWheres(List.of(where));
      check(query, 600, where.hashCode());
    }
  }

  @Test
  void wholeQueriesEqualTheRowFunction() {
    Random random = new Random(7);
    for (int q = 0; q < 40; q++) {
      Map<String, String> selects = new LinkedHashMap<>();
      for (int k = 0; k < 1 + random.nextInt(5); k++) {
        selects.put("c" + k, STRICT_SELECTS.get(random.nextInt(STRICT_SELECTS.size())));
      }
      List<String> wheres = new ArrayList<>();
      for (int k = 0; k < random.nextInt(3); k++) {
        wheres.add(STRICT_WHERES.get(random.nextInt(STRICT_WHERES.size())));
      }
      Query query = new Query().setSelects(selects).setWheres(wheres);
      if (random.nextBoolean()) {
        query.setTimeColumn(random.nextBoolean() ? "t" : random.nextBoolean() ? "dt" : "i");
      }
      check(query, 400, q);
    }
    check(new Query(), 400, 1);
  }

  @Test
  void aSerializedQueryKeepsItsColumnarForm() throws Exception {
    Query query =
        new Query().setSelects(Map.of("v", "j / i", "w", "lower(s)")).setWheres(List.of("x > f"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(QueryCompiler.compile(query, INPUT));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      CompiledQuery read = (CompiledQuery) in.readObject();
      assertTrue(read.columnar().isPresent());
      assertEquals(
          List.of(3, 4, 5, 6, 9),
          Arrays.stream(read.columnar().orElseThrow().inputColumns()).boxed().toList());
    }
  }

  @Test
  void nonStrictExpressionsFallBack() {
    for (String expression : REFUSED) {
      CompiledQuery select =
          QueryCompiler.compile(new Query().setSelects(Map.of("v", expression)), INPUT);
      assertTrue(select.columnar().isEmpty(), expression);
      if (select.outputSchema().column(0).kind() == DataKind.BOOLEAN
          && !expression.contains(" AND ")) {
        Query where = new Query().setSelects(Map.of("v", "j")).setWheres(List.of(expression));
        assertTrue(QueryCompiler.compile(where, INPUT).columnar().isEmpty(), expression);
      }
    }
    Query notNullSelect = new Query().setSelects(Map.of("v", "j IS NOT NULL"));
    assertTrue(QueryCompiler.compile(notNullSelect, INPUT).columnar().isEmpty());
    Query orWhere = new Query().setSelects(Map.of("v", "j")).setWheres(List.of("j > 0 OR i > 0"));
    assertTrue(QueryCompiler.compile(orWhere, INPUT).columnar().isEmpty());
  }

  private static void check(Query query, int rows, long seed) {
    CompiledQuery compiled = QueryCompiler.compile(query, INPUT);
    String name = query.toString();
    ColumnarQuery columnar =
        compiled.columnar().orElseThrow(() -> new AssertionError("refused: " + name));
    Random random = new Random(seed);
    List<Object[]> input = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      input.add(randomRow(random));
    }
    ColumnarQuery.Columns in = onlyColumns(columns(INPUT, input, rows), columnar.inputColumns());
    RowSchema outSchema = compiled.outputSchema();
    ColumnarQuery.Columns out = columns(outSchema, List.of(), rows);
    int written = 0;
    for (int r = 0; r < rows; r++) {
      Object[] expected = compiled.apply(input.get(r));
      Object[] row = input.get(r);
      boolean kept = columnar.apply(in, r, out, written);
      assertEquals(expected != null, kept, () -> name + " kept? " + Arrays.toString(row));
      if (kept) {
        for (int c = 0; c < outSchema.size(); c++) {
          int column = c;
          assertEquals(
              expected[c],
              value(outSchema.column(c).kind(), out, c, written),
              () -> name + " column " + column + " of " + Arrays.toString(row));
        }
        written++;
      }
    }
  }

  /** {@code all} with the arrays of the columns but {@code kept} null: they must not be read. */
  static ColumnarQuery.Columns onlyColumns(ColumnarQuery.Columns all, int[] kept) {
    int width = all.nulls().length;
    ColumnarQuery.Columns only =
        new ColumnarQuery.Columns(
            new long[width][], new double[width][], new Object[width][], new boolean[width][]);
    for (int c : kept) {
      only.longs()[c] = all.longs()[c];
      only.doubles()[c] = all.doubles()[c];
      only.objects()[c] = all.objects()[c];
      only.nulls()[c] = all.nulls()[c];
    }
    return only;
  }

  /** Columns of {@code schema} holding {@code rows}, with room for {@code size} rows. */
  static ColumnarQuery.Columns columns(RowSchema schema, List<Object[]> rows, int size) {
    int width = schema.size();
    long[][] longs = new long[width][];
    double[][] doubles = new double[width][];
    Object[][] objects = new Object[width][];
    boolean[][] nulls = new boolean[width][size];
    for (int c = 0; c < width; c++) {
      DataKind kind = schema.column(c).kind();
      switch (kind) {
        case FLOAT, DOUBLE -> doubles[c] = new double[size];
        case STRING -> objects[c] = new Object[size];
        default -> longs[c] = new long[size];
      }
      for (int r = 0; r < rows.size(); r++) {
        Object v = rows.get(r)[c];
        nulls[c][r] = v == null;
        if (v == null) {
          continue;
        }
        switch (kind) {
          case FLOAT, DOUBLE -> doubles[c][r] = ((Number) v).doubleValue();
          case STRING -> objects[c][r] = v;
          case BOOLEAN -> longs[c][r] = (Boolean) v ? 1 : 0;
          default -> longs[c][r] = ((Number) v).longValue();
        }
      }
    }
    return new ColumnarQuery.Columns(longs, doubles, objects, nulls);
  }

  /** The value at {@code row} of column {@code c}, boxed as a row holds it. */
  static Object value(DataKind kind, ColumnarQuery.Columns columns, int c, int row) {
    if (columns.nulls()[c][row]) {
      return null;
    }
    return switch (kind) {
      case BOOLEAN -> columns.longs()[c][row] != 0;
      case BYTE -> (byte) columns.longs()[c][row];
      case SHORT -> (short) columns.longs()[c][row];
      case INT, DATE -> (int) columns.longs()[c][row];
      case LONG, TIMESTAMP -> columns.longs()[c][row];
      case FLOAT -> (float) columns.doubles()[c][row];
      case DOUBLE -> columns.doubles()[c][row];
      default -> columns.objects()[c][row];
    };
  }

  private static Object[] randomRow(Random random) {
    Object[] row = new Object[INPUT.size()];
    row[0] = random.nextBoolean();
    row[1] = (byte) pick(random, Byte.MIN_VALUE, Byte.MAX_VALUE);
    row[2] = (short) pick(random, Short.MIN_VALUE, Short.MAX_VALUE);
    row[3] = (int) pick(random, Integer.MIN_VALUE, Integer.MAX_VALUE);
    row[4] = pick(random, Long.MIN_VALUE, Long.MAX_VALUE);
    row[5] = (float) fraction(random);
    row[6] = fraction(random);
    row[7] = (int) pick(random, -100_000, 100_000);
    row[8] = pick(random, -10_000_000_000_000L, 10_000_000_000_000L);
    String[] strings = {"", "a", "m", "M", "z", "Zürich", "mm"};
    row[9] = strings[random.nextInt(strings.length)];
    row[10] = strings[random.nextInt(strings.length)];
    for (int c = 0; c < row.length; c++) {
      if (random.nextInt(5) == 0) {
        row[c] = null;
      }
    }
    return row;
  }

  private static long pick(Random random, long min, long max) {
    return switch (random.nextInt(6)) {
      case 0 -> min;
      case 1 -> max;
      case 2 -> 0;
      case 3 -> random.nextInt(7) - 3;
      default -> min + (long) (random.nextDouble() * ((double) max - min));
    };
  }

  private static double fraction(Random random) {
    double[] special = {
      0.0,
      -0.0,
      1.0,
      -1.5,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE,
      Double.MIN_VALUE,
      3e9,
      -3e18
    };
    return random.nextBoolean()
        ? special[random.nextInt(special.length)]
        : (random.nextDouble() - 0.5) * 1e6;
  }
}
