package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spark habits adapted for Calcite's parser, and everything else left alone. */
class SparkSqlTextTest {
  static final Set<String> COLUMNS = Set.of("user", "value", "date", "day", "a", "b");
  static final Set<String> RESERVED = Set.of("USER", "VALUE", "DATE", "DAY", "CASE", "AS", "FROM");

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '"',
      value = {
        "a == b => a = b",
        "a=='x==y' => a='x==y'",
        "user => `user`",
        "upper(USER) => upper(`USER`)",
        "value + 1 => `value` + 1",
        "user() => user()",
        "CAST(a AS date) => CAST(a AS date)",
        "date + INTERVAL '1' day => `date` + INTERVAL '1' day",
        "EXTRACT(day FROM date) => EXTRACT(day FROM `date`)",
        "t.user => t.user",
        "`user` => `user`",
        "'user' || user => 'user' || `user`",
        "CASE WHEN a THEN b END => CASE WHEN a THEN b END",
        "a -- user => a -- user",
        "other => other",
      })
  void normalizes(String in, String out) {
    assertEquals(out.strip(), normalize(in.strip()));
  }

  @Test
  void leavesEscapedQuotesInLiteralsAlone() {
    assertEquals("'it\\'s user' = `user`", normalize("'it\\'s user' = user"));
    assertEquals("\"a \\\" user\" = `user`", normalize("\"a \\\" user\" = user"));
  }

  private static String normalize(String sql) {
    return SparkSqlText.normalize(
        sql, c -> COLUMNS.contains(c.toLowerCase(Locale.ROOT)), RESERVED::contains);
  }
}
