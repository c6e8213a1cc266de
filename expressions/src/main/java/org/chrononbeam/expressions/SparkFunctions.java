package org.chrononbeam.expressions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chrononbeam.model.values.DoubleElements;
import org.chrononbeam.model.values.LongElements;

/**
 * Spark SQL (non-ANSI) semantics for what Calcite does differently, called by the code that {@link
 * QueryCompiler} and {@link DerivationCompiler} generate. Each method takes and returns boxed
 * values: a {@code null} argument gives a {@code null} result (but {@code size}, which gives -1),
 * and so does input Spark would turn into {@code NULL} (an unparsable number, a bad date). The
 * method of the same name in {@link Unboxed} computes a function of numbers, dates and strings
 * from primitive values without boxing, for {@link ColumnarQuery} (with a companion telling when
 * the result is {@code NULL} for a function that parses a string); the boxed method delegates to
 * it.
 *
 * <p>Time values follow the compiled rows' conventions: a timestamp is epoch milliseconds (UTC), a
 * date is days since 1970-01-01, and every pattern is a {@link DateTimeFormatter} pattern applied
 * in UTC. The methods are public only so that generated code can call them; configs reach them
 * through SQL, for example {@code date_format(ts, 'yyyy-MM-dd')} or {@code CAST(s AS INT)}.
 */
public final class SparkFunctions {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1000L;
  private static final String DEFAULT_TIMESTAMP_PATTERN = "yyyy-MM-dd HH:mm:ss";
  private static final int MAX_CACHED_PATTERNS = 256;

  /**
   * The most characters a string function ({@code repeat}, {@code space}, {@code lpad}, {@code
   * rpad}) may return: beyond it a row's value would exhaust a worker's memory, so the function
   * throws an {@link IllegalArgumentException} naming itself instead of an {@link
   * OutOfMemoryError}.
   */
  public static final int MAX_RESULT_CHARS = 1 << 28;

  /** {@link java.text.DecimalFormat}'s most fraction digits for a double. */
  private static final int MAX_FORMAT_DECIMALS = 340;
  private static final Map<String, DateTimeFormatter> PRINTERS = new ConcurrentHashMap<>();
  private static final Map<String, DateTimeFormatter> PARSERS = new ConcurrentHashMap<>();
  private static final Map<String, Pattern> REGEXES = new ConcurrentHashMap<>();
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?"
              + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");

  private SparkFunctions() {}

  /** {@code CAST(s AS TINYINT)}: {@code null} unless {@code s} is an integer in range. */
  public static Byte toByte(String s) {
    if (s == null) {
      return null;
    }
    byte v = Unboxed.toByte(s);
    return Unboxed.toByteIsNull(s, v) ? null : v;
  }

  /** {@code CAST(s AS SMALLINT)}: {@code null} unless {@code s} is an integer in range. */
  public static Short toShort(String s) {
    if (s == null) {
      return null;
    }
    short v = Unboxed.toShort(s);
    return Unboxed.toShortIsNull(s, v) ? null : v;
  }

  /** {@code CAST(s AS INT)}: {@code null} unless {@code s} is an integer in range. */
  public static Integer toInt(String s) {
    if (s == null) {
      return null;
    }
    int v = Unboxed.toInt(s);
    return Unboxed.toIntIsNull(s, v) ? null : v;
  }

  /**
   * {@code CAST(s AS BIGINT)}: surrounding whitespace is ignored, a fraction is truncated ({@code
   * '1.9'} gives 1), anything else that is not an integer in range gives {@code null}.
   */
  public static Long toLong(String s) {
    if (s == null) {
      return null;
    }
    long v = Unboxed.toLong(s);
    return Unboxed.toLongIsNull(s, v) ? null : v;
  }

  /** {@code CAST(n AS INT)} of a wider integer: wraps around on overflow, as Spark (non-ANSI). */
  public static Integer wrapToInt(Long n) {
    return n == null ? null : Unboxed.wrapToInt(n.longValue());
  }

  /** {@code CAST(n AS SMALLINT)} of a wider integer: wraps around on overflow. */
  public static Short wrapToShort(Long n) {
    return n == null ? null : Unboxed.wrapToShort(n.longValue());
  }

  /** {@code CAST(n AS TINYINT)} of a wider integer: wraps around on overflow. */
  public static Byte wrapToByte(Long n) {
    return n == null ? null : Unboxed.wrapToByte(n.longValue());
  }

  /**
   * {@code CAST(d AS BIGINT)} of a fractional number: truncated toward zero, saturating at the
   * type's bounds, NaN gives 0 (Java's and Spark's narrowing).
   */
  public static Long truncateToLong(Double d) {
    return d == null ? null : Unboxed.truncateToLong(d.doubleValue());
  }

  /** {@code CAST(d AS INT)} of a fractional number; see {@link #truncateToLong}. */
  public static Integer truncateToInt(Double d) {
    return d == null ? null : Unboxed.truncateToInt(d.doubleValue());
  }

  /** {@code CAST(d AS SMALLINT)}: truncated to an {@code INT}, then wrapped. */
  public static Short truncateToShort(Double d) {
    return d == null ? null : Unboxed.truncateToShort(d.doubleValue());
  }

  /** {@code CAST(d AS TINYINT)}: truncated to an {@code INT}, then wrapped. */
  public static Byte truncateToByte(Double d) {
    return d == null ? null : Unboxed.truncateToByte(d.doubleValue());
  }

  /**
   * {@code CAST(d AS DECIMAL(precision, scale))} of a decimal: {@code d} rounded to {@code scale}
   * digits after the point, half away from zero, as Spark rounds; {@code null} when the result has
   * more than {@code precision} digits, Spark's (non-ANSI) answer to an overflow.
   */
  public static BigDecimal toDecimal(BigDecimal d, Integer precision, Integer scale) {
    if (d == null) {
      return null;
    }
    BigDecimal rounded = d.setScale(scale, RoundingMode.HALF_UP);
    return rounded.precision() > precision ? null : rounded;
  }

  /** {@code CAST(n AS DECIMAL(precision, scale))} of an integer; see {@link #toDecimal}. */
  public static BigDecimal toDecimal(Long n, Integer precision, Integer scale) {
    return n == null ? null : toDecimal(BigDecimal.valueOf(n), precision, scale);
  }

  /**
   * {@code CAST(d AS DECIMAL(precision, scale))} of a fractional number: of its shortest decimal
   * form ({@link Double#toString}), as Spark converts it; {@code null} for NaN and the infinities.
   */
  public static BigDecimal toDecimal(Double d, Integer precision, Integer scale) {
    if (d == null || d.isNaN() || d.isInfinite()) {
      return null;
    }
    return toDecimal(new BigDecimal(Double.toString(d)), precision, scale);
  }

  /**
   * {@code CAST(s AS DECIMAL(precision, scale))} of a string: {@code null} when {@code s}, without
   * leading and trailing white space, is not a decimal number.
   */
  public static BigDecimal toDecimal(String s, Integer precision, Integer scale) {
    if (s == null) {
      return null;
    }
    try {
      return toDecimal(new BigDecimal(s.strip()), precision, scale);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * {@code CAST(d AS BIGINT)} of a decimal, as Spark's (non-ANSI) {@code Decimal.toLong}: its
   * integer part, truncated toward zero, exactly; beyond the range of a {@code BIGINT}, the low 64
   * bits of that integer ({@link BigDecimal#longValue}).
   */
  public static Long decimalToLong(BigDecimal d) {
    return d == null ? null : d.longValue();
  }

  /**
   * {@code CAST(d AS INT)} of a decimal: {@link #decimalToLong} narrowed as Java narrows a {@code
   * long}, as Spark's {@code Decimal.toInt}.
   */
  public static Integer decimalToInt(BigDecimal d) {
    return d == null ? null : (int) d.longValue();
  }

  /** {@code CAST(d AS SMALLINT)} of a decimal: {@link #decimalToLong} narrowed, as Spark's. */
  public static Short decimalToShort(BigDecimal d) {
    return d == null ? null : (short) d.longValue();
  }

  /** {@code CAST(d AS TINYINT)} of a decimal: {@link #decimalToLong} narrowed, as Spark's. */
  public static Byte decimalToByte(BigDecimal d) {
    return d == null ? null : (byte) d.longValue();
  }

  /** {@code CAST(s AS DOUBLE)}: {@code null} when {@code s} is not a number. */
  public static Double toDouble(String s) {
    if (s == null) {
      return null;
    }
    double v = Unboxed.toDouble(s);
    return Unboxed.toDoubleIsNull(s, v) ? null : v;
  }

  /** {@code CAST(s AS FLOAT)} in Spark's sense (a 32-bit float); see {@link #toDouble}. */
  public static Float toFloat(String s) {
    if (s == null) {
      return null;
    }
    float v = Unboxed.toFloat(s);
    return Unboxed.toFloatIsNull(s, v) ? null : v;
  }

  /**
   * {@code CAST(s AS BOOLEAN)}: {@code t, true, y, yes, 1} and {@code f, false, n, no, 0} in any
   * case; anything else gives {@code null}.
   */
  public static Boolean toBoolean(String s) {
    if (s == null) {
      return null;
    }
    boolean v = Unboxed.toBoolean(s);
    return Unboxed.toBooleanIsNull(s, v) ? null : v;
  }

  /**
   * {@code CAST(s AS DATE)} and {@code to_date(s)}: {@code yyyy}, {@code yyyy-M} or {@code
   * yyyy-M-d}, optionally followed by a space or {@code T} and anything; days since epoch.
   */
  public static Integer toDate(String s) {
    if (s == null) {
      return null;
    }
    int v = Unboxed.toDate(s);
    return Unboxed.toDateIsNull(s, v) ? null : v;
  }

  /**
   * {@code CAST(s AS TIMESTAMP)}: {@code yyyy-M-d[( |T)H:m[:s[.fraction]]][Z|±hh:mm]}, in UTC
   * unless an offset is given; epoch milliseconds (a finer fraction is truncated).
   */
  public static Long toTimestamp(String s) {
    if (s == null) {
      return null;
    }
    long v = Unboxed.toTimestamp(s);
    return Unboxed.toTimestampIsNull(s, v) ? null : v;
  }

  /** {@code CAST(b AS STRING)}: {@code true} or {@code false}, in lower case as in Spark. */
  public static String toString(Boolean b) {
    return b == null ? null : Unboxed.toString(b.booleanValue());
  }

  /** {@code CAST(d AS STRING)}: Java's shortest round-tripping form, as Spark writes it. */
  public static String toString(Double d) {
    return d == null ? null : Unboxed.toString(d.doubleValue());
  }

  /** {@code CAST(f AS STRING)} of a 32-bit float. */
  public static String toString(Float f) {
    return f == null ? null : Unboxed.toString(f.floatValue());
  }

  /**
   * {@code CAST(ts AS STRING)}: {@code yyyy-MM-dd HH:mm:ss} in UTC, then the milliseconds without
   * trailing zeros when there are any ({@code .5}, {@code .123}), as Spark writes timestamps.
   */
  public static String timestampToString(Long millis) {
    return millis == null ? null : Unboxed.timestampToString(millis.longValue());
  }

  /**
   * {@code substr(s, pos)} and {@code substring(s, pos)}: from the 1-based position {@code pos} to
   * the end; 0 counts as 1 and a negative position counts from the end.
   */
  public static String substr(String s, Integer pos) {
    return s == null || pos == null ? null : Unboxed.substr(s, pos.intValue());
  }

  /**
   * {@code substr(s, pos, len)}: at most {@code len} characters from the 1-based position {@code
   * pos}; 0 counts as 1, a negative position counts from the end, a length below 1 gives {@code
   * ''}.
   */
  public static String substr(String s, Integer pos, Integer len) {
    return s == null || pos == null || len == null
        ? null
        : Unboxed.substr(s, pos.intValue(), len.intValue());
  }

  /**
   * {@code lpad(s, len, pad)}: {@code s} preceded by {@code pad} repeated up to {@code len}
   * characters (code points), or its first {@code len} characters when it is as long or the pad is
   * empty; empty for a {@code len} below one. (Calcite's throws for those two cases.)
   *
   * @throws IllegalArgumentException naming the function for a {@code len} beyond {@link
   *     #MAX_RESULT_CHARS}
   */
  public static String lpad(String s, Integer len, String pad) {
    return s == null || len == null || pad == null ? null : Unboxed.lpad(s, len, pad);
  }

  /** {@code rpad(s, len, pad)}: as {@link #lpad}, {@code s} followed by the padding. */
  public static String rpad(String s, Integer len, String pad) {
    return s == null || len == null || pad == null ? null : Unboxed.rpad(s, len, pad);
  }

  /**
   * {@code repeat(s, n)}: {@code s} repeated {@code n} times; empty for an {@code n} below one.
   *
   * @throws IllegalArgumentException naming the function when the result would be longer than
   *     {@link #MAX_RESULT_CHARS} characters (Spark fails there too, beyond 2 GB)
   */
  public static String repeat(String s, Integer n) {
    return s == null || n == null ? null : Unboxed.repeat(s, n);
  }

  /** {@code space(n)}: {@code n} spaces; empty for an {@code n} below one. See {@link #repeat}. */
  public static String space(Integer n) {
    return n == null ? null : Unboxed.space(n);
  }

  /**
   * {@code format_number(x, d)} of a double: {@code x} rounded half even to {@code d} decimals and
   * written with a comma between groups of three digits ({@code 12,345.68}), as Spark's {@link
   * java.text.DecimalFormat} in US English writes it ({@code NaN}, {@code ∞}); {@code NULL} for a
   * negative {@code d}. More than 340 decimals print as 340, as {@code DecimalFormat} does for a
   * double.
   */
  public static String formatNumber(Double x, Integer d) {
    return x == null || d == null ? null : Unboxed.formatNumber(x.doubleValue(), d.intValue());
  }

  /** {@code format_number(n, d)} of an integer: as {@link #formatNumber(Double, Integer)}. */
  public static String formatNumber(Long n, Integer d) {
    return n == null || d == null ? null : Unboxed.formatNumber(n.longValue(), d.intValue());
  }

  /** {@code length(s)}: the number of characters (code points). */
  public static Integer length(String s) {
    return s == null ? null : Unboxed.length(s);
  }

  /**
   * {@code regexp_replace(s, regex, replacement)}: every match of the Java regular expression
   * replaced; {@code $1} in the replacement refers to a group.
   */
  public static String regexpReplace(String s, String regex, String replacement) {
    if (s == null || regex == null || replacement == null) {
      return null;
    }
    Pattern p = REGEXES.get(regex);
    if (p == null) {
      p = Pattern.compile(regex);
      if (REGEXES.size() < MAX_CACHED_PATTERNS) {
        REGEXES.put(regex, p);
      }
    }
    return p.matcher(s).replaceAll(replacement);
  }

  /** {@code size(c)} of a list, map or array: its number of elements; -1 for {@code NULL}. */
  public static Integer size(Object collection) {
    if (collection instanceof Collection<?> c) {
      return c.size();
    }
    if (collection instanceof Map<?, ?> m) {
      return m.size();
    }
    if (collection instanceof Object[] array) {
      return array.length;
    }
    return collection == null ? -1 : null;
  }

  /** {@code sqrt(d)}: {@link Math#sqrt}, so {@code -0.0} for {@code -0.0} and NaN below zero. */
  public static Double sqrt(Double d) {
    return d == null ? null : Unboxed.sqrt(d);
  }

  /**
   * {@code array_contains(list, value)}: whether an element of {@code list} equals {@code value};
   * {@code null} when either is {@code NULL}, and when none does but an element is {@code NULL}
   * (it might have). Integral elements (and dates, timestamps) compare as {@code long}s, fractional
   * ones as {@code double}s with {@code -0.0} equal to {@code 0.0} and NaN to NaN, as Spark
   * compares them; strings and booleans with {@code equals}.
   */
  public static Boolean arrayContains(Object list, Object value) {
    if (list == null || value == null) {
      return null;
    }
    List<?> elements = (List<?>) list;
    boolean found;
    if (value instanceof Double || value instanceof Float) {
      found = Unboxed.arrayContains(elements, ((Number) value).doubleValue());
    } else if (value instanceof Number n) {
      found = Unboxed.arrayContains(elements, n.longValue());
    } else if (value instanceof Boolean b) {
      found = Unboxed.arrayContains(elements, b.booleanValue());
    } else {
      found = Unboxed.arrayContains(elements, value.toString());
    }
    return !found && hasNull(elements) ? null : found;
  }

  /**
   * {@code list} without its {@code NULL} elements (itself when it has none), for {@code
   * concat_ws}, which skips them: Calcite's would write a separator after the last value when a
   * {@code NULL} element follows it.
   */
  public static List<?> withoutNulls(Object list) {
    if (list == null) {
      return null;
    }
    List<?> elements = (List<?>) list;
    if (!hasNull(elements)) {
      return elements;
    }
    List<Object> kept = new ArrayList<>(elements.size());
    for (Object element : elements) {
      if (element != null) {
        kept.add(element);
      }
    }
    return kept;
  }

  /**
   * Spark's {@code round(d, scale)} of a fractional number: its decimal form (as {@link
   * Double#toString} writes it) rounded half up to {@code scale} digits after the point (before
   * it, when negative); NaN and the infinities stay as they are.
   */
  public static Double round(Double d, Integer scale) {
    return d == null || scale == null ? null : Unboxed.round(d.doubleValue(), scale.intValue());
  }

  /** {@code datediff(end, start)} of two dates (days since epoch): {@code end - start}. */
  public static Integer datediff(Integer end, Integer start) {
    return end == null || start == null ? null : Unboxed.datediff(end.intValue(), start.intValue());
  }

  /** {@code date_format(ts, pattern)} of epoch milliseconds: a {@code ts} column or a timestamp. */
  public static String formatMillis(Long millis, String pattern) {
    return millis == null ? null : Unboxed.formatMillis(millis.longValue(), pattern);
  }

  /** {@code date_format(d, pattern)} of a date (days since epoch). */
  public static String formatDays(Integer days, String pattern) {
    return days == null ? null : Unboxed.formatDays(days.intValue(), pattern);
  }

  /** {@code date_format(s, pattern)} of a string that casts to a timestamp. */
  public static String formatString(String s, String pattern) {
    if (s == null) {
      return null;
    }
    long millis = Unboxed.toTimestamp(s);
    return Unboxed.toTimestampIsNull(s, millis) ? null : Unboxed.formatMillis(millis, pattern);
  }

  /** {@code from_unixtime(seconds)}: {@code yyyy-MM-dd HH:mm:ss} in UTC. */
  public static String fromUnixtime(Long seconds) {
    return fromUnixtime(seconds, DEFAULT_TIMESTAMP_PATTERN);
  }

  /** {@code from_unixtime(seconds, pattern)}. */
  public static String fromUnixtime(Long seconds, String pattern) {
    return seconds == null ? null : Unboxed.fromUnixtime(seconds.longValue(), pattern);
  }

  /** {@code to_date(ts)} of epoch milliseconds: the UTC day. */
  public static Integer millisToDate(Long millis) {
    return millis == null ? null : Unboxed.millisToDate(millis.longValue());
  }

  /** {@code to_date(s, pattern)}: {@code null} when {@code s} does not match the pattern. */
  public static Integer toDate(String s, String pattern) {
    if (s == null || pattern == null) {
      return null;
    }
    int v = Unboxed.toDate(s, pattern);
    return Unboxed.toDateIsNull(s, pattern, v) ? null : v;
  }

  /** {@code unix_timestamp(s)}: seconds of a {@code yyyy-MM-dd HH:mm:ss} string in UTC. */
  public static Long unixTimestamp(String s) {
    return unixTimestamp(s, DEFAULT_TIMESTAMP_PATTERN);
  }

  /** {@code unix_timestamp(s, pattern)}: {@code null} when {@code s} does not match the pattern. */
  public static Long unixTimestamp(String s, String pattern) {
    if (s == null || pattern == null) {
      return null;
    }
    long v = Unboxed.unixTimestamp(s, pattern);
    return Unboxed.unixTimestampIsNull(s, pattern, v) ? null : v;
  }

  /** {@code unix_timestamp(ts)} of epoch milliseconds: whole seconds, rounded down. */
  public static Long millisToSeconds(Long millis) {
    return millis == null ? null : Unboxed.millisToSeconds(millis.longValue());
  }

  /** {@code unix_timestamp(d)} of a date: the seconds at its UTC midnight. */
  public static Long daysToSeconds(Integer days) {
    return days == null ? null : Unboxed.daysToSeconds(days.intValue());
  }

  /**
   * Whether an element of {@code list} is {@code null}; {@link List#contains} of {@code null}
   * throws for the immutable lists of {@link List#of}.
   */
  private static boolean hasNull(List<?> list) {
    if (list instanceof DoubleElements || list instanceof LongElements) {
      return false;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        return true;
      }
    }
    return false;
  }

  /** Throws {@link IllegalArgumentException} unless {@code pattern} is a valid pattern. */
  static void checkPattern(String pattern) {
    printer(pattern);
    parser(pattern);
  }

  /**
   * The epoch milliseconds of {@code s} parsed with {@code pattern}, or {@code fail} when it does
   * not match, has no date, or is an instant Spark's timestamps cannot hold (epoch microseconds
   * beyond a {@code long}, some 290,000 years away), so never {@link Long#MIN_VALUE}.
   */
  private static long parseMillis(String s, String pattern, long fail) {
    TemporalAccessor parsed;
    try {
      parsed = parser(pattern).parse(s.strip());
    } catch (DateTimeException e) {
      return fail;
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null) {
      return fail;
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    long millis;
    try {
      millis =
          date.atTime(time == null ? LocalTime.MIDNIGHT : time)
              .toInstant(offset == null ? ZoneOffset.UTC : offset)
              .toEpochMilli();
    } catch (ArithmeticException e) {
      return fail;
    }
    return millis < -MAX_MILLIS || millis > MAX_MILLIS ? fail : millis;
  }

  private static DateTimeFormatter printer(String pattern) {
    DateTimeFormatter f = PRINTERS.get(pattern);
    if (f == null) {
      f = DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC);
      if (PRINTERS.size() < MAX_CACHED_PATTERNS) {
        PRINTERS.put(pattern, f);
      }
    }
    return f;
  }

  private static DateTimeFormatter parser(String pattern) {
    DateTimeFormatter f = PARSERS.get(pattern);
    if (f == null) {
      f =
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern(pattern)
              .parseDefaulting(ChronoField.ERA, 1)
              .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
              .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
              .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
              .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
              .toFormatter(Locale.US)
              .withChronology(IsoChronology.INSTANCE)
              .withResolverStyle(ResolverStyle.STRICT);
      if (PARSERS.size() < MAX_CACHED_PATTERNS) {
        PARSERS.put(pattern, f);
      }
    }
    return f;
  }

  /**
   * {@code s} as an integer between {@code min} and {@code max}: surrounding whitespace ignored, a
   * fraction truncated; {@code fail} when it is not one.
   */
  private static long parseIntegral(String s, long min, long max, long fail) {
    String t = s.strip();
    int i = 0;
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+')) {
      negative = t.charAt(0) == '-';
      i = 1;
    }
    int firstDigit = i;
    long value = 0;
    for (; i < t.length() && isDigit(t.charAt(i)); i++) {
      int digit = t.charAt(i) - '0';
      if (value < (Long.MIN_VALUE + digit) / 10) {
        return fail;
      }
      value = value * 10 - digit;
    }
    boolean hasDigits = i > firstDigit;
    if (i < t.length() && t.charAt(i) == '.') {
      int fractionStart = ++i;
      while (i < t.length() && isDigit(t.charAt(i))) {
        i++;
      }
      hasDigits |= i > fractionStart;
    }
    if (!hasDigits || i != t.length()) {
      return fail;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return fail;
      }
      value = -value;
    }
    return value < min || value > max ? fail : value;
  }

  /** {@code s} as a fractional number (see {@link #toDouble}), or {@code fail}. */
  private static double parseDouble(String s, double fail) {
    String t = s.strip();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    if (t.isEmpty() || !isDigit(t.charAt(t.length() - 1)) && t.charAt(t.length() - 1) != '.') {
      return fail;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return fail;
    }
  }

  /** {@code s} as a boolean: 1 (true), 0 (false) or -1 (neither); see {@link #toBoolean}. */
  private static int parseBoolean(String s) {
    switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "1":
        return 1;
      case "f", "false", "n", "no", "0":
        return 0;
      default:
        return -1;
    }
  }

  /** {@code s} as days since epoch (see {@link #toDate(String)}), or {@code fail}. */
  private static int parseDate(String s, int fail) {
    String t = s.strip();
    int cut = t.length();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == 'T') {
        cut = i;
        break;
      }
    }
    String[] parts = t.substring(0, cut).split("-", -1);
    if (parts.length > 3 || parts[0].length() != 4) {
      return fail;
    }
    int[] fields = {0, 1, 1};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].length() > (i == 0 ? 4 : 2) || !allDigits(parts[i])) {
        return fail;
      }
      fields[i] = Integer.parseInt(parts[i]);
    }
    try {
      return Math.toIntExact(LocalDate.of(fields[0], fields[1], fields[2]).toEpochDay());
    } catch (DateTimeException e) {
      return fail;
    }
  }

  /**
   * {@code s} as epoch milliseconds (see {@link #toTimestamp}), or {@code fail}. A four-digit year
   * keeps every timestamp far from {@link Long#MIN_VALUE}.
   */
  private static long parseTimestamp(String s, long fail) {
    String t = s.strip();
    Matcher m = TIMESTAMP.matcher(t);
    if (!m.matches()) {
      int days = parseDate(t, Integer.MIN_VALUE);
      return days == Integer.MIN_VALUE || t.length() > 10 ? fail : days * MILLIS_PER_DAY;
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      int nanos =
          m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
      ZoneOffset offset = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
      return date.atTime(LocalTime.of(hour, minute, second, nanos))
          .toInstant(offset)
          .toEpochMilli();
    } catch (DateTimeException e) {
      return fail;
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The functions above of arguments that are not {@code NULL}, taking and returning primitive
   * values: what {@link ColumnarQuery} calls once it has tested its null flags. Each is the one
   * implementation, which the boxed method of the same name delegates to. They live apart so that
   * the row path's generated calls of the boxed methods (with arguments that may be primitive or
   * boxed) never resolve to one of them.
   *
   * <p>A function that is also {@code NULL} for some arguments that are not (a string that does not
   * parse) comes as two methods, so that a string is parsed once, without a holder or a boxed
   * result: {@code name(args)} returns the value, or a fixed value when the result is {@code NULL}
   * (the type's least value, NaN or false); {@code nameIsNull(args, value)} tells, from what {@code
   * name} returned, whether the result is {@code NULL}. It is false at once for any other value,
   * and parses again only when a string may really denote the fixed value ({@code '-128'} for a
   * {@code TINYINT}, {@code 'NaN'}, {@code 'false'}).
   */
  public static final class Unboxed {
    /** {@code 10^0} to {@code 10^22}, each exact as a double. */
    private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
      1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    private Unboxed() {}

    /** {@link SparkFunctions#wrapToInt(Long)} of a value that is not {@code NULL}. */
    public static int wrapToInt(long n) {
      return (int) n;
    }

    /** {@link SparkFunctions#wrapToShort(Long)} of a value that is not {@code NULL}. */
    public static short wrapToShort(long n) {
      return (short) n;
    }

    /** {@link SparkFunctions#wrapToByte(Long)} of a value that is not {@code NULL}. */
    public static byte wrapToByte(long n) {
      return (byte) n;
    }

    /** {@link SparkFunctions#sqrt(Double)} of a value that is not {@code NULL}. */
    public static double sqrt(double d) {
      return Math.sqrt(d);
    }

    /**
     * {@link SparkFunctions#round(Double, Integer)} of values that are not {@code NULL}. Computed
     * on doubles, without a {@code BigDecimal}, when that gives the same: for a scale of 0 to 22
     * and {@code |d * 10^scale| < 10^9}, whose fraction is more than {@code 10^-6} away from one
     * half. The product's rounding error and the distance between {@code d} and its decimal form
     * are each below {@code 3 * 10^-7} there, so the decimal form rounds to the same integer
     * {@code r}; and {@code r / 10^scale}, both exact doubles, is the correctly rounded quotient,
     * as {@link BigDecimal#doubleValue} computes it for an unscaled value below {@code 2^52}.
     */
    public static double round(double d, int scale) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return d;
      }
      if (scale >= 0 && scale < POWERS_OF_TEN.length) {
        double power = POWERS_OF_TEN[scale];
        double scaled = d * power;
        if (Math.abs(scaled) < 1e9) {
          double floor = Math.floor(scaled);
          double fraction = scaled - floor;
          if (Math.abs(fraction - 0.5) > 1e-6) {
            // + 0.0 turns -0.0 into the 0.0 that a BigDecimal, which has no sign of zero, gives.
            return (fraction > 0.5 ? floor + 1 : floor) / power + 0.0;
          }
        }
      }
      return BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }

    /** {@link SparkFunctions#truncateToLong(Double)} of a value that is not {@code NULL}. */
    public static long truncateToLong(double d) {
      return (long) d;
    }

    /** {@link SparkFunctions#truncateToInt(Double)} of a value that is not {@code NULL}. */
    public static int truncateToInt(double d) {
      return (int) d;
    }

    /** {@link SparkFunctions#truncateToShort(Double)} of a value that is not {@code NULL}. */
    public static short truncateToShort(double d) {
      return (short) d;
    }

    /** {@link SparkFunctions#truncateToByte(Double)} of a value that is not {@code NULL}. */
    public static byte truncateToByte(double d) {
      return (byte) d;
    }

    /** {@link SparkFunctions#toString(Boolean)} of a value that is not {@code NULL}. */
    public static String toString(boolean b) {
      return Boolean.toString(b);
    }

    /** {@link SparkFunctions#toString(Double)} of a value that is not {@code NULL}. */
    public static String toString(double d) {
      return Double.toString(d);
    }

    /** {@link SparkFunctions#toString(Float)} of a value that is not {@code NULL}. */
    public static String toString(float f) {
      return Float.toString(f);
    }

    /** {@link SparkFunctions#timestampToString(Long)} of a value that is not {@code NULL}. */
    public static String timestampToString(long millis) {
      String text = formatMillis(millis, DEFAULT_TIMESTAMP_PATTERN);
      int fraction = (int) Math.floorMod(millis, 1000L);
      if (fraction == 0) {
        return text;
      }
      String digits = String.format(Locale.ROOT, "%03d", fraction);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      return text + "." + digits.substring(0, end);
    }

    /** {@link SparkFunctions#substr(String, Integer)} of a position that is not {@code NULL}. */
    public static String substr(String s, int pos) {
      return substr(s, pos, Integer.MAX_VALUE);
    }

    /**
     * {@link SparkFunctions#substr(String, Integer, Integer)} of arguments that are not {@code
     * NULL}.
     */
    public static String substr(String s, int pos, int len) {
      int chars = s.codePointCount(0, s.length());
      long start = pos > 0 ? pos - 1L : pos < 0 ? (long) chars + pos : 0L;
      long end = Math.min(start + len, chars);
      start = Math.max(start, 0L);
      if (start >= end) {
        return "";
      }
      return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
    }

    /** {@link SparkFunctions#lpad} of arguments that are not {@code NULL}. */
    public static String lpad(String s, int len, String pad) {
      String padding = padding("lpad", s, len, pad);
      return padding == null ? substr(s, 1, len) : padding + s;
    }

    /** {@link SparkFunctions#rpad} of arguments that are not {@code NULL}. */
    public static String rpad(String s, int len, String pad) {
      String padding = padding("rpad", s, len, pad);
      return padding == null ? substr(s, 1, len) : s + padding;
    }

    /**
     * {@code pad} repeated to the characters {@code s} lacks to be {@code len} long, or {@code
     * null} when it lacks none or {@code pad} is empty.
     */
    private static String padding(String function, String s, int len, String pad) {
      long missing = (long) len - s.codePointCount(0, s.length());
      if (missing <= 0 || pad.isEmpty()) {
        return null;
      }
      checkLength(function, missing, 1, len);
      int padChars = pad.codePointCount(0, pad.length());
      StringBuilder padding = new StringBuilder();
      for (long whole = missing / padChars; whole > 0; whole--) {
        padding.append(pad);
      }
      int rest = (int) (missing % padChars);
      return padding.append(pad, 0, pad.offsetByCodePoints(0, rest)).toString();
    }

    /** {@link SparkFunctions#repeat} of arguments that are not {@code NULL}. */
    public static String repeat(String s, int n) {
      if (n <= 0 || s.isEmpty()) {
        return "";
      }
      checkLength("repeat", s.length(), n, n);
      return s.repeat(n);
    }

    /** {@link SparkFunctions#space} of a count that is not {@code NULL}. */
    public static String space(int n) {
      if (n <= 0) {
        return "";
      }
      checkLength("space", 1, n, n);
      return " ".repeat(n);
    }

    /**
     * Throws naming {@code function} and {@code value} when {@code times} copies of {@code chars}
     * characters exceed {@link #MAX_RESULT_CHARS}.
     */
    private static void checkLength(String function, long chars, long times, int value) {
      if (chars * times > MAX_RESULT_CHARS) {
        throw new IllegalArgumentException(
            function
                + ": a result of "
                + chars * times
                + " characters (for "
                + value
                + ") is longer than "
                + MAX_RESULT_CHARS);
      }
    }

    /** {@link SparkFunctions#formatNumber(Double, Integer)} of values that are not {@code NULL}. */
    public static String formatNumber(double x, int d) {
      return d < 0 ? null : decimalFormat(d).format(x);
    }

    /** {@link SparkFunctions#formatNumber(Long, Integer)} of values that are not {@code NULL}. */
    public static String formatNumber(long n, int d) {
      return d < 0 ? null : decimalFormat(d).format(n);
    }

    private static DecimalFormat decimalFormat(int d) {
      DecimalFormat format =
          new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
      int decimals = Math.min(d, MAX_FORMAT_DECIMALS);
      format.setMinimumFractionDigits(decimals);
      format.setMaximumFractionDigits(decimals);
      format.setRoundingMode(RoundingMode.HALF_EVEN);
      return format;
    }

    /** {@link SparkFunctions#length} of a string that is not {@code NULL}. */
    public static int length(String s) {
      return s.codePointCount(0, s.length());
    }

    /** {@link SparkFunctions#datediff(Integer, Integer)} of dates that are not {@code NULL}. */
    public static int datediff(int end, int start) {
      return end - start;
    }

    /**
     * {@link SparkFunctions#formatMillis(Long, String)} of a timestamp that is not {@code NULL}.
     */
    public static String formatMillis(long millis, String pattern) {
      return pattern == null ? null : printer(pattern).format(Instant.ofEpochMilli(millis));
    }

    /** {@link SparkFunctions#formatDays(Integer, String)} of a date that is not {@code NULL}. */
    public static String formatDays(int days, String pattern) {
      return formatMillis(days * MILLIS_PER_DAY, pattern);
    }

    /** {@link SparkFunctions#fromUnixtime(Long)} of seconds that are not {@code NULL}. */
    public static String fromUnixtime(long seconds) {
      return fromUnixtime(seconds, DEFAULT_TIMESTAMP_PATTERN);
    }

    /** {@link SparkFunctions#fromUnixtime(Long, String)} of seconds that are not {@code NULL}. */
    public static String fromUnixtime(long seconds, String pattern) {
      return formatMillis(seconds * 1000L, pattern);
    }

    /** {@link SparkFunctions#millisToDate(Long)} of a timestamp that is not {@code NULL}. */
    public static int millisToDate(long millis) {
      return Math.toIntExact(Math.floorDiv(millis, MILLIS_PER_DAY));
    }

    /** {@link SparkFunctions#millisToSeconds(Long)} of a timestamp that is not {@code NULL}. */
    public static long millisToSeconds(long millis) {
      return Math.floorDiv(millis, 1000L);
    }

    /** {@link SparkFunctions#daysToSeconds(Integer)} of a date that is not {@code NULL}. */
    public static long daysToSeconds(int days) {
      return days * 86_400L;
    }

    /**
     * {@link SparkFunctions#arrayContains} of a list and an integral value (or date, timestamp)
     * that are not {@code NULL}: whether an element is a number of that value, as a {@code long}.
     */
    public static boolean arrayContains(List<?> list, long value) {
      if (list instanceof LongElements longs) {
        for (int i = 0; i < longs.size(); i++) {
          if (longs.getLong(i) == value) {
            return true;
          }
        }
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Number n && n.longValue() == value) {
          return true;
        }
      }
      return false;
    }

    /**
     * {@link SparkFunctions#arrayContains} of a list and a fractional value that are not {@code
     * NULL}: whether an element is a number equal to it as a {@code double}, {@code -0.0} equal to
     * {@code 0.0} and NaN to NaN.
     */
    public static boolean arrayContains(List<?> list, double value) {
      if (list instanceof DoubleElements doubles) {
        for (int i = 0; i < doubles.size(); i++) {
          double element = doubles.getDouble(i);
          if (element == value || (Double.isNaN(element) && Double.isNaN(value))) {
            return true;
          }
        }
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Number n) {
          double element = n.doubleValue();
          if (element == value || (Double.isNaN(element) && Double.isNaN(value))) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * Element {@code index} (1-based, as the lowering makes the index of {@code a[i]}) of a list of
     * {@code DOUBLE}s, unboxed: read as a {@code double} from {@link DoubleElements}, without a
     * box; 0 where {@link #itemIsNull} tells it is NULL.
     */
    public static double doubleItem(List<?> list, int index) {
      if (itemIsNull(list, index)) {
        return 0;
      }
      return list instanceof DoubleElements doubles
          ? doubles.getDouble(index - 1)
          : ((Number) list.get(index - 1)).doubleValue();
    }

    /** As {@link #doubleItem}, for a list of {@code BIGINT}s, read from {@link LongElements}. */
    public static long longItem(List<?> list, int index) {
      if (itemIsNull(list, index)) {
        return 0;
      }
      return list instanceof LongElements longs
          ? longs.getLong(index - 1)
          : ((Number) list.get(index - 1)).longValue();
    }

    /**
     * Whether {@code a[i]} is NULL for element {@code index} (1-based) of {@code list}: when the
     * index is out of range or the element is {@code NULL}.
     */
    public static boolean itemIsNull(List<?> list, int index) {
      if (index < 1 || index > list.size()) {
        return true;
      }
      return !(list instanceof DoubleElements || list instanceof LongElements)
          && list.get(index - 1) == null;
    }

    /** {@link SparkFunctions#arrayContains} of a list and a boolean that are not {@code NULL}. */
    public static boolean arrayContains(List<?> list, boolean value) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Boolean b && b.booleanValue() == value) {
          return true;
        }
      }
      return false;
    }

    /** {@link SparkFunctions#arrayContains} of a list and a string that are not {@code NULL}. */
    public static boolean arrayContains(List<?> list, String value) {
      for (int i = 0; i < list.size(); i++) {
        if (value.equals(list.get(i))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether {@link SparkFunctions#arrayContains} is NULL, given {@code found = arrayContains(list,
     * value)}: when nothing was found and an element is {@code NULL}.
     */
    public static boolean arrayContainsIsNull(List<?> list, long value, boolean found) {
      return !found && hasNull(list);
    }

    /** See {@link #arrayContainsIsNull(List, long, boolean)}. */
    public static boolean arrayContainsIsNull(List<?> list, double value, boolean found) {
      return !found && hasNull(list);
    }

    /** See {@link #arrayContainsIsNull(List, long, boolean)}. */
    public static boolean arrayContainsIsNull(List<?> list, boolean value, boolean found) {
      return !found && hasNull(list);
    }

    /** See {@link #arrayContainsIsNull(List, long, boolean)}. */
    public static boolean arrayContainsIsNull(List<?> list, String value, boolean found) {
      return !found && hasNull(list);
    }

    /** {@link SparkFunctions#toByte}: its value, or {@link Byte#MIN_VALUE} when it may be NULL. */
    public static byte toByte(String s) {
      return (byte) parseIntegral(s, Byte.MIN_VALUE, Byte.MAX_VALUE, Byte.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toByte} is NULL, given {@code v = toByte(s)}. */
    public static boolean toByteIsNull(String s, byte v) {
      return v == Byte.MIN_VALUE && parseIntegral(s, Byte.MIN_VALUE, Byte.MAX_VALUE, 0L) == 0L;
    }

    /** {@link SparkFunctions#toShort}: its value, or {@link Short#MIN_VALUE} if it may be NULL. */
    public static short toShort(String s) {
      return (short) parseIntegral(s, Short.MIN_VALUE, Short.MAX_VALUE, Short.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toShort} is NULL, given {@code v = toShort(s)}. */
    public static boolean toShortIsNull(String s, short v) {
      return v == Short.MIN_VALUE && parseIntegral(s, Short.MIN_VALUE, Short.MAX_VALUE, 0L) == 0L;
    }

    /** {@link SparkFunctions#toInt}: its value, or {@link Integer#MIN_VALUE} if it may be NULL. */
    public static int toInt(String s) {
      return (int) parseIntegral(s, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toInt} is NULL, given {@code v = toInt(s)}. */
    public static boolean toIntIsNull(String s, int v) {
      return v == Integer.MIN_VALUE
          && parseIntegral(s, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L) == 0L;
    }

    /** {@link SparkFunctions#toLong}: its value, or {@link Long#MIN_VALUE} when it may be NULL. */
    public static long toLong(String s) {
      return parseIntegral(s, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toLong} is NULL, given {@code v = toLong(s)}. */
    public static boolean toLongIsNull(String s, long v) {
      return v == Long.MIN_VALUE && parseIntegral(s, Long.MIN_VALUE, Long.MAX_VALUE, 0L) == 0L;
    }

    /** {@link SparkFunctions#toDouble}: its value, or NaN when it may be NULL. */
    public static double toDouble(String s) {
      return parseDouble(s, Double.NaN);
    }

    /** Whether {@link SparkFunctions#toDouble} is NULL, given {@code v = toDouble(s)}. */
    public static boolean toDoubleIsNull(String s, double v) {
      return Double.isNaN(v) && parseDouble(s, 0.0) == 0.0;
    }

    /** {@link SparkFunctions#toFloat}: its value, or NaN when it may be NULL. */
    public static float toFloat(String s) {
      return (float) parseDouble(s, Double.NaN);
    }

    /** Whether {@link SparkFunctions#toFloat} is NULL, given {@code v = toFloat(s)}. */
    public static boolean toFloatIsNull(String s, float v) {
      return Float.isNaN(v) && parseDouble(s, 0.0) == 0.0;
    }

    /** {@link SparkFunctions#toBoolean}: its value, or false when it may be NULL. */
    public static boolean toBoolean(String s) {
      return parseBoolean(s) == 1;
    }

    /** Whether {@link SparkFunctions#toBoolean} is NULL, given {@code v = toBoolean(s)}. */
    public static boolean toBooleanIsNull(String s, boolean v) {
      return !v && parseBoolean(s) < 0;
    }

    /**
     * {@link SparkFunctions#toDate(String)}: its value, or {@link Integer#MIN_VALUE} when it is
     * NULL (a four-digit year is never that far from 1970).
     */
    public static int toDate(String s) {
      return parseDate(s, Integer.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toDate(String)} is NULL, given {@code v = toDate(s)}. */
    public static boolean toDateIsNull(String s, int v) {
      return v == Integer.MIN_VALUE;
    }

    /**
     * {@link SparkFunctions#toTimestamp}: its value, or {@link Long#MIN_VALUE} when it is NULL (a
     * four-digit year is never that far from 1970).
     */
    public static long toTimestamp(String s) {
      return parseTimestamp(s, Long.MIN_VALUE);
    }

    /** Whether {@link SparkFunctions#toTimestamp} is NULL, given {@code v = toTimestamp(s)}. */
    public static boolean toTimestampIsNull(String s, long v) {
      return v == Long.MIN_VALUE;
    }

    /**
     * {@link SparkFunctions#toDate(String, String)}: its value, or {@link Integer#MIN_VALUE} when
     * it is NULL (a parsed instant is never that far from 1970).
     */
    public static int toDate(String s, String pattern) {
      long millis = parseMillis(s, pattern, Long.MIN_VALUE);
      return millis == Long.MIN_VALUE ? Integer.MIN_VALUE : millisToDate(millis);
    }

    /** Whether {@link SparkFunctions#toDate(String, String)} is NULL, given its {@code v}. */
    public static boolean toDateIsNull(String s, String pattern, int v) {
      return v == Integer.MIN_VALUE;
    }

    /**
     * {@link SparkFunctions#unixTimestamp(String)}: its value, or {@link Long#MIN_VALUE} when it
     * is NULL.
     */
    public static long unixTimestamp(String s) {
      return unixTimestamp(s, DEFAULT_TIMESTAMP_PATTERN);
    }

    /** Whether {@link SparkFunctions#unixTimestamp(String)} is NULL, given its {@code v}. */
    public static boolean unixTimestampIsNull(String s, long v) {
      return v == Long.MIN_VALUE;
    }

    /**
     * {@link SparkFunctions#unixTimestamp(String, String)}: its value, or {@link Long#MIN_VALUE}
     * when it is NULL (a parsed instant is never that far from 1970).
     */
    public static long unixTimestamp(String s, String pattern) {
      long millis = parseMillis(s, pattern, Long.MIN_VALUE);
      return millis == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(millis, 1000L);
    }

    /** Whether {@link SparkFunctions#unixTimestamp(String, String)} is NULL, given its value. */
    public static boolean unixTimestampIsNull(String s, String pattern, long v) {
      return v == Long.MIN_VALUE;
    }
  }
}
