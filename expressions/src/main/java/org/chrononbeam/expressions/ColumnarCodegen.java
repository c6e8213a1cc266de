package org.chrononbeam.expressions;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.BlockStatement;
import org.apache.calcite.linq4j.tree.ClassDeclaration;
import org.apache.calcite.linq4j.tree.ClassDeclarationFinder;
import org.apache.calcite.linq4j.tree.ConstantExpression;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.ExpressionType;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.MethodCallExpression;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.linq4j.tree.Shuttle;
import org.apache.calcite.linq4j.tree.UnaryExpression;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.chrononbeam.api.DataKind;

/**
 * Generates a {@link ColumnarQuery}: the projections and condition of a query, evaluated on one row
 * index of primitive column arrays without boxing.
 *
 * <p>Each node of an expression becomes two generated locals, its null flag and its value in the
 * node's primitive Java type (or {@code String}), computed bottom-up. A node's value is computed
 * only where it is defined: a strict operator (NULL when an operand is) runs only once its operands
 * are known not to be NULL, each operand evaluated only when the ones before it are not NULL; a
 * {@code CASE} evaluates its tests in order and then only the chosen branch; {@code AND} and {@code
 * OR} stop at the first operand that decides them. So an integer {@code %} by zero (guarded by the
 * lowering's {@code CASE WHEN b = 0 THEN NULL ...}) or a function of a NULL never runs. A condition
 * keeps a row when it is TRUE (not NULL nor FALSE).
 *
 * <p>Columnar: column references of scalar kinds and {@code STRING}; literals (and NULL), decimal
 * literals cast to a floating type or operands of an operator computing a {@code DOUBLE} ({@code x
 * * 1.5}, {@code coalesce(x, 0.0)}) as {@code double} constants; {@code
 * CASE} with any number of branches, with or without {@code ELSE}, and what Calcite and the
 * lowering express with it: {@code COALESCE}, {@code NVL}, {@code IFNULL}, {@code IF}, {@code
 * NULLIF}, Spark division and modulo; {@code IS [NOT] NULL}, {@code IS [NOT] TRUE}, {@code IS [NOT]
 * FALSE}; three-valued {@code AND}, {@code OR} and {@code NOT} (so {@code IN} and {@code BETWEEN}).
 * Strict operators whose value Calcite's code generator computes from the operands' primitive
 * values (in a method per node taking them as parameters, as if no operand were NULL; literal
 * operands stay in the call but for {@code %}'s, which must not be folded): {@code + - * %} and
 * unary minus on integral values, {@code + - * /} on floating ones (Spark and Java both wrap
 * integers around); comparisons of numbers, booleans, dates, timestamps or strings; {@code CAST}
 * between numeric types that Spark lowering leaves as a plain cast (widening, or between floating
 * types), from {@code DATE} to {@code TIMESTAMP}, from integral types and {@code DATE} to strings,
 * between string types, and to the same type (Calcite's {@code NOT NULL} casts in {@code
 * COALESCE}); {@code lower}, {@code upper}, {@code ||} and {@code concat} of strings; {@code [NOT]
 * LIKE} and {@code RLIKE} (Calcite's matchers, hoisted into static fields, compile each pattern
 * once); {@code abs}, {@code floor}, {@code ceil}, {@code round}, {@code pow}, {@code ln}, {@code
 * log10}, {@code exp} and {@code sign} of numbers. Calls of {@link SparkFunctions} that the
 * lowering generates, as calls of their {@link SparkFunctions.Unboxed} forms (narrowing casts,
 * {@code sqrt}, {@code substr}, {@code lpad}, {@code rpad}, {@code length}, {@code datediff},
 * {@code to_date} of a timestamp, {@code date_format}, {@code from_unixtime}, {@code
 * unix_timestamp} of a date or timestamp, casts of fractional numbers, booleans and timestamps to
 * strings), whose NULL result is their null flag; those also NULL for a string that does not parse
 * (casts of strings to numbers, booleans, dates and timestamps, {@code to_date} and {@code
 * unix_timestamp} of a string, with or without a pattern) as their {@code Unboxed} form and its
 * {@code nameIsNull} companion, which sets the null flag; and the functions taking and returning
 * strings ({@code regexp_replace}, {@code date_format} of a string), whose {@code null} result is
 * NULL.
 *
 * <p>Lists and maps of scalars ({@code LIST} and {@code MAP} columns whose SQL types are {@code
 * ARRAY} and {@code MAP}): a column is read as its {@code java.util.List} or {@code java.util.Map},
 * passed through to an output column of the same kind, tested for NULL, or chosen by {@code CASE}
 * and {@code COALESCE}; {@code size} of one (-1 for NULL); {@code a[i]} of any integral index
 * expression and {@code m[k]} of a string key, looked up with Calcite's {@code arrayItemOptional}
 * and {@code mapItemOptional} as the row function does and the element (a box already) unboxed,
 * NULL when there is none or it is NULL; {@code array_contains} of a value of any columnar kind,
 * as the {@link SparkFunctions.Unboxed#arrayContains(List, long)} of the value's primitive kind and
 * its {@code arrayContainsIsNull} companion. {@code concat_ws(sep, ...)} of strings and lists of
 * strings is appended to a {@code StringBuilder}: NULL when {@code sep} is, NULL arguments and NULL
 * elements skipped.
 *
 * <p>Decimals ({@code j * 1.5} over an integer {@code j}, which Spark computes exactly, {@code
 * CAST(j AS DECIMAL(10, 2))}, {@code i > 1.5}, {@code coalesce(i * 0.5, 0)}) are {@code long}
 * locals holding their unscaled values: see {@link DecimalCodegen} for the decimal nodes accepted.
 * A row for which one of them does not fit in a {@code long} makes the generated code throw {@link
 * UnscaledDecimals#ESCAPE}, and {@link ColumnarQuery} evaluates that row with the row function.
 *
 * <p>Anything else makes {@link #generate} return {@code null}, and the query is evaluated a row at
 * a time: columns of other kinds (structs, binaries, lists and maps of those or of collections,
 * typed {@code ANY}, even passed through), a map looked up with a numeric key (which would be
 * boxed), the decimal nodes {@link DecimalCodegen} refuses (such as casts of fractional numbers
 * and strings to decimals), and every other Calcite operator (other functions of lists and maps
 * among them). So does any generated code that would still box a number (a safety net for an
 * operator that Calcite implements with boxed values).
 */
final class ColumnarCodegen {
  private static final Set<SqlKind> ARITHMETIC =
      Set.of(
          SqlKind.PLUS,
          SqlKind.MINUS,
          SqlKind.TIMES,
          SqlKind.MOD,
          SqlKind.MINUS_PREFIX,
          SqlKind.PLUS_PREFIX);

  /**
   * Calcite's math functions of plain numbers, by name (the standard library's or the Spark
   * library's definition): its code generator computes them on primitive values.
   */
  private static final Set<String> MATH =
      Set.of(
          "ABS", "FLOOR", "CEIL", "CEILING", "ROUND", "POWER", "POW", "LN", "LOG10", "EXP",
          "SIGN");

  /**
   * What boxes a number in generated code: a safety net, so that an operator accepted here that
   * Calcite implements with boxed values falls back to the row path rather than box.
   */
  private static final Pattern BOXING =
      Pattern.compile(
          "\\b(Boolean|Byte|Short|Integer|Long|Float|Double)\\.valueOf\\(|\\bPrimitive\\.|\\(Number\\)");

  /** The signature of the generated methods that read the input columns at row {@code r}. */
  private static final String INPUT_PARAMETERS =
      "final long[][] l, final double[][] d, final Object[][] o, final boolean[][] n, final int r";

  private final RowSchema input;
  private final RowSchema output;
  private final JavaTypeFactory typeFactory;
  private final RexBuilder rexBuilder;
  private final PrimitiveCasts casts = new PrimitiveCasts();
  private final DecimalCodegen decimals;

  /** The methods computing strict operators with Calcite's code generator. */
  private final List<MemberDeclaration> operators = new ArrayList<>();

  private final BitSet reads = new BitSet();
  private int locals;

  ColumnarCodegen(RowSchema input, RowSchema output, JavaTypeFactory typeFactory) {
    this.input = input;
    this.output = output;
    this.typeFactory = typeFactory;
    this.rexBuilder = new RexBuilder(typeFactory);
    this.decimals = new DecimalCodegen(this, rexBuilder);
  }

  /**
   * The columnar form of {@code projections} (one per output column) kept by {@code condition} (or
   * every row when {@code null}), or {@code null} when one of them cannot be evaluated without
   * boxing; {@code rows}, the row function computing the same, evaluates the rows that escape (see
   * {@link DecimalCodegen}). One instance generates one query.
   */
  ColumnarQuery generate(
      List<RexNode> projections, RexNode condition, RowCodegen.RowFunction rows) {
    String source = source(projections, condition);
    return source == null
        ? null
        : new ColumnarQuery(
            (ColumnarQuery.Evaluator) RowCodegen.instantiate(source, ColumnarQuery.Evaluator.class),
            reads.stream().toArray(),
            input,
            output,
            rows.filling());
  }

  /** The generated class body, or {@code null} when an expression is refused. */
  private String source(List<RexNode> projections, RexNode condition) {
    StringBuilder members = new StringBuilder();
    StringBuilder body = new StringBuilder();
    try {
      if (condition != null) {
        StringBuilder code = new StringBuilder();
        Value keep = node(condition, code);
        members
            .append("private static boolean keep(")
            .append(INPUT_PARAMETERS)
            .append(") {\n")
            .append(code)
            .append("return !")
            .append(keep.isNull())
            .append(" && ")
            .append(keep.value())
            .append(";\n}\n");
        body.append("if (!keep(l, d, o, n, r)) { return false; }\n");
      }
      for (int i = 0; i < projections.size(); i++) {
        StringBuilder code = new StringBuilder();
        Value value = node(projections.get(i), code);
        members
            .append("private static void p")
            .append(i)
            .append("(")
            .append(INPUT_PARAMETERS)
            .append(", final long[][] ol, final double[][] od, final Object[][] oo,")
            .append(" final boolean[][] on, final int w) {\n")
            .append(code)
            .append(store(i, value))
            .append("}\n");
        body.append("p").append(i).append("(l, d, o, n, r, ol, od, oo, on, w);\n");
      }
    } catch (Refused e) {
      return null;
    }
    ClassDeclaration hoisted =
        (ClassDeclaration)
            Expressions.classDecl(Modifier.PUBLIC, "Columnar", null, List.of(), operators)
                .accept(ClassDeclarationFinder.create());
    String generated =
        Expressions.toString(hoisted.memberDeclarations, "\n", false) + members.toString();
    if (casts.boxes || BOXING.matcher(generated).find()) {
      return null;
    }
    return RowCodegen.PROLOGUE
        + generated
        + "public boolean apply(org.chrononbeam.expressions.ColumnarQuery.Columns a0, int r,"
        + " org.chrononbeam.expressions.ColumnarQuery.Columns a1, int w) {\n"
        + "final long[][] l = a0.longs();\nfinal double[][] d = a0.doubles();\n"
        + "final Object[][] o = a0.objects();\nfinal boolean[][] n = a0.nulls();\n"
        + "final long[][] ol = a1.longs();\nfinal double[][] od = a1.doubles();\n"
        + "final Object[][] oo = a1.objects();\nfinal boolean[][] on = a1.nulls();\n"
        + body
        + "return true;\n}\n";
  }

  /** The statements writing {@code value} into output column {@code column} at row {@code w}. */
  private String store(int column, Value value) {
    String v = value.value();
    String stored =
        switch (storage(output.column(column).kind())) {
          case 'l' -> "ol[" + column + "][w] = " + value.isNull() + " ? 0L : " + asLong(value);
          case 'd' -> "od[" + column + "][w] = " + value.isNull() + " ? 0.0 : (double) " + v;
          case 'o' -> "oo[" + column + "][w] = " + value.isNull() + " ? null : " + v;
          default -> throw new Refused();
        };
    return "on[" + column + "][w] = " + value.isNull() + ";\n" + stored + ";\n";
  }

  private static String asLong(Value value) {
    if (value.type() == boolean.class) {
      return "(" + value.value() + " ? 1L : 0L)";
    }
    if (value.type() instanceof Class<?> c && c.isPrimitive()) {
      return "(long) " + value.value();
    }
    throw new Refused();
  }

  /**
   * A generated node: Java expressions (locals or constants) for its null flag and its value, of
   * Java type {@code type}; the value is meaningless when the flag is true.
   */
  record Value(String isNull, String value, Type type) {}

  /** Thrown when an expression cannot be made columnar. */
  static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  /**
   * Appends to {@code code} the statements computing {@code rex}, and returns its flag and value,
   * locals declared by those statements.
   */
  Value node(RexNode rex, StringBuilder code) {
    RelDataType type = rex.getType();
    if (rex instanceof RexLiteral literal && literal.isNull()) {
      return supportedType(type)
          ? new Value("true", zero(javaType(type)), javaType(type))
          : new Value("true", "false", boolean.class);
    }
    if (rex instanceof RexCall cast
        && cast.getKind() == SqlKind.CAST
        && SqlTypeUtil.isApproximateNumeric(type)
        && cast.getOperands().get(0) instanceof RexLiteral literal
        && SqlTypeUtil.isDecimal(literal.getType())
        && !literal.isNull()) {
      return strict(approximate(literal, type), List.of(), code);
    }
    Value decimal = decimals.node(rex, code);
    if (decimal != null) {
      return decimal;
    }
    if (!supportedType(type)) {
      throw new Refused();
    }
    if (rex instanceof RexInputRef ref) {
      return column(ref.getIndex(), type, code);
    }
    if (rex instanceof RexLiteral literal) {
      return strict(literal, List.of(), code);
    }
    if (!(rex instanceof RexCall call)) {
      throw new Refused();
    }
    List<RexNode> args = call.getOperands();
    return switch (call.getKind()) {
      case CASE -> caseWhen(call, code);
      case COALESCE -> coalesce(call, code);
      case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> test(call, code);
      case ITEM -> item(call, code);
      case AND -> andOr(args, true, code);
      case OR -> andOr(args, false, code);
      case NOT -> {
        Value operand = node(args.get(0), code);
        yield new Value(operand.isNull(), "!" + operand.value(), boolean.class);
      }
      default -> {
        if (call.getOperator() == SqlLibraryOperators.CONCAT_WS_SPARK) {
          yield concatWs(call, code);
        }
        if (call.getOperator() instanceof SqlUserDefinedFunction udf
            && udf.getFunction() instanceof ScalarFunctionImpl function
            && function.method.getDeclaringClass() == SparkFunctions.class) {
          yield switch (function.method.getName()) {
            case "size" -> size(call, code);
            case "arrayContains" -> arrayContains(call, code);
            default -> sparkFunction(call, function.method, code);
          };
        }
        RexCall approximated = withApproximateLiterals(call);
        if (!calciteStrict(approximated)) {
          throw new Refused();
        }
        yield strict(approximated, approximated.getOperands(), code);
      }
    };
  }

  /** Input column {@code index}, of SQL type {@code sqlType}, at row {@code r}. */
  private Value column(int index, RelDataType sqlType, StringBuilder code) {
    DataKind kind = input.column(index).kind();
    String slot = "[" + index + "][r]";
    String read =
        switch (kind) {
          case BOOLEAN -> "l" + slot + " != 0L";
          case BYTE -> "(byte) l" + slot;
          case SHORT -> "(short) l" + slot;
          case INT, DATE -> "(int) l" + slot;
          case LONG, TIMESTAMP -> "l" + slot;
          case FLOAT -> "(float) d" + slot;
          case DOUBLE -> "d" + slot;
          case STRING -> "(String) o" + slot;
          case LIST, MAP -> "(" + name(javaType(sqlType)) + ") o" + slot;
          default -> throw new Refused();
        };
    reads.set(index);
    Type type = isCollection(sqlType) ? javaType(sqlType) : javaType(rex(index));
    int k = locals++;
    code.append("final boolean n").append(k).append(" = n").append(slot).append(";\n");
    code.append("final ").append(name(type)).append(" v").append(k).append(" = ");
    code.append(read).append(";\n");
    return new Value("n" + k, "v" + k, type);
  }

  private RelDataType rex(int index) {
    return typeFactory.createTypeWithNullability(sqlType(input.column(index).kind()), false);
  }

  private RelDataType sqlType(DataKind kind) {
    SqlTypeName name =
        switch (kind) {
          case BOOLEAN -> SqlTypeName.BOOLEAN;
          case BYTE -> SqlTypeName.TINYINT;
          case SHORT -> SqlTypeName.SMALLINT;
          case INT -> SqlTypeName.INTEGER;
          case LONG -> SqlTypeName.BIGINT;
          case FLOAT -> SqlTypeName.REAL;
          case DOUBLE -> SqlTypeName.DOUBLE;
          case DATE -> SqlTypeName.DATE;
          case TIMESTAMP -> SqlTypeName.TIMESTAMP;
          default -> SqlTypeName.VARCHAR;
        };
    return typeFactory.createSqlType(name);
  }

  /**
   * {@code CASE WHEN t1 THEN v1 ... [ELSE e] END}: the tests in order, then only the branch of the
   * first that is TRUE (or the ELSE, NULL when there is none).
   */
  private Value caseWhen(RexCall call, StringBuilder code) {
    List<RexNode> args = call.getOperands();
    Value result = declare(javaType(call.getType()), code);
    int closing = 0;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      Value test = node(args.get(i), code);
      code.append("if (!")
          .append(test.isNull())
          .append(" && ")
          .append(test.value())
          .append(") {\n");
      assign(result, args.get(i + 1), code);
      code.append("} else {\n");
      closing++;
    }
    if (args.size() % 2 == 1) {
      assign(result, args.get(args.size() - 1), code);
    }
    code.append("}\n".repeat(closing));
    return result;
  }

  /** {@code COALESCE(a, b, ...)}: the first operand that is not NULL, each evaluated in turn. */
  private Value coalesce(RexCall call, StringBuilder code) {
    Value result = declare(javaType(call.getType()), code);
    int closing = 0;
    for (RexNode arg : call.getOperands()) {
      if (closing > 0) {
        code.append("if (").append(result.isNull()).append(") {\n");
      }
      assign(result, arg, code);
      closing++;
    }
    code.append("}\n".repeat(closing - 1));
    return result;
  }

  /** Appends {@code result = rex}, converting its value to the result's Java type. */
  private void assign(Value result, RexNode rex, StringBuilder code) {
    Value value = node(rex, code);
    code.append(result.isNull()).append(" = ").append(value.isNull()).append(";\n");
    code.append(result.value()).append(" = ").append(convert(value, result.type())).append(";\n");
  }

  /** {@code value} as Java type {@code to}: the same, or a primitive number cast to another. */
  private static String convert(Value value, Type to) {
    if (value.isNull().equals("true")) {
      return zero(to);
    }
    if (value.type() == to) {
      return value.value();
    }
    if (isNumber(value.type()) && isNumber(to)) {
      return "(" + name(to) + ") " + value.value();
    }
    throw new Refused();
  }

  private static boolean isNumber(Type type) {
    return type instanceof Class<?> c && c.isPrimitive() && c != boolean.class;
  }

  /** {@code IS [NOT] NULL}, {@code IS [NOT] TRUE} and {@code IS [NOT] FALSE}: never NULL. */
  private Value test(RexCall call, StringBuilder code) {
    Value operand = node(call.getOperands().get(0), code);
    String n = operand.isNull();
    String v = operand.value();
    String test =
        switch (call.getKind()) {
          case IS_NULL -> n;
          case IS_NOT_NULL -> "!" + n;
          case IS_TRUE -> "!" + n + " && " + v;
          case IS_NOT_TRUE -> n + " || !" + v;
          case IS_FALSE -> "!" + n + " && !" + v;
          default -> n + " || " + v;
        };
    return new Value("false", "(" + test + ")", boolean.class);
  }

  /**
   * Three-valued {@code AND} (or {@code OR}, when not {@code and}) of {@code operands}, evaluated
   * in turn until one is FALSE (TRUE): that one decides; else NULL when one was NULL.
   */
  private Value andOr(List<RexNode> operands, boolean and, StringBuilder code) {
    Value result = declare(boolean.class, code);
    code.append(result.isNull()).append(" = false;\n");
    code.append(result.value()).append(" = ").append(!and).append(";\n");
    for (int i = 0; i < operands.size(); i++) {
      Value operand = node(operands.get(i), code);
      code.append("if (")
          .append(operand.isNull())
          .append(" || ")
          .append(and ? "" : "!")
          .append(operand.value())
          .append(") {\n");
      code.append(result.isNull())
          .append(" = ")
          .append(i == 0 ? "" : result.isNull() + " || ")
          .append(operand.isNull())
          .append(";\n");
    }
    code.append(result.value()).append(" = ").append(and).append(";\n");
    for (int i = operands.size() - 1; i >= 0; i--) {
      code.append("}");
      if (i > 0) {
        code.append(" else {\n").append(result.isNull()).append(" = false;\n}");
      }
      code.append("\n");
    }
    return result;
  }

  /** Declares a node's flag (true: NULL) and value (zero) for statements to assign. */
  private Value declare(Type type, StringBuilder code) {
    int k = locals++;
    code.append("boolean n").append(k).append(" = true;\n");
    code.append(name(type)).append(" v").append(k).append(" = ").append(zero(type)).append(";\n");
    return new Value("n" + k, "v" + k, type);
  }

  /**
   * A strict node: NULL when one of {@code operands} is; else {@code compute} of their values, an
   * expression of Java type {@code type}, which is NULL itself when {@code isNull} of their values
   * and the computed one is true. The operands are evaluated in turn, each only when the ones
   * before it are not NULL.
   */
  Value strict(
      List<RexNode> operands,
      Function<List<String>, String> compute,
      Type type,
      BiFunction<List<String>, String, String> isNull,
      StringBuilder code) {
    Value result = declare(type, code);
    List<String> values = new ArrayList<>();
    int closing = 0;
    for (RexNode operand : operands) {
      Value value = node(operand, code);
      values.add(value.value());
      if (value.isNull().equals("true")) {
        code.append("}\n".repeat(closing));
        return result;
      }
      if (!value.isNull().equals("false")) {
        code.append("if (!").append(value.isNull()).append(") {\n");
        closing++;
      }
    }
    code.append(result.value()).append(" = ").append(compute.apply(values)).append(";\n");
    code.append(result.isNull())
        .append(" = ")
        .append(isNull.apply(values, result.value()))
        .append(";\n");
    code.append("}\n".repeat(closing));
    return result;
  }

  /**
   * {@code size(c)} of a list or map: its number of elements, -1 when it is NULL (never NULL
   * itself).
   */
  private Value size(RexCall call, StringBuilder code) {
    RexNode operand = call.getOperands().get(0);
    if (!isCollection(operand.getType())) {
      throw new Refused();
    }
    Value collection = node(operand, code);
    int k = locals++;
    code.append("final int v").append(k).append(" = ").append(collection.isNull());
    code.append(" ? -1 : ").append(collection.value()).append(".size();\n");
    return new Value("false", "v" + k, int.class);
  }

  /**
   * {@code a[i]} (its index made 1-based by the lowering) or {@code m[key]} of a string key: the
   * element Calcite's {@code arrayItemOptional} or {@code mapItemOptional} finds, as the row
   * function looks it up, NULL when there is none or it is NULL, else unboxed (the element is a
   * box already: reading it allocates nothing). An element of a list of {@code DOUBLE}s or {@code
   * BIGINT}s is read by {@link SparkFunctions.Unboxed#doubleItem} or {@code longItem}, which read
   * the aggregator's lists of primitives (LAST_K, FIRST_K) without boxing. A map of numeric keys is
   * refused, as its key would be boxed.
   */
  private Value item(RexCall call, StringBuilder code) {
    RelDataType collection = call.getOperands().get(0).getType();
    RelDataType key = call.getOperands().get(1).getType();
    String lookup;
    if (collection.getSqlTypeName() == SqlTypeName.ARRAY && SqlTypeUtil.isIntType(key)) {
      lookup = "arrayItemOptional(%s, (int) %s, 1, true)";
    } else if (collection.getSqlTypeName() == SqlTypeName.MAP && SqlTypeUtil.isCharacter(key)) {
      lookup = "mapItemOptional(%s, %s)";
    } else {
      throw new Refused();
    }
    Type type = javaType(call.getType());
    if (lookup.startsWith("array") && (type == double.class || type == long.class)) {
      String unboxed = SparkFunctions.Unboxed.class.getCanonicalName() + ".";
      String item = unboxed + (type == double.class ? "doubleItem" : "longItem");
      return strict(
          call.getOperands(),
          values -> item + "(" + values.get(0) + ", (int) " + values.get(1) + ")",
          type,
          (values, result) ->
              unboxed + "itemIsNull(" + values.get(0) + ", (int) " + values.get(1) + ")",
          code);
    }
    int k = locals++;
    String element = "e" + k;
    code.append("Object ").append(element).append(" = null;\n");
    String unboxed =
        type == String.class
            ? "(String) " + element
            : "((" + Primitive.of(type).boxClass.getName() + ") " + element + ")." + name(type)
                + "Value()";
    return strict(
        call.getOperands(),
        values ->
            "("
                + element
                + " = "
                + SqlFunctions.class.getName()
                + "."
                + String.format(lookup, values.get(0), values.get(1))
                + ") == null ? "
                + zero(type)
                + " : "
                + unboxed,
        type,
        (values, result) -> element + " == null",
        code);
  }

  /**
   * {@code array_contains(a, v)}: {@link SparkFunctions.Unboxed#arrayContains(List, long)} (or its
   * twin of the value's kind) of the list and the primitive value, NULL as its {@code
   * arrayContainsIsNull} companion tells.
   */
  private Value arrayContains(RexCall call, StringBuilder code) {
    Type valueType = javaType(call.getOperands().get(1).getType());
    String parameter;
    if (valueType == String.class || valueType == boolean.class) {
      parameter = name(valueType);
    } else if (valueType == double.class || valueType == float.class) {
      parameter = "double";
    } else if (isNumber(valueType)) {
      parameter = "long";
    } else {
      throw new Refused();
    }
    String function = SparkFunctions.Unboxed.class.getCanonicalName() + ".arrayContains";
    Function<List<String>, String> arguments =
        values -> values.get(0) + ", (" + parameter + ") " + values.get(1);
    return strict(
        call.getOperands(),
        values -> function + "(" + arguments.apply(values) + ")",
        boolean.class,
        (values, result) -> function + "IsNull(" + arguments.apply(values) + ", " + result + ")",
        code);
  }

  /**
   * {@code concat_ws(sep, ...)}: NULL when {@code sep} is; else the strings among the other
   * arguments, and the elements of the lists of strings among them, that are not NULL, in order,
   * {@code sep} between each two, appended to a {@code StringBuilder}. (NULL literals are left
   * out; the lowering already rid the lists of NULL elements, for Calcite's code.)
   */
  private Value concatWs(RexCall call, StringBuilder code) {
    List<RexNode> args = call.getOperands();
    Value result = declare(String.class, code);
    Value separator = node(args.get(0), code);
    if (separator.isNull().equals("true")) {
      return result;
    }
    code.append("if (!").append(separator.isNull()).append(") {\n");
    int k = locals++;
    String builder = "b" + k;
    String first = "first" + k;
    String append =
        "if (!"
            + first
            + ") { "
            + builder
            + ".append("
            + separator.value()
            + "); }\n"
            + first
            + " = false;\n"
            + builder
            + ".append(%s);\n";
    code.append("final StringBuilder ").append(builder).append(" = new StringBuilder();\n");
    code.append("boolean ").append(first).append(" = true;\n");
    for (RexNode arg : args.subList(1, args.size())) {
      Value value = node(arg, code);
      if (value.isNull().equals("true")) {
        continue;
      }
      code.append("if (!").append(value.isNull()).append(") {\n");
      if (value.type() == String.class) {
        code.append(String.format(append, value.value()));
      } else if (value.type() == List.class) {
        String i = "i" + locals++;
        code.append("for (int ").append(i).append(" = 0; ").append(i).append(" < ");
        code.append(value.value()).append(".size(); ").append(i).append("++) {\n");
        code.append("if (").append(value.value()).append(".get(").append(i).append(") != null) {\n");
        code.append(String.format(append, "(String) " + value.value() + ".get(" + i + ")"));
        code.append("}\n}\n");
      } else {
        throw new Refused();
      }
      code.append("}\n");
    }
    code.append(result.isNull()).append(" = false;\n");
    code.append(result.value()).append(" = ").append(builder).append(".toString();\n");
    code.append("}\n");
    return result;
  }

  /**
   * A strict node whose value Calcite's code generator computes, in a method of its own taking the
   * values of the operands other than literals (which stay in the call) as primitive parameters.
   */
  private Value strict(RexNode rex, List<RexNode> operands, StringBuilder code) {
    List<RexNode> computed = new ArrayList<>();
    RelDataTypeFactory.Builder row = typeFactory.builder();
    List<ParameterExpression> parameters = new ArrayList<>();
    List<RexNode> replaced = new ArrayList<>();
    for (RexNode operand : operands) {
      if (operand instanceof RexLiteral literal
          && !literal.isNull()
          && rex.getKind() != SqlKind.MOD) {
        replaced.add(operand);
        continue;
      }
      RelDataType type = typeFactory.createTypeWithNullability(operand.getType(), false);
      replaced.add(new RexInputRef(computed.size(), type));
      row.add("a" + computed.size(), type);
      parameters.add(Expressions.parameter(javaType(type), "a" + computed.size()));
      computed.add(operand);
    }
    RelDataType notNull = typeFactory.createTypeWithNullability(rex.getType(), false);
    RexNode call = rex instanceof RexCall c ? c.clone(notNull, replaced) : rex;
    Type type = javaType(notNull);
    RexToLixTranslator.InputGetter getter =
        (list, index, storageType) -> {
          Expression value = parameters.get(index);
          return storageType == null ? value : EnumUtils.convert(value, storageType);
        };
    BlockBuilder block = new BlockBuilder();
    Expression value =
        RowCodegen.translate(call, row.build(), typeFactory, rexBuilder, getter, block);
    block.add(Expressions.return_(null, EnumUtils.convert(value, type)));
    String method = "f" + operators.size();
    operators.add(
        Expressions.methodDecl(
            Modifier.PRIVATE | Modifier.STATIC,
            type,
            method,
            parameters,
            (BlockStatement) block.toBlock().accept(casts)));
    return strict(
        computed,
        values -> method + "(" + String.join(", ", values) + ")",
        type,
        (values, result) -> "false",
        code);
  }

  /**
   * A call of a {@link SparkFunctions} method: of the {@link SparkFunctions.Unboxed} method of the
   * same name taking primitive values, or of the method itself when it takes and returns no boxed
   * number; a {@code null} result is NULL, and so is a value for which the {@code Unboxed} method's
   * {@code nameIsNull} companion, when there is one, is true.
   */
  private Value sparkFunction(RexCall call, Method boxed, StringBuilder code) {
    Class<?>[] parameters = boxed.getParameterTypes();
    Class<?>[] primitives = new Class<?>[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      primitives[i] = Primitive.unbox(parameters[i]);
    }
    Method method = boxed;
    if (!Arrays.equals(primitives, parameters) || Primitive.isBox(boxed.getReturnType())) {
      try {
        method = SparkFunctions.Unboxed.class.getMethod(boxed.getName(), primitives);
      } catch (NoSuchMethodException e) {
        throw new Refused();
      }
    }
    Class<?> returns = method.getReturnType();
    Type type = javaType(call.getType());
    if (Primitive.isBox(returns) || returns == Object.class) {
      throw new Refused();
    }
    String function = method.getDeclaringClass().getCanonicalName() + "." + method.getName();
    String companion = isNullCompanion(method);
    if (companion != null && returns != type) {
      throw new Refused();
    }
    Function<List<String>, List<String>> arguments =
        values -> {
          List<String> args = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            args.add(
                primitives[i].isPrimitive()
                    ? "(" + primitives[i].getName() + ") " + values.get(i)
                    : values.get(i));
          }
          return args;
        };
    return strict(
        call.getOperands(),
        values ->
            convert(
                new Value(
                    "", function + "(" + String.join(", ", arguments.apply(values)) + ")", returns),
                type),
        type,
        (values, result) -> {
          if (companion != null) {
            List<String> args = new ArrayList<>(arguments.apply(values));
            args.add(result);
            return companion + "(" + String.join(", ", args) + ")";
          }
          return returns.isPrimitive() ? "false" : result + " == null";
        },
        code);
  }

  /**
   * The {@code nameIsNull} method that tells when {@link SparkFunctions.Unboxed} method {@code
   * name}'s value stands for NULL (taking its arguments, then that value), or {@code null} when it
   * has none.
   */
  private static String isNullCompanion(Method method) {
    if (method.getDeclaringClass() != SparkFunctions.Unboxed.class) {
      return null;
    }
    Class<?>[] parameters =
        Arrays.copyOf(method.getParameterTypes(), method.getParameterCount() + 1);
    parameters[parameters.length - 1] = method.getReturnType();
    try {
      Method companion =
          SparkFunctions.Unboxed.class.getMethod(method.getName() + "IsNull", parameters);
      return companion.getReturnType() == boolean.class
          ? SparkFunctions.Unboxed.class.getCanonicalName() + "." + companion.getName()
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /**
   * {@code call} with its decimal literals as {@code DOUBLE} ones when it computes a {@code DOUBLE}
   * ({@code x * 1.5} over a {@code DOUBLE x}, {@code pow(x, 0.5)}): the
   * row path converts them to {@code double} too, exactly, before it computes. A call computing a
   * decimal is left as it is (and refused).
   */
  private RexCall withApproximateLiterals(RexCall call) {
    if (call.getType().getSqlTypeName() != SqlTypeName.DOUBLE
        || !(ARITHMETIC.contains(call.getKind())
            || call.getKind() == SqlKind.DIVIDE
            || MATH.contains(call.getOperator().getName()))) {
      return call;
    }
    List<RexNode> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(
          operand instanceof RexLiteral literal
                  && SqlTypeUtil.isDecimal(literal.getType())
                  && !literal.isNull()
              ? approximate(literal, call.getType())
              : operand);
    }
    return call.clone(call.getType(), operands);
  }

  /** Decimal {@code literal} as a literal of approximate numeric {@code type}, rounded once. */
  private RexLiteral approximate(RexLiteral literal, RelDataType type) {
    return (RexLiteral)
        rexBuilder.makeApproxLiteral(
            literal.getValueAs(BigDecimal.class),
            typeFactory.createTypeWithNullability(type, false));
  }

  /**
   * Whether Calcite's code for {@code call} computes a strict operator of the accepted ones (see
   * the class documentation), given operands that are not NULL.
   */
  private static boolean calciteStrict(RexCall call) {
    List<RexNode> args = call.getOperands();
    if (isCollection(call.getType()) || args.stream().anyMatch(a -> isCollection(a.getType()))) {
      return false;
    }
    SqlKind kind = call.getKind();
    if (kind == SqlKind.DIVIDE) {
      return SqlTypeUtil.isApproximateNumeric(call.getType())
          && args.stream().allMatch(a -> SqlTypeUtil.isApproximateNumeric(a.getType()));
    }
    if (ARITHMETIC.contains(kind)) {
      return isPlainNumber(call.getType())
          && args.stream().allMatch(a -> isPlainNumber(a.getType()));
    }
    if (SqlKind.COMPARISON.contains(kind) && args.size() == 2) {
      return comparable(args.get(0).getType(), args.get(1).getType());
    }
    if (kind == SqlKind.CAST && call.getOperator() == SqlStdOperatorTable.CAST) {
      RelDataType from = args.get(0).getType();
      RelDataType to = call.getType();
      return (isPlainNumber(from) && isPlainNumber(to) && !narrowing(from, to))
          || (SqlTypeUtil.isCharacter(from) && SqlTypeUtil.isCharacter(to))
          || (from.getSqlTypeName() == to.getSqlTypeName() && !SqlTypeUtil.isDecimal(to))
          || (from.getSqlTypeName() == SqlTypeName.DATE
              && to.getSqlTypeName() == SqlTypeName.TIMESTAMP)
          || ((SqlTypeUtil.isIntType(from) || from.getSqlTypeName() == SqlTypeName.DATE)
              && SqlTypeUtil.isCharacter(to));
    }
    if (MATH.contains(call.getOperator().getName())) {
      return isPlainNumber(call.getType())
          && args.stream().allMatch(a -> isPlainNumber(a.getType()));
    }
    if (kind == SqlKind.LIKE
        || kind == SqlKind.RLIKE
        || call.getOperator() == SqlLibraryOperators.CONCAT_FUNCTION) {
      return args.stream().allMatch(a -> SqlTypeUtil.isCharacter(a.getType()));
    }
    return call.getOperator() == SqlStdOperatorTable.LOWER
        || call.getOperator() == SqlStdOperatorTable.UPPER
        || call.getOperator() == SqlStdOperatorTable.CONCAT;
  }

  private Type javaType(RelDataType type) {
    if (SqlTypeUtil.isDecimal(type)) {
      return long.class;
    }
    return typeFactory.getJavaClass(typeFactory.createTypeWithNullability(type, false));
  }

  private static String name(Type type) {
    return type == String.class ? "String" : ((Class<?>) type).getName();
  }

  private static String zero(Type type) {
    if (type == boolean.class) {
      return "false";
    }
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return "(" + c.getName() + ") 0";
    }
    if (type == String.class || type == List.class || type == Map.class) {
      return "null";
    }
    throw new Refused();
  }

  /** A cast to an integral type narrower than its operand, or from a fractional one. */
  private static boolean narrowing(RelDataType from, RelDataType to) {
    if (!SqlTypeUtil.isIntType(to)) {
      return false;
    }
    return !SqlTypeUtil.isIntType(from) || rank(to) < rank(from);
  }

  private static int rank(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> 0;
      case SMALLINT -> 1;
      case INTEGER -> 2;
      default -> 3;
    };
  }

  private static boolean isPlainNumber(RelDataType type) {
    return SqlTypeUtil.isNumeric(type) && !SqlTypeUtil.isDecimal(type);
  }

  private static boolean comparable(RelDataType a, RelDataType b) {
    if (isPlainNumber(a) && isPlainNumber(b)) {
      return true;
    }
    if (SqlTypeUtil.isCharacter(a) && SqlTypeUtil.isCharacter(b)) {
      return true;
    }
    return a.getSqlTypeName() == b.getSqlTypeName()
        && Set.of(SqlTypeName.BOOLEAN, SqlTypeName.DATE, SqlTypeName.TIMESTAMP)
            .contains(a.getSqlTypeName());
  }

  private static boolean supportedType(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN,
          TINYINT,
          SMALLINT,
          INTEGER,
          BIGINT,
          REAL,
          FLOAT,
          DOUBLE,
          DATE,
          TIMESTAMP,
          DECIMAL,
          CHAR,
          VARCHAR,
          ARRAY,
          MAP ->
          true;
      default -> false;
    };
  }

  /**
   * Whether {@code type} is a list or map (of scalars: {@code ARRAY} or {@code MAP}), whose values
   * are {@code java.util.List}s or {@code java.util.Map}s.
   */
  private static boolean isCollection(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    return name == SqlTypeName.ARRAY || name == SqlTypeName.MAP;
  }

  /**
   * Where a column of {@code kind} is stored: {@code 'l'}ongs, {@code 'd'}oubles, {@code
   * 'o'}bjects, or 0 (not supported).
   */
  private static char storage(DataKind kind) {
    return switch (kind) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> 'l';
      case FLOAT, DOUBLE -> 'd';
      case STRING, LIST, MAP -> 'o';
      default -> 0;
    };
  }

  /**
   * Makes Calcite's conversions between primitive values primitive, and notes any other place where
   * generated code would box one.
   *
   * <ul>
   *   <li>A checked conversion between numbers of different types ({@code ConvertChecked}, written
   *       {@code ((Number) Primitive.of(short.class).numberValueRoundDown(e)).shortValue()}, which
   *       boxes {@code e} and throws when it is out of range) becomes a Java cast {@code (short)
   *       e}: what the row path computes, as {@code Short.valueOf(b.shortValue())} (a widening) or
   *       {@code (short) (a + b)} (wrapping around).
   *   <li>{@code Primitive.integerCast(Primitive.LONG, e, mode)} of a narrower integer {@code e}
   *       (an operand widened for {@code %}), and {@code SqlFunctions.toLong(e)} (or {@code toInt},
   *       {@code toShort}, {@code toByte}, {@code toBoolean}) of a primitive {@code e} it holds
   *       exactly, which take {@code Object}s, become casts, and {@code SqlFunctions.not(e)} of a
   *       primitive {@code e} (a {@code Boolean} parameter) becomes {@code !e}.
   *   <li>Any other call passing a primitive to a parameter that is not sets {@link #boxes}.
   * </ul>
   */
  private static final class PrimitiveCasts extends Shuttle {
    private static final List<Class<?>> INTEGERS =
        List.of(byte.class, short.class, int.class, long.class);

    /** Whether some call left in the code boxes a primitive argument. */
    boolean boxes;

    @Override
    public Expression visit(UnaryExpression unary, Expression operand) {
      if (unary.getNodeType() == ExpressionType.ConvertChecked) {
        return Expressions.convert_(operand, unary.getType());
      }
      return super.visit(unary, operand);
    }

    @Override
    public Expression visit(
        MethodCallExpression call, Expression target, List<Expression> arguments) {
      Method method = call.method;
      if (method.getDeclaringClass() == Primitive.class
          && method.getName().equals("integerCast")
          && arguments.size() >= 2
          && arguments.get(0) instanceof ConstantExpression constant
          && constant.value instanceof Primitive to
          && holds(to.primitiveClass, arguments.get(1).getType())) {
        return Expressions.convert_(arguments.get(1), to.primitiveClass);
      }
      if (method.getDeclaringClass() == SqlFunctions.class && arguments.size() == 1) {
        Type operand = arguments.get(0).getType();
        if (method.getName().startsWith("to") && holds(method.getReturnType(), operand)) {
          return Expressions.convert_(arguments.get(0), method.getReturnType());
        }
        if (method.getName().equals("not") && operand == boolean.class) {
          return Expressions.not(arguments.get(0));
        }
      }
      Class<?>[] parameters = method.getParameterTypes();
      for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
        if (!parameters[i].isPrimitive()
            && arguments.get(i).getType() instanceof Class<?> c
            && c.isPrimitive()) {
          boxes = true;
        }
      }
      return super.visit(call, target, arguments);
    }

    /** Whether primitive type {@code to} holds every value of {@code from} exactly. */
    private static boolean holds(Type to, Type from) {
      if (to == boolean.class || from == boolean.class) {
        return to == from;
      }
      return INTEGERS.contains(to)
          && INTEGERS.contains(from)
          && INTEGERS.indexOf(from) <= INTEGERS.indexOf(to);
    }
  }
}
