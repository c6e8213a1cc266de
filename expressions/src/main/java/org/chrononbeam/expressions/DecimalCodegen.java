package org.chrononbeam.expressions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * The decimal nodes of {@link ColumnarCodegen}: a {@code DECIMAL(p, s)} node's value is a {@code
 * long} local holding its unscaled value at the node type's scale {@code s} (the value times
 * {@code 10^s}), computed with {@link UnscaledDecimals}, never a {@code BigDecimal}.
 *
 * <ul>
 *   <li>Decimal literals (and NULL) whose unscaled value fits in a {@code long}.
 *   <li>Casts to {@code DECIMAL(p, s)} (the lowering's {@link SparkFunctions#toDecimal}) of an
 *       integer (times {@code 10^s}) or of a decimal (rescaled, rounded half up when the scale
 *       shrinks), {@code NULL} when the result has more than {@code p} digits; a Calcite cast
 *       between decimals of one scale (its {@code NOT NULL} casts) is the operand itself, and one
 *       between scales (only those this class adds, below, as the lowering replaces the others)
 *       is computed as the lowering's.
 *   <li>{@code +}, {@code -} and {@code *} of decimals and integers (an integer has scale 0),
 *       unary minus and {@code abs}: exact, as the row function's {@code BigDecimal} arithmetic,
 *       which does not round them to their type either.
 *   <li>Comparisons of a decimal with a decimal or an integer, at the larger of their scales.
 *   <li>Casts of a decimal to {@code DOUBLE} ({@link UnscaledDecimals#toDouble}), and so what the
 *       lowering computes through one: a decimal's division.
 *   <li>Casts of a decimal to an integer type (the lowering's {@link SparkFunctions#decimalToLong}
 *       and its narrowings): the unscaled value divided by {@code 10^s}, truncated toward zero
 *       ({@link UnscaledDecimals#toLong}, exact, never escaping), then narrowed as Java narrows a
 *       {@code long}; the row function's {@code BigDecimal.longValue()} gives the same.
 *   <li>{@code CASE} and {@code COALESCE} of decimals, by {@link ColumnarCodegen} as for any
 *       other type, once each branch of another scale than the whole's is cast to the type of the
 *       whole: exact, as Calcite's type of a {@code CASE} holds each branch (the row function
 *       keeps each branch's {@code BigDecimal} as it is, of the same value).
 *   <li>{@code +}, {@code -}, {@code *} and {@code /} computing a {@code DOUBLE} with a decimal
 *       operand ({@code i * 0.1 + x}): that operand cast to {@code DOUBLE}, as the row function
 *       converts it.
 * </ul>
 *
 * <p>A computation whose exact result does not fit in a {@code long}, or a conversion to {@code
 * double} of a value outside {@link UnscaledDecimals#toDouble}'s exact cases, throws {@link
 * UnscaledDecimals#ESCAPE}, and {@link ColumnarQuery} evaluates that row with the row function.
 * Other decimal nodes (casts of fractional numbers and strings to decimals, {@code %}, {@code
 * round}, casts of decimals to strings, changes of scale by more than 18 digits) are refused.
 */
final class DecimalCodegen {
  private static final String RUNTIME = UnscaledDecimals.class.getCanonicalName() + ".";

  /** The arithmetic Calcite computes on {@code double} values when its type is {@code DOUBLE}. */
  private static final Set<SqlKind> DOUBLE_ARITHMETIC =
      Set.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE);

  /** The lowering's casts of a decimal to an integer type, {@link SparkFunctions} methods. */
  private static final Set<String> DECIMAL_TO_INTEGER =
      Set.of("decimalToLong", "decimalToInt", "decimalToShort", "decimalToByte");

  private final ColumnarCodegen codegen;
  private final RexBuilder rexBuilder;

  DecimalCodegen(ColumnarCodegen codegen, RexBuilder rexBuilder) {
    this.codegen = codegen;
    this.rexBuilder = rexBuilder;
  }

  /**
   * Appends the statements computing {@code rex} when it is a decimal node or a comparison or
   * cast of decimals, and returns its value; {@code null} when it is neither, or when it is a
   * {@code CASE} or {@code COALESCE} of decimals, which {@link ColumnarCodegen} generates.
   *
   * @throws ColumnarCodegen.Refused for a decimal node it cannot generate
   */
  ColumnarCodegen.Value node(RexNode rex, StringBuilder code) {
    RelDataType type = rex.getType();
    if (rex instanceof RexCall call
        && hasDecimalOperand(call)
        && SqlTypeUtil.isApproximateNumeric(type)
        && DOUBLE_ARITHMETIC.contains(call.getKind())) {
      List<RexNode> doubles = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        doubles.add(
            SqlTypeUtil.isDecimal(operand.getType()) && !(operand instanceof RexLiteral)
                ? rexBuilder.makeAbstractCast(type, operand, false)
                : operand);
      }
      return codegen.node(call.clone(type, doubles), code);
    }
    if (rex instanceof RexCall call && hasDecimalOperand(call)) {
      if (call.getKind() == SqlKind.CAST
          && (type.getSqlTypeName() == SqlTypeName.DOUBLE
              || type.getSqlTypeName() == SqlTypeName.FLOAT)) {
        RexNode operand = call.getOperands().get(0);
        return strict(
            List.of(operand),
            v -> RUNTIME + "toDouble(" + v.get(0) + ", " + operand.getType().getScale() + ")",
            double.class,
            code);
      }
      if (SqlKind.COMPARISON.contains(call.getKind()) && call.getOperands().size() == 2) {
        return compare(call, code);
      }
    }
    if (rex instanceof RexCall call && isDecimalToInteger(call)) {
      return toInteger(call, code);
    }
    if (!SqlTypeUtil.isDecimal(type)) {
      if (rex instanceof RexCall call
          && hasDecimalOperand(call)
          && call.getKind() != SqlKind.IS_NULL
          && call.getKind() != SqlKind.IS_NOT_NULL) {
        throw new ColumnarCodegen.Refused();
      }
      return null;
    }
    if (rex instanceof RexLiteral literal) {
      return literal(literal, type.getScale());
    }
    if (!(rex instanceof RexCall call)) {
      throw new ColumnarCodegen.Refused();
    }
    List<RexNode> args = call.getOperands();
    int scale = type.getScale();
    return switch (call.getKind()) {
      case CASE, COALESCE -> {
        List<RexNode> branches = new ArrayList<>(args);
        boolean rescaled = false;
        for (int i = 0; i < args.size(); i++) {
          boolean branch =
              call.getKind() == SqlKind.COALESCE || i % 2 == 1 || i == args.size() - 1;
          if (branch && !sameScale(args.get(i), scale)) {
            branches.set(i, rexBuilder.makeAbstractCast(type, args.get(i), false));
            rescaled = true;
          }
        }
        yield rescaled ? codegen.node(call.clone(type, branches), code) : null;
      }
      case CAST -> {
        RelDataType from = args.get(0).getType();
        if (!SqlTypeUtil.isDecimal(from)) {
          throw new ColumnarCodegen.Refused();
        }
        if (from.getScale() == scale && from.getPrecision() <= type.getPrecision()) {
          yield codegen.node(args.get(0), code);
        }
        yield cast(args.get(0), type, code);
      }
      case PLUS, MINUS -> {
        if (scaleOf(args.get(0)) > scale || scaleOf(args.get(1)) > scale) {
          throw new ColumnarCodegen.Refused();
        }
        String op = call.getKind() == SqlKind.PLUS ? "plus" : "minus";
        yield strict(
            args,
            v ->
                RUNTIME
                    + op
                    + "("
                    + at(v.get(0), args.get(0), scale)
                    + ", "
                    + at(v.get(1), args.get(1), scale)
                    + ")",
            long.class,
            code);
      }
      case TIMES -> {
        int product = scaleOf(args.get(0)) + scaleOf(args.get(1));
        if (product > scale) {
          throw new ColumnarCodegen.Refused();
        }
        yield strict(
            args,
            v -> rescaled(RUNTIME + "times(" + v.get(0) + ", " + v.get(1) + ")", product, scale),
            long.class,
            code);
      }
      case MINUS_PREFIX -> strict(args, v -> RUNTIME + "negate(" + v.get(0) + ")", long.class, code);
      case PLUS_PREFIX -> codegen.node(args.get(0), code);
      default -> {
        if (call.getOperator().getName().equals("ABS") && scaleOf(args.get(0)) == scale) {
          yield strict(args, v -> RUNTIME + "abs(" + v.get(0) + ")", long.class, code);
        }
        if (isToDecimal(call)) {
          yield cast(args.get(0), type, code);
        }
        throw new ColumnarCodegen.Refused();
      }
    };
  }

  /** A decimal literal: its unscaled value at {@code scale}, or NULL. */
  private static ColumnarCodegen.Value literal(RexLiteral literal, int scale) {
    if (literal.isNull()) {
      return new ColumnarCodegen.Value("true", "0L", long.class);
    }
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value.scale() > scale) {
      throw new ColumnarCodegen.Refused();
    }
    BigInteger unscaled = value.setScale(scale).unscaledValue();
    if (unscaled.bitLength() > 63) {
      throw new ColumnarCodegen.Refused();
    }
    return new ColumnarCodegen.Value("false", unscaled.longValue() + "L", long.class);
  }

  /**
   * {@code CAST(operand AS DECIMAL(p, s))} of an integer or a decimal: NULL when the result has
   * more than {@code p} digits.
   */
  private ColumnarCodegen.Value cast(RexNode operand, RelDataType type, StringBuilder code) {
    RelDataType from = operand.getType();
    if (!SqlTypeUtil.isIntType(from) && !SqlTypeUtil.isDecimal(from)) {
      throw new ColumnarCodegen.Refused();
    }
    int scale = type.getScale();
    int precision = type.getPrecision();
    return codegen.strict(
        List.of(operand),
        v -> rescaled(v.get(0), scaleOf(operand), scale),
        long.class,
        (v, result) -> RUNTIME + "exceeds(" + result + ", " + precision + ")",
        code);
  }

  /**
   * The lowering's cast of a decimal to an integer type ({@link SparkFunctions#decimalToLong} and
   * its narrowings): the unscaled value divided by {@code 10^s}, truncated toward zero ({@link
   * UnscaledDecimals#toLong}, exact), then narrowed as Java narrows a {@code long}.
   */
  private ColumnarCodegen.Value toInteger(RexCall call, StringBuilder code) {
    RexNode operand = call.getOperands().get(0);
    int scale = operand.getType().getScale();
    Class<?> type =
        switch (call.getType().getSqlTypeName()) {
          case TINYINT -> byte.class;
          case SMALLINT -> short.class;
          case INTEGER -> int.class;
          default -> long.class;
        };
    return strict(
        List.of(operand),
        v -> "(" + type.getName() + ") " + RUNTIME + "toLong(" + v.get(0) + ", " + scale + ")",
        type,
        code);
  }

  /** A comparison of a decimal with a decimal or an integer, at the larger of their scales. */
  private ColumnarCodegen.Value compare(RexCall call, StringBuilder code) {
    List<RexNode> args = call.getOperands();
    int scale = Math.max(scaleOf(args.get(0)), scaleOf(args.get(1)));
    String op =
        switch (call.getKind()) {
          case EQUALS -> "==";
          case NOT_EQUALS -> "!=";
          case LESS_THAN -> "<";
          case LESS_THAN_OR_EQUAL -> "<=";
          case GREATER_THAN -> ">";
          case GREATER_THAN_OR_EQUAL -> ">=";
          default -> throw new ColumnarCodegen.Refused();
        };
    return strict(
        args,
        v ->
            "Long.compare("
                + at(v.get(0), args.get(0), scale)
                + ", "
                + at(v.get(1), args.get(1), scale)
                + ") "
                + op
                + " 0",
        boolean.class,
        code);
  }

  /** Strict node {@code compute} of the operands' values, which is never NULL itself. */
  private ColumnarCodegen.Value strict(
      List<RexNode> operands,
      Function<List<String>, String> compute,
      Class<?> type,
      StringBuilder code) {
    return codegen.strict(operands, compute, type, (v, result) -> "false", code);
  }

  /** Value {@code value} of decimal or integer {@code operand}, unscaled at {@code scale}. */
  private static String at(String value, RexNode operand, int scale) {
    return rescaled(value, scaleOf(operand), scale);
  }

  /** Unscaled {@code value} at scale {@code from}, as an unscaled value at scale {@code to}. */
  private static String rescaled(String value, int from, int to) {
    if (from == to) {
      return "(long) " + value;
    }
    if (Math.abs(to - from) > UnscaledDecimals.MAX_RESCALE) {
      throw new ColumnarCodegen.Refused();
    }
    return RUNTIME
        + (to > from ? "scaleUp(" : "scaleDown(")
        + value
        + ", "
        + Math.abs(to - from)
        + ")";
  }

  /** The scale of a decimal or integer operand (0); refused for any other type. */
  private static int scaleOf(RexNode operand) {
    RelDataType type = operand.getType();
    if (SqlTypeUtil.isDecimal(type)) {
      return type.getScale();
    }
    if (SqlTypeUtil.isIntType(type)) {
      return 0;
    }
    throw new ColumnarCodegen.Refused();
  }

  /**
   * Whether a branch of a {@code CASE} or {@code COALESCE} of decimals of {@code scale} is NULL or
   * a decimal of that scale.
   */
  private static boolean sameScale(RexNode branch, int scale) {
    return branch instanceof RexLiteral literal && literal.isNull()
        || SqlTypeUtil.isDecimal(branch.getType()) && branch.getType().getScale() == scale;
  }

  /**
   * Whether an operand of {@code call} is a decimal other than a literal (which {@link
   * ColumnarCodegen} makes a {@code double} constant where the call computes a {@code DOUBLE}).
   */
  private static boolean hasDecimalOperand(RexCall call) {
    return call.getOperands().stream()
        .anyMatch(a -> SqlTypeUtil.isDecimal(a.getType()) && !(a instanceof RexLiteral));
  }

  /** Whether {@code call} is the lowering's {@link SparkFunctions#toDecimal}. */
  private static boolean isToDecimal(RexCall call) {
    return sparkFunction(call).equals("toDecimal");
  }

  /**
   * Whether {@code call} is the lowering's cast of a decimal to an integer type ({@link
   * SparkFunctions#decimalToLong} and its narrowings).
   */
  private static boolean isDecimalToInteger(RexCall call) {
    return DECIMAL_TO_INTEGER.contains(sparkFunction(call))
        && SqlTypeUtil.isDecimal(call.getOperands().get(0).getType());
  }

  /** The name of the {@link SparkFunctions} method {@code call} calls; "" for any other call. */
  private static String sparkFunction(RexCall call) {
    return call.getOperator() instanceof SqlUserDefinedFunction udf
            && udf.getFunction() instanceof ScalarFunctionImpl function
            && function.method.getDeclaringClass() == SparkFunctions.class
        ? function.method.getName()
        : "";
  }
}
