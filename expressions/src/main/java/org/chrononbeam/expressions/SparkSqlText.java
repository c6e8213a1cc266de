package org.chrononbeam.expressions;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Adapts the text of a Spark SQL expression to Calcite's parser before parsing. Two Spark habits
 * need it: {@code ==} for equality, and columns named like a word Calcite reserves ({@code user},
 * {@code value}, {@code date}, {@code timestamp}, ...), which Spark resolves as columns and Calcite
 * as keywords or functions. Such a name is quoted with backticks when it stands as a column: not
 * called ({@code user(}), not a type ({@code AS date}), not a qualifier or field ({@code a.b}), not
 * a time unit ({@code INTERVAL '1' DAY}, {@code EXTRACT(DAY FROM ...)}). String literals, quoted
 * identifiers and comments pass unchanged.
 */
final class SparkSqlText {
  private SparkSqlText() {}

  /**
   * The expression with {@code ==} as {@code =} and reserved-word column names quoted.
   *
   * @param isColumn whether a name (in any case) is an input column
   * @param isReserved whether an upper-case word is reserved by the parser
   */
  static String normalize(String sql, Predicate<String> isColumn, Predicate<String> isReserved) {
    return normalize(sql, isColumn, isReserved, false);
  }

  /**
   * The text of an expression, or with {@code query} set of a whole query, with {@code ==} as
   * {@code =} and reserved-word column names quoted. In a whole query a qualified name is a column
   * of a table alias ({@code e.user}), not a struct field, and a name before {@code FROM} ends the
   * select list ({@code SELECT ds, user FROM t}), so both are quoted too.
   */
  static String normalize(
      String sql, Predicate<String> isColumn, Predicate<String> isReserved, boolean query) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    String previousWord = "";
    char previousSymbol = ' ';
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = quotedEnd(sql, i, c);
        out.append(sql, i, end);
        previousWord = c == '`' ? "`" : "'";
        previousSymbol = ' ';
      } else if (c == '-' && sql.startsWith("--", i)) {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
      } else if (c == '/' && sql.startsWith("/*", i)) {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        out.append(sql, i, end);
      } else if (c == '=' && sql.startsWith("==", i)) {
        end = i + 2;
        out.append('=');
        previousWord = "";
        previousSymbol = '=';
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(i, end);
        String upper = word.toUpperCase(Locale.ROOT);
        boolean quote =
            isColumn.test(word)
                && isReserved.test(upper)
                && (query || previousSymbol != '.')
                && !previousWord.equals("AS")
                && !previousWord.equals("'")
                && !previousWord.equals("EXTRACT(")
                && !nextIs(sql, end, '(')
                && !nextIs(sql, end, '.')
                && (query || !nextWordIs(sql, end, "FROM"));
        out.append(quote ? "`" + word + "`" : word);
        previousWord = upper;
        previousSymbol = ' ';
      } else {
        end = i + 1;
        out.append(c);
        if (!Character.isWhitespace(c)) {
          previousWord = c == '(' && previousWord.equals("EXTRACT") ? "EXTRACT(" : "";
          previousSymbol = c;
        }
      }
      i = end;
    }
    return out.toString();
  }

  private static int quotedEnd(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        if (quote == '`' && i + 1 < sql.length() && sql.charAt(i + 1) == '`') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static boolean nextIs(String sql, int from, char expected) {
    int i = skipSpaces(sql, from);
    return i < sql.length() && sql.charAt(i) == expected;
  }

  private static boolean nextWordIs(String sql, int from, String word) {
    int i = skipSpaces(sql, from);
    return sql.regionMatches(true, i, word, 0, word.length())
        && (i + word.length() == sql.length()
            || !Character.isLetterOrDigit(sql.charAt(i + word.length())));
  }

  private static int skipSpaces(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }
}
