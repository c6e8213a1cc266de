package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.values.DoubleElements;
import org.chrononbeam.model.values.LongElements;
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
          .add(new Column("ls", ExpressionTableTest.listOf(DataKind.LONG)))
          .add(new Column("strs", ExpressionTableTest.listOf(DataKind.STRING)))
          .add(new Column("xs", ExpressionTableTest.listOf(DataKind.DOUBLE)))
          .add(new Column("m", ExpressionTableTest.mapOf(DataKind.LONG)))
          .add(new Column("mj", mapOf(DataKind.LONG, DataKind.LONG)))
          .build();

  /** The strings of random rows, and of their lists and map keys. */
  private static final String[] STRINGS = {
    "",
    "a",
    "m",
    "M",
    "z",
    "Zürich",
    "mm",
    "0",
    "-128",
    "-32768",
    " 42 ",
    "1.9",
    "-2147483648",
    "2147483648",
    "-9223372036854775808",
    "9223372036854775808",
    "NaN",
    "-Infinity",
    "1e3",
    "true",
    "No",
    "2024-02-29",
    "2023-02-29",
    "2024-01-05 10:30:00",
    "1969-12-31 23:59:59",
    "2024-1-5T3:04:05.123456+02:00"
  };

  /**
   * Selects and wheres over the list and map columns: pass-through, NULL tests, {@code size},
   * elements by index or key (in range or not, of NULL lists, NULL elements), {@code
   * array_contains} and {@code concat_ws} of lists of strings, alone and nested.
   */
  private static final List<String> COLLECTION_SELECTS =
      List.of(
          "ls",
          "strs",
          "xs",
          "m",
          "ls IS NULL",
          "m IS NOT NULL",
          "size(ls)",
          "size(strs)",
          "size(m)",
          "size(mj)",
          "size(ls) > 0",
          "ls[0]",
          "ls[1]",
          "ls[i]",
          "ls[i8 % 3]",
          "ls[j % 3]",
          "ls[j]",
          "strs[0]",
          "xs[2]",
          "xs[i16 % 4] * 2",
          "coalesce(ls[0], j)",
          "coalesce(strs[1], s, 'none')",
          "m['a']",
          "m['missing']",
          "m[s]",
          "coalesce(m['m'], ls[0], -1) + size(m)",
          "array_contains(ls, j)",
          "array_contains(ls, 0)",
          "array_contains(ls, i)",
          "array_contains(strs, s)",
          "array_contains(strs, 'a')",
          "array_contains(xs, x)",
          "array_contains(xs, f)",
          "array_contains(xs, 1.0)",
          "concat_ws(',', strs)",
          "concat_ws('-', strs, s, strs)",
          "concat_ws(s, strs, s2)",
          "concat_ws(',', strs, 'end')",
          "if(size(strs) > 1, strs[1], concat_ws('/', strs))",
          "case when ls IS NULL then -1 when size(ls) = 0 then 0 else ls[size(ls) - 1] end");

  private static final List<String> COLLECTION_WHERES =
      List.of(
          "size(ls) > 0",
          "ls IS NOT NULL",
          "ls[0] > 0",
          "array_contains(strs, 'a')",
          "NOT array_contains(ls, 0)",
          "m['a'] IS NULL",
          "coalesce(ls[0], j) < 0",
          "concat_ws('', strs) = s");

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
          "0 % cast(0.0 as bigint)",
          "j % cast(0.9 as bigint)",
          "nullif(j, 1)",
          "nullif(s, 'm')",
          "(j / i) * 2 > 1",
          "j * 1.5",
          "i * 1.5",
          "j + 1.5",
          "i - 0.25",
          "i8 * 0.01 - i16",
          "1.5 * j * 2.25",
          "cast(j as decimal(10, 2))",
          "cast(i as decimal(10, 2))",
          "cast(i as decimal(12, 2))",
          "cast(i16 as decimal(3, 1))",
          "cast(i8 as decimal(5, 0))",
          "cast(j as decimal(19, 1))",
          "cast(j as decimal(20, 0))",
          "cast(j as decimal(38, 4))",
          "cast(j as decimal(38, 18))",
          "cast(cast(j as decimal(19, 3)) as decimal(18, 1))",
          "cast(i * 0.001 as decimal(10, 2))",
          "cast(j * 0.015 as decimal(19, 1))",
          "cast(i * 0.5 as decimal(10, 0))",
          "cast(-2.5 as decimal(3, 0)) + i",
          "cast(1.25 as decimal(3, 1)) * j",
          "cast(123.45 as decimal(3, 1))",
          "cast(i as decimal(10, 2)) + cast(j as decimal(18, 1))",
          "cast(i8 as decimal(5, 2)) * cast(i16 as decimal(7, 3))",
          "cast(j as decimal(18, 0)) * cast(j as decimal(18, 0))",
          "cast(j as decimal(19, 0)) * 3",
          "-cast(j as decimal(19, 0))",
          "-(i * 0.5)",
          "abs(cast(j as decimal(19, 0)))",
          "abs(i * -0.5)",
          "i > 1.5",
          "j <= 2.25",
          "i16 = 3.0",
          "cast(i as decimal(12, 2)) = i",
          "i8 * 0.01 < i16 * 0.1",
          "j * 1.5 > j",
          "cast(j * 1.5 as bigint)",
          "cast(i * 0.5 as int)",
          "cast(cast(j as decimal(20, 0)) as bigint)",
          "cast(j * -1.5 as bigint)",
          "cast(j * 1.5 as int)",
          "cast(j * 1.5 as smallint)",
          "cast(i * -0.001 as tinyint)",
          "cast(cast(j as decimal(38, 18)) as int)",
          "cast(cast(i as decimal(12, 2)) * 0.005 as bigint)",
          "cast(-1.25 as decimal(3, 1)) * i",
          "cast('1.25' as decimal(3, 1)) + j",
          "cast(0.95 as decimal(1, 1))",
          "cast(i as decimal(10, 2)) / 3",
          "j * 1.5 / i",
          "i * 0.1 + x");

  /**
   * Selects with operators that are not strict, alone, nested in strict ones and around them, over
   * columns that may be NULL independently.
   */
  private static final List<String> NON_STRICT_SELECTS =
      List.of(
          "coalesce(j, 0)",
          "coalesce(j, i, -1)",
          "coalesce(s, s2, 'none')",
          "coalesce(x, f)",
          "coalesce(j, i) + 1",
          "coalesce(j + i, i * 2, i8)",
          "nvl(j, 1)",
          "nvl(s, '')",
          "ifnull(x, -0.0)",
          "j IS NULL",
          "j IS NOT NULL",
          "(j + i) IS NULL",
          "s IS NOT NULL AND s2 IS NULL",
          "b IS TRUE",
          "b IS NOT TRUE",
          "b IS FALSE",
          "b IS NOT FALSE",
          "(j > i) IS NOT FALSE",
          "case when j > 0 then 1 else 0 end",
          "case when j > 0 then i end",
          "case when j > 0 then null else i end",
          "case when j > 0 then i when x < 0 then i8 when s = 'm' then -1 else i16 end",
          "case when b then s else s2 end",
          "case when b then 'yes' else 'no' end",
          "case when b then x when i > 0 then f end",
          "case j when 0 then 'zero' when 1 then 'one' else s end",
          "case when i <> 0 then j % i else -1 end",
          "if(j > 0, 1, 0)",
          "if(b, j, i)",
          "if(s = s2, x, null)",
          "b AND j > 0",
          "b OR j > 0",
          "j > 0 OR i > 0",
          "b AND (x > 0 OR s = 'a') AND NOT (i < 0)",
          "NOT (b OR i IS NULL)",
          "j in (1, i)",
          "s in (s2, 'a')",
          "i between i8 and i16",
          "nullif(j, i)",
          "nullif(s, s2)",
          "cast(x as int)",
          "cast(j as int)",
          "cast(j as smallint)",
          "cast(x as tinyint)",
          "cast(x as bigint)",
          "cast(f as int)",
          "substr(s, 1, 2)",
          "substr(s, i8, i16)",
          "substr(s, -1)",
          "substring(s2, 2)",
          "lpad(s, 5, s2)",
          "rpad(s, i8 % 9, 'ab')",
          "lpad(s2, 3)",
          "length(s)",
          "length(s) + length(s2)",
          "cast(x as string)",
          "cast(f as string)",
          "cast(b as string)",
          "cast(t as string)",
          "datediff(dt, dt)",
          "datediff(t, dt)",
          "to_date(t)",
          "date_format(t, 'yyyy-MM-dd HH:mm')",
          "date_format(dt, 'yyyy/MM/dd')",
          "from_unixtime(i)",
          "from_unixtime(i, 'yyyy')",
          "unix_timestamp(t)",
          "unix_timestamp(dt)",
          "regexp_replace(s, 'm+', 'x')",
          "coalesce(substr(s, i8), upper(s2))",
          "if(length(s) > 1, cast(x as bigint), coalesce(j, i))",
          "case when s IS NULL then length(s2) when b then datediff(dt, dt) end * 2",
          "abs(coalesce(j, i))",
          "coalesce(j, 0) % coalesce(i, 1)",
          "if(i = 0, -1, j / i)",
          "coalesce(j / i, -1)",
          "nvl(j / i, 0.0)",
          "(j / i) IS NULL",
          "(j % i) IS NOT NULL",
          "coalesce(j % i, 7)",
          "x * 1.5",
          "x / 0.1 + 2.25",
          "j / (x + 1.5)",
          "coalesce(x, 0.0) * 1",
          "case when x > 0 then x * 0.5 else 0.0 end",
          "coalesce(f * 0.3, x)",
          "floor(x)",
          "ceil(x)",
          "floor(j)",
          "round(x, 2)",
          "round(x)",
          "round(j, -1)",
          "sqrt(abs(x))",
          "sqrt(x)",
          "pow(x, 2)",
          "pow(j, i)",
          "ln(abs(x) + 1)",
          "log10(abs(x) + 1)",
          "exp(f)",
          "ln(abs(f) + 1)",
          "pow(f, 2)",
          "sign(x)",
          "sign(i)",
          "cast(s as int)",
          "cast(s as bigint)",
          "cast(s as smallint)",
          "cast(s as tinyint)",
          "cast(s as double)",
          "cast(s as float)",
          "cast(s as boolean)",
          "cast(s as date)",
          "cast(s as timestamp)",
          "to_date(s)",
          "unix_timestamp(s)",
          "to_date(s, 'yyyy-MM-dd HH:mm:ss')",
          "unix_timestamp(s, 'yyyy-MM-dd')",
          "date_format(s, 'yyyy/MM')",
          "datediff(s, s2)",
          "coalesce(cast(s as int), cast(s2 as bigint), -1)",
          "cast(s as bigint) + 1",
          "if(cast(s as boolean), cast(s2 as double), x)",
          "cast(j as string)",
          "cast(i as string)",
          "cast(i8 as string)",
          "cast(i16 as string)",
          "cast(dt as string)",
          "cast(j as string) || s",
          "concat(s, s2)",
          "concat(s, '-', s2, lower(s))",
          "concat(s)",
          "s like 'a%'",
          "s like '%m_'",
          "s not like 'Z%'",
          "s rlike '^[0-9]+$'",
          "s rlike s2",
          "s like s2",
          "abs(nvl(cast(cast(s as bigint) as smallint), cast(upper('') as bigint)))",
          "concat_ws('-', s, s2)",
          "concat_ws('-', s, s2, NULL)",
          "concat_ws(s, s2, 'x', s)",
          "concat_ws('')",
          "concat_ws(', ', j, x, dt, t, b, lower(s))",
          "coalesce(i * 0.5, 0)",
          "coalesce(j + 1.5, 0)",
          "coalesce(j * 1.5, i * 0.25, 0)",
          "case when b then 1.25 else j end",
          "case when i > 0 then i * 0.5 when j < 0 then 2.5 end",
          "if(b, cast(j as decimal(10, 2)), 0.5)",
          "nvl(cast(i as decimal(5, 1)), -1.5)",
          "(j * 1.5) IS NULL",
          "cast(i as decimal(5, 1)) IS NULL",
          "nullif(i * 0.5, 1.5)",
          "coalesce(cast(j as decimal(12, 1)), cast(i as decimal(10, 1)), 0.5) * i8");

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
          "x / f < 0.5",
          "j * 1.5 > 100",
          "i > 1.5",
          "cast(i as decimal(5, 1)) < 0",
          "cast(j as decimal(18, 0)) * cast(j as decimal(18, 0)) > 1000000");

  /** Wheres that are not strict: a row is kept when the condition is TRUE. */
  private static final List<String> NON_STRICT_WHERES =
      List.of(
          "j > 0 OR i > 0",
          "b OR j IS NULL",
          "coalesce(j, 0) > 0",
          "NOT (b AND x > 0)",
          "j IS NULL",
          "s IS NOT NULL AND s2 IS NULL",
          "b IS NOT TRUE",
          "case when b then j > 0 else i < 0 end",
          "if(s = 'm', true, null)",
          "length(s) > 0",
          "j in (1, i, -1)",
          "nullif(i, 0) IS NOT NULL",
          "cast(s as int) > 0",
          "cast(s as boolean)",
          "cast(s as timestamp) < t",
          "s like '%a%'",
          "s not like '%9%'",
          "s rlike '^-?[0-9]'",
          "coalesce(i * 0.5, 0) > 1",
          "cast(j as decimal(10, 2)) IS NULL",
          "case when b then 1.25 else j * 0.5 end >= i");

  /**
   * Expressions the columnar form cannot evaluate without boxing: they fall back to the row path.
   */
  private static final List<String> REFUSED =
      List.of(
          "x % 3",
          "mj[j]",
          "mj[1]",
          "cast(x as decimal(10, 2))",
          "cast(s as decimal(10, 2))",
          "cast(cast(i as decimal(10, 2)) as string)",
          "cast(i as decimal(10, 2)) % 3",
          "round(j * 1.5, 1)",
          "cast(i as decimal(38, 20)) + 1");

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
  void everyNonStrictSelectEqualsTheRowFunction() {
    for (String select : NON_STRICT_SELECTS) {
      check(new Query().setSelects(Map.of("v", select)), 600, select.hashCode());
    }
  }

  @Test
  void everyNonStrictWhereEqualsTheRowFunction() {
    for (String where : NON_STRICT_WHERES) {
      Query query =
          new Query().setSelects(Map.of("v", "coalesce(j, i)", "w", "s")).setWheres(List.of(where));
      check(query, 600, where.hashCode());
    }
  }

  @Test
  void everyCollectionSelectAndWhereEqualsTheRowFunction() {
    for (String select : COLLECTION_SELECTS) {
      check(new Query().setSelects(Map.of("v", select)), 600, select.hashCode());
    }
    for (String where : COLLECTION_WHERES) {
      Query query =
          new Query().setSelects(Map.of("v", "ls", "w", "size(strs)")).setWheres(List.of(where));
      check(query, 600, where.hashCode());
    }
  }

  /**
   * Spark's answers, worked out by hand from its documentation, where Calcite's differ: {@code
   * concat_ws} skips NULL elements of its arrays (Calcite's wrote a separator after the last
   * value when NULL elements followed it), {@code array_contains} is NULL when it finds nothing in
   * an array with a NULL element (Calcite's: false) and compares fractions as Spark orders them
   * ({@code -0.0 = 0.0}, {@code NaN = NaN}), and a {@code BIGINT} index is taken as its {@code
   * intValue()} (Calcite's code did not compile). Both forms give them.
   */
  @Test
  void listFunctionsGiveSparksAnswers() {
    Object[] row = new Object[INPUT.size()];
    row[4] = 4_294_967_296L;
    row[6] = -0.0;
    row[9] = "b";
    row[11] = Arrays.asList(5L, null);
    row[12] = Arrays.asList("a", null);
    row[13] = Arrays.asList(0.0, Double.NaN);
    Object[] nullElementFirst = row.clone();
    nullElementFirst[12] = Arrays.asList(null, "a", null);
    for (Object[][] expected :
        new Object[][][] {
          {{"concat_ws('-', strs)", "a"}, {"concat_ws('-', strs, s)", "a-b"}},
          {{"concat_ws('-', strs, s2)", "a"}, {"concat_ws('/', 'foo', null, 'bar')", "foo/bar"}},
          {{"concat_ws(s2, s)", null}, {"concat_ws('-')", ""}},
          {{"array_contains(ls, 5)", true}, {"array_contains(ls, 6)", null}},
          {{"array_contains(strs, 'b')", null}, {"array_contains(xs, x)", true}},
          {{"array_contains(xs, cast('NaN' as double))", true}, {"array_contains(ls, j)", null}},
          {{"ls[j]", 5L}, {"ls[j - 1]", null}},
        }) {
      for (Object[] select : expected) {
        String expression = (String) select[0];
        assertEquals(select[1], rowFunction(expression, row), expression);
        assertEquals(select[1], columnar(expression, row), expression);
      }
    }
    assertEquals("a-b", columnar("concat_ws('-', strs, s)", nullElementFirst));
    assertEquals("a-b", rowFunction("concat_ws('-', strs, s)", nullElementFirst));
    row[11] = List.of();
    assertEquals(false, columnar("array_contains(ls, 6)", row));
    assertEquals(-1, columnar("size(m)", row));
  }

  /** Lists of the other kinds the columnar form has: their elements unboxed as they are read. */
  @Test
  void listsOfEveryColumnarKindEqualTheRowFunction() {
    List<DataKind> kinds =
        List.of(DataKind.BOOLEAN, DataKind.SHORT, DataKind.INT, DataKind.DATE, DataKind.TIMESTAMP);
    RowSchema.Builder builder = RowSchema.builder().add("i", DataKind.INT);
    kinds.forEach(
        k ->
            builder.add(
                new Column(k.name().toLowerCase(Locale.ROOT) + "s", ExpressionTableTest.listOf(k))));
    builder.add(new Column("fs", ExpressionTableTest.listOf(DataKind.FLOAT)));
    RowSchema schema = builder.build();
    Random random = new Random(3);
    List<Object[]> input = new ArrayList<>();
    for (int r = 0; r < 400; r++) {
      input.add(
          new Object[] {
            random.nextInt(5) == 0 ? null : random.nextInt(7) - 3,
            randomList(random, random::nextBoolean),
            randomList(random, () -> (short) pick(random, Short.MIN_VALUE, Short.MAX_VALUE)),
            randomList(random, () -> (int) pick(random, Integer.MIN_VALUE, Integer.MAX_VALUE)),
            randomList(random, () -> (int) pick(random, -100_000, 100_000)),
            randomList(random, () -> pick(random, -10_000_000_000_000L, 10_000_000_000_000L)),
            randomList(random, () -> (float) fraction(random))
          });
    }
    for (String select :
        List.of(
            "booleans[i]",
            "NOT booleans[0]",
            "shorts[0] + 1",
            "ints[i]",
            "coalesce(ints[1], i)",
            "dates[0]",
            "date_format(dates[1], 'yyyy')",
            "timestamps[0]",
            "cast(timestamps[0] as string)",
            "fs[0]",
            "fs[i] * 2",
            "array_contains(booleans, true)",
            "array_contains(shorts, i)",
            "array_contains(ints, i)",
            "array_contains(dates, dates[1])",
            "array_contains(timestamps, timestamps[1])",
            "array_contains(fs, 0.0)",
            "array_contains(fs, fs[1])",
            "size(fs) + size(dates)")) {
      CompiledQuery compiled =
          QueryCompiler.compile(new Query().setSelects(Map.of("v", select)), schema);
      ColumnarQuery columnar =
          compiled.columnar().orElseThrow(() -> new AssertionError("refused: " + select));
      ColumnarQuery.Columns in = columns(schema, input, input.size());
      ColumnarQuery.Columns out = columns(compiled.outputSchema(), List.of(), input.size());
      DataKind kind = compiled.outputSchema().column(0).kind();
      for (int r = 0; r < input.size(); r++) {
        Object[] row = input.get(r);
        assertTrue(columnar.apply(in, r, out, r));
        assertEquals(
            compiled.apply(row)[0],
            value(kind, out, 0, r),
            () -> select + " of " + Arrays.deepToString(row));
      }
    }
  }

  private static Object rowFunction(String select, Object[] row) {
    return QueryCompiler.compile(new Query().setSelects(Map.of("v", select)), INPUT).apply(row)[0];
  }

  @Test
  void randomNestingsEqualTheRowFunction() {
    Random random = new Random(11);
    for (int q = 0; q < 300; q++) {
      String select =
          switch (q % 5) {
            case 0 -> Nesting.number(random, 4);
            case 1 -> Nesting.fraction(random, 4);
            case 2 -> Nesting.bool(random, 4);
            case 3 -> Nesting.decimal(random, 4);
            default -> Nesting.string(random, 4);
          };
      String where = Nesting.bool(random, 3);
      check(new Query().setSelects(Map.of("v", select)), 100, q);
      check(
          new Query().setSelects(Map.of("v", "j", "w", select)).setWheres(List.of(where)), 100, q);
    }
  }

  /**
   * A zero divisor under a NULL test: Spark's answers (the division is NULL), asserted directly.
   */
  @Test
  void aZeroDivisorUnderANullTestIsNull() {
    Object[] row = new Object[INPUT.size()];
    row[3] = 0;
    row[4] = 5L;
    assertEquals(-1.0, columnar("coalesce(j / i, -1)", row));
    assertEquals(true, columnar("(j / i) IS NULL", row));
    assertEquals(7L, columnar("nvl(j % i, 7)", row));
    assertEquals(false, columnar("(j % i) IS NOT NULL", row));
    row[3] = 2;
    assertEquals(2.5, columnar("coalesce(j / i, -1)", row));
    assertEquals(false, columnar("(j / i) IS NULL", row));
  }

  /**
   * A row whose decimals do not fit in a {@code long} is computed by the row function: values no
   * {@code long} arithmetic gives, asserted directly (and Spark's, worked out by hand).
   */
  @Test
  void aRowWhoseDecimalsOverflowALongTakesTheRowFunction() {
    Object[] row = new Object[INPUT.size()];
    row[4] = 7L;
    assertEquals(10.5, columnar("j * 1.5", row));
    row[4] = Long.MAX_VALUE;
    // 9223372036854775807 * 1.5 = 13835058055282163710.5: 20 digits
    assertEquals(1.3835058055282164E19, columnar("j * 1.5", row));
    assertEquals(true, columnar("j * 1.5 > j", row));
    row[4] = 123456789012345678L;
    // 123456789012345678^2 = 15241578753238836527968299765279684
    assertEquals(
        1.5241578753238836E34,
        columnar("cast(j as decimal(18, 0)) * cast(j as decimal(18, 0))", row));
    // 2^53 + 1 at scale 1 is 90071992547409930, beyond toDouble's exact case: the row function's
    // BigDecimal.doubleValue rounds 9007199254740993.0 to 2^53
    row[4] = (1L << 53) + 1;
    assertEquals(9.007199254740992E15, columnar("cast(j as decimal(19, 1))", row));
    row[4] = Long.MIN_VALUE;
    assertEquals(9.223372036854775808E18, columnar("abs(cast(j as decimal(19, 0)))", row));
    Query where = new Query().setSelects(Map.of("v", "j")).setWheres(List.of("j * 1.5 < 0"));
    CompiledQuery compiled = QueryCompiler.compile(where, INPUT);
    ColumnarQuery.Columns out = columns(compiled.outputSchema(), List.of(), 1);
    assertTrue(
        compiled
            .columnar()
            .orElseThrow()
            .apply(columns(INPUT, List.<Object[]>of(row), 1), 0, out, 0));
    assertEquals(Long.MIN_VALUE, value(DataKind.LONG, out, 0, 0));
  }

  /** Casts to decimals: Spark's rounding (half up) and {@code NULL} for an overflow. */
  @Test
  void decimalCastsRoundHalfUpAndOverflowToNull() {
    Object[] row = new Object[INPUT.size()];
    row[3] = 123456789;
    assertEquals(1.23456789E8, columnar("cast(i as decimal(11, 2))", row));
    assertEquals(null, columnar("cast(i as decimal(10, 2))", row));
    assertEquals(123456.8, columnar("cast(i * 0.001 as decimal(10, 1))", row));
    assertEquals(null, columnar("cast(i * 0.001 as decimal(6, 1))", row));
    row[3] = -45;
    assertEquals(-0.05, columnar("cast(i * 0.001 as decimal(3, 2))", row));
    assertEquals(0.0, columnar("cast(i * 0.001 as decimal(3, 1))", row));
    assertEquals(true, columnar("cast(i as decimal(1, 0)) IS NULL", row));
  }

  /**
   * Casts of decimals to integers truncate the unscaled value exactly (Spark's answers, worked out
   * by hand in {@link QueryCompilerTest#decimalsCastToIntegersTruncateExactly}); a row whose
   * decimal overflows a {@code long} takes the row function, which keeps the low 64 bits.
   */
  @Test
  void decimalsCastToIntegersTruncateExactly() {
    Object[] row = new Object[INPUT.size()];
    row[4] = 100_000_000_000_000_001L;
    assertEquals(150_000_000_000_000_001L, columnar("cast(j * 1.5 as bigint)", row));
    assertEquals(-150_000_000_000_000_001L, columnar("cast(j * -1.5 as bigint)", row));
    assertEquals(-1_940_979_711, columnar("cast(j * 1.5 as int)", row));
    assertEquals((short) 1, columnar("cast(j * 1.5 as smallint)", row));
    row[4] = Long.MAX_VALUE;
    assertEquals(Long.MAX_VALUE, columnar("cast(cast(j as decimal(20, 0)) as bigint)", row));
    assertEquals(-4_611_686_018_427_387_906L, columnar("cast(j * 1.5 as bigint)", row));
    assertEquals((byte) -2, columnar("cast(j * 1.5 as tinyint)", row));
    assertEquals(1.3, columnar("cast(1.25 as decimal(3, 1))", row));
    assertEquals(-1.3, columnar("cast(-1.25 as decimal(3, 1))", row));
    assertEquals(null, columnar("cast(123.4 as decimal(3, 1))", row));
  }

  /** The value of {@code select}, computed by the columnar form on {@code row}. */
  private static Object columnar(String select, Object[] row) {
    CompiledQuery compiled =
        QueryCompiler.compile(new Query().setSelects(Map.of("v", select)), INPUT);
    ColumnarQuery.Columns out = columns(compiled.outputSchema(), List.of(), 1);
    assertTrue(
        compiled
            .columnar()
            .orElseThrow()
            .apply(columns(INPUT, List.<Object[]>of(row), 1), 0, out, 0));
    return value(compiled.outputSchema().column(0).kind(), out, 0, 0);
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
    Map<String, String> escaping = new LinkedHashMap<>();
    escaping.put("d", "j * 1.5");
    escaping.put("list", "ls");
    escaping.put("map", "m");
    escaping.put("text", "s");
    escaping.put("day", "dt");
    check(new Query().setSelects(escaping).setWheres(List.of("j * 2.5 <> 1")), 400, 2);
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
  void expressionsThatWouldBoxFallBack() {
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
    RowSchema nested =
        RowSchema.builder()
            .add("j", DataKind.LONG)
            .add(new Column("lls", ExpressionTableTest.listOf(DataKind.LIST)))
            .build();
    for (String select : List.of("lls", "size(lls)", "lls IS NULL")) {
      Query query = new Query().setSelects(Map.of("v", select));
      assertTrue(QueryCompiler.compile(query, nested).columnar().isEmpty(), select);
    }
  }

  /**
   * Lists of primitives as the aggregator makes them (LAST_K and FIRST_K of DOUBLE and LONG
   * columns): read without a box, so a list whose boxing {@code get} fails gives, on columns, what
   * the row function gives from a {@code java.util.List} of the same boxes.
   */
  @Test
  void listsOfPrimitivesAreReadWithoutBoxing() {
    RowSchema schema =
        RowSchema.builder()
            .add("i", DataKind.INT)
            .add("j", DataKind.LONG)
            .add(new Column("ld", ExpressionTableTest.listOf(DataKind.DOUBLE)))
            .add(new Column("ll", ExpressionTableTest.listOf(DataKind.LONG)))
            .build();
    Random random = new Random(83);
    int rows = 400;
    List<Object[]> boxed = new ArrayList<>();
    List<Object[]> primitive = new ArrayList<>();
    double[] doubles = {2.5, -0.0, 0.0, Double.NaN, -7.25, 1e300};
    for (int r = 0; r < rows; r++) {
      double[] ld = random.nextInt(6) == 0 ? null : new double[random.nextInt(5)];
      long[] ll = random.nextInt(6) == 0 ? null : new long[random.nextInt(5)];
      List<Double> ldBoxed = new ArrayList<>();
      List<Long> llBoxed = new ArrayList<>();
      for (int k = 0; ld != null && k < ld.length; k++) {
        ld[k] = doubles[random.nextInt(doubles.length)];
        ldBoxed.add(ld[k]);
      }
      for (int k = 0; ll != null && k < ll.length; k++) {
        ll[k] = random.nextInt(4) == 0 ? Long.MIN_VALUE : random.nextInt(7) - 3;
        llBoxed.add(ll[k]);
      }
      Integer i = random.nextInt(8) == 0 ? null : random.nextInt(9) - 2;
      Long j = random.nextInt(8) == 0 ? null : (long) random.nextInt(9) - 3;
      boxed.add(new Object[] {i, j, ld == null ? null : ldBoxed, ll == null ? null : llBoxed});
      primitive.add(
          new Object[] {
            i, j, ld == null ? null : new Doubles(ld), ll == null ? null : new Longs(ll)
          });
    }
    for (String select :
        List.of(
            "ld[0]",
            "coalesce(ld[i], -1.0)",
            "ll[1]",
            "ll[j]",
            "ld[0] + ll[0]",
            "size(ld) + size(ll)",
            "array_contains(ld, 2.5)",
            "array_contains(ld, cast(j as double))",
            "array_contains(ll, j)",
            "case when ld[1] IS NULL then ll[2] end")) {
      CompiledQuery compiled =
          QueryCompiler.compile(new Query().setSelects(Map.of("v", select)), schema);
      ColumnarQuery columnar =
          compiled.columnar().orElseThrow(() -> new AssertionError("refused: " + select));
      ColumnarQuery.Columns in = columns(schema, primitive, rows);
      ColumnarQuery.Columns out = columns(compiled.outputSchema(), List.of(), rows);
      DataKind kind = compiled.outputSchema().column(0).kind();
      for (int r = 0; r < rows; r++) {
        assertTrue(columnar.apply(in, r, out, r));
        Object[] row = boxed.get(r);
        assertEquals(
            compiled.apply(row)[0],
            value(kind, out, 0, r),
            () -> select + " of " + Arrays.toString(row));
      }
    }
  }

  /** A list of doubles whose boxing read fails. */
  private static final class Doubles extends AbstractList<Double> implements DoubleElements {
    private final double[] values;

    Doubles(double[] values) {
      this.values = values;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public double getDouble(int index) {
      return values[index];
    }

    @Override
    public Double get(int index) {
      throw new AssertionError("an element boxed");
    }
  }

  /** A list of longs whose boxing read fails. */
  private static final class Longs extends AbstractList<Long> implements LongElements {
    private final long[] values;

    Longs(long[] values) {
      this.values = values;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public long getLong(int index) {
      return values[index];
    }

    @Override
    public Long get(int index) {
      throw new AssertionError("an element boxed");
    }
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
        case STRING, LIST, MAP -> objects[c] = new Object[size];
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
          case STRING, LIST, MAP -> objects[c][r] = v;
          case BOOLEAN -> longs[c][r] = (Boolean) v ? 1 : 0;
          default -> longs[c][r] = ((Number) v).longValue();
        }
      }
    }
    return new ColumnarQuery.Columns(longs, doubles, objects, nulls);
  }

  /** The value at {@code row} of column {@code c}, boxed as a row holds it. */
  static Object value(DataKind kind, ColumnarQuery.Columns columns, int c, int row) {
    return ColumnarQuery.value(kind, columns, c, row);
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
    row[9] = STRINGS[random.nextInt(STRINGS.length)];
    row[10] = STRINGS[random.nextInt(STRINGS.length)];
    row[11] = randomList(random, () -> pick(random, Long.MIN_VALUE, Long.MAX_VALUE));
    row[12] = randomList(random, () -> STRINGS[random.nextInt(STRINGS.length)]);
    row[13] = randomList(random, () -> fraction(random));
    Map<String, Long> m = new HashMap<>();
    Map<Long, Long> mj = new HashMap<>();
    for (int k = random.nextInt(4); k > 0; k--) {
      Long value = random.nextInt(4) == 0 ? null : pick(random, Long.MIN_VALUE, Long.MAX_VALUE);
      m.put(STRINGS[random.nextInt(3)], value);
      mj.put((long) random.nextInt(3), value);
    }
    row[14] = m;
    row[15] = mj;
    for (int c = 0; c < row.length; c++) {
      if (random.nextInt(5) == 0) {
        row[c] = null;
      }
    }
    return row;
  }

  /** A list of 0 to 4 elements from {@code element}, or of NULLs, or a NULL list (often). */
  private static List<Object> randomList(Random random, Supplier<Object> element) {
    if (random.nextInt(6) == 0) {
      return null;
    }
    List<Object> list = new ArrayList<>();
    for (int k = random.nextInt(5); k > 0; k--) {
      list.add(random.nextInt(5) == 0 ? null : element.get());
    }
    return list;
  }

  /** The type of a map of {@code key}s to {@code value}s. */
  static TDataType mapOf(DataKind key, DataKind value) {
    return new TDataType(DataKind.MAP)
        .setParams(
            List.of(
                new DataField().setName("key").setDataType(new TDataType(key)),
                new DataField().setName("value").setDataType(new TDataType(value))));
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

  /**
   * Random expressions over {@link #INPUT} mixing strict and non-strict operators, by result type.
   */
  private static final class Nesting {
    static String number(Random r, int depth) {
      if (depth == 0) {
        return pick(
            r, "j", "i", "i8", "i16", "0", "-1", "2147483647", "length(s)", "size(ls)", "m['a']");
      }
      int d = depth - 1;
      return switch (r.nextInt(16)) {
        case 14 -> "ls[" + number(r, d) + " % 3]";
        case 15 -> "coalesce(ls[" + number(r, d) + "], " + number(r, d) + ")";
        case 0 -> "(" + number(r, d) + " + " + number(r, d) + ")";
        case 1 -> "(" + number(r, d) + " * " + number(r, d) + ")";
        case 2 -> "coalesce(" + number(r, d) + ", " + number(r, d) + ")";
        case 3 -> "nvl(" + number(r, d) + ", " + number(r, d) + ")";
        case 4 -> "if(" + bool(r, d) + ", " + number(r, d) + ", " + number(r, d) + ")";
        case 5 ->
            "case when "
                + bool(r, d)
                + " then "
                + number(r, d)
                + (r.nextBoolean() ? " when " + bool(r, d) + " then " + number(r, d) : "")
                + (r.nextBoolean() ? " else " + number(r, d) : "")
                + " end";
        case 6 -> "nullif(" + number(r, d) + ", " + number(r, d) + ")";
        case 7 -> "cast(" + fraction(r, d) + " as " + pick(r, "bigint", "int") + ")";
        case 8 -> "cast(" + number(r, d) + " as " + pick(r, "int", "smallint") + ")";
        case 9 -> "abs(" + number(r, d) + ")";
        case 10 -> "length(" + string(r, d) + ")";
        case 11 ->
            "cast("
                + string(r, d)
                + " as "
                + pick(r, "int", "bigint", "smallint", "tinyint")
                + ")";
        default -> "(" + number(r, d) + " % " + pick(r, "i", "i8", "j", "(i + 1)") + ")";
      };
    }

    static String fraction(Random r, int depth) {
      if (depth == 0) {
        return pick(r, "x", "f", "cast(j as double)", "cast(-0.0 as double)");
      }
      int d = depth - 1;
      return switch (r.nextInt(7)) {
        case 0 -> "(" + fraction(r, d) + " + " + fraction(r, d) + ")";
        case 1 -> "coalesce(" + fraction(r, d) + ", " + fraction(r, d) + ")";
        case 2 -> "if(" + bool(r, d) + ", " + fraction(r, d) + ", " + number(r, d) + ")";
        case 3 -> "cast(" + number(r, d) + " as double)";
        case 4 -> "(" + fraction(r, d) + " * " + number(r, d) + ")";
        case 5 -> "cast(" + string(r, d) + " as double)";
        default -> "(" + number(r, d) + " / " + number(r, d) + ")";
      };
    }

    /**
     * Decimals of small scales (so that no change of scale exceeds what a {@code long} holds),
     * whose values over the boundary integers overflow a {@code long} now and then.
     */
    static String decimal(Random r, int depth) {
      if (depth == 0) {
        return pick(
            r,
            "cast(j as decimal(19, 2))",
            "(i * 1.5)",
            "1.25",
            "cast(i16 as decimal(6, 1))",
            "(j * 0.5)",
            "cast(i8 as decimal(4, 0))");
      }
      int d = depth - 1;
      return switch (r.nextInt(9)) {
        case 0 -> "(" + decimal(r, d) + pick(r, " + ", " - ") + decimal(r, d) + ")";
        case 1 -> "(" + decimal(r, d) + " * " + number(r, d) + ")";
        case 2 -> "-(" + decimal(r, d) + ")";
        case 3 -> "coalesce(" + decimal(r, d) + ", " + decimal(r, d) + ")";
        case 4 -> "if(" + bool(r, d) + ", " + decimal(r, d) + ", " + decimal(r, d) + ")";
        case 5 ->
            "case when "
                + bool(r, d)
                + " then "
                + decimal(r, d)
                + (r.nextBoolean() ? " else " + number(r, d) : "")
                + " end";
        case 6 ->
            "cast("
                + decimal(r, d)
                + " as decimal("
                + pick(r, "5", "12", "19", "30")
                + ", "
                + pick(r, "0", "1", "3")
                + "))";
        case 7 -> "abs(" + decimal(r, d) + ")";
        default -> "cast(" + number(r, d) + " as decimal(" + pick(r, "10, 2", "20, 1") + "))";
      };
    }

    static String bool(Random r, int depth) {
      if (depth == 0) {
        return pick(r, "b", "j > i", "s = s2", "x < f", "i8 IS NULL", "ls IS NULL");
      }
      int d = depth - 1;
      return switch (r.nextInt(15)) {
        case 12 -> "array_contains(ls, " + number(r, d) + ")";
        case 13 -> "array_contains(strs, " + string(r, d) + ")";
        case 0 -> number(r, d) + " > " + number(r, d);
        case 1 -> "(" + bool(r, d) + " AND " + bool(r, d) + ")";
        case 2 -> "(" + bool(r, d) + " OR " + bool(r, d) + ")";
        case 3 -> "NOT " + bool(r, d);
        case 4 -> number(r, d) + pick(r, " IS NULL", " IS NOT NULL");
        case 5 ->
            "("
                + bool(r, d)
                + ")"
                + pick(r, " IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE");
        case 6 -> string(r, d) + " in ('a', " + string(r, d) + ")";
        case 7 -> number(r, d) + " between " + number(r, d) + " and 7";
        case 8 -> fraction(r, d) + " <= " + fraction(r, d);
        case 9 -> "cast(" + string(r, d) + " as boolean)";
        case 11 -> decimal(r, d) + pick(r, " > ", " = ", " <= ") + decimal(r, d);
        case 10 ->
            string(r, d) + pick(r, " like 'a%'", " not like '%m_'", " rlike '^-?[0-9]'");
        default -> "coalesce(" + bool(r, d) + ", " + bool(r, d) + ")";
      };
    }

    static String string(Random r, int depth) {
      if (depth == 0) {
        return pick(r, "s", "s2", "''", "'a'");
      }
      int d = depth - 1;
      return switch (r.nextInt(12)) {
        case 10 -> "strs[" + number(r, d) + " % 4]";
        case 11 ->
            "concat_ws("
                + pick(r, "'-'", "s2", "''")
                + ", "
                + string(r, d)
                + ", strs, "
                + string(r, d)
                + ")";
        case 0 -> "lower(" + string(r, d) + ")";
        case 1 -> "(" + string(r, d) + " || " + string(r, d) + ")";
        case 2 ->
            "substr("
                + string(r, d)
                + ", "
                + pick(r, "i8", "-1", "0", "i16")
                + (r.nextBoolean() ? ", " + pick(r, "2", "i8", "-1") : "")
                + ")";
        case 3 -> "coalesce(" + string(r, d) + ", " + string(r, d) + ")";
        case 4 -> "if(" + bool(r, d) + ", " + string(r, d) + ", " + string(r, d) + ")";
        case 5 -> "date_format(" + pick(r, "t", "dt") + ", 'yyyy-MM-dd')";
        case 6 -> "cast(" + fraction(r, d) + " as string)";
        case 7 -> "concat(" + string(r, d) + ", " + string(r, d) + ")";
        case 8 -> "cast(" + number(r, d) + " as string)";
        default -> "upper(" + string(r, d) + ")";
      };
    }

    private static String pick(Random r, String... choices) {
      return choices[r.nextInt(choices.length)];
    }
  }
}
