package org.chrononbeam.expressions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;
import org.chrononbeam.model.ConfigException;

/**
 * Plans a whole Spark SQL query ({@code SELECT} with joins, {@code GROUP BY}, window functions,
 * {@code UNION}, subqueries) over named tables into a Calcite logical plan that gives Spark's
 * answers, for Calcite's own engine (the Enumerable convention). The plan holds its tables, so any
 * Calcite connection runs it: {@code connection.unwrap(RelRunner.class).prepareStatement(plan)}.
 * Staging queries use it.
 *
 * <pre>{@code
 * RelNode plan = SparkQueryPlanner.plan(
 *     "team.daily_counts.v1", "query",
 *     "SELECT user, COUNT(*) AS n, ds FROM data.events GROUP BY user, ds",
 *     Map.of("data.events", eventsTable));
 * }</pre>
 *
 * <p>The language is the one of {@link QueryCompiler}'s expressions (see the package
 * documentation): the same parser settings, functions and Spark semantics, lowered in by the same
 * rewrites. On top of that: {@code /} divides doubles from the start, so that {@code CAST(a / 2 AS
 * INT)} truncates as in Spark; {@code date_sub(d, n)} is Spark's; aggregates follow Spark's types
 * ({@code SUM} of integers is a {@code BIGINT} and of fractions a {@code DOUBLE}, {@code AVG} is a
 * {@code DOUBLE}); and a {@code DECIMAL} result column becomes a {@code DOUBLE}. Tables are named
 * {@code namespace.name}; there is no default namespace. A window function's result keeps the type
 * Calcite gave it before lowering.
 */
public final class SparkQueryPlanner {

  /** Spark's aggregate types, and CASE of strings of different lengths unpadded. */
  private static final RelDataTypeSystem TYPE_SYSTEM =
      new RelDataTypeSystemImpl() {
        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
          return true;
        }

        @Override
        public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argument) {
          if (SqlTypeUtil.isIntType(argument)) {
            return like(factory, SqlTypeName.BIGINT, argument);
          }
          if (SqlTypeUtil.isApproximateNumeric(argument)) {
            return like(factory, SqlTypeName.DOUBLE, argument);
          }
          return super.deriveSumType(factory, argument);
        }

        @Override
        public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argument) {
          if (SqlTypeUtil.isIntType(argument) || SqlTypeUtil.isApproximateNumeric(argument)) {
            return like(factory, SqlTypeName.DOUBLE, argument);
          }
          return super.deriveAvgAggType(factory, argument);
        }
      };

  /**
   * The expressions' functions, where a function call also finds {@code COUNT}: a list operator
   * table files it under its own syntax ({@code COUNT(*)}) only.
   */
  private static final SqlOperatorTable OPERATORS =
      new SqlOperatorTable() {
        @Override
        public void lookupOperatorOverloads(
            SqlIdentifier name,
            SqlFunctionCategory category,
            SqlSyntax syntax,
            List<SqlOperator> found,
            SqlNameMatcher matcher) {
          int before = found.size();
          SparkOperatorTable.INSTANCE.lookupOperatorOverloads(
              name, category, syntax, found, matcher);
          if (found.size() == before && syntax == SqlSyntax.FUNCTION) {
            SparkOperatorTable.INSTANCE.lookupOperatorOverloads(
                name, category, SqlSyntax.FUNCTION_STAR, found, matcher);
          }
        }

        @Override
        public List<SqlOperator> getOperatorList() {
          return SparkOperatorTable.INSTANCE.getOperatorList();
        }
      };

  private static final SqlValidator.Config VALIDATOR =
      SqlValidator.Config.DEFAULT
          .withConformance(SqlConformanceEnum.LENIENT)
          .withIdentifierExpansion(true);

  private SparkQueryPlanner() {}

  /**
   * The plan of {@code sql}, found at {@code field} of config {@code config}, over {@code tables}
   * keyed by {@code namespace.name}. Its row type names and types the result columns.
   *
   * @throws ConfigException naming the config and field when the query does not parse, refers to an
   *     unknown table or column, or uses what cannot run (an unknown function, a function of the
   *     clock)
   */
  public static RelNode plan(String config, String field, String sql, Map<String, Table> tables) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    ExpressionCompiler.SPARK_TYPE_NAMES.forEach(
        (alias, name) -> root.add(alias, factory -> factory.createSqlType(name)));
    Set<String> columns = new HashSet<>();
    RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl(TYPE_SYSTEM);
    for (Map.Entry<String, Table> table : tables.entrySet()) {
      int dot = table.getKey().indexOf('.');
      if (dot < 0) {
        throw new IllegalArgumentException(
            "table " + table.getKey() + " is not named namespace.name");
      }
      String namespace = table.getKey().substring(0, dot);
      SchemaPlus schema = root.getSubSchema(namespace);
      if (schema == null) {
        schema = root.add(namespace, new AbstractSchema());
      }
      schema.add(table.getKey().substring(dot + 1), table.getValue());
      for (RelDataTypeField column : table.getValue().getRowType(typeFactory).getFieldList()) {
        columns.add(column.getName().toLowerCase(Locale.ROOT));
      }
    }
    String text =
        SparkSqlText.normalize(
            sql,
            word -> columns.contains(word.toLowerCase(Locale.ROOT)),
            ExpressionCompiler.KEYWORDS::isReservedWord,
            true);
    FrameworkConfig frameworkConfig =
        Frameworks.newConfigBuilder()
            .parserConfig(ExpressionCompiler.PARSER)
            .defaultSchema(root)
            .operatorTable(OPERATORS)
            .typeSystem(TYPE_SYSTEM)
            .sqlValidatorConfig(VALIDATOR)
            .build();
    Planner planner = Frameworks.getPlanner(frameworkConfig);
    RelRoot converted;
    try {
      SqlNode parsed = planner.parse(text);
      SparkSqlRewrites.apply(parsed);
      SqlNode validated = planner.validate(parsed);
      converted = planner.rel(validated);
    } catch (SqlParseException e) {
      throw new ConfigException(config, field, "the query does not parse: " + firstLine(e));
    } catch (ValidationException e) {
      throw new ConfigException(
          config, field, "the query is invalid: " + describe(e, tables.keySet()));
    } catch (RelConversionException | RuntimeException | AssertionError e) {
      throw new ConfigException(config, field, "the query cannot be planned: " + firstLine(e));
    }
    List<String> problems = new ArrayList<>();
    RelNode lowered = lower(withoutSubQueries(converted.project()), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(config, field, String.join("; ", problems));
    }
    return withoutDecimals(lowered);
  }

  /**
   * The node with its inputs lowered first, then its own expressions, re-typed bottom-up: a lowered
   * expression may change type ({@code %} takes the wider type of its operands) or become nullable
   * (a cast of a string that may fail), and every node above must see it. Table scans become
   * bindable scans, which hold their table, so that the plan runs in any Calcite connection,
   * whatever its root schema.
   */
  private static RelNode lower(RelNode node, List<String> problems) {
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : node.getInputs()) {
      inputs.add(lower(input, problems));
    }
    RexBuilder rex = node.getCluster().getRexBuilder();
    RelTraitSet traits = node.getTraitSet();
    if (node instanceof LogicalTableScan scan
        && Bindables.BindableTableScan.canHandle(scan.getTable())) {
      return Bindables.BindableTableScan.create(scan.getCluster(), scan.getTable());
    }
    if (node instanceof Project project) {
      SparkLowering lowering = new SparkLowering(rex, inputs.get(0).getRowType());
      List<RexNode> exprs = lowering.apply(project.getProjects());
      problems.addAll(lowering.problems());
      RelDataType rowType =
          RexUtil.createStructType(
              rex.getTypeFactory(), exprs, project.getRowType().getFieldNames(), null);
      return project.copy(traits, inputs.get(0), exprs, rowType);
    }
    if (node instanceof Filter filter) {
      SparkLowering lowering = new SparkLowering(rex, inputs.get(0).getRowType());
      RexNode condition = filter.getCondition().accept(lowering);
      problems.addAll(lowering.problems());
      return filter.copy(traits, inputs.get(0), condition);
    }
    if (node instanceof Join join) {
      RelDataType both =
          rex.getTypeFactory()
              .builder()
              .addAll(inputs.get(0).getRowType().getFieldList())
              .addAll(inputs.get(1).getRowType().getFieldList())
              .build();
      SparkLowering lowering = new SparkLowering(rex, both);
      RexNode condition = join.getCondition().accept(lowering);
      problems.addAll(lowering.problems());
      return join.copy(
          traits,
          condition,
          inputs.get(0),
          inputs.get(1),
          join.getJoinType(),
          join.isSemiJoinDone());
    }
    if (node instanceof Aggregate aggregate) {
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall call : aggregate.getAggCallList()) {
        calls.add(
            AggregateCall.create(
                call.getParserPosition(),
                call.getAggregation(),
                call.isDistinct(),
                call.isApproximate(),
                call.ignoreNulls(),
                call.rexList,
                call.getArgList(),
                call.filterArg,
                call.distinctKeys,
                call.collation,
                aggregate.getGroupCount(),
                inputs.get(0),
                null,
                call.getName()));
      }
      return aggregate.copy(
          traits, inputs.get(0), aggregate.getGroupSet(), aggregate.getGroupSets(), calls);
    }
    RelNode copy = inputs.equals(node.getInputs()) ? node : node.copy(traits, inputs);
    RelDataTypeFactory.Builder all = rex.getTypeFactory().builder();
    inputs.forEach(input -> all.addAll(input.getRowType().getFieldList()));
    SparkLowering lowering = new SparkLowering(rex, all.build());
    RelNode lowered = copy.accept(lowering);
    problems.addAll(lowering.problems());
    return lowered;
  }

  /**
   * The plan with subqueries in expressions ({@code IN (SELECT ...)}, {@code EXISTS}, scalar
   * subqueries) turned into joins, so that every expression is row-level.
   */
  private static RelNode withoutSubQueries(RelNode plan) {
    HepPlanner hep =
        new HepPlanner(
            HepProgram.builder()
                .addRuleCollection(
                    List.of(
                        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
                .build());
    hep.setRoot(plan);
    RelNode correlated = hep.findBestExp();
    return RelDecorrelator.decorrelateQuery(
        correlated, RelFactories.LOGICAL_BUILDER.create(plan.getCluster(), null));
  }

  /** The plan with any {@code DECIMAL} result column cast to {@code DOUBLE}. */
  private static RelNode withoutDecimals(RelNode plan) {
    List<RelDataTypeField> fields = plan.getRowType().getFieldList();
    if (fields.stream().noneMatch(f -> f.getType().getSqlTypeName() == SqlTypeName.DECIMAL)) {
      return plan;
    }
    RexBuilder rex = plan.getCluster().getRexBuilder();
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField field : fields) {
      RexNode ref = rex.makeInputRef(plan, field.getIndex());
      exprs.add(
          field.getType().getSqlTypeName() == SqlTypeName.DECIMAL
              ? rex.makeCast(like(rex.getTypeFactory(), SqlTypeName.DOUBLE, field.getType()), ref)
              : ref);
      names.add(field.getName());
    }
    return LogicalProject.create(plan, List.of(), exprs, names, Set.of());
  }

  private static RelDataType like(RelDataTypeFactory factory, SqlTypeName name, RelDataType type) {
    return factory.createTypeWithNullability(factory.createSqlType(name), type.isNullable());
  }

  private static String describe(ValidationException e, Set<String> tables) {
    if (!(e.getCause() instanceof CalciteContextException context)) {
      return firstLine(e);
    }
    String message = String.valueOf(context.getCause().getMessage());
    if (message.startsWith("No match found for function signature")) {
      message =
          "unsupported function (or argument types): "
              + message.substring("No match found for function signature".length()).strip();
    } else if (message.startsWith("Object '") && message.contains("' not found")) {
      message += "; the tables are " + new TreeSet<>(tables);
    }
    return message
        + " (at line "
        + context.getPosLine()
        + ", column "
        + context.getPosColumn()
        + ")";
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
