package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.junit.jupiter.api.Test;

/**
 * The naive reference for the compiled path: for random rows (with NULLs and extreme values), a
 * plain Java evaluation of representative selects and wheres, written from Spark's semantics,
 * gives exactly what the compiled query gives.
 */
class ReferenceCheckTest {
  static final RowSchema SCHEMA =
      RowSchema.builder()
          .add("user_id", DataKind.STRING)
          .add("amount_cents", DataKind.LONG)
          .add("kind", DataKind.STRING)
          .add("score", DataKind.DOUBLE)
          .add("qty", DataKind.INT)
          .add("ts", DataKind.LONG)
          .build();

  static final List<String> USERS =
      Arrays.asList("A", "Bob", "carol99", "", "42", " 7 ", "-3", "99999999999", "日本語", "ÉLODIE");
  static final List<String> KINDS = Arrays.asList("A", "B", "C", "a");
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  static final int ROWS = 20_000;
  static final Pattern WORD = Pattern.compile("^[a-z]+[0-9]*$");

  @Test
  void selectsWithStringsCaseCoalesceAndDatesUnderInAndOrWheres() {
    Query query =
        new Query()
            .setSelects(
                QueryCompilerTest.selects(
                    "user", "lower(user_id)",
                    "amount", "amount_cents / 100",
                    "bucket",
                        "CASE WHEN amount_cents >= 1000 THEN 'high' WHEN amount_cents >= 100 THEN 'mid' ELSE 'low' END",
                    "score2", "coalesce(score, 0.0) * 2 + qty",
                    "tag", "concat(kind, '-', substr(user_id, 1, 2))",
                    "day", "date_format(ts, 'yyyy-MM-dd')"))
            .setWheres(List.of("kind IN ('A', 'B')", "amount_cents > 0 OR qty > 5"))
            .setTimeColumn("ts");
    check(query, ReferenceCheckTest::referenceA);
  }

  @Test
  void arithmeticDivisionCastsAndThreeValuedLogic() {
    Query query =
        new Query()
            .setSelects(
                QueryCompilerTest.selects(
                    "wrap", "amount_cents * 3 + qty",
                    "ratio", "qty / amount_cents",
                    "int_amount", "CAST(amount_cents AS INT)",
                    "parsed", "CAST(user_id AS INT)",
                    "flag", "NOT (score > 0.5) AND qty IS NOT NULL",
                    "rounded", "round(score, 1)",
                    "tenths", "floor(score * 10)"))
            .setWheres(List.of("user_id IS NOT NULL OR ts IS NULL"));
    check(query, ReferenceCheckTest::referenceB);
  }

  @Test
  void patternMatchingAndNullHandlingFunctions() {
    Query query =
        new Query()
            .setSelects(
                QueryCompilerTest.selects(
                    "word", "user_id rlike '^[a-z]+[0-9]*$'",
                    "len", "length(user_id)",
                    "safe", "nvl(upper(kind), 'NONE')",
                    "capped", "least(coalesce(qty, 0), 10)"))
            .setWheres(List.of("kind LIKE 'A%' OR kind = 'C'"));
    check(query, ReferenceCheckTest::referenceC);
  }

  private static void check(Query query, Function<Object[], Object[]> reference) {
    CompiledQuery compiled = QueryCompiler.compile(query, SCHEMA);
    Random random = new Random(20_240_101L);
    int kept = 0;
    for (int n = 0; n < ROWS; n++) {
      Object[] row = randomRow(random);
      Object[] expected = reference.apply(row);
      Object[] actual = compiled.apply(row);
      assertArrayEquals(expected, actual, () -> "row " + Arrays.toString(row));
      kept += expected == null ? 0 : 1;
    }
    assertTrue(kept > ROWS / 10 && kept < ROWS, "the wheres keep some rows and drop others: " + kept);
  }

  private static Object[] randomRow(Random r) {
    return new Object[] {
      orNull(r, USERS.get(r.nextInt(USERS.size()))),
      orNull(r, r.nextInt(20) == 0 ? Long.MAX_VALUE - r.nextInt(3) : (long) r.nextInt(7_000) - 2_000),
      orNull(r, KINDS.get(r.nextInt(KINDS.size()))),
      orNull(r, (r.nextDouble() - 0.3) * 4),
      orNull(r, r.nextInt(20) == 0 ? Integer.MAX_VALUE : r.nextInt(31) - 10),
      orNull(r, (long) (r.nextDouble() * 2e12))
    };
  }

  private static Object orNull(Random r, Object value) {
    return r.nextInt(7) == 0 ? null : value;
  }

  /** Query A by hand. */
  private static Object[] referenceA(Object[] row) {
    String user = (String) row[0];
    Long amount = (Long) row[1];
    String kind = (String) row[2];
    Double score = (Double) row[3];
    Integer qty = (Integer) row[4];
    Long ts = (Long) row[5];
    boolean inKinds = kind != null && (kind.equals("A") || kind.equals("B"));
    Boolean positive = amount == null ? null : amount > 0;
    Boolean many = qty == null ? null : qty > 5;
    if (!inKinds || !Boolean.TRUE.equals(positive) && !Boolean.TRUE.equals(many)) {
      return null;
    }
    String bucket = amount == null ? "low" : amount >= 1000 ? "high" : amount >= 100 ? "mid" : "low";
    return new Object[] {
      user == null ? null : user.toLowerCase(Locale.ROOT),
      amount == null ? null : amount / 100.0,
      bucket,
      qty == null ? null : (score == null ? 0.0 : score) * 2 + qty,
      user == null ? null : kind + "-" + firstCodePoints(user, 2),
      ts == null ? null : DAY.format(Instant.ofEpochMilli(ts)),
      ts
    };
  }

  /** Query B by hand. */
  private static Object[] referenceB(Object[] row) {
    String user = (String) row[0];
    Long amount = (Long) row[1];
    Double score = (Double) row[3];
    Integer qty = (Integer) row[4];
    Long ts = (Long) row[5];
    if (user == null && ts != null) {
      return null;
    }
    Boolean notHigh = score == null ? null : !(score > 0.5);
    Boolean flag = Boolean.FALSE.equals(notHigh) || qty == null ? Boolean.FALSE : notHigh;
    return new Object[] {
      amount == null || qty == null ? null : amount * 3 + qty,
      amount == null || qty == null || amount == 0 ? null : qty / (double) amount,
      amount == null ? null : (int) amount.longValue(),
      user == null ? null : parseInt(user),
      flag,
      score == null ? null : BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP).doubleValue(),
      score == null ? null : (long) Math.floor(score * 10)
    };
  }

  /** Query C by hand. */
  private static Object[] referenceC(Object[] row) {
    String user = (String) row[0];
    String kind = (String) row[2];
    Integer qty = (Integer) row[4];
    if (kind == null || !kind.startsWith("A") && !kind.equals("C")) {
      return null;
    }
    return new Object[] {
      user == null ? null : WORD.matcher(user).find(),
      user == null ? null : user.codePointCount(0, user.length()),
      kind.toUpperCase(Locale.ROOT),
      Math.min(qty == null ? 0 : qty, 10)
    };
  }

  private static String firstCodePoints(String s, int n) {
    return s.codePoints().limit(n).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  private static Integer parseInt(String s) {
    try {
      long v = Long.parseLong(s.strip());
      return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
