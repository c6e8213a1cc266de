package org.chrononbeam.expressions;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.DataContexts;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Rewrites a validated expression so that Calcite's code generator gives Spark's answers: {@code /}
 * divides as doubles and gives {@code NULL} for a zero divisor, {@code %} by zero gives {@code
 * NULL}, {@code FLOOR}/{@code CEIL} of a fractional number is a {@code BIGINT}, casts from strings
 * give {@code NULL} on bad input, casts to decimals round half up and give {@code NULL} on
 * overflow, casts of decimals to integers truncate exactly (not through a {@code double}), {@code
 * substr} is Spark's, and the Spark functions declared in {@link SparkOperatorTable} become calls
 * to {@link SparkFunctions}. It also reports what cannot be
 * compiled (a function with no implementation, a window function, a subquery, a bad date pattern).
 * One instance lowers one expression.
 *
 * <p>In a relational plan ({@link SparkQueryPlanner}) an instance lowers the expressions of one
 * node whose inputs were lowered first: input references take the types of the lowered input, a
 * call whose operands changed type is typed again, and window functions are allowed.
 */
final class SparkLowering extends RexShuttle {
  /** The kinds of call that are not NULL for a NULL operand, nor for one of their own. */
  private static final Set<SqlKind> NULL_TAKING =
      EnumSet.of(
          SqlKind.IS_NULL,
          SqlKind.IS_NOT_NULL,
          SqlKind.IS_TRUE,
          SqlKind.IS_NOT_TRUE,
          SqlKind.IS_FALSE,
          SqlKind.IS_NOT_FALSE,
          SqlKind.IS_DISTINCT_FROM,
          SqlKind.IS_NOT_DISTINCT_FROM,
          SqlKind.COALESCE,
          SqlKind.CASE);

  /** The math functions Spark computes on doubles, by name (standard or Spark library). */
  private static final Set<String> DOUBLE_MATH =
      Set.of("POWER", "POW", "EXP", "LN", "LOG10", "LOG2", "CBRT", "ATAN2");

  /** The logarithms of {@link #DOUBLE_MATH}, {@code NULL} in Spark for an operand {@code <= 0}. */
  private static final Set<String> LOGARITHMS = Set.of("LN", "LOG10", "LOG2");

  /**
   * The type the validator casts a string to where a math function wants a number: {@code
   * DECIMAL(38, 19)}, half the digits of the type system's largest decimal after the point.
   */
  private static final int IMPLICIT_DECIMAL_PRECISION = 38;

  private static final int IMPLICIT_DECIMAL_SCALE = 19;

  private final RexBuilder rex;
  private final RelDataTypeFactory types;
  private final List<String> problems = new ArrayList<>();
  private final RelDataType relationalInput;

  SparkLowering(RexBuilder rex) {
    this(rex, null);
  }

  /**
   * Lowers the expressions of a plan node over {@code input}, the row type of its (lowered)
   * inputs; {@code null} lowers a stand-alone expression, where window functions are rejected.
   */
  SparkLowering(RexBuilder rex, RelDataType input) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
    this.relationalInput = input;
  }

  /** What made the expression impossible to compile; empty when it lowered cleanly. */
  List<String> problems() {
    return problems;
  }

  /** {@code CAST(operand AS target)} with Spark's semantics, for casts the compiler adds. */
  RexNode castTo(RexNode operand, RelDataType target) {
    return cast(operand, target, null);
  }

  @Override
  public RexNode visitInputRef(RexInputRef ref) {
    if (relationalInput == null) {
      return ref;
    }
    RelDataType lowered = relationalInput.getFieldList().get(ref.getIndex()).getType();
    return lowered.equals(ref.getType()) ? ref : rex.makeInputRef(lowered, ref.getIndex());
  }

  @Override
  public RexNode visitOver(RexOver over) {
    if (relationalInput != null) {
      return super.visitOver(over);
    }
    problems.add("window functions are not supported (" + over.getOperator().getName() + ")");
    return over;
  }

  @Override
  public RexNode visitSubQuery(RexSubQuery subQuery) {
    problems.add("subqueries are not supported");
    return subQuery;
  }

  @Override
  public RexNode visitCall(RexCall original) {
    if (original.getKind() == SqlKind.SEARCH) {
      return RexUtil.expandSearch(rex, null, original).accept(this);
    }
    RexCall call =
        stringsAsDoubles(withOperands(original, visitList(original.getOperands(), new boolean[1])));
    SqlOperator op = call.getOperator();
    List<RexNode> args = call.getOperands();
    if (op == SparkOperatorTable.SUBSTR || op == SqlStdOperatorTable.SUBSTRING) {
      return args.size() == 2
          ? java(call.getType(), "substr", args, String.class, Integer.class)
          : java(call.getType(), "substr", args, String.class, Integer.class, Integer.class);
    }
    if (op == SqlStdOperatorTable.ROUND && isFractional(args.get(0))) {
      return round(call, args);
    }
    if (op == SparkOperatorTable.SQRT) {
      return java(call.getType(), "sqrt", List.of(asDouble(args.get(0))), Double.class);
    }
    if (DOUBLE_MATH.contains(op.getName())) {
      RexNode doubles = allDouble(args) ? call : ofDoubles(call, args);
      return LOGARITHMS.contains(op.getName()) ? nullUnlessPositive(doubles) : doubles;
    }
    if (op == SparkOperatorTable.DATE_FORMAT) {
      checkPattern(args.get(1));
      RexNode value = args.get(0);
      return java(call.getType(), formatMethod(value), args, valueClass(value), String.class);
    }
    if (op == SparkOperatorTable.TO_DATE) {
      return toDate(call, args);
    }
    if (op == SparkOperatorTable.FROM_UNIXTIME) {
      if (args.size() == 2) {
        checkPattern(args.get(1));
        return java(call.getType(), "fromUnixtime", args, Long.class, String.class);
      }
      return java(call.getType(), "fromUnixtime", args, Long.class);
    }
    if (op == SparkOperatorTable.UNIX_TIMESTAMP) {
      return unixTimestamp(call, args);
    }
    if (op == SparkOperatorTable.REGEXP_REPLACE) {
      checkRegex(args.get(1));
      return java(call.getType(), "regexpReplace", args, String.class, String.class, String.class);
    }
    if (op == SparkOperatorTable.DATEDIFF) {
      List<RexNode> dates = List.of(days(args.get(0)), days(args.get(1)));
      return java(call.getType(), "datediff", dates, Integer.class, Integer.class);
    }
    if (op == SparkOperatorTable.SIZE) {
      SqlTypeName collection = args.get(0).getType().getSqlTypeName();
      if (collection != SqlTypeName.ANY
          && collection != SqlTypeName.ARRAY
          && collection != SqlTypeName.MAP) {
        problems.add(
            "size needs a LIST or MAP column, not " + args.get(0).getType().getSqlTypeName());
      }
      return java(call.getType(), "size", args, Object.class);
    }
    switch (call.getKind()) {
      case DIVIDE:
        if (isNumeric(args.get(0)) && isNumeric(args.get(1))) {
          return nullIfZero(args.get(1), divide(args.get(0), args.get(1)));
        }
        break;
      case MOD:
        RexNode divisor = folded(args.get(1));
        return nullIfZero(divisor, modulo(args.get(0), divisor));
      case FLOOR:
      case CEIL:
        if (args.size() == 1 && isFractional(args.get(0))) {
          return cast(call, sameNullability(SqlTypeName.BIGINT, call.getType()), null);
        }
        break;
      case CAST:
        return cast(args.get(0), call.getType(), call);
      case ITEM:
        if (args.get(0).getType().getSqlTypeName() == SqlTypeName.ARRAY) {
          return zeroBasedItem(call, args.get(0), args.get(1));
        }
        break;
      default:
        break;
    }
    if (op == SqlLibraryOperators.CONCAT_WS_SPARK) {
      return concatWs(call, args);
    }
    String name = op.getName().toUpperCase(Locale.ROOT);
    if (name.equals("ARRAY_CONTAINS") && args.get(0).getType().getComponentType() != null) {
      return arrayContains(call, args.get(0), args.get(1));
    }
    if (name.equals("ARRAY_POSITION")
        && args.get(0).getType().getComponentType() != null
        && !args.get(1).getType().equals(args.get(0).getType().getComponentType())) {
      // Calcite compares the boxed values as they are: Integer 20 is not in a list of Long 20.
      RelDataType element = args.get(0).getType().getComponentType();
      RexNode value =
          cast(args.get(1), sameNullability(element.getSqlTypeName(), args.get(1).getType()), null);
      return call.clone(call.getType(), List.of(args.get(0), value));
    }
    if ((name.equals("LPAD") || name.equals("RPAD"))
        && SqlTypeUtil.isCharacter(args.get(0).getType())
        && SqlTypeUtil.isIntType(args.get(1).getType())
        && (args.size() == 2 || SqlTypeUtil.isCharacter(args.get(2).getType()))) {
      List<RexNode> padded =
          args.size() == 3 ? args : List.of(args.get(0), args.get(1), rex.makeLiteral(" "));
      String method = name.toLowerCase(Locale.ROOT);
      return java(call.getType(), method, padded, String.class, Integer.class, String.class);
    }
    if ((name.equals("LENGTH") || name.equals("CHAR_LENGTH") || name.equals("CHARACTER_LENGTH"))
        && SqlTypeUtil.isCharacter(args.get(0).getType())) {
      return java(call.getType(), "length", args, String.class);
    }
    RexNode bounded = boundedString(name, call, args);
    if (bounded != null) {
      return bounded;
    }
    if (op.isDynamicFunction() || !op.isDeterministic()) {
      problems.add(
          op.getName() + " is not supported: a feature must not depend on when it is computed");
    } else if (call.getKind() != SqlKind.CASE && RexImpTable.INSTANCE.get(op) == null) {
      problems.add("function " + op.getName() + " is not supported");
    }
    return call;
  }

  /**
   * A math function's string operands cast to {@code DOUBLE} as Spark casts them ({@code NULL} for
   * a string that is not a number, NaN for {@code 'NaN'}): the validator casts them to {@code
   * DECIMAL(38, 19)}, which has no NaN nor infinities (an explicit cast to another decimal type
   * stays as it is), or Calcite's generated code converts them with {@code new BigDecimal(s)},
   * which throws for them. Other calls are returned as they are.
   */
  private RexCall stringsAsDoubles(RexCall call) {
    if (!(call.getOperator() instanceof SqlFunction function)
        || function.getFunctionType() != SqlFunctionCategory.NUMERIC) {
      return call;
    }
    List<RexNode> operands = new ArrayList<>(call.getOperands().size());
    boolean changed = false;
    for (RexNode operand : call.getOperands()) {
      RexNode dbl = operand;
      if (SqlTypeUtil.isCharacter(operand.getType())) {
        dbl = cast(operand, type(SqlTypeName.DOUBLE), null);
      } else if (operand instanceof RexCall parsed
          && parsed.getOperator() instanceof SqlUserDefinedFunction
          && parsed.getOperator().getName().equals("toDecimal")
          && SqlTypeUtil.isCharacter(parsed.getOperands().get(0).getType())
          && operand.getType().getPrecision() == IMPLICIT_DECIMAL_PRECISION
          && operand.getType().getScale() == IMPLICIT_DECIMAL_SCALE) {
        dbl = cast(parsed.getOperands().get(0), type(SqlTypeName.DOUBLE), null);
      }
      changed |= dbl != operand;
      operands.add(dbl);
    }
    if (!changed) {
      return call;
    }
    return rex.makeCall(call.getParserPosition(), function, operands) instanceof RexCall again
        ? again
        : call;
  }

  /**
   * {@code repeat}, {@code space} and {@code format_number} of a count as calls of {@link
   * SparkFunctions}, or {@code null} for another call: Calcite's throw for a count below zero
   * ({@code format_number}) or exhaust the memory for a huge one, where Spark gives {@code ''} or
   * {@code NULL}, and a result too long to hold is an error naming the function.
   */
  private RexNode boundedString(String name, RexCall call, List<RexNode> args) {
    RelDataType type = call.getType();
    switch (name) {
      case "REPEAT":
        if (args.size() == 2 && SqlTypeUtil.isIntType(args.get(1).getType())) {
          return java(type, "repeat", args, String.class, Integer.class);
        }
        return null;
      case "SPACE":
        if (args.size() == 1 && SqlTypeUtil.isIntType(args.get(0).getType())) {
          return java(type, "space", args, Integer.class);
        }
        return null;
      case "FORMAT_NUMBER":
        if (args.size() == 2
            && SqlTypeUtil.isIntType(args.get(1).getType())
            && !SqlTypeUtil.isDecimal(args.get(0).getType())) {
          Class<?> number =
              SqlTypeUtil.isIntType(args.get(0).getType()) ? Long.class : Double.class;
          return java(type, "formatNumber", args, number, Integer.class);
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * The call over lowered operands. A lowered operand may be nullable where the original was not
   * (a cast that can fail, a division by zero), so the call's type follows; so does a call, but
   * one of {@link #NULL_TAKING}, over a changed operand that is nullable: Calcite may type an
   * operand nullable yet its caller {@code NOT NULL} ({@code abs(nvl(a, b))} over a {@code NOT
   * NULL b} and a {@code CASE} typed nullable), and a {@code NOT NULL} call of it would compute 0
   * where the operand is now NULL.
   */
  private RexCall withOperands(RexCall call, List<RexNode> operands) {
    if (operands.equals(call.getOperands()) && sameTypes(call.getOperands(), operands)) {
      return call;
    }
    RelDataType type = call.getType();
    if (relationalInput != null && call.getKind() != SqlKind.CAST && retyped(call, operands)) {
      RexNode typedAgain = rex.makeCall(call.getParserPosition(), call.getOperator(), operands);
      if (typedAgain instanceof RexCall again) {
        return again;
      }
    }
    boolean becameNullable = false;
    for (int i = 0; i < operands.size(); i++) {
      RexNode before = call.getOperands().get(i);
      RexNode after = operands.get(i);
      becameNullable |=
          after.getType().isNullable()
              && (!before.getType().isNullable()
                  || !after.equals(before) && !NULL_TAKING.contains(call.getKind()));
    }
    if (becameNullable && !type.isNullable()) {
      type = types.createTypeWithNullability(type, true);
    }
    return call.clone(type, operands);
  }

  /** Whether the operands have the same types: input references are equal whatever theirs. */
  private static boolean sameTypes(List<RexNode> before, List<RexNode> after) {
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).getType().equals(after.get(i).getType())) {
        return false;
      }
    }
    return true;
  }

  /** Whether an operand's type changed other than in nullability. */
  private static boolean retyped(RexCall call, List<RexNode> operands) {
    for (int i = 0; i < operands.size(); i++) {
      if (!SqlTypeUtil.equalSansNullability(
          operands.get(i).getType(), call.getOperands().get(i).getType())) {
        return true;
      }
    }
    return false;
  }

  private RexNode cast(RexNode operand, RelDataType target, RexCall original) {
    RelDataType nullable = types.createTypeWithNullability(target, true);
    if (SqlTypeUtil.isDecimal(target) && !sameDecimal(operand.getType(), target)) {
      RexNode decimal = toDecimal(operand, nullable);
      if (decimal != null) {
        return decimal;
      }
    }
    boolean fromString = SqlTypeUtil.isCharacter(operand.getType());
    if (fromString && !SqlTypeUtil.isCharacter(target)) {
      switch (target.getSqlTypeName()) {
        case TINYINT:
          return java(nullable, "toByte", List.of(operand), String.class);
        case SMALLINT:
          return java(nullable, "toShort", List.of(operand), String.class);
        case INTEGER:
          return java(nullable, "toInt", List.of(operand), String.class);
        case BIGINT:
          return java(nullable, "toLong", List.of(operand), String.class);
        case FLOAT:
        case DOUBLE:
          return java(nullable, "toDouble", List.of(operand), String.class);
        case REAL:
          return java(nullable, "toFloat", List.of(operand), String.class);
        case BOOLEAN:
          return java(nullable, "toBoolean", List.of(operand), String.class);
        case DATE:
          return java(nullable, "toDate", List.of(operand), String.class);
        case TIMESTAMP:
          return java(nullable, "toTimestamp", List.of(operand), String.class);
        default:
          break;
      }
    }
    if (SqlTypeUtil.isIntType(target) && SqlTypeUtil.isDecimal(operand.getType())) {
      return decimalToInteger(operand, target);
    }
    if (SqlTypeUtil.isIntType(target) && isFractional(operand)) {
      RelDataType truncated = sameNullability(target.getSqlTypeName(), operand.getType());
      RexNode value = coerce(operand, Double.class);
      return switch (target.getSqlTypeName()) {
        case TINYINT -> java(truncated, "truncateToByte", List.of(value), Double.class);
        case SMALLINT -> java(truncated, "truncateToShort", List.of(value), Double.class);
        case INTEGER -> java(truncated, "truncateToInt", List.of(value), Double.class);
        default -> java(truncated, "truncateToLong", List.of(value), Double.class);
      };
    }
    if (SqlTypeUtil.isExactNumeric(operand.getType())
        && !SqlTypeUtil.isDecimal(operand.getType())
        && SqlTypeUtil.isIntType(target)
        && narrower(target.getSqlTypeName(), operand.getType().getSqlTypeName())) {
      RelDataType wrapped = sameNullability(target.getSqlTypeName(), operand.getType());
      return switch (target.getSqlTypeName()) {
        case TINYINT -> java(wrapped, "wrapToByte", List.of(operand), Long.class);
        case SMALLINT -> java(wrapped, "wrapToShort", List.of(operand), Long.class);
        default -> java(wrapped, "wrapToInt", List.of(operand), Long.class);
      };
    }
    if (!fromString && SqlTypeUtil.isCharacter(target)) {
      RelDataType string = sameNullability(SqlTypeName.VARCHAR, operand.getType());
      switch (operand.getType().getSqlTypeName()) {
        case BOOLEAN:
          return java(string, "toString", List.of(operand), Boolean.class);
        case FLOAT:
        case DOUBLE:
          return java(string, "toString", List.of(operand), Double.class);
        case REAL:
          return java(string, "toString", List.of(operand), Float.class);
        case TIMESTAMP:
          return java(string, "timestampToString", List.of(operand), Long.class);
        default:
          break;
      }
    }
    return original != null ? original : rex.makeCast(target, operand);
  }

  /**
   * {@code CAST(operand AS DECIMAL(p, s))} as Spark computes it ({@link SparkFunctions#toDecimal}:
   * rounded half up, {@code NULL} on overflow), where Calcite's cast throws on overflow; {@code
   * null} for an operand of another type (left to Calcite). This covers the casts Calcite adds
   * itself, to give the branches of a {@code CASE} or the operands of a comparison one type.
   */
  private RexNode toDecimal(RexNode operand, RelDataType target) {
    RelDataType type = operand.getType();
    Class<?> value;
    if (SqlTypeUtil.isDecimal(type)) {
      value = BigDecimal.class;
    } else if (SqlTypeUtil.isIntType(type)) {
      value = Long.class;
    } else if (SqlTypeUtil.isApproximateNumeric(type)) {
      value = Double.class;
    } else if (SqlTypeUtil.isCharacter(type)) {
      value = String.class;
    } else {
      return null;
    }
    RelDataType integer = types.createSqlType(SqlTypeName.INTEGER);
    List<RexNode> args =
        List.of(
            operand,
            rex.makeExactLiteral(BigDecimal.valueOf(target.getPrecision()), integer),
            rex.makeExactLiteral(BigDecimal.valueOf(target.getScale()), integer));
    return java(target, "toDecimal", args, value, Integer.class, Integer.class);
  }

  /**
   * {@code CAST(operand AS target)} of a decimal to an integer type as Spark computes it ({@link
   * SparkFunctions#decimalToLong} and its narrowings): truncated toward zero, exactly, where a cast
   * through a {@code double} loses the digits of a value beyond {@code 2^53}.
   */
  private RexNode decimalToInteger(RexNode operand, RelDataType target) {
    String method =
        switch (target.getSqlTypeName()) {
          case TINYINT -> "decimalToByte";
          case SMALLINT -> "decimalToShort";
          case INTEGER -> "decimalToInt";
          default -> "decimalToLong";
        };
    RelDataType truncated = sameNullability(target.getSqlTypeName(), operand.getType());
    return java(truncated, method, List.of(operand), BigDecimal.class);
  }

  /** Whether {@code type} is the decimal type {@code target}, but for nullability. */
  private static boolean sameDecimal(RelDataType type, RelDataType target) {
    return SqlTypeUtil.isDecimal(type)
        && type.getPrecision() == target.getPrecision()
        && type.getScale() == target.getScale();
  }

  private RexNode toDate(RexCall call, List<RexNode> args) {
    RexNode value = args.get(0);
    if (args.size() == 2) {
      checkPattern(args.get(1));
      return java(call.getType(), "toDate", args, String.class, String.class);
    }
    if (SqlTypeUtil.isCharacter(value.getType())) {
      return java(call.getType(), "toDate", args, String.class);
    }
    if (value.getType().getSqlTypeName() == SqlTypeName.DATE) {
      return value;
    }
    return java(call.getType(), "millisToDate", args, Long.class);
  }

  private RexNode unixTimestamp(RexCall call, List<RexNode> args) {
    RexNode value = args.get(0);
    if (args.size() == 2) {
      checkPattern(args.get(1));
      return java(call.getType(), "unixTimestamp", args, String.class, String.class);
    }
    if (SqlTypeUtil.isCharacter(value.getType())) {
      return java(call.getType(), "unixTimestamp", args, String.class);
    }
    if (value.getType().getSqlTypeName() == SqlTypeName.DATE) {
      return java(call.getType(), "daysToSeconds", args, Integer.class);
    }
    return java(call.getType(), "millisToSeconds", args, Long.class);
  }

  /**
   * {@code a[i]} counts from 0 in Spark and from 1 in Calcite; out of range gives NULL in both. A
   * {@code BIGINT} index is cast to an {@code INT} first (wrapping around, as Spark takes its
   * {@code intValue()}): Calcite's code passes it where an {@code int} is expected.
   */
  private RexNode zeroBasedItem(RexCall call, RexNode array, RexNode index) {
    RexNode in =
        index.getType().getSqlTypeName() == SqlTypeName.BIGINT
            ? cast(index, sameNullability(SqlTypeName.INTEGER, index.getType()), null)
            : index;
    RexNode oneBased =
        rex.makeCall(SqlStdOperatorTable.PLUS, in, rex.makeExactLiteral(BigDecimal.ONE));
    return rex.makeCall(
        types.createTypeWithNullability(call.getType(), true),
        call.getOperator(),
        List.of(array, oneBased));
  }

  /**
   * {@code concat_ws(sep, ...)} with each array argument without its NULL elements ({@link
   * SparkFunctions#withoutNulls}): Calcite's skips NULL arguments, as Spark does, but writes a
   * separator after the last value when NULL elements follow it ({@code concat_ws('-', array('a',
   * NULL))} would be {@code 'a-'}, Spark's is {@code 'a'}).
   */
  private RexNode concatWs(RexCall call, List<RexNode> args) {
    List<RexNode> operands = new ArrayList<>(args.size());
    for (RexNode arg : args) {
      operands.add(
          arg.getType().getSqlTypeName() == SqlTypeName.ARRAY
              ? java(arg.getType(), "withoutNulls", List.of(arg), Object.class)
              : arg);
    }
    return call.clone(call.getType(), operands);
  }

  /**
   * {@code array_contains(list, value)} as Spark computes it ({@link
   * SparkFunctions#arrayContains}), with the value cast to the type of the elements: Calcite's
   * compares boxed values as they are (an {@code Integer} 20 is not in a list of {@code Long} 20)
   * and gives false where Spark gives NULL (nothing found, but a NULL element).
   */
  private RexNode arrayContains(RexCall call, RexNode list, RexNode value) {
    RelDataType element = list.getType().getComponentType();
    RexNode typed =
        SqlTypeUtil.equalSansNullability(value.getType(), element)
            ? value
            : cast(value, sameNullability(element.getSqlTypeName(), value.getType()), null);
    return java(
        call.getType(), "arrayContains", List.of(list, typed), Object.class, Object.class);
  }

  /** A date, timestamp, epoch-millisecond or string value as days since epoch. */
  private RexNode days(RexNode value) {
    RelDataType date = type(SqlTypeName.DATE);
    SqlTypeName name = value.getType().getSqlTypeName();
    if (name == SqlTypeName.DATE) {
      return value;
    }
    if (SqlTypeUtil.isCharacter(value.getType())) {
      return java(date, "toDate", List.of(value), String.class);
    }
    if (name != SqlTypeName.TIMESTAMP && !SqlTypeUtil.isIntType(value.getType())) {
      problems.add("datediff needs dates, timestamps, epoch milliseconds or strings, not " + name);
    }
    return java(date, "millisToDate", List.of(value), Long.class);
  }

  private void checkRegex(RexNode regex) {
    if (regex instanceof RexLiteral literal && !literal.isNull()) {
      String text = literal.getValueAs(String.class);
      try {
        Pattern.compile(text);
      } catch (PatternSyntaxException e) {
        problems.add("invalid regular expression '" + text + "': " + e.getDescription());
      }
    }
  }

  private static String formatMethod(RexNode value) {
    if (SqlTypeUtil.isCharacter(value.getType())) {
      return "formatString";
    }
    return value.getType().getSqlTypeName() == SqlTypeName.DATE ? "formatDays" : "formatMillis";
  }

  private static Class<?> valueClass(RexNode value) {
    if (SqlTypeUtil.isCharacter(value.getType())) {
      return String.class;
    }
    return value.getType().getSqlTypeName() == SqlTypeName.DATE ? Integer.class : Long.class;
  }

  private void checkPattern(RexNode pattern) {
    if (pattern instanceof RexLiteral literal && !literal.isNull()) {
      String text = literal.getValueAs(String.class);
      try {
        SparkFunctions.checkPattern(text);
      } catch (IllegalArgumentException e) {
        problems.add("invalid date pattern '" + text + "': " + e.getMessage());
      }
    }
  }

  private RexNode divide(RexNode a, RexNode b) {
    return rex.makeCall(SqlStdOperatorTable.DIVIDE, asDouble(a), asDouble(b));
  }

  /** {@code CAST(x AS DOUBLE)}, as nullable as {@code x}. */
  private RexNode asDouble(RexNode x) {
    return rex.makeCast(sameNullability(SqlTypeName.DOUBLE, x.getType()), x);
  }

  /**
   * {@code a % b} in the wider of the two types, Spark's type of {@code %}: Calcite's computes in
   * the type of {@code b}.
   */
  private RexNode modulo(RexNode a, RexNode b) {
    RelDataType wide = types.leastRestrictive(List.of(a.getType(), b.getType()));
    if (wide == null) {
      return rex.makeCall(SqlStdOperatorTable.MOD, a, b);
    }
    return rex.makeCall(SqlStdOperatorTable.MOD, widened(a, wide), widened(b, wide));
  }

  private RexNode widened(RexNode operand, RelDataType wide) {
    if (SqlTypeUtil.equalSansNullability(types, operand.getType(), wide)) {
      return operand;
    }
    RelDataType type = types.createTypeWithNullability(wide, operand.getType().isNullable());
    return rex.makeCast(type, operand);
  }

  /**
   * A constant {@code divisor} of {@code %} (such as {@code cast(0.0 as bigint)}) as the literal it
   * evaluates to, so that {@link #nullIfZero} sees a zero: the row function's code generator
   * computes a constant {@code a % b} once, in a static initializer, outside the guard against a
   * zero divisor, where a zero would throw.
   */
  private RexNode folded(RexNode divisor) {
    if (divisor instanceof RexLiteral || !RexUtil.isConstant(divisor)) {
      return divisor;
    }
    List<RexNode> reduced = new ArrayList<>(1);
    new RexExecutorImpl(DataContexts.EMPTY).reduce(rex, List.of(divisor), reduced);
    return reduced.get(0);
  }

  /**
   * {@code CASE WHEN divisor = 0 THEN NULL ELSE result END}, Spark's non-ANSI division by zero:
   * {@code NULL} or {@code result} as they are for a literal divisor.
   */
  private RexNode nullIfZero(RexNode divisor, RexNode result) {
    RelDataType type = types.createTypeWithNullability(result.getType(), true);
    if (divisor instanceof RexLiteral literal && SqlTypeUtil.isNumeric(literal.getType())) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      return value == null || value.signum() == 0
          ? rex.makeNullLiteral(type)
          : rex.makeCast(type, result, true, false);
    }
    RexNode zero = rex.makeExactLiteral(BigDecimal.ZERO);
    return rex.makeCall(
        type,
        SqlStdOperatorTable.CASE,
        List.of(
            rex.makeCall(SqlStdOperatorTable.EQUALS, divisor, zero),
            rex.makeNullLiteral(type),
            result));
  }

  /**
   * {@code round(d[, scale])} of a fractional number as Spark rounds it ({@link
   * SparkFunctions#round}): Calcite's rounds the same way but throws for NaN and the infinities.
   */
  private RexNode round(RexCall call, List<RexNode> args) {
    RexNode scale = args.size() == 2 ? args.get(1) : rex.makeExactLiteral(BigDecimal.ZERO);
    List<RexNode> operands = List.of(args.get(0), scale);
    RelDataType dbl = sameNullability(SqlTypeName.DOUBLE, call.getType());
    RexNode rounded = java(dbl, "round", operands, Double.class, Integer.class);
    return call.getType().getSqlTypeName() == SqlTypeName.DOUBLE
        ? rounded
        : rex.makeCast(types.createTypeWithNullability(call.getType(), true), rounded);
  }

  /**
   * {@code call} of a math function of doubles ({@link #DOUBLE_MATH}) with its operands cast to
   * {@code DOUBLE}, as Spark computes it ({@link Math#pow}, {@link Math#exp}, ...): Calcite's of a
   * {@code REAL} or an integer may go through {@code BigDecimal}, which throws for NaN and the
   * infinities.
   */
  private RexNode ofDoubles(RexCall call, List<RexNode> args) {
    List<RexNode> doubles = new ArrayList<>(args.size());
    for (RexNode arg : args) {
      doubles.add(asDouble(arg));
    }
    return rex.makeCall(call.getOperator(), doubles);
  }

  /**
   * {@code CASE WHEN x <= 0 THEN NULL ELSE log END} of {@code log}, a logarithm of {@code x}: Spark
   * gives {@code NULL} where Calcite's throws.
   */
  private RexNode nullUnlessPositive(RexNode log) {
    RexNode x = ((RexCall) log).getOperands().get(0);
    RelDataType type = types.createTypeWithNullability(log.getType(), true);
    return rex.makeCall(
        type,
        SqlStdOperatorTable.CASE,
        List.of(
            rex.makeCall(
                SqlStdOperatorTable.LESS_THAN_OR_EQUAL, x, rex.makeZeroLiteral(x.getType())),
            rex.makeNullLiteral(type),
            log));
  }

  /**
   * A call of the public static {@link SparkFunctions} method with these parameter types. Each
   * argument is first cast to the SQL type of its parameter; a timestamp passes as a {@code Long}
   * of epoch milliseconds and a date as an {@code Integer} of days, their representations in
   * generated code, and an {@code Object} parameter takes any value as it is.
   */
  private RexNode java(RelDataType returns, String method, List<RexNode> args, Class<?>... params) {
    Method m;
    try {
      m = SparkFunctions.class.getMethod(method, params);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("SparkFunctions has no " + method, e);
    }
    List<RexNode> converted = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      converted.add(coerce(args.get(i), params[i]));
    }
    SqlUserDefinedFunction function =
        new SqlUserDefinedFunction(
            new SqlIdentifier(method, SqlParserPos.ZERO),
            SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(returns),
            null,
            null,
            ScalarFunctionImpl.create(m));
    return rex.makeCall(types.createTypeWithNullability(returns, true), function, converted);
  }

  private RexNode coerce(RexNode arg, Class<?> param) {
    SqlTypeName actual = arg.getType().getSqlTypeName();
    SqlTypeName wanted;
    if (param == Object.class) {
      return arg;
    } else if (param == String.class) {
      if (SqlTypeUtil.isCharacter(arg.getType())) {
        return arg;
      }
      wanted = SqlTypeName.VARCHAR;
    } else if (param == Long.class) {
      if (actual == SqlTypeName.TIMESTAMP) {
        return arg;
      }
      wanted = SqlTypeName.BIGINT;
    } else if (param == Integer.class) {
      if (actual == SqlTypeName.DATE) {
        return arg;
      }
      wanted = SqlTypeName.INTEGER;
    } else if (param == Double.class) {
      wanted = SqlTypeName.DOUBLE;
    } else if (param == Float.class) {
      wanted = SqlTypeName.REAL;
    } else if (param == BigDecimal.class) {
      return arg;
    } else {
      wanted = SqlTypeName.BOOLEAN;
    }
    if (actual == wanted) {
      return arg;
    }
    return cast(arg, sameNullability(wanted, arg.getType()), null);
  }

  private RelDataType type(SqlTypeName name) {
    return types.createTypeWithNullability(types.createSqlType(name), true);
  }

  private RelDataType sameNullability(SqlTypeName name, RelDataType like) {
    return types.createTypeWithNullability(types.createSqlType(name), like.isNullable());
  }

  /** Whether integer type {@code to} holds fewer values than {@code from}. */
  private static boolean narrower(SqlTypeName to, SqlTypeName from) {
    List<SqlTypeName> widths =
        List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);
    return widths.indexOf(to) < widths.indexOf(from);
  }

  private static boolean isNumeric(RexNode node) {
    return SqlTypeUtil.isNumeric(node.getType());
  }

  private static boolean allDouble(List<RexNode> args) {
    return args.stream().allMatch(a -> a.getType().getSqlTypeName() == SqlTypeName.DOUBLE);
  }

  private static boolean isFractional(RexNode node) {
    RelDataType type = node.getType();
    return SqlTypeUtil.isApproximateNumeric(type) || SqlTypeUtil.isDecimal(type);
  }
}
