package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Edge cases of the Spark semantics the generated code calls. */
class SparkFunctionsTest {

  @Test
  void integralCastsFromStrings() {
    assertEquals(-12L, SparkFunctions.toLong("  -12 "));
    assertEquals(5L, SparkFunctions.toLong("+5"));
    assertEquals(1L, SparkFunctions.toLong("1.9"));
    assertEquals(-1L, SparkFunctions.toLong("-1.9"));
    assertEquals(0L, SparkFunctions.toLong(".5"));
    assertEquals(Long.MAX_VALUE, SparkFunctions.toLong("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, SparkFunctions.toLong("-9223372036854775808"));
    assertNull(SparkFunctions.toLong("9223372036854775808"));
    assertNull(SparkFunctions.toLong("."));
    assertNull(SparkFunctions.toLong(""));
    assertNull(SparkFunctions.toLong("-"));
    assertNull(SparkFunctions.toLong("1e3"));
    assertNull(SparkFunctions.toLong("12a"));
    assertNull(SparkFunctions.toLong("١٢"));
    assertNull(SparkFunctions.toLong(null));
    assertEquals(Integer.MAX_VALUE, SparkFunctions.toInt("2147483647"));
    assertNull(SparkFunctions.toInt("2147483648"));
    assertEquals((short) -32768, SparkFunctions.toShort("-32768"));
    assertNull(SparkFunctions.toShort("32768"));
    assertEquals((byte) 127, SparkFunctions.toByte("127"));
    assertNull(SparkFunctions.toByte("128"));
  }

  @Test
  void fractionalAndBooleanCastsFromStrings() {
    assertEquals(2.5, SparkFunctions.toDouble(" 2.5 "));
    assertEquals(1000.0, SparkFunctions.toDouble("1e3"));
    assertEquals(Double.POSITIVE_INFINITY, SparkFunctions.toDouble("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, SparkFunctions.toDouble("-Infinity"));
    assertEquals(Double.NaN, SparkFunctions.toDouble("NaN"));
    assertNull(SparkFunctions.toDouble("1.5d"));
    assertNull(SparkFunctions.toDouble("abc"));
    assertEquals(0.5f, SparkFunctions.toFloat("0.5"));
    assertEquals(Boolean.TRUE, SparkFunctions.toBoolean(" YES "));
    assertEquals(Boolean.TRUE, SparkFunctions.toBoolean("1"));
    assertEquals(Boolean.FALSE, SparkFunctions.toBoolean("f"));
    assertNull(SparkFunctions.toBoolean("2"));
  }

  @Test
  void datesAndTimestampsFromStrings() {
    assertEquals(19_723, SparkFunctions.toDate("2024"));
    assertEquals(19_754, SparkFunctions.toDate("2024-2"));
    assertEquals(19_756, SparkFunctions.toDate("2024-02-03 garbage"));
    assertEquals(19_756, SparkFunctions.toDate("2024-02-03T10:00"));
    assertNull(SparkFunctions.toDate("2024-02-30"));
    assertNull(SparkFunctions.toDate("24-01-01"));
    assertNull(SparkFunctions.toDate("2024-01-01-01"));
    assertEquals(1_704_164_645_123L, SparkFunctions.toTimestamp("2024-01-02T03:04:05.123456Z"));
    assertEquals(1_704_157_445_000L, SparkFunctions.toTimestamp("2024-01-02 03:04:05+02:00"));
    assertEquals(1_704_153_600_000L, SparkFunctions.toTimestamp("2024-01-02"));
    assertEquals(1_704_164_640_000L, SparkFunctions.toTimestamp("2024-01-02 03:04"));
    assertNull(SparkFunctions.toTimestamp("2024-01-02 25:00:00"));
    assertNull(SparkFunctions.toTimestamp("bad"));
  }

  @Test
  void substrIsOneBasedAndCountsCodePoints() {
    assertEquals("Hel", SparkFunctions.substr("Hello", 1, 3));
    assertEquals("Hel", SparkFunctions.substr("Hello", 0, 3));
    assertEquals("lo", SparkFunctions.substr("Hello", -2));
    assertEquals("", SparkFunctions.substr("Hello", -10, 3));
    assertEquals("He", SparkFunctions.substr("Hello", -10, 7));
    assertEquals("", SparkFunctions.substr("Hello", 2, -1));
    assertEquals("", SparkFunctions.substr("Hello", 6));
    assertEquals("ello", SparkFunctions.substr("Hello", 2, Integer.MAX_VALUE));
    assertEquals("😀", SparkFunctions.substr("a😀b", 2, 1));
    assertEquals(3, SparkFunctions.length("a😀b"));
    assertNull(SparkFunctions.substr(null, 1, 1));
    assertNull(SparkFunctions.substr("a", null, 1));
  }

  @Test
  void roundOnDoublesEqualsRoundingTheDecimalForm() {
    Random random = new Random(61);
    double[] fixed = {1.005, 2.345, 0.125, -0.125, 2.5, -2.5, 0.5, -0.5, -0.0, 0.0, 1e-300, -1e-7,
      999_999_999.5, 99_999_999.95, 0.285, 1.115, 4.35, -4.35, 1234.5678, 5e-5, 0.045};
    for (int i = 0; i < 400_000; i++) {
      double d =
          i < fixed.length * 8
              ? fixed[i % fixed.length]
              : switch (i % 4) {
                case 0 -> random.nextInt(2_000_001) / 1000.0 - 1000;
                case 1 -> (random.nextInt(20_001) - 10_000) / 200.0;
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(24) - 12);
                default -> Double.longBitsToDouble(random.nextLong());
              };
      int scale = i < fixed.length * 8 ? i / fixed.length : random.nextInt(12) - 1;
      double expected =
          Double.isNaN(d) || Double.isInfinite(d)
              ? d
              : BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).doubleValue();
      assertEquals(
          Double.doubleToLongBits(expected),
          Double.doubleToLongBits(SparkFunctions.Unboxed.round(d, scale)),
          () -> "round(" + d + ", " + scale + ")");
    }
  }

  @Test
  void padsRepeatThePadAndTruncateToTheLength() {
    assertEquals("xyxhi", SparkFunctions.lpad("hi", 5, "xy"));
    assertEquals("hixyx", SparkFunctions.rpad("hi", 5, "xy"));
    assertEquals("hel", SparkFunctions.lpad("hello", 3, "x"));
    assertEquals("hel", SparkFunctions.rpad("hello", 3, "x"));
    assertEquals("hello", SparkFunctions.lpad("hello", 5, "x"));
    assertEquals("hi", SparkFunctions.lpad("hi", 5, ""));
    assertEquals("h", SparkFunctions.rpad("hi", 1, ""));
    assertEquals("", SparkFunctions.lpad("hi", 0, "x"));
    assertEquals("", SparkFunctions.rpad("hi", -3, "x"));
    assertEquals("😀a😀a", SparkFunctions.rpad("😀", 4, "a😀"));
    assertEquals("a😀a😀", SparkFunctions.lpad("😀", 4, "a😀"));
    assertEquals("a", SparkFunctions.lpad("a😀b", 1, "x"));
    assertNull(SparkFunctions.lpad(null, 3, "x"));
    assertNull(SparkFunctions.rpad("a", null, "x"));
    assertNull(SparkFunctions.lpad("a", 3, null));
  }

  @Test
  void padsOfAHugeOrMostNegativeLength() {
    assertEquals("", SparkFunctions.lpad("abc", Integer.MIN_VALUE, "x"));
    assertEquals("", SparkFunctions.rpad("abc", Integer.MIN_VALUE, "x"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkFunctions.rpad("abc", Integer.MAX_VALUE, "x"));
    assertEquals(
        "rpad: a result of 2147483644 characters (for 2147483647) is longer than 268435456",
        e.getMessage());
  }

  @Test
  void repeatAndSpace() {
    assertEquals("ababab", SparkFunctions.repeat("ab", 3));
    assertEquals("😀😀", SparkFunctions.repeat("😀", 2));
    assertEquals("", SparkFunctions.repeat("ab", 0));
    assertEquals("", SparkFunctions.repeat("ab", Integer.MIN_VALUE));
    assertEquals("", SparkFunctions.repeat("", Integer.MAX_VALUE));
    assertNull(SparkFunctions.repeat(null, 2));
    assertNull(SparkFunctions.repeat("a", null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SparkFunctions.repeat("ab", Integer.MAX_VALUE));
    assertEquals(
        "repeat: a result of 4294967294 characters (for 2147483647) is longer than 268435456",
        e.getMessage());
    assertEquals("   ", SparkFunctions.space(3));
    assertEquals("", SparkFunctions.space(-1));
    assertNull(SparkFunctions.space(null));
    assertThrows(IllegalArgumentException.class, () -> SparkFunctions.space(Integer.MAX_VALUE));
  }

  @Test
  void formatNumber() {
    assertEquals("12,345.67", SparkFunctions.formatNumber(12345.675, 2));
    assertEquals("12,346", SparkFunctions.formatNumber(12345.5, 0));
    assertEquals("12,344", SparkFunctions.formatNumber(12344.5, 0));
    assertEquals("-0.1", SparkFunctions.formatNumber(-0.125, 1));
    assertEquals("1,234,567.000", SparkFunctions.formatNumber(1234567L, 3));
    assertEquals("9,223,372,036,854,775,807", SparkFunctions.formatNumber(Long.MAX_VALUE, 0));
    assertEquals("NaN", SparkFunctions.formatNumber(Double.NaN, 2));
    assertEquals("-∞", SparkFunctions.formatNumber(Double.NEGATIVE_INFINITY, 2));
    assertNull(SparkFunctions.formatNumber(1.5, -1));
    assertNull(SparkFunctions.formatNumber(1L, Integer.MIN_VALUE));
    assertNull(SparkFunctions.formatNumber((Double) null, 1));
    assertEquals("1." + "0".repeat(340), SparkFunctions.formatNumber(1.0, Integer.MAX_VALUE));
  }

  @Test
  void timeFormattingInUtc() {
    assertEquals("1970-01-01 00:00:01.5", SparkFunctions.timestampToString(1_500L));
    assertEquals("1969-12-31 23:59:59.999", SparkFunctions.timestampToString(-1L));
    assertEquals("1970-01-01 00:00:00", SparkFunctions.timestampToString(0L));
    assertEquals(-1, SparkFunctions.millisToDate(-1L));
    assertEquals(-1L, SparkFunctions.millisToSeconds(-1L));
    assertEquals(86_400L, SparkFunctions.daysToSeconds(1));
    assertEquals("1970-01-02", SparkFunctions.formatDays(1, "yyyy-MM-dd"));
    assertEquals("1970-01-01 00:00:00", SparkFunctions.fromUnixtime(0L));
    assertNull(SparkFunctions.fromUnixtime(null));
    assertEquals(3_600L, SparkFunctions.unixTimestamp("1970-01-01 01", "yyyy-MM-dd HH"));
    assertEquals(0L, SparkFunctions.unixTimestamp("1970-01", "yyyy-MM"));
    assertNull(SparkFunctions.unixTimestamp("1970-01-01", "yyyy-MM-dd HH"));
    assertThrows(IllegalArgumentException.class, () -> SparkFunctions.checkPattern("yyyy-MM-dd b"));
  }

  @Test
  void narrowingWrapsAndTruncates() {
    assertEquals(-1_294_967_296, SparkFunctions.wrapToInt(3_000_000_000L));
    assertEquals((short) -32768, SparkFunctions.wrapToShort(32_768L));
    assertEquals((byte) -128, SparkFunctions.wrapToByte(128L));
    assertEquals(Long.MAX_VALUE, SparkFunctions.truncateToLong(1e30));
    assertEquals(0, SparkFunctions.truncateToInt(Double.NaN));
    assertEquals(-2, SparkFunctions.truncateToInt(-2.9));
  }

  /**
   * A decimal cast to an integer truncates toward zero and keeps the low bits, as Spark's {@code
   * Decimal.toLong} (worked out by hand: {@code 2^64 + 1} is 1 modulo {@code 2^64}, {@code 2^31}
   * is {@code -2^31} as an {@code INT}, -129 is 127 as a {@code TINYINT}); {@link
   * UnscaledDecimals#toLong} of an unscaled value gives what {@code BigDecimal.longValue} gives.
   */
  @Test
  void decimalsToIntegersTruncateAndWrap() {
    assertEquals(-2L, SparkFunctions.decimalToLong(new BigDecimal("-2.9")));
    assertEquals(1L, SparkFunctions.decimalToLong(new BigDecimal("18446744073709551617.5")));
    assertEquals(Integer.MIN_VALUE, SparkFunctions.decimalToInt(new BigDecimal("2147483648.5")));
    assertEquals((short) -1, SparkFunctions.decimalToShort(new BigDecimal("65535.99")));
    assertEquals((byte) 127, SparkFunctions.decimalToByte(new BigDecimal("-129.9")));
    assertNull(SparkFunctions.decimalToLong(null));
    Random random = new Random(9);
    for (int k = 0; k < 2_000; k++) {
      long u = randomLong(random);
      int scale = random.nextInt(22);
      long truncated = BigDecimal.valueOf(u, scale).longValue();
      assertEquals(truncated, UnscaledDecimals.toLong(u, scale), u + " at scale " + scale);
    }
  }

  /**
   * A string parse of {@link SparkFunctions.Unboxed} returns a fixed value for a string that does
   * not parse; its {@code nameIsNull} companion tells that apart from a string denoting the value.
   */
  @Test
  void theFixedValueOfAParseIsNullOnlyForABadString() {
    assertEquals((byte) -128, SparkFunctions.toByte("-128"));
    assertEquals((short) -32768, SparkFunctions.toShort(" -32768.9 "));
    assertEquals(Integer.MIN_VALUE, SparkFunctions.toInt("-2147483648"));
    assertEquals(Float.NaN, SparkFunctions.toFloat("nan"));
    assertEquals(Boolean.FALSE, SparkFunctions.toBoolean("No"));
    assertNull(SparkFunctions.toByte("-129"));
    assertNull(SparkFunctions.toShort("x"));
    assertNull(SparkFunctions.toFloat("-nan"));
    assertNull(SparkFunctions.toBoolean("nope"));
    for (String bad : new String[] {"", "x", "-", "1e400x", "--1"}) {
      assertEquals(
          true, SparkFunctions.Unboxed.toLongIsNull(bad, SparkFunctions.Unboxed.toLong(bad)));
      assertEquals(
          true, SparkFunctions.Unboxed.toDoubleIsNull(bad, SparkFunctions.Unboxed.toDouble(bad)));
      assertEquals(
          true, SparkFunctions.Unboxed.toDateIsNull(bad, SparkFunctions.Unboxed.toDate(bad)));
      assertEquals(
          true,
          SparkFunctions.Unboxed.toTimestampIsNull(bad, SparkFunctions.Unboxed.toTimestamp(bad)));
    }
    assertEquals(false, SparkFunctions.Unboxed.toLongIsNull("0", 0L));
    assertEquals(false, SparkFunctions.Unboxed.toDoubleIsNull("NaN", Double.NaN));
  }

  /** An instant beyond what Spark's microsecond timestamps hold parses to NULL, not an overflow. */
  @Test
  void aParsedInstantOutOfRangeIsNull() {
    assertNull(SparkFunctions.unixTimestamp("300000", "yyyyyy"));
    assertNull(SparkFunctions.toDate("300000", "yyyyyy"));
    assertEquals(253370764800L, SparkFunctions.unixTimestamp("9999", "yyyy"));
  }

  /**
   * Each {@link SparkFunctions.Unboxed} method gives what the boxed method of the same name gives
   * (the columnar path calls the one, the row path the other), on random and boundary values; the
   * boxed one gives {@code null} for a {@code null} argument.
   */
  @Test
  void unboxedFunctionsEqualTheBoxedOnes() {
    Random random = new Random(5);
    String[] strings = {"", "a", "Hello", "a😀b", "Zürich", " x "};
    String[] patterns = {"yyyy-MM-dd", "HH:mm:ss.SSS", "yyyy"};
    for (int k = 0; k < 2_000; k++) {
      long n = randomLong(random);
      double d = randomDouble(random);
      int i = (int) randomLong(random);
      int j = (int) randomLong(random);
      long millis = Math.floorMod(n, 400_000_000_000_000L) - 200_000_000_000_000L;
      int days = Math.floorMod(i, 4_000_000) - 2_000_000;
      String s = strings[random.nextInt(strings.length)];
      String pattern = patterns[random.nextInt(patterns.length)];
      assertEquals(SparkFunctions.wrapToInt(n), SparkFunctions.Unboxed.wrapToInt(n));
      assertEquals(SparkFunctions.wrapToShort(n), SparkFunctions.Unboxed.wrapToShort(n));
      assertEquals(SparkFunctions.wrapToByte(n), SparkFunctions.Unboxed.wrapToByte(n));
      assertEquals(SparkFunctions.truncateToLong(d), SparkFunctions.Unboxed.truncateToLong(d));
      assertEquals(SparkFunctions.truncateToInt(d), SparkFunctions.Unboxed.truncateToInt(d));
      assertEquals(SparkFunctions.truncateToShort(d), SparkFunctions.Unboxed.truncateToShort(d));
      assertEquals(SparkFunctions.truncateToByte(d), SparkFunctions.Unboxed.truncateToByte(d));
      assertEquals(SparkFunctions.toString(d), SparkFunctions.Unboxed.toString(d));
      assertEquals(SparkFunctions.toString((float) d), SparkFunctions.Unboxed.toString((float) d));
      assertEquals(SparkFunctions.toString(d > 0), SparkFunctions.Unboxed.toString(d > 0));
      assertEquals(
          SparkFunctions.timestampToString(millis),
          SparkFunctions.Unboxed.timestampToString(millis));
      assertEquals(SparkFunctions.substr(s, i), SparkFunctions.Unboxed.substr(s, i));
      assertEquals(SparkFunctions.substr(s, i % 8, j), SparkFunctions.Unboxed.substr(s, i % 8, j));
      assertEquals(SparkFunctions.length(s), SparkFunctions.Unboxed.length(s));
      assertEquals(SparkFunctions.datediff(i, j), SparkFunctions.Unboxed.datediff(i, j));
      assertEquals(
          SparkFunctions.formatMillis(millis, pattern),
          SparkFunctions.Unboxed.formatMillis(millis, pattern));
      assertEquals(
          SparkFunctions.formatDays(days, pattern),
          SparkFunctions.Unboxed.formatDays(days, pattern));
      assertEquals(
          SparkFunctions.fromUnixtime(millis / 1000),
          SparkFunctions.Unboxed.fromUnixtime(millis / 1000));
      assertEquals(
          SparkFunctions.fromUnixtime(millis / 1000, pattern),
          SparkFunctions.Unboxed.fromUnixtime(millis / 1000, pattern));
      assertEquals(
          SparkFunctions.millisToDate(millis), SparkFunctions.Unboxed.millisToDate(millis));
      assertEquals(SparkFunctions.millisToSeconds(n), SparkFunctions.Unboxed.millisToSeconds(n));
      assertEquals(SparkFunctions.daysToSeconds(i), SparkFunctions.Unboxed.daysToSeconds(i));
    }
    assertNull(SparkFunctions.wrapToInt(null));
    assertNull(SparkFunctions.truncateToLong(null));
    assertNull(SparkFunctions.toString((Double) null));
    assertNull(SparkFunctions.timestampToString(null));
    assertNull(SparkFunctions.substr("a", (Integer) null));
    assertNull(SparkFunctions.length(null));
    assertNull(SparkFunctions.datediff(1, null));
    assertNull(SparkFunctions.formatMillis(null, "yyyy"));
    assertNull(SparkFunctions.formatDays(null, "yyyy"));
    assertNull(SparkFunctions.fromUnixtime(null, "yyyy"));
    assertNull(SparkFunctions.millisToDate(null));
    assertNull(SparkFunctions.millisToSeconds(null));
    assertNull(SparkFunctions.daysToSeconds(null));
  }

  private static long randomLong(Random random) {
    long[] special = {
      0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE
    };
    return random.nextBoolean() ? special[random.nextInt(special.length)] : random.nextLong();
  }

  private static double randomDouble(Random random) {
    double[] special = {
      0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30, -2.9, 3e9
    };
    return random.nextBoolean()
        ? special[random.nextInt(special.length)]
        : (random.nextDouble() - 0.5) * 1e12;
  }
}
