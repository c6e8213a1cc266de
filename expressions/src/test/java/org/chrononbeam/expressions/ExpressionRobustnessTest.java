package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.model.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Every scalar function an expression may call, over columns of every scalar kind, evaluated on
 * boundary and random rows: a Spark (non-ANSI) expression gives {@code NULL} or a value for bad
 * data, so neither the row function nor the columnar form may throw. A function may be rejected
 * when the config is compiled; where Spark itself fails on a value (a result beyond what a string
 * can hold, an invalid regular expression read from a column) an {@link IllegalArgumentException}
 * naming the function is allowed.
 *
 * <p>Deliberately left out: {@code DECIMAL} columns and casts (decimals are handled separately),
 * calls of more than three arguments, and functions the compiler rejects for every argument kind
 * (aggregates, window and table functions, functions of the clock or of chance). The functions
 * found to throw and not yet made Spark's are listed in {@link #KNOWN_TO_THROW}.
 */
class ExpressionRobustnessTest {
  private static final RowSchema INPUT =
      RowSchema.builder()
          .add("i", DataKind.INT)
          .add("j", DataKind.LONG)
          .add("x", DataKind.DOUBLE)
          .add("s", DataKind.STRING)
          .add("dt", DataKind.DATE)
          .add("t", DataKind.TIMESTAMP)
          .add("b", DataKind.BOOLEAN)
          .build();

  /** The columns an argument may be, one of each kind. */
  private static final List<String> ARGUMENTS = List.of("i", "j", "x", "s", "dt", "t", "b");

  /**
   * Functions that still throw on some rows, with what throws: found by this test and not yet
   * made Spark's. Their failures are reported but do not fail the test; any other function's do.
   */
  private static final Map<String, String> KNOWN_TO_THROW =
      Map.ofEntries(
          Map.entry(
              "SUBSTRING",
              "substring(i, s): a STRING position is cast by Calcite to DECIMAL, which throws "
                  + "NumberFormatException for 'NaN' (Spark casts to INT: NULL)"),
          Map.entry(
              "ACOSH",
              "throws IllegalArgumentException below 1 (Spark: NaN)"),
          Map.entry(
              "ATANH",
              "throws CalciteException outside (-1, 1) (Spark: NaN or infinity)"),
          Map.entry(
              "LOG",
              "throws for a base or value <= 0 (Spark: NULL)"),
          Map.entry(
              "BIT_GET",
              "throws for a negative position (Spark fails too, but not naming the value clearly)"),
          Map.entry(
              "GETBIT",
              "as BIT_GET"),
          Map.entry(
              "ADD_MONTHS",
              "add_months(t, t): a timestamp as a month count overflows (ArithmeticException)"),
          Map.entry(
              "DATE_ADD",
              "date_add(t, t): a timestamp as a day count overflows (ArithmeticException)"),
          Map.entry(
              "DATEDIFF",
              "epoch milliseconds beyond the int range of days overflow (Math.toIntExact)"),
          Map.entry(
              "TO_DATE",
              "epoch milliseconds beyond the int range of days overflow; a bad pattern from a "
                  + "column throws"),
          Map.entry(
              "UNIX_TIMESTAMP",
              "a bad pattern read from a column throws"),
          Map.entry(
              "DATE_FORMAT",
              "a bad pattern read from a column throws (Spark fails too, but the error does not "
                  + "name the function)"),
          Map.entry(
              "FROM_UNIXTIME",
              "as DATE_FORMAT"),
          Map.entry(
              "FORMAT_NUMBER",
              "format_number(x, pattern) with a malformed pattern from a column, and of a "
                  + "DECIMAL (decimals are another helper's)"),
          Map.entry(
              "JSON_EXISTS",
              "bad JSON throws (Spark: NULL)"),
          Map.entry(
              "JSON_KEYS",
              "throws for input that is not JSON (Spark: NULL)"),
          Map.entry(
              "JSON_LENGTH",
              "as JSON_KEYS"),
          Map.entry(
              "JSON_REMOVE",
              "as JSON_EXISTS"),
          Map.entry(
              "JSON_TYPE",
              "as JSON_KEYS"),
          Map.entry(
              "JSON_VALUE",
              "as JSON_EXISTS"),
          Map.entry(
              "REGEXP",
              "an invalid regular expression read from a column throws"),
          Map.entry(
              "REGEXP_LIKE",
              "as REGEXP"),
          Map.entry(
              "REGEXP_REPLACE",
              "an invalid regular expression or replacement read from a column throws"),
          Map.entry(
              "RLIKE",
              "as REGEXP"),
          Map.entry(
              "LIKE",
              "an invalid escape in a pattern read from a column throws"),
          Map.entry(
              "SUBSTRING_INDEX",
              "throws StringIndexOutOfBoundsException for Integer.MIN_VALUE counts"),
          Map.entry(
              "ROUND",
              "round of an integer to a huge negative scale throws (ArithmeticException: "
                  + "Underflow)"),
          Map.entry(
              "TRUNCATE",
              "as ROUND; truncate of NaN throws"),
          Map.entry(
              "MOD",
              "of a DOUBLE goes through DECIMAL, which throws for 1e20 (decimals are another "
                  + "helper's)"),
          Map.entry(
              "ARITHMETIC",
              "x % x of DOUBLEs: as MOD"),
          Map.entry(
              "OVERLAY",
              "throws StringIndexOutOfBoundsException for a position 0 or beyond the string"),
          Map.entry(
              "POSITION",
              "position(s in s from 0) throws CalciteException (Spark: 0)"));

  /** Functions package-info.java names: each must compile for some arguments. */
  private static final List<String> DOCUMENTED =
      List.of(
          "CONCAT", "LOWER", "UPPER", "SUBSTR", "SUBSTRING", "LENGTH", "TRIM", "REPLACE",
          "REGEXP_REPLACE", "LPAD", "RPAD", "ABS", "ROUND", "FLOOR", "CEIL", "POW", "POWER",
          "SQRT", "LN", "GREATEST", "LEAST", "DATE_FORMAT", "TO_DATE", "FROM_UNIXTIME",
          "UNIX_TIMESTAMP", "DATEDIFF", "YEAR", "MONTH", "DAYOFMONTH", "HOUR", "DATE_ADD",
          "ADD_MONTHS", "COALESCE", "NVL", "NVL2", "NULLIF", "IF", "ISNULL", "ISNOTNULL", "MOD",
          "REPEAT", "FORMAT_NUMBER");

  /**
   * Calls with a syntax of their own, and operators, as {@code NAME: expression}: the parser reads
   * them into functions whose operands differ from their text.
   */
  private static final List<String> SPECIAL_FORMS =
      List.of(
          "ISNULL: isnull(s)",
          "ISNULL: isnull(j / i)",
          "ISNOTNULL: isnotnull(x)",
          "TRIM: trim(s)",
          "TRIM: trim(both s from s)",
          "TRIM: trim(leading 'a' from s)",
          "POSITION: position(s in s)",
          "POSITION: position(s in s from i)",
          "OVERLAY: overlay(s placing s from i)",
          "OVERLAY: overlay(s placing s from i for i)",
          "EXTRACT: extract(year from dt)",
          "EXTRACT: extract(dow from t)",
          "EXTRACT: extract(epoch from t)",
          "SUBSTRING: substring(s from i for i)",
          "LIKE: s like s",
          "LIKE: s like s escape '!'",
          "RLIKE: s rlike s",
          "IN: s in ('a', 'b')",
          "CAST: cast(s as int)",
          "CAST: cast(s as bigint)",
          "CAST: cast(s as double)",
          "CAST: cast(s as date)",
          "CAST: cast(s as timestamp)",
          "CAST: cast(s as boolean)",
          "CAST: cast(x as int)",
          "CAST: cast(x as bigint)",
          "CAST: cast(x as string)",
          "CAST: cast(j as int)",
          "CAST: cast(t as string)",
          "CAST: cast(dt as string)",
          "CAST: cast(dt as timestamp)",
          "CAST: cast(t as date)",
          "CAST: cast(j as timestamp)",
          "CAST: cast(i as date)",
          "INTERVAL: dt + interval '1' day",
          "INTERVAL: t + interval '1' month",
          "INTERVAL: t - interval '3' hour",
          "ARITHMETIC: j + i",
          "ARITHMETIC: j * j",
          "ARITHMETIC: i / i",
          "ARITHMETIC: j % i",
          "ARITHMETIC: -j",
          "ARITHMETIC: x % x");

  private static final int ROWS = 300;

  @Test
  void noFunctionThrowsOnAnyRow() {
    long start = System.nanoTime();
    Map<String, List<String>> accepted = acceptedCalls();
    System.out.printf(
        "robustness: %d functions accepted in %d ms%n",
        accepted.size(), (System.nanoTime() - start) / 1_000_000);
    for (String name : DOCUMENTED) {
      if (!accepted.containsKey(name)) {
        throw new AssertionError(name + " compiles for no arguments: " + accepted.keySet());
      }
    }
    List<Object[]> rows = rows();
    ColumnarQuery.Columns columns = ColumnarQueryTest.columns(INPUT, rows, rows.size());
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (Map.Entry<String, List<String>> function : accepted.entrySet()) {
      for (String call : function.getValue()) {
        evaluate(function.getKey(), call, rows, columns, failures);
        calls++;
      }
    }
    System.out.printf(
        "robustness: %d calls evaluated in %d ms%n",
        calls, (System.nanoTime() - start) / 1_000_000);
    List<String> unexpected = new ArrayList<>();
    for (String failure : failures) {
      String function = failure.substring(0, failure.indexOf(':'));
      if (KNOWN_TO_THROW.containsKey(function)) {
        System.out.println("known: " + failure.lines().findFirst().orElse(""));
      } else {
        unexpected.add(failure);
      }
    }
    assertEquals(List.of(), unexpected, unexpected.size() + " failures");
  }

  /** The calls of each function (by upper-case name) that the compiler accepts. */
  private static Map<String, List<String>> acceptedCalls() {
    Set<String> names = new TreeSet<>();
    Map<String, SqlOperandCountRange> ranges = new HashMap<>();
    for (SqlOperator op : SparkOperatorTable.INSTANCE.getOperatorList()) {
      if (op instanceof SqlFunction && op.getSyntax() == SqlSyntax.FUNCTION) {
        String name = op.getName().toUpperCase(Locale.ROOT);
        names.add(name);
        ranges.merge(name, op.getOperandCountRange(), ExpressionRobustnessTest::wider);
      }
    }
    ExpressionCompiler compiler = new ExpressionCompiler("robustness", INPUT);
    Map<String, List<String>> accepted = new LinkedHashMap<>();
    for (String name : names) {
      SqlOperandCountRange range = ranges.get(name);
      int max = range.getMax() < 0 ? Math.max(3, range.getMin()) : Math.min(range.getMax(), 3);
      List<List<String>> shorter = List.of();
      Set<String> covered = new HashSet<>();
      for (int arity = range.getMin(); arity <= max; arity++) {
        List<List<String>> accepting = new ArrayList<>();
        for (List<String> args : argumentLists(arity, shorter)) {
          String call = name.toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
          if (compiler.compile("query.selects.v", call) != null) {
            accepting.add(args);
            boolean covers = false;
            for (int k = 0; k < args.size(); k++) {
              covers |= covered.add(k + args.get(k));
            }
            if (covers) {
              accepted.computeIfAbsent(name, n -> new ArrayList<>()).add(call);
            }
          }
        }
        shorter = accepting;
      }
    }
    for (String form : SPECIAL_FORMS) {
      String name = form.substring(0, form.indexOf(':'));
      String call = form.substring(name.length() + 1).trim();
      if (compiler.compile("query.selects.v", call) != null) {
        accepted.computeIfAbsent(name, n -> new ArrayList<>()).add(call);
      }
    }
    return accepted;
  }

  private static SqlOperandCountRange wider(SqlOperandCountRange a, SqlOperandCountRange b) {
    int min = Math.min(a.getMin(), b.getMin());
    int max = a.getMax() < 0 || b.getMax() < 0 ? -1 : Math.max(a.getMax(), b.getMax());
    return new SqlOperandCountRange() {
      @Override
      public boolean isValidCount(int count) {
        return count >= min && (max < 0 || count <= max);
      }

      @Override
      public int getMin() {
        return min;
      }

      @Override
      public int getMax() {
        return max;
      }
    };
  }

  /**
   * The lists of {@code arity} arguments to try: any kind first, then an integer, a double, a
   * string or the first argument again (a date with a date); when a function accepted lists one
   * shorter, {@code shorter}, only their extensions. (Every combination of kinds would take minutes
   * to validate.)
   */
  private static List<List<String>> argumentLists(int arity, List<List<String>> shorter) {
    if (arity == 0) {
      return List.of(List.of());
    }
    List<List<String>> prefixes = new ArrayList<>();
    if (!shorter.isEmpty()) {
      prefixes.addAll(shorter);
    } else {
      for (String first : ARGUMENTS) {
        prefixes.add(List.of(first));
      }
      for (int k = 1; k < arity - 1; k++) {
        prefixes = extended(prefixes);
      }
      if (arity == 1) {
        return prefixes;
      }
    }
    return extended(prefixes);
  }

  private static List<List<String>> extended(List<List<String>> prefixes) {
    List<List<String>> lists = new ArrayList<>();
    for (List<String> prefix : prefixes) {
      for (String arg : new LinkedHashSet<>(List.of("i", "x", "s", prefix.get(0)))) {
        List<String> next = new ArrayList<>(prefix);
        next.add(arg);
        lists.add(next);
      }
    }
    return lists;
  }

  /**
   * Evaluates {@code call} of {@code function} on every row with the row function, and with the
   * columnar form when it has one, recording in {@code failures} the first row each throws on. A
   * {@link ConfigException} when the query is compiled is a rejection, which is fine; any other
   * exception there is a failure.
   */
  private static void evaluate(
      String function,
      String call,
      List<Object[]> rows,
      ColumnarQuery.Columns columns,
      List<String> failures) {
    CompiledQuery query;
    try {
      query = QueryCompiler.compile(new Query().setSelects(Map.of("v", call)), INPUT);
    } catch (ConfigException e) {
      return;
    } catch (RuntimeException | Error e) {
      String first = e.toString().lines().findFirst().orElse("");
      failures.add(function + ": " + call + " does not compile: " + first);
      return;
    }
    for (Object[] row : rows) {
      String error = error(() -> query.apply(row), function);
      if (error != null) {
        failures.add(function + ": " + call + " on " + describe(row) + ": " + error);
        break;
      }
    }
    if (query.columnar().isEmpty()) {
      return;
    }
    ColumnarQuery columnar = query.columnar().get();
    ColumnarQuery.Columns out = ColumnarQueryTest.columns(query.outputSchema(), List.of(), 1);
    for (int r = 0; r < rows.size(); r++) {
      int row = r;
      String error = error(() -> columnar.apply(columns, row, out, 0), function);
      if (error != null) {
        failures.add(
            function + ": columnar " + call + " on " + describe(rows.get(r)) + ": " + error);
        break;
      }
    }
  }

  /** What {@code run} threw, or {@code null} when nothing or a clear error naming the function. */
  private static String error(Runnable run, String function) {
    try {
      run.run();
      return null;
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (!function.isEmpty() && message.startsWith(function.toLowerCase(Locale.ROOT))) {
        return null;
      }
      return e.toString();
    } catch (Throwable e) {
      return e.toString();
    }
  }

  private static String describe(Object[] row) {
    StringBuilder text = new StringBuilder("[");
    for (int c = 0; c < row.length; c++) {
      Object v = row[c];
      String shown =
          v instanceof String s && s.length() > 20 ? s.substring(0, 20) + "..." : String.valueOf(v);
      text.append(c == 0 ? "" : ", ").append(INPUT.column(c).name()).append('=').append(shown);
    }
    return text.append(']').toString();
  }

  private static final Object[][] VALUES = {
    {
      null, 0, 1, -1, 2, 3, 5, -3, 10, 100, 1_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE,
      Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1
    },
    {
      null, 0L, 1L, -1L, 7L, -7L, 1_700_000_000L, 1_700_000_000_123L, 253_402_300_800_000L,
      -62_135_596_800_000L, Integer.MAX_VALUE + 1L, Long.MIN_VALUE, Long.MAX_VALUE
    },
    {
      null, 0.0, -0.0, 0.5, 1.5, -2.5, 3.0, 1e20, -1e-20, 1e308, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE,
      -Double.MAX_VALUE, 2147483648.5, -9.3e18
    },
    {
      null, "", " ", "a", "abc", "Hello World", "héllo wörld", "😀x😀", "  padded  ", "123",
      "-5", "1e3", "NaN", "Infinity", "2024-01-15", "2024-01-15 10:20:30", "yyyy-MM-dd", "%", "\\",
      "a,b,c", "[", "(", "$1", "null", "true", "x".repeat(1000), "0x1F", "١٢٣", "\uD800",
      "9999999999999999999999", "-2147483648", "12:34:56", "\u0000", "ß", "İ"
    },
    {
      null, 0, 1, -1, 19_000, 2_932_896, -719_162, 3_000_000, -800_000, Integer.MIN_VALUE,
      Integer.MAX_VALUE
    },
    {
      null, 0L, -1L, 1_700_000_000_123L, 253_402_300_799_999L, -62_135_596_800_000L,
      300_000_000_000_000L, -300_000_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE
    },
    {null, true, false}
  };

  private static List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    int longest = 0;
    for (Object[] values : VALUES) {
      longest = Math.max(longest, values.length);
    }
    for (int k = 0; k < longest; k++) {
      Object[] row = new Object[VALUES.length];
      for (int c = 0; c < row.length; c++) {
        row[c] = VALUES[c][k % VALUES[c].length];
      }
      rows.add(row);
    }
    Random random = new Random(14);
    while (rows.size() < ROWS) {
      Object[] row = new Object[VALUES.length];
      for (int c = 0; c < row.length; c++) {
        row[c] = VALUES[c][random.nextInt(VALUES[c].length)];
      }
      rows.add(row);
    }
    assertTrue(rows.size() >= ROWS);
    return rows;
  }
}
