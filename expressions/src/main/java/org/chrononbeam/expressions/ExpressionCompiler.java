package org.chrononbeam.expressions;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;

/**
 * Compiles Spark SQL expressions over one input {@link RowSchema}: each expression is parsed,
 * validated and converted to a Calcite {@link RexNode} on its own (so an error names the one
 * expression at fault), lowered to Spark semantics by {@link SparkLowering}, and then all of them
 * go into one generated row function ({@link RowCodegen}).
 */
final class ExpressionCompiler {
  private static final String TABLE = "chronon_input";

  /** Spark's lexical habits: backticks, names matched ignoring case, two kinds of string quotes. */
  static final SqlParser.Config PARSER =
      SqlParser.config()
          .withQuoting(Quoting.BACK_TICK_BACKSLASH)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false)
          .withConformance(SqlConformanceEnum.LENIENT)
          .withCharLiteralStyles(
              EnumSet.of(CharLiteralStyle.BQ_SINGLE, CharLiteralStyle.BQ_DOUBLE));

  /**
   * Calcite's types, except that CASE of strings of different lengths is unpadded, as in Spark, and
   * that a decimal holds up to 38 digits, as many of them after the point as wanted: Spark's
   * limits, rather than Calcite's 19. With 19, the types Calcite derives for decimals made from a
   * {@code BIGINT} (19 digits) lose integer digits: {@code CASE WHEN b THEN 1.25 ELSE j END} casts
   * {@code j} to {@code DECIMAL(19, 2)}, so a large {@code j} would overflow (and be {@code NULL},
   * as Spark makes an overflowing cast) where Spark's type, {@code DECIMAL(22, 2)}, holds every
   * value. With 38 it is Spark's too: the type factory and {@link #VALIDATOR} derive the common
   * type of integers and decimals as Spark does ({@link #sparkDecimal}).
   */
  private static final RelDataTypeSystem TYPE_SYSTEM =
      new RelDataTypeSystemImpl() {
        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
          return true;
        }

        @Override
        public int getMaxNumericPrecision() {
          return 38;
        }

        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
          return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxPrecision(typeName);
        }

        @Override
        public int getMaxNumericScale() {
          return 38;
        }

        @Override
        public int getMaxScale(SqlTypeName typeName) {
          return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
        }
      };

  static final SqlAbstractParserImpl.Metadata KEYWORDS =
      SqlParser.create("", PARSER).getMetadata();

  /**
   * Calcite's validator, lenient, with its implicit casts, but for the common type of integers and
   * decimals, which is Spark's ({@link #sparkDecimal}) in comparisons as in {@code CASE}.
   */
  private static final SqlValidator.Config VALIDATOR =
      SqlValidator.Config.DEFAULT
          .withConformance(SqlConformanceEnum.LENIENT)
          .withIdentifierExpansion(true)
          .withTypeCoercionFactory(
              (factory, validator) ->
                  new TypeCoercionImpl(factory, validator) {
                    @Override
                    public RelDataType getWiderTypeForDecimal(RelDataType a, RelDataType b) {
                      RelDataType decimal = sparkDecimal(factory, List.of(a, b));
                      return decimal != null ? decimal : super.getWiderTypeForDecimal(a, b);
                    }

                    @Override
                    public RelDataType commonTypeForBinaryComparison(
                        RelDataType a, RelDataType b) {
                      RelDataType decimal = sparkDecimal(factory, List.of(a, b));
                      return decimal != null
                          ? decimal
                          : super.commonTypeForBinaryComparison(a, b);
                    }
                  });

  /** Spark type names Calcite lacks, usable in {@code CAST(x AS ...)}. */
  static final Map<String, SqlTypeName> SPARK_TYPE_NAMES =
      Map.of(
          "STRING", SqlTypeName.VARCHAR,
          "LONG", SqlTypeName.BIGINT,
          "SHORT", SqlTypeName.SMALLINT,
          "BYTE", SqlTypeName.TINYINT);

  /** A compiled expression and the Chronon type of its values. */
  record Typed(RexNode rex, TDataType type) {}

  private final String config;
  private final RowSchema input;
  /** Java types, with Spark's common type of integers and decimals ({@link #sparkDecimal}). */
  private final JavaTypeFactory typeFactory =
      new JavaTypeFactoryImpl(TYPE_SYSTEM) {
        @Override
        public Charset getDefaultCharset() {
          return StandardCharsets.UTF_8;
        }

        @Override
        public RelDataType leastRestrictive(List<RelDataType> types) {
          RelDataType decimal = sparkDecimal(this, types);
          return decimal != null ? decimal : super.leastRestrictive(types);
        }
      };
  private final RexBuilder rexBuilder = new RexBuilder(typeFactory);
  private final RelDataType inputType;
  private final CalciteCatalogReader catalogReader;
  private final RelOptCluster cluster;
  private final List<ConfigError> errors = new ArrayList<>();

  /** The expressions compiled so far, to find which fails when their code does not compile. */
  private final List<Written> compiled = new ArrayList<>();

  /** An expression compiled from {@code expression} at {@code field}. */
  private record Written(String field, String expression, RexNode rex) {}

  ExpressionCompiler(String config, RowSchema input) {
    this.config = config;
    this.input = input;
    RelDataTypeFactory.Builder row = typeFactory.builder();
    for (Column c : input.columns()) {
      row.add(c.name(), nullable(columnType(c.type())));
    }
    this.inputType = row.build();
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    root.add(
        TABLE,
        new AbstractTable() {
          @Override
          public RelDataType getRowType(RelDataTypeFactory factory) {
            return inputType;
          }
        });
    SPARK_TYPE_NAMES.forEach(
        (alias, name) -> root.add(alias, factory -> factory.createSqlType(name)));
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    this.catalogReader =
        new CalciteCatalogReader(
            root, List.of(), typeFactory, new CalciteConnectionConfigImpl(properties));
    this.cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), rexBuilder);
  }

  /** The errors so far, each naming its field and expression. */
  List<ConfigError> errors() {
    return errors;
  }

  /** A reference to input column {@code index}, as an expression. */
  Typed column(int index) {
    RexNode ref = rexBuilder.makeInputRef(inputType.getFieldList().get(index).getType(), index);
    return new Typed(ref, input.column(index).type());
  }

  /**
   * Compiles {@code expression}, found at {@code field} of the config. Returns {@code null} after
   * recording an error when it does not parse, refers to an unknown column, calls an unsupported
   * function, or has a type no row can hold.
   */
  Typed compile(String field, String expression) {
    if (expression == null || expression.isBlank()) {
      errors.add(new ConfigError(config, field, "the expression is empty"));
      return null;
    }
    RexNode rex;
    try {
      String text =
          SparkSqlText.normalize(
              expression, name -> input.indexOf(name) >= 0, KEYWORDS::isReservedWord);
      SqlNode parsed = SqlParser.create(text, PARSER).parseExpression();
      SparkSqlRewrites.apply(parsed);
      rex = toRex(parsed);
    } catch (SqlParseException e) {
      return fail(field, expression, "does not parse: " + firstLine(e.getMessage()));
    } catch (CalciteContextException e) {
      return fail(field, expression, describe(e));
    } catch (RuntimeException | AssertionError e) {
      // Calcite reports some invalid input (and its own limits) with assertions.
      return fail(field, expression, firstLine(String.valueOf(e.getMessage())));
    }
    if (rex == null) {
      return fail(field, expression, "only row-level expressions are supported (no aggregates)");
    }
    SparkLowering lowering = new SparkLowering(rexBuilder);
    RexNode lowered = rex.accept(lowering);
    if (!lowering.problems().isEmpty()) {
      return fail(field, expression, String.join("; ", lowering.problems()));
    }
    if (lowered.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
      lowered = rexBuilder.makeCast(nullableLike(SqlTypeName.DOUBLE, lowered.getType()), lowered);
    }
    TDataType type = chrononType(lowered);
    if (type == null) {
      return fail(
          field,
          expression,
          "its type " + lowered.getType().getFullTypeString() + " has no Chronon equivalent"
              + " (a LIST, MAP, STRUCT or BINARY column can be passed through, tested for NULL"
              + " or sized, and a LIST or MAP of scalars indexed: a[0], m['key'])");
    }
    try {
      String source =
          new RowCodegen(inputType, typeFactory, rexBuilder).source(List.of(lowered), null);
      if (hasConstantCall(lowered)) {
        RowCodegen.compile(source);
      }
    } catch (RuntimeException | AssertionError e) {
      return fail(field, expression, "cannot be compiled: " + reason(e));
    }
    compiled.add(new Written(field, expression, lowered));
    return new Typed(lowered, type);
  }

  /** The first line of the cause of a compilation's failure {@code e}. */
  private static String reason(Throwable e) {
    Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
    return firstLine(String.valueOf(cause.getMessage()));
  }

  /**
   * Whether {@code node} has a call of constants, which the generated code computes once when it is
   * loaded (Calcite's functions may throw there: {@code overlay('abc' placing 'x' from -1)}), so
   * that compiling the expression alone tells its error.
   */
  private static boolean hasConstantCall(RexNode node) {
    return node instanceof RexCall call
        && (RexUtil.isConstant(call)
            || call.getOperands().stream().anyMatch(ExpressionCompiler::hasConstantCall));
  }

  /**
   * Spark's common type of integers and decimals, at least one a decimal, or {@code null} for
   * other types: a decimal with the most digits before the point of them all (a {@code TINYINT}
   * has 3, a {@code SMALLINT} 5, an {@code INT} 10 and a {@code BIGINT} 20, as in Spark) and the
   * most after it, so that each value fits. Calcite's comparisons take the largest precision and
   * the largest scale, which does not hold a large integer: {@code i > 1.5} would compare {@code
   * CAST(i AS DECIMAL(10, 1))}, which overflows for {@code |i| >= 10^9}; Spark's is {@code
   * DECIMAL(11, 1)}.
   */
  private static RelDataType sparkDecimal(RelDataTypeFactory factory, List<RelDataType> types) {
    int integerDigits = 0;
    int scale = 0;
    boolean anyDecimal = false;
    boolean nullable = false;
    for (RelDataType type : types) {
      int digits =
          switch (type.getSqlTypeName()) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 20;
            case DECIMAL -> type.getPrecision() - type.getScale();
            case NULL -> 0;
            default -> -1;
          };
      if (digits < 0) {
        return null;
      }
      anyDecimal |= type.getSqlTypeName() == SqlTypeName.DECIMAL;
      nullable |= type.isNullable();
      integerDigits = Math.max(integerDigits, digits);
      if (type.getSqlTypeName() == SqlTypeName.DECIMAL) {
        scale = Math.max(scale, type.getScale());
      }
    }
    if (!anyDecimal) {
      return null;
    }
    int precision = Math.min(integerDigits + scale, TYPE_SYSTEM.getMaxNumericPrecision());
    RelDataType decimal =
        factory.createSqlType(SqlTypeName.DECIMAL, precision, Math.min(scale, precision));
    return factory.createTypeWithNullability(decimal, nullable);
  }

  /** Records an error about {@code expression} and returns {@code null}. */
  Typed fail(String field, String expression, String message) {
    errors.add(new ConfigError(config, field, "`" + expression + "`: " + message));
    return null;
  }

  /**
   * Casts {@code typed} to {@code kind} (a scalar kind); used for the columns a query must produce
   * in a set type, such as {@code ts}.
   */
  Typed cast(Typed typed, DataKind kind) {
    RelDataType target = nullableLike(sqlType(kind), typed.rex().getType());
    RexNode cast = new SparkLowering(rexBuilder).castTo(typed.rex(), target);
    return new Typed(cast, new TDataType(kind));
  }

  /**
   * Compiles the projections (and the condition, if any) into one row function. Projections are
   * evaluated only for rows the condition keeps; a {@code NULL} condition rejects the row.
   */
  RowCodegen.RowFunction generate(List<RexNode> projections, RexNode condition) {
    try {
      return RowCodegen.compile(
          new RowCodegen(inputType, typeFactory, rexBuilder).source(projections, condition));
    } catch (IllegalStateException e) {
      throw new ConfigException(failuresOf(e));
    }
  }

  /**
   * The errors of the compiled expressions whose code does not compile alone (Calcite accepts
   * some calls whose generated code the Java compiler rejects, such as {@code parse_url} of a
   * number), or of the whole when each compiles: found when the whole fails with {@code e}.
   */
  private List<ConfigError> failuresOf(IllegalStateException e) {
    for (Written written : compiled) {
      try {
        RowCodegen codegen = new RowCodegen(inputType, typeFactory, rexBuilder);
        RowCodegen.compile(codegen.source(List.of(written.rex()), null));
      } catch (RuntimeException each) {
        fail(written.field(), written.expression(), "cannot be compiled: " + reason(each));
      }
    }
    if (errors.isEmpty()) {
      errors.add(new ConfigError(config, "", "the expressions cannot be compiled: " + reason(e)));
    }
    return errors;
  }

  /**
   * The columnar form of the projections (writing the columns of {@code output}) and condition,
   * with {@code rows}, their row function from {@link #generate}, for the rows it escapes, or
   * {@code null} when the columnar generator cannot translate one of them without boxing (the rows
   * are then evaluated a row at a time, which computes the same); see {@link ColumnarCodegen}.
   */
  ColumnarQuery generateColumnar(
      List<RexNode> projections,
      RexNode condition,
      RowSchema output,
      RowCodegen.RowFunction rows) {
    try {
      return new ColumnarCodegen(input, output, typeFactory)
          .generate(projections, condition, rows);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code AND} of the conditions, or {@code null} when there are none. */
  RexNode and(List<RexNode> conditions) {
    return conditions.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, conditions);
  }

  private RexNode toRex(SqlNode expression) {
    SqlSelect select =
        new SqlSelect(
            SqlParserPos.ZERO,
            SqlNodeList.EMPTY,
            SqlNodeList.of(expression),
            new SqlIdentifier(TABLE, SqlParserPos.ZERO),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    SqlValidator validator =
        SqlValidatorUtil.newValidator(
            SparkOperatorTable.INSTANCE, catalogReader, typeFactory, VALIDATOR);
    SqlNode validated = validator.validate(select);
    SqlToRelConverter converter =
        new SqlToRelConverter(
            null,
            validator,
            catalogReader,
            cluster,
            StandardConvertletTable.INSTANCE,
            SqlToRelConverter.config().withInSubQueryThreshold(Integer.MAX_VALUE));
    RelNode rel = converter.convertQuery(validated, false, true).rel;
    if (rel instanceof Project project && project.getInput() instanceof TableScan) {
      return project.getProjects().get(0);
    }
    return null;
  }

  private TDataType chrononType(RexNode rex) {
    if (rex instanceof RexInputRef ref) {
      return input.column(ref.getIndex()).type();
    }
    DataKind kind =
        switch (rex.getType().getSqlTypeName()) {
          case BOOLEAN -> DataKind.BOOLEAN;
          case TINYINT -> DataKind.BYTE;
          case SMALLINT -> DataKind.SHORT;
          case INTEGER -> DataKind.INT;
          case BIGINT -> DataKind.LONG;
          case REAL -> DataKind.FLOAT;
          case FLOAT, DOUBLE -> DataKind.DOUBLE;
          case CHAR, VARCHAR -> DataKind.STRING;
          case DATE -> DataKind.DATE;
          case TIMESTAMP -> DataKind.TIMESTAMP;
          default -> null;
        };
    return kind == null ? null : new TDataType(kind);
  }

  /**
   * The SQL type of a column: scalars map to their SQL types, a {@code LIST} or {@code MAP} of
   * scalars to an {@code ARRAY} or {@code MAP} (so that {@code a[0]} and {@code m['k']} work), and
   * anything else to {@code ANY}, which can only be passed through, tested for NULL or sized.
   */
  private RelDataType columnType(TDataType type) {
    List<DataField> params = type.isSetParams() ? type.getParams() : List.of();
    if (type.getKind() == DataKind.LIST && params.size() == 1 && isScalar(params.get(0))) {
      return typeFactory.createArrayType(nullable(sqlType(params.get(0).getDataType().getKind())), -1);
    }
    if (type.getKind() == DataKind.MAP
        && params.size() == 2
        && isScalar(params.get(0))
        && isScalar(params.get(1))) {
      return typeFactory.createMapType(
          nullable(sqlType(params.get(0).getDataType().getKind())),
          nullable(sqlType(params.get(1).getDataType().getKind())));
    }
    return sqlType(type.getKind());
  }

  private static boolean isScalar(DataField field) {
    return field.isSetDataType()
        && !Set.of(DataKind.BINARY, DataKind.LIST, DataKind.MAP, DataKind.STRUCT)
            .contains(field.getDataType().getKind());
  }

  private RelDataType nullable(RelDataType type) {
    return typeFactory.createTypeWithNullability(type, true);
  }

  private RelDataType sqlType(DataKind kind) {
    return switch (kind) {
      case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
      case BYTE -> typeFactory.createSqlType(SqlTypeName.TINYINT);
      case SHORT -> typeFactory.createSqlType(SqlTypeName.SMALLINT);
      case INT -> typeFactory.createSqlType(SqlTypeName.INTEGER);
      case LONG -> typeFactory.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> typeFactory.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
      case STRING -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
      case DATE -> typeFactory.createSqlType(SqlTypeName.DATE);
      case TIMESTAMP -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case BINARY, MAP, LIST, STRUCT -> typeFactory.createSqlType(SqlTypeName.ANY);
    };
  }

  private RelDataType nullableLike(SqlTypeName name, RelDataType like) {
    return nullableLike(typeFactory.createSqlType(name), like);
  }

  private RelDataType nullableLike(RelDataType type, RelDataType like) {
    return typeFactory.createTypeWithNullability(type, like.isNullable());
  }

  private static String describe(CalciteContextException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    if (message.startsWith("No match found for function signature")) {
      message =
          "unsupported function (or argument types): "
              + message.substring("No match found for function signature".length()).strip();
    } else if (message.startsWith("Column '") && message.endsWith("' not found in any table")) {
      message =
          "unknown column "
              + message.substring(
                  "Column ".length(), message.length() - " not found in any table".length());
    }
    return message + " (at column " + e.getPosColumn() + ")";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
