package org.chrononbeam.expressions;

/**
 * Decimal arithmetic on unscaled {@code long} values, for the code {@link ColumnarCodegen}
 * generates: a {@code DECIMAL(p, s)} value {@code v} is held as the {@code long} {@code v * 10^s}.
 * Each method computes its exact result, or throws {@link #ESCAPE} when that result does not fit
 * in a {@code long} (or, for {@link #toDouble}, when it cannot be converted exactly as {@link
 * java.math.BigDecimal#doubleValue} converts it): {@link ColumnarQuery} then evaluates that row
 * with the row function. Public only so that generated code can call it.
 */
public final class UnscaledDecimals {
  /** Thrown when a row needs the row function; created once, without a stack trace. */
  static final class Escape extends RuntimeException {
    private Escape() {
      super(null, null, false, false);
    }
  }

  static final Escape ESCAPE = new Escape();

  /** {@code 10^k} for {@code k} from 0 to 18, the powers of ten a {@code long} holds. */
  private static final long[] POWERS = new long[19];

  /** {@code 10^k} for {@code k} from 0 to 22, the powers of ten a {@code double} holds exactly. */
  private static final double[] DOUBLE_POWERS = new double[23];

  /** The largest change of scale {@link #scaleUp} and {@link #scaleDown} take. */
  static final int MAX_RESCALE = 18;

  static {
    POWERS[0] = 1;
    for (int k = 1; k < POWERS.length; k++) {
      POWERS[k] = POWERS[k - 1] * 10;
    }
    DOUBLE_POWERS[0] = 1;
    for (int k = 1; k < DOUBLE_POWERS.length; k++) {
      DOUBLE_POWERS[k] = DOUBLE_POWERS[k - 1] * 10;
    }
  }

  private UnscaledDecimals() {}

  /** {@code a + b}. */
  public static long plus(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw ESCAPE;
    }
    return r;
  }

  /** {@code a - b}. */
  public static long minus(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw ESCAPE;
    }
    return r;
  }

  /** {@code a * b}. */
  public static long times(long a, long b) {
    long r = a * b;
    if (Math.multiplyHigh(a, b) != (r >> 63)) {
      throw ESCAPE;
    }
    return r;
  }

  /** {@code -a}. */
  public static long negate(long a) {
    if (a == Long.MIN_VALUE) {
      throw ESCAPE;
    }
    return -a;
  }

  /** {@code |a|}. */
  public static long abs(long a) {
    return a < 0 ? negate(a) : a;
  }

  /** {@code u * 10^by}: the same value at a scale {@code by} digits larger (at most 18). */
  public static long scaleUp(long u, int by) {
    return times(u, POWERS[by]);
  }

  /**
   * {@code u / 10^by} rounded half away from zero (Spark's rounding of a decimal cast): the value
   * at a scale {@code by} digits smaller (at most 18). It always fits.
   */
  public static long scaleDown(long u, int by) {
    long divisor = POWERS[by];
    long quotient = u / divisor;
    long remainder = Math.abs(u % divisor);
    if (remainder >= divisor - remainder) {
      quotient += u < 0 ? -1 : 1;
    }
    return quotient;
  }

  /**
   * {@code u / 10^scale} truncated toward zero: the integer part of a decimal, exact, as Spark's
   * {@code Decimal.toLong} computes it (0 for a scale beyond 18, where {@code |u| < 10^scale}).
   */
  public static long toLong(long u, int scale) {
    return scale < POWERS.length ? u / POWERS[scale] : 0L;
  }

  /** Whether unscaled {@code u} has more than {@code precision} digits. */
  public static boolean exceeds(long u, int precision) {
    return precision < POWERS.length && (u >= POWERS[precision] || u <= -POWERS[precision]);
  }

  /**
   * The {@code double} nearest to {@code u / 10^scale}, as {@link java.math.BigDecimal#doubleValue}
   * gives it: that method, in JDK 17, returns {@code (double) u} for scale 0 and {@code (double) u
   * / 10^scale} when {@code |u| < 2^52} and {@code scale <= 22} (one correctly rounded operation
   * on exact operands), and else parses the decimal string, also correctly rounded; so the result
   * is the correctly rounded quotient whatever scale the row function's {@code BigDecimal} has.
   * Throws {@link #ESCAPE} outside those two cases.
   */
  public static double toDouble(long u, int scale) {
    if (scale == 0) {
      return u;
    }
    if (u > -(1L << 52) && u < 1L << 52 && scale < DOUBLE_POWERS.length) {
      return u / DOUBLE_POWERS[scale];
    }
    throw ESCAPE;
  }
}
