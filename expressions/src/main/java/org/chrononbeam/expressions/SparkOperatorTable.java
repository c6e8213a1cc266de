package org.chrononbeam.expressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * The functions an expression may call: Calcite's standard and Spark libraries, plus Spark
 * functions Calcite lacks. Those are declared here for validation only; {@link SparkLowering}
 * replaces each call with a call to {@link SparkFunctions}. Division and remainder are Spark's
 * too, which {@link SparkLowering} replaces with Calcite's guarded against a zero divisor.
 */
final class SparkOperatorTable {
  static final SqlFunction SUBSTR =
      function(
          "SUBSTR",
          SqlTypeName.VARCHAR,
          OperandTypes.or(
              OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER),
              OperandTypes.family(
                  SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER)));

  static final SqlFunction DATE_FORMAT =
      function(
          "DATE_FORMAT",
          SqlTypeName.VARCHAR,
          OperandTypes.or(
              OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING)));

  static final SqlFunction TO_DATE =
      function(
          "TO_DATE",
          SqlTypeName.DATE,
          OperandTypes.or(
              OperandTypes.family(SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.TIMESTAMP),
              OperandTypes.family(SqlTypeFamily.DATE),
              OperandTypes.family(SqlTypeFamily.INTEGER)));

  static final SqlFunction FROM_UNIXTIME =
      function(
          "FROM_UNIXTIME",
          SqlTypeName.VARCHAR,
          OperandTypes.or(
              OperandTypes.family(SqlTypeFamily.INTEGER),
              OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.STRING)));

  static final SqlFunction UNIX_TIMESTAMP =
      function(
          "UNIX_TIMESTAMP",
          SqlTypeName.BIGINT,
          OperandTypes.or(
              OperandTypes.family(SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING),
              OperandTypes.family(SqlTypeFamily.TIMESTAMP),
              OperandTypes.family(SqlTypeFamily.DATE)));

  static final SqlFunction REGEXP_REPLACE =
      function(
          "REGEXP_REPLACE",
          SqlTypeName.VARCHAR,
          OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.STRING));

  static final SqlFunction DATEDIFF =
      function(
          "DATEDIFF",
          SqlTypeName.INTEGER,
          OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.ANY));

  static final SqlFunction SIZE =
      function("SIZE", SqlTypeName.INTEGER, OperandTypes.family(SqlTypeFamily.ANY));

  /**
   * Spark's {@code sqrt}, {@link Math#sqrt} of the value as a double. Calcite's converter rewrites
   * its own into {@code POWER(x, 0.5)}, which differs for {@code -0.0} (Spark's is {@code -0.0})
   * and for the negative infinity (Spark's is NaN).
   */
  static final SqlFunction SQRT =
      new SqlFunction(
          "SQRT",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.DOUBLE_NULLABLE,
          null,
          OperandTypes.NUMERIC,
          SqlFunctionCategory.NUMERIC);

  /**
   * Spark's {@code /}: as Calcite's, but its value is {@code NULL} for a zero divisor, so it is
   * typed nullable whatever its operands, and a {@code NULL} operand is not its only way to be
   * {@code NULL}. Calcite's own is strict ({@link Strong.Policy#ANY}), and simplifying while it
   * converts a query, before the lowering, it would turn {@code (a / b) IS NULL} into {@code a IS
   * NULL OR b IS NULL} and {@code coalesce(a / b, c)} into a test of {@code a} and {@code b}.
   */
  static final SqlBinaryOperator DIVIDE =
      new SqlBinaryOperator(
          "/",
          SqlKind.DIVIDE,
          60,
          true,
          ReturnTypes.QUOTIENT_NULLABLE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
          InferTypes.FIRST_KNOWN,
          OperandTypes.DIVISION_OPERATOR) {
        @Override
        public Supplier<Strong.Policy> getStrongPolicyInference() {
          return () -> Strong.Policy.AS_IS;
        }
      };

  /**
   * Spark's {@code %}: typed as the wider of its operands (Calcite types it as the divisor, so
   * {@code coalesce(long % int, -1)} would be an {@code INT}), and nullable whatever they are
   * since a zero divisor gives {@code NULL}; Calcite's is nullable only with a nullable operand,
   * so {@code (a % b) IS NULL} over NOT NULL columns would simplify to {@code FALSE}. (A subclass:
   * Calcite's converter finds its conversion of an operator by equality, which compares classes,
   * and its conversion of {@code %} accepts its own operator only.)
   */
  static final SqlBinaryOperator PERCENT_REMAINDER =
      new SqlBinaryOperator(
          "%",
          SqlKind.MOD,
          60,
          true,
          ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
          null,
          OperandTypes.EXACT_NUMERIC_EXACT_NUMERIC) {
        @Override
        public Supplier<Strong.Policy> getStrongPolicyInference() {
          return () -> Strong.Policy.AS_IS;
        }
      };

  /** Spark's {@code mod(a, b)}, {@code a % b}: see {@link #PERCENT_REMAINDER}. */
  static final SqlFunction MOD =
      SqlBasicFunction.create(
              SqlKind.MOD,
              ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
              OperandTypes.EXACT_NUMERIC_EXACT_NUMERIC)
          .withFunctionType(SqlFunctionCategory.NUMERIC);

  /** Names whose library definitions are replaced by the ones above. */
  private static final Set<String> OVERRIDDEN =
      Set.of(
          "SUBSTR",
          "DATE_FORMAT",
          "TO_DATE",
          "FROM_UNIXTIME",
          "UNIX_TIMESTAMP",
          "CONCAT",
          "REGEXP_REPLACE",
          "DATEDIFF",
          "SIZE",
          "SQRT",
          "/",
          "%",
          "MOD");

  static final SqlOperatorTable INSTANCE = build();

  private SparkOperatorTable() {}

  private static SqlOperatorTable build() {
    List<SqlOperator> operators = new ArrayList<>();
    for (SqlOperator op :
        SqlLibraryOperatorTableFactory.INSTANCE
            .getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.SPARK)
            .getOperatorList()) {
      if (!OVERRIDDEN.contains(op.getName().toUpperCase(Locale.ROOT))) {
        operators.add(op);
      }
    }
    operators.addAll(
        List.of(
            SqlLibraryOperators.CONCAT_FUNCTION,
            SUBSTR,
            DATE_FORMAT,
            TO_DATE,
            FROM_UNIXTIME,
            UNIX_TIMESTAMP,
            REGEXP_REPLACE,
            DATEDIFF,
            SIZE,
            SQRT,
            DIVIDE,
            PERCENT_REMAINDER,
            MOD));
    return SqlOperatorTables.of(operators);
  }

  private static SqlFunction function(
      String name, SqlTypeName returns, SqlOperandTypeChecker operands) {
    SqlReturnTypeInference returnType =
        ReturnTypes.explicit(returns).andThen(SqlTypeTransforms.FORCE_NULLABLE);
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        returnType,
        null,
        operands,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }
}
