package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelRunner;
import org.chrononbeam.model.ConfigException;
import org.junit.jupiter.api.Test;

/** Whole queries planned with Spark's semantics and run on Calcite's engine. */
class SparkQueryPlannerTest {

  /** user (a reserved word in Calcite), amount, ds. */
  private static final Table EVENTS =
      table(
          List.of("user", "amount", "ds"),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.INTEGER, SqlTypeName.VARCHAR),
          List.of(
              new Object[] {"alice", 5, "2023-12-01"},
              new Object[] {"alice", 2, "2023-12-01"},
              new Object[] {"bob", 7, "2023-12-01"},
              new Object[] {"bob", null, "2023-12-02"},
              new Object[] {null, 2_000_000_000, "2023-12-02"},
              new Object[] {null, 2_000_000_000, "2023-12-02"}));

  private static final Table USERS =
      table(
          List.of("user", "country"),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
          List.of(new Object[] {"alice", "FR"}, new Object[] {"bob", "BR"}));

  /** i, j (BIGINT), x (DOUBLE), all NOT NULL, so that Calcite types their arithmetic NOT NULL. */
  private static final Table NUMBERS =
      new ScannableTableOf(
          List.of("i", "j", "x"),
          List.of(SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DOUBLE),
          List.of(new Object[] {0, 7L, 3.0}, new Object[] {1, 7L, 3.0}, new Object[] {2, 7L, 3.0}),
          false);

  private static final Map<String, Table> TABLES =
      Map.of("data.events", EVENTS, "data.users", USERS, "data.numbers", NUMBERS);

  @Test
  void aggregatesWithSparkTypesAndDivision() {
    assertEquals(
        List.of(
            "2023-12-01|alice|2|7|3.5|3.5|2",
            "2023-12-01|bob|1|7|7.0|7.0|3",
            "2023-12-02|null|2|4000000000|2.0E9|2.0E9|1000000000",
            "2023-12-02|bob|1|null|null|null|null"),
        run(
            """
            SELECT ds, user, COUNT(*) AS n, SUM(amount) AS total,
                   SUM(amount) / COUNT(*) AS mean, AVG(amount) AS avg_amount,
                   CAST(MAX(amount) / 2 AS INT) AS half_max
            FROM data.events GROUP BY ds, user ORDER BY ds, n DESC, user
            """));
  }

  @Test
  void joinsWindowsAndSubqueriesOverQualifiedReservedWordColumns() {
    assertEquals(
        List.of("alice|FR|1|5", "bob|BR|1|7", "alice|FR|2|2"),
        run(
            """
            SELECT e.user, u.country,
                   ROW_NUMBER() OVER (PARTITION BY e.user ORDER BY e.amount DESC) AS rk,
                   e.amount
            FROM data.events AS e JOIN data.users AS u ON e.user == u.user
            WHERE e.ds = '2023-12-01'
              AND e.user IN (SELECT user FROM data.users WHERE country <> 'XX')
            ORDER BY rk, e.user
            """));
  }

  @Test
  void sparkFunctionsAndNulls() {
    assertEquals(
        List.of("2023-11-30|2023-12-03|alice-5|5|null|yes|0|null"),
        run(
            """
            SELECT CAST(date_sub(ds, 1) AS STRING) AS day_before,
                   CAST(date_add(ds, 2) AS STRING) AS day_after,
                   concat(user, '-', CAST(amount AS STRING)) AS tag, coalesce(amount, 0) AS a,
                   amount / 0 AS by_zero, IF(amount > 4, 'yes', 'no') AS big,
                   datediff(ds, '2023-12-01') AS n_days, CAST('x' AS INT) AS bad_cast
            FROM data.events WHERE user = 'alice' AND amount = 5
            """));
  }

  @Test
  void nullTestsSeeTheNullOfADivisionOrRemainderByZeroOverNotNullColumns() {
    assertEquals(
        List.of(
            "0|-1.0|true|false|1|0|-1|-1|true|-1.0|-7.0",
            "1|7.0|false|true|2|1|0|0|false|3.0|5.0",
            "2|3.5|false|true|2|1|1|1|false|1.5|7.0"),
        run(
            """
            SELECT i, coalesce(j / i, -1) AS c, (j / i) IS NULL AS is_null,
                   (j / i) IS NOT NULL AS not_null, if(j / i IS NULL, 1, 2) AS if_null,
                   CASE WHEN j / i > 0 THEN 1 ELSE 0 END AS positive,
                   coalesce(j % i, -1) AS c_mod, nvl(j % i, -1) AS nvl_mod,
                   mod(j, i) IS NULL AS mod_null, coalesce(x / i, -1) AS c_double,
                   coalesce(j / (i - 1), 5) AS c_shifted
            FROM data.numbers ORDER BY i
            """));
    assertEquals(
        List.of("0|null"), run("SELECT i, j / i AS q FROM data.numbers WHERE j / i IS NULL"));
    assertEquals(
        List.of("1", "2"),
        run("SELECT i FROM data.numbers WHERE (j % i) IS NOT NULL ORDER BY i"));
  }

  @Test
  void typesResultColumnsAsSparkDoes() {
    RelNode plan =
        SparkQueryPlanner.plan(
            "c",
            "query",
            "SELECT SUM(amount) AS s, AVG(amount) AS a, amount * 1.5 AS d, amount / 2 AS h, ds"
                + " FROM data.events GROUP BY amount, ds",
            TABLES);
    assertEquals(
        List.of("BIGINT", "DOUBLE", "DOUBLE", "DOUBLE", "VARCHAR"),
        plan.getRowType().getFieldList().stream()
            .map(f -> f.getType().getSqlTypeName().toString())
            .toList());
  }

  @Test
  void reportsErrorsWithConfigAndField() {
    assertEquals(
        "team.q.v1: query: the query does not parse: Incorrect syntax near the keyword 'FROM' at"
            + " line 1, column 8.",
        error("SELECT FROM data.events"));
    assertEquals(
        "team.q.v1: query: the query is invalid: Column 'nope' not found in any table"
            + " (at line 1, column 8)",
        error("SELECT nope FROM data.events"));
    assertEquals(
        "team.q.v1: query: the query is invalid: Object 'missing' not found within 'data'; the"
            + " tables are [data.events, data.numbers, data.users] (at line 1, column 15)",
        error("SELECT 1 FROM data.missing"));
    assertEquals(
        "team.q.v1: query: RAND is not supported: a feature must not depend on when it is computed",
        error("SELECT rand() AS r FROM data.events"));
  }

  private static String error(String sql) {
    return assertThrows(
            ConfigException.class, () -> SparkQueryPlanner.plan("team.q.v1", "query", sql, TABLES))
        .getMessage();
  }

  /** Runs {@code sql}; each row as its values joined by {@code |}. */
  private static List<String> run(String sql) {
    RelNode plan = SparkQueryPlanner.plan("team.q.v1", "query", sql, TABLES);
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:calcite:");
        PreparedStatement statement = connection.unwrap(RelRunner.class).prepareStatement(plan);
        ResultSet result = statement.executeQuery()) {
      int columns = plan.getRowType().getFieldCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static Table table(List<String> names, List<SqlTypeName> types, List<Object[]> rows) {
    return new ScannableTableOf(names, types, rows, true);
  }

  /** An in-memory table of columns all nullable or all NOT NULL. */
  private static final class ScannableTableOf extends AbstractTable implements ScannableTable {
    private final List<String> names;
    private final List<SqlTypeName> types;
    private final List<Object[]> rows;
    private final boolean nullable;

    ScannableTableOf(
        List<String> names, List<SqlTypeName> types, List<Object[]> rows, boolean nullable) {
      this.names = names;
      this.types = types;
      this.rows = rows;
      this.nullable = nullable;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
      RelDataTypeFactory.Builder row = factory.builder();
      for (int i = 0; i < names.size(); i++) {
        row.add(
            names.get(i),
            factory.createTypeWithNullability(factory.createSqlType(types.get(i)), nullable));
      }
      return row.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows.stream().map(r -> Arrays.copyOf(r, r.length)).toList());
    }
  }
}
