package org.chrononbeam.expressions;

import java.math.BigDecimal;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** Spark's meaning of a few calls, settled on the parse tree before Calcite validates it. */
final class SparkSqlRewrites {

  /**
   * Rewrites a parsed expression or query, in place, where Spark's meaning must be known before
   * validation:
   *
   * <ul>
   *   <li>{@code a / b} divides doubles, {@code CAST(a AS DOUBLE) / CAST(b AS DOUBLE)}, so that
   *       everything above it is typed as Spark types it: {@code CAST(x / 2 AS INT)} truncates;
   *   <li>{@code date_sub(start, days)} is {@code date_add(start, -days)}: Calcite's {@code
   *       DATE_SUB} is BigQuery's, which takes an interval;
   *   <li>Spark's {@code isnull(x)} and {@code isnotnull(x)} are {@code x IS NULL} and {@code x IS
   *       NOT NULL}, which neither of Calcite's libraries has as a function;
   *   <li>{@code CAST(literal AS DECIMAL(p, s))} of a number or a string is the cast of Spark's
   *       result, already rounded; see {@link #roundDecimalLiteral}.
   * </ul>
   */
  private static final SqlBasicVisitor<Void> REWRITES =
      new SqlBasicVisitor<>() {
        @Override
        public Void visit(SqlCall call) {
          super.visit(call);
          if (call instanceof SqlBasicCall basic && basic.operandCount() == 1) {
            String name = basic.getOperator().getName();
            if (name.equalsIgnoreCase("ISNULL")) {
              basic.setOperator(SqlStdOperatorTable.IS_NULL);
            } else if (name.equalsIgnoreCase("ISNOTNULL")) {
              basic.setOperator(SqlStdOperatorTable.IS_NOT_NULL);
            }
          }
          if (!(call instanceof SqlBasicCall basic) || basic.operandCount() != 2) {
            return null;
          }
          SqlParserPos pos = basic.getParserPosition();
          if (basic.getKind() == SqlKind.DIVIDE) {
            for (int i = 0; i < 2; i++) {
              SqlNode operand = basic.operand(i);
              basic.setOperand(
                  i,
                  SqlStdOperatorTable.CAST.createCall(
                      pos,
                      operand,
                      new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos)));
            }
          } else if (basic.getKind() == SqlKind.CAST) {
            roundDecimalLiteral(basic);
          } else if (basic.getOperator().getName().equalsIgnoreCase("DATE_SUB")) {
            SqlNode days = basic.operand(1);
            basic.setOperator(SqlLibraryOperators.DATE_ADD_SPARK);
            basic.setOperand(1, SqlStdOperatorTable.UNARY_MINUS.createCall(pos, days));
          }
          return null;
        }
      };

  private SparkSqlRewrites() {}

  /**
   * In {@code CAST(literal AS DECIMAL(p, s))} of a number (negated or not) or a string, replaces
   * the literal by the value Spark's cast gives ({@link SparkFunctions#toDecimal}: rounded half up
   * to {@code s} digits), or by {@code NULL} when that has more than {@code p} digits or the string
   * is not a number. Calcite folds a cast of a literal itself, rounding toward zero ({@code
   * CAST(1.25 AS DECIMAL(3, 1))} would be 1.2, Spark's is 1.3); the cast of a value that already
   * has {@code s} digits rounds nothing. The literal may be under a cast to a decimal already
   * rewritten so, which holds its value exactly ({@code CAST(CAST(1.25 AS DECIMAL(4, 2)) AS
   * DECIMAL(3, 1))}). A {@code DECIMAL} without a precision is Spark's {@code DECIMAL(10, 0)}.
   */
  private static void roundDecimalLiteral(SqlBasicCall cast) {
    int[] decimal = decimalType(cast);
    if (decimal == null) {
      return;
    }
    SqlNode operand = cast.operand(0);
    if (operand instanceof SqlBasicCall inner
        && decimalType(inner) != null
        && number(inner.operand(0)) != null) {
      operand = inner.operand(0);
    }
    SqlNumericLiteral number = number(operand);
    BigDecimal value;
    if (number != null) {
      BigDecimal literal = number.bigDecimalValue();
      if (literal == null) {
        return;
      }
      if (operand != number) {
        literal = literal.negate();
      }
      value =
          number.isExact()
              ? SparkFunctions.toDecimal(literal, decimal[0], decimal[1])
              : SparkFunctions.toDecimal(literal.doubleValue(), decimal[0], decimal[1]);
    } else if (operand instanceof SqlCharStringLiteral string) {
      value = SparkFunctions.toDecimal(string.getValueAs(String.class), decimal[0], decimal[1]);
    } else {
      return;
    }
    SqlParserPos pos = cast.operand(0).getParserPosition();
    if (value == null) {
      cast.setOperand(0, SqlLiteral.createNull(pos));
      return;
    }
    SqlNumericLiteral magnitude = SqlLiteral.createExactNumeric(value.abs().toPlainString(), pos);
    cast.setOperand(0, value.signum() < 0 ? SqlLiteral.createNegative(magnitude, pos) : magnitude);
  }

  /**
   * The precision and scale of {@code CAST(x AS DECIMAL(p, s))}, Spark's {@code (10, 0)} for a
   * {@code DECIMAL} without them; {@code null} for any other call.
   */
  private static int[] decimalType(SqlBasicCall call) {
    if (call.getKind() != SqlKind.CAST
        || !(call.operand(1) instanceof SqlDataTypeSpec spec)
        || !(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec name)
        || SqlTypeName.get(name.getTypeName().getSimple()) != SqlTypeName.DECIMAL) {
      return null;
    }
    return name.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
        ? new int[] {10, 0}
        : new int[] {name.getPrecision(), Math.max(name.getScale(), 0)};
  }

  /** The numeric literal {@code node} is, or is the negation of; {@code null} when neither. */
  private static SqlNumericLiteral number(SqlNode node) {
    if (node.getKind() == SqlKind.MINUS_PREFIX) {
      node = ((SqlCall) node).operand(0);
    }
    return node instanceof SqlNumericLiteral number ? number : null;
  }

  /** Rewrites {@code parsed} in place; see {@link #REWRITES}. */
  static void apply(SqlNode parsed) {
    parsed.accept(REWRITES);
  }
}
