package org.chrononbeam.expressions;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
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
   *       NOT NULL}, which neither of Calcite's libraries has as a function.
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
          } else if (basic.getOperator().getName().equalsIgnoreCase("DATE_SUB")) {
            SqlNode days = basic.operand(1);
            basic.setOperator(SqlLibraryOperators.DATE_ADD_SPARK);
            basic.setOperand(1, SqlStdOperatorTable.UNARY_MINUS.createCall(pos, days));
          }
          return null;
        }
      };

  private SparkSqlRewrites() {}

  /** Rewrites {@code parsed} in place; see {@link #REWRITES}. */
  static void apply(SqlNode parsed) {
    parsed.accept(REWRITES);
  }
}
