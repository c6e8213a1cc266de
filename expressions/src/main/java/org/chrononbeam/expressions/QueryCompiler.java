package org.chrononbeam.expressions;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;

/**
 * Compiles a Chronon {@link Query} (its {@code selects}, {@code wheres} and time columns, all Spark
 * SQL expressions) over the columns of a source into a {@link CompiledQuery}: a row function built
 * once, then applied to every row of a backfill, a stream or an online request.
 *
 * <pre>{@code
 * RowSchema source = RowSchema.builder()
 *     .add("user_id", DataKind.STRING).add("amount_cents", DataKind.LONG)
 *     .add("created_at", DataKind.TIMESTAMP).build();
 * Query query = new Query()
 *     .setSelects(Map.of("user", "lower(user_id)", "amount", "amount_cents / 100"))
 *     .setWheres(List.of("amount_cents > 0"))
 *     .setTimeColumn("created_at");
 * CompiledQuery compiled = QueryCompiler.compile("payments.v1", query, source);
 * // compiled.outputSchema(): user STRING, amount DOUBLE, ts LONG
 * Object[] out = compiled.apply(new Object[] {"U1", 250L, 1_700_000_000_000L});
 * // {"u1", 2.5, 1700000000000L}; a row with amount_cents <= 0 (or NULL) gives null
 * }</pre>
 *
 * <p>What the output holds:
 *
 * <ul>
 *   <li>one column per {@code selects} entry, in the map's order, named by its key; with no
 *       selects, every input column as it is;
 *   <li>{@code ts} (a {@code LONG} of epoch milliseconds) from {@code timeColumn}, which may be a
 *       number (cast to {@code LONG}), a {@code TIMESTAMP} or a {@code DATE} (its UTC midnight);
 *       likewise {@code mutation_ts} from {@code mutationTimeColumn} and {@code is_before} (a
 *       {@code BOOLEAN}) from {@code reversalColumn}. Each replaces a select of the same name in
 *       place, or else comes after the selects.
 * </ul>
 *
 * <p>The {@code wheres} are ANDed; a row passes only when they are all {@code TRUE} ({@code NULL}
 * rejects it, as in Spark). {@code startPartition}, {@code endPartition} and {@code
 * partitionColumn} are checked and exposed for the source reader. Any problem (a parse error, an
 * unknown column, an unsupported function, a type error, a {@code setups} statement, a malformed
 * partition) is a {@link ConfigException} listing every faulty field with its expression. See
 * {@link SparkFunctions} and the package documentation for the Spark semantics that apply.
 */
public final class QueryCompiler {
  /** The output column {@code timeColumn} becomes. */
  public static final String TIME_COLUMN = "ts";
  /** The output column {@code mutationTimeColumn} becomes. */
  public static final String MUTATION_TIME_COLUMN = "mutation_ts";
  /** The output column {@code reversalColumn} becomes. */
  public static final String REVERSAL_COLUMN = "is_before";
  /** The partition column when a query names none. */
  public static final String DEFAULT_PARTITION_COLUMN = "ds";

  private QueryCompiler() {}

  /** Compiles {@code query}; errors name the config {@code "query"}. */
  public static CompiledQuery compile(Query query, RowSchema input) {
    return compile("query", query, input);
  }

  /**
   * Compiles {@code query} over rows of {@code input}; errors name {@code configName} (the name of
   * the GroupBy or Join the query belongs to) and the field at fault.
   *
   * @throws ConfigException when any expression or partition bound is invalid
   */
  public static CompiledQuery compile(String configName, Query query, RowSchema input) {
    ExpressionCompiler compiler = new ExpressionCompiler(configName, input);
    List<ConfigError> errors = compiler.errors();
    if (query.isSetSetups() && !query.getSetups().isEmpty()) {
      errors.add(
          new ConfigError(
              configName,
              "query.setups",
              "setup statements (such as function registrations) are not supported"));
    }
    List<String> names = new ArrayList<>();
    List<ExpressionCompiler.Typed> values = new ArrayList<>();
    if (query.getSelectsSize() == 0) {
      for (int i = 0; i < input.size(); i++) {
        names.add(input.column(i).name());
        values.add(compiler.column(i));
      }
    } else {
      for (Map.Entry<String, String> select : query.getSelects().entrySet()) {
        names.add(select.getKey());
        values.add(compiler.compile("query.selects." + select.getKey(), select.getValue()));
      }
    }
    if (query.isSetTimeColumn()) {
      put(names, values, TIME_COLUMN, time(compiler, "query.timeColumn", query.getTimeColumn()));
    }
    if (query.isSetMutationTimeColumn()) {
      put(
          names,
          values,
          MUTATION_TIME_COLUMN,
          time(compiler, "query.mutationTimeColumn", query.getMutationTimeColumn()));
    }
    if (query.isSetReversalColumn()) {
      put(
          names,
          values,
          REVERSAL_COLUMN,
          condition(compiler, "query.reversalColumn", query.getReversalColumn()));
    }
    List<RexNode> wheres = new ArrayList<>();
    for (int i = 0; i < query.getWheresSize(); i++) {
      ExpressionCompiler.Typed where =
          condition(compiler, "query.wheres[" + i + "]", query.getWheres().get(i));
      if (where != null) {
        wheres.add(where.rex());
      }
    }
    String start = partition(configName, "query.startPartition", query.getStartPartition(), errors);
    String end = partition(configName, "query.endPartition", query.getEndPartition(), errors);
    if (start != null && end != null && start.compareTo(end) > 0) {
      errors.add(
          new ConfigError(
              configName,
              "query.endPartition",
              "endPartition " + end + " is before startPartition " + start));
    }
    List<Column> output = new ArrayList<>();
    List<RexNode> projections = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (values.get(i) != null) {
        output.add(new Column(names.get(i), values.get(i).type()));
        projections.add(values.get(i).rex());
      }
    }
    RowSchema outputSchema = schema(configName, output, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    String partitionColumn =
        query.isSetPartitionColumn() ? query.getPartitionColumn() : DEFAULT_PARTITION_COLUMN;
    RexNode condition = compiler.and(wheres);
    RowCodegen.RowFunction function = compiler.generate(projections, condition);
    return new CompiledQuery(
        configName,
        query,
        input,
        outputSchema,
        function,
        () -> compiler.generateColumnar(projections, condition, outputSchema, function),
        wheres.isEmpty() ? copiedColumns(projections, output, input) : null,
        partitionColumn,
        start,
        end);
  }

  /**
   * For each projection, the input column it copies, or null when one of them computes anything:
   * a copy is a column reference, or an integral column cast to {@code LONG} (as {@code
   * timeColumn} casts an {@code INT}), whose value is the same number.
   */
  private static int[] copiedColumns(
      List<RexNode> projections, List<Column> output, RowSchema input) {
    int[] copied = new int[projections.size()];
    for (int i = 0; i < copied.length; i++) {
      RexNode rex = projections.get(i);
      if (rex.getKind() == SqlKind.CAST
          && output.get(i).kind() == DataKind.LONG
          && ((RexCall) rex).getOperands().get(0) instanceof RexInputRef ref
          && isIntegral(input.column(ref.getIndex()).kind())) {
        rex = ref;
      }
      if (!(rex instanceof RexInputRef ref)) {
        return null;
      }
      copied[i] = ref.getIndex();
    }
    return copied;
  }

  private static boolean isIntegral(DataKind kind) {
    return kind == DataKind.BYTE
        || kind == DataKind.SHORT
        || kind == DataKind.INT
        || kind == DataKind.LONG;
  }

  /** A schema of {@code columns}, or an error when two names differ only in case. */
  static RowSchema schema(String configName, List<Column> columns, List<ConfigError> errors) {
    try {
      return RowSchema.of(columns);
    } catch (IllegalArgumentException e) {
      errors.add(new ConfigError(configName, "", "output columns: " + e.getMessage()));
      return null;
    }
  }

  private static void put(
      List<String> names,
      List<ExpressionCompiler.Typed> values,
      String name,
      ExpressionCompiler.Typed value) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).toLowerCase(Locale.ROOT).equals(name)) {
        values.set(i, value);
        return;
      }
    }
    names.add(name);
    values.add(value);
  }

  private static ExpressionCompiler.Typed time(
      ExpressionCompiler compiler, String field, String expression) {
    ExpressionCompiler.Typed typed = compiler.compile(field, expression);
    if (typed == null) {
      return null;
    }
    SqlTypeName type = typed.rex().getType().getSqlTypeName();
    if (type == SqlTypeName.DATE) {
      typed = compiler.cast(typed, DataKind.TIMESTAMP);
      type = SqlTypeName.TIMESTAMP;
    }
    if (type == SqlTypeName.TIMESTAMP) {
      // A timestamp's value in generated code already is a Long of epoch milliseconds.
      return new ExpressionCompiler.Typed(typed.rex(), new TDataType(DataKind.LONG));
    }
    if (SqlTypeUtil.isNumeric(typed.rex().getType())) {
      return type == SqlTypeName.BIGINT ? typed : compiler.cast(typed, DataKind.LONG);
    }
    return compiler.fail(
        field,
        expression,
        "a time column must be epoch milliseconds (a number) or a TIMESTAMP, not " + type);
  }

  private static ExpressionCompiler.Typed condition(
      ExpressionCompiler compiler, String field, String expression) {
    ExpressionCompiler.Typed typed = compiler.compile(field, expression);
    if (typed == null || typed.rex().getType().getSqlTypeName() == SqlTypeName.BOOLEAN) {
      return typed;
    }
    return compiler.fail(
        field, expression, "must be a BOOLEAN, not " + typed.rex().getType().getSqlTypeName());
  }

  private static String partition(
      String configName, String field, String value, List<ConfigError> errors) {
    if (value == null) {
      return null;
    }
    try {
      LocalDate.parse(value);
      return value;
    } catch (DateTimeParseException e) {
      errors.add(
          new ConfigError(configName, field, "'" + value + "' is not a yyyy-MM-dd partition"));
      return null;
    }
  }
}
