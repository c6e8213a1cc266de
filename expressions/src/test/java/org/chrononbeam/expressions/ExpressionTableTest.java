package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The construct table: each case is an expression, an input row and the value (with its Java class)
 * Spark would give. Every construct is tried on a row of values and on a row of NULLs.
 */
class ExpressionTableTest {
  /** 2023-11-14T22:13:20.123Z. */
  static final long TS = 1_700_000_000_123L;
  /** 2022-01-08. */
  static final int DAYS = 19_000;

  static final RowSchema SCHEMA =
      RowSchema.builder()
          .add("i", DataKind.INT)
          .add("l", DataKind.LONG)
          .add("d", DataKind.DOUBLE)
          .add("s", DataKind.STRING)
          .add("b", DataKind.BOOLEAN)
          .add("ts", DataKind.LONG)
          .add("t", DataKind.TIMESTAMP)
          .add("dt", DataKind.DATE)
          .add("f", DataKind.FLOAT)
          .add("user", DataKind.STRING)
          .add("m", DataKind.MAP)
          .add(new Column("arr", listOf(DataKind.LONG)))
          .add(new Column("prices", mapOf(DataKind.DOUBLE)))
          .build();

  static final Object[] VALUES = {
    7, 10L, 2.5, "Hello", true, TS, TS, DAYS, 1.5f, "u1", Map.of("k", 1),
    List.of(10L, 20L, 30L), Map.of("k", 1.5)
  };
  static final Object[] NULLS = new Object[SCHEMA.size()];

  private static final List<Arguments> CASES = new ArrayList<>();

  static TDataType listOf(DataKind element) {
    return new TDataType(DataKind.LIST)
        .setParams(List.of(new DataField().setName("elem").setDataType(new TDataType(element))));
  }

  static TDataType mapOf(DataKind value) {
    return new TDataType(DataKind.MAP)
        .setParams(
            List.of(
                new DataField().setName("key").setDataType(new TDataType(DataKind.STRING)),
                new DataField().setName("value").setDataType(new TDataType(value))));
  }

  /** On the row of values. */
  private static void v(String expression, Object expected) {
    CASES.add(Arguments.of(expression, "values", VALUES, expected));
  }

  /** On the row of NULLs. */
  private static void n(String expression, Object expected) {
    CASES.add(Arguments.of(expression, "nulls", NULLS, expected));
  }

  static {
    // Column references: case-insensitive, backticks, reserved words, pass-through of any kind.
    v("i", 7);
    v("L", 10L);
    v("`s`", "Hello");
    v("user", "u1");
    v("upper(user)", "U1");
    v("m", Map.of("k", 1));
    v("t", TS);
    v("dt", DAYS);
    v("f", 1.5f);
    n("s", null);
    // Arithmetic: '/' is double division, NULL on zero; overflow wraps; % by zero is NULL.
    v("i + 1", 8);
    v("l - i", 3L);
    v("i * 2", 14);
    v("-i", -7);
    v("d * 2", 5.0);
    v("f * 2", 3.0f);
    v("l * 1.5", 15.0);
    v("l / 4", 2.5);
    v("i / 2", 3.5);
    v("i / 0", null);
    v("d / 0", null);
    v("l % 3", 1L);
    v("i % 2", 1);
    v("l % 0", null);
    v("9223372036854775807 + l", -9223372036854775799L);
    v("2147483647 + i", -2147483642);
    n("i + 1", null);
    n("l / 4", null);
    // Comparisons: NULL in, NULL out.
    v("i > 3", true);
    v("i <= 3", false);
    v("s = 'Hello'", true);
    v("s = \"Hello\"", true);
    v("s <> 'x'", true);
    v("i != 7", false);
    v("i == 7", true);
    v("i BETWEEN 1 AND 10", true);
    v("s LIKE 'He%'", true);
    n("i > 3", null);
    n("s = 'Hello'", null);
    // AND / OR / NOT, three-valued.
    v("b AND i > 3", true);
    v("b OR i > 100", true);
    v("NOT b", false);
    n("b OR true", true);
    n("b AND false", false);
    n("b AND true", null);
    n("NOT b", null);
    // CASE WHEN, IF.
    v("CASE WHEN i > 3 THEN 'big' ELSE 'small' END", "big");
    v("CASE WHEN i > 3 THEN 'a' ELSE 'bc' END", "a");
    v("CASE i WHEN 7 THEN 'seven' END", "seven");
    v("CASE WHEN i > 100 THEN 1 END", null);
    n("CASE WHEN i > 3 THEN 'a' ELSE 'bc' END", "bc");
    v("IF(i > 3, 1, 0)", 1);
    v("if(s = 'A', 1, 0)", 0);
    n("IF(i > 3, 1, 0)", 0);
    // COALESCE and friends.
    v("COALESCE(s, 'x')", "Hello");
    n("COALESCE(s, 'x')", "x");
    v("coalesce(i, l)", 7L);
    n("coalesce(i, l, 0)", 0L);
    n("nvl(s, 'z')", "z");
    // CAST, Spark's non-ANSI behaviour.
    v("CAST('abc' AS INT)", null);
    v("CAST(' 12 ' AS INT)", 12);
    v("CAST('1.9' AS BIGINT)", 1L);
    v("CAST('99999999999' AS INT)", null);
    v("CAST(s AS DOUBLE)", null);
    v("CAST('2.5' AS DOUBLE)", 2.5);
    v("CAST('yes' AS BOOLEAN)", true);
    v("CAST('maybe' AS BOOLEAN)", null);
    v("CAST(i AS STRING)", "7");
    v("CAST(i / 2 AS INT)", 3);
    v("CAST(l / 4 AS BIGINT)", 2L);
    v("CAST(d AS STRING)", "2.5");
    v("CAST(b AS STRING)", "true");
    v("CAST(t AS STRING)", "2023-11-14 22:13:20.123");
    v("CAST(dt AS STRING)", "2022-01-08");
    v("CAST(i AS LONG)", 7L);
    v("CAST(l AS DOUBLE)", 10.0);
    v("CAST(3000000000 AS INT)", -1294967296);
    v("CAST(l * 100000000000 AS INT)", -727379968);
    v("CAST(1e20 AS INT)", Integer.MAX_VALUE);
    v("CAST(d AS INT)", 2);
    v("CAST(-2.7 AS INT)", -2);
    v("CAST('2024-01-02' AS DATE)", 19_724);
    v("CAST('2024-01-02 03:04:05' AS TIMESTAMP)", 1_704_164_645_000L);
    v("CAST(ts AS TIMESTAMP)", TS);
    n("CAST(s AS INT)", null);
    n("CAST(i AS STRING)", null);
    // IS [NOT] NULL.
    v("s IS NULL", false);
    v("s IS NOT NULL", true);
    v("m IS NULL", false);
    n("s IS NULL", true);
    n("m IS NOT NULL", false);
    v("isnull(s)", false);
    n("isnull(s)", true);
    v("isnotnull(i / 0)", false);
    v("ISNULL(l % 0)", true);
    // IN.
    v("i IN (1, 7, 9)", true);
    v("s IN ('a', 'b')", false);
    v("i NOT IN (1, 2)", true);
    v("i IN (1, NULL)", null);
    v("i IN (7, NULL)", true);
    n("i IN (1, 7)", null);
    // String functions: NULL in, NULL out.
    v("concat(s, '-', s)", "Hello-Hello");
    v("concat(s, i)", "Hello7");
    v("s || '!'", "Hello!");
    v("lower(s)", "hello");
    v("upper(s)", "HELLO");
    v("substr(s, 2, 3)", "ell");
    v("substr(s, 0, 2)", "He");
    v("substr(s, -3)", "llo");
    v("substr(s, 10)", "");
    v("substring(s, 2)", "ello");
    v("substring(s, 2, 2)", "el");
    v("length(s)", 5);
    v("length('日本')", 2);
    v("concat(s, '日本')", "Hello日本");
    v("regexp_replace(s, 'l+', 'L')", "HeLo");
    v("regexp_replace(s, '(H)(e)', '$2$1')", "eHllo");
    n("regexp_replace(s, 'l', 'L')", null);
    n("concat(s, 'x')", null);
    n("s || 'x'", null);
    n("lower(s)", null);
    n("upper(s)", null);
    n("substr(s, 1, 2)", null);
    n("length(s)", null);
    // Math.
    v("abs(-i)", 7);
    v("abs(d - 5)", 2.5);
    v("round(d)", 3.0);
    v("round(-2.5)", -3.0);
    v("round(3.14159, 2)", 3.14);
    v("round(i)", 7);
    v("floor(d)", 2L);
    v("floor(-d)", -3L);
    v("ceil(d)", 3L);
    v("floor(i)", 7);
    // Lists and maps of scalars.
    v("arr", List.of(10L, 20L, 30L));
    v("arr[0]", 10L);
    v("arr[i - 5]", 30L);
    v("arr[3]", null);
    v("arr[-1]", null);
    v("prices['k'] * 2", 3.0);
    v("prices['missing']", null);
    v("size(arr)", 3);
    v("array_contains(arr, 20)", true);
    n("arr[0]", null);
    n("prices['k']", null);
    n("size(arr)", -1);
        v("d % 2", 0.5);
    v("size(m)", 1);
    n("size(m)", -1);
    n("abs(i)", null);
    n("round(d)", null);
    n("floor(d)", null);
    n("ceil(d)", null);
    // Dates on epoch-millisecond timestamps, in UTC.
    v("date_format(ts, 'yyyy-MM-dd')", "2023-11-14");
    v("date_format(t, 'yyyy-MM-dd HH:mm:ss')", "2023-11-14 22:13:20");
    v("date_format(dt, 'yyyy/MM/dd')", "2022/01/08");
    v("date_format('2024-01-02 03:04:05', 'HH')", "03");
    v("to_date('2024-01-02')", 19_724);
    v("to_date('01/02/2024', 'MM/dd/yyyy')", 19_724);
    v("to_date('garbage')", null);
    v("to_date('2024-13-45')", null);
    v("to_date(t)", 19_675);
    v("to_date(ts)", 19_675);
    v("from_unixtime(1700000000)", "2023-11-14 22:13:20");
    v("from_unixtime(0, 'yyyy-MM-dd')", "1970-01-01");
    v("unix_timestamp('2024-01-01 00:00:01')", 1_704_067_201L);
    v("unix_timestamp('2024-01-01', 'yyyy-MM-dd')", 1_704_067_200L);
    v("unix_timestamp('nope')", null);
    v("unix_timestamp(t)", 1_700_000_000L);
    v("UNIX_TIMESTAMP(t) * 1000", 1_700_000_000_000L);
    v("year(t)", 2023L);
    v("t + INTERVAL '1' DAY", TS + 86_400_000L);
    v("datediff(dt, '2022-01-01')", 7);
    v("datediff(to_date('2024-03-01'), dt)", 783);
    v("datediff(t, ts)", 0);
    n("datediff(dt, '2022-01-01')", null);
    n("date_format(ts, 'yyyy-MM-dd')", null);
    n("to_date(s)", null);
    n("from_unixtime(l)", null);
    n("unix_timestamp(t)", null);
  }

  static Stream<Arguments> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0} on {1} = {3}")
  @MethodSource("cases")
  void evaluatesLikeSpark(String expression, String rowName, Object[] row, Object expected) {
    CompiledQuery query =
        QueryCompiler.compile(new Query().setSelects(Map.of("x", expression)), SCHEMA);
    Object actual = query.apply(row)[0];
    assertEquals(expected, actual, expression);
    if (expected != null) {
      assertEquals(expected.getClass(), actual.getClass(), expression + ": Java class");
    }
  }
}
