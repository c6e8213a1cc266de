package org.chrononbeam.expressions;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
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
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.chrononbeam.api.DataKind;

/**
 * Generates a {@link ColumnarQuery}: the projections and condition of a query, evaluated on one row
 * index of primitive column arrays, for queries where each is <i>strict</i>. A strict expression is
 * {@code NULL} exactly when one of the columns it reads is {@code NULL}, so its null flag is the OR
 * of theirs, and its value can be computed by Calcite's code generator as if every column were
 * {@code NOT NULL}, which gives primitive code. A condition (the wheres, ANDed) is a conjunction of
 * strict conditions and of {@code IS NOT NULL} tests of strict expressions: a {@code NULL} input of
 * any conjunct rejects the row (the conjunct is then {@code NULL} or its test false).
 *
 * <p>Strict, and accepted: column references of scalar kinds and {@code STRING}; non-null literals
 * other than decimals; {@code + - * %} and unary minus on integral values, {@code + - * /} on
 * floating ones (Spark and Java both wrap integers around); comparisons of numbers, booleans,
 * dates, timestamps or strings; {@code NOT}; {@code CAST} between numeric types that Spark lowering
 * leaves as a plain cast (widening, or between floating types) and from {@code DATE} to {@code
 * TIMESTAMP}; {@code lower}, {@code upper} and {@code ||} of strings; {@code abs} of numbers;
 * {@code AND} and {@code OR} of strict operands that read the same columns (so {@code IN} lists of
 * literals and {@code BETWEEN}).
 *
 * <p>Strict but for a condition: {@code CASE WHEN test THEN NULL ELSE value END} where {@code test}
 * and {@code value} are strict and {@code test} reads no other column than {@code value}: the
 * lowering's Spark division and modulo ({@code NULL} for a zero divisor) and {@code nullif}. Its
 * null flag is the OR of its columns' flags and of {@code test}, evaluated only when they are not
 * NULL (inner conditions first), so that {@code value} is computed only when defined (an integer
 * {@code %} by zero would throw).
 *
 * <p>Anything else, including every function the lowering turns into a {@link SparkFunctions} call
 * (those take boxed arguments), and any generated code that would still box a number, makes {@link
 * #generate} return {@code null}, and the query is evaluated a row at a time.
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
   * What boxes a number in generated code: a safety net, so that an operator accepted here that
   * Calcite implements with boxed values falls back to the row path rather than box.
   */
  private static final Pattern BOXING =
      Pattern.compile(
          "\\b(Boolean|Byte|Short|Integer|Long|Float|Double)\\.valueOf\\(|\\bPrimitive\\.|\\(Number\\)");

  private final RowSchema input;
  private final RowSchema output;
  private final JavaTypeFactory typeFactory;
  private final RexBuilder rexBuilder;
  private final RelDataType inputType;
  private final ParameterExpression longs = Expressions.parameter(long[][].class, "l");
  private final ParameterExpression doubles = Expressions.parameter(double[][].class, "d");
  private final ParameterExpression objects = Expressions.parameter(Object[][].class, "o");
  private final ParameterExpression row = Expressions.parameter(int.class, "r");
  private final RexToLixTranslator.InputGetter getter;
  private final PrimitiveCasts casts = new PrimitiveCasts();

  ColumnarCodegen(
      RowSchema input, RowSchema output, RelDataType nullableInput, JavaTypeFactory typeFactory) {
    this.input = input;
    this.output = output;
    this.typeFactory = typeFactory;
    this.rexBuilder = new RexBuilder(typeFactory);
    RelDataTypeFactory.Builder notNull = typeFactory.builder();
    nullableInput
        .getFieldList()
        .forEach(
            f ->
                notNull.add(
                    f.getName(), typeFactory.createTypeWithNullability(f.getType(), false)));
    this.inputType = notNull.build();
    this.getter =
        (list, index, storageType) -> {
          Expression value = read(index);
          return storageType == null ? value : EnumUtils.convert(value, storageType);
        };
  }

  /**
   * The columnar form of {@code projections} (one per output column) kept by {@code condition} (or
   * every row when {@code null}), or {@code null} when one of them is not strict.
   */
  ColumnarQuery generate(List<RexNode> projections, RexNode condition) {
    BitSet reads = new BitSet();
    String source = source(projections, condition, reads);
    return source == null
        ? null
        : new ColumnarQuery(
            (ColumnarQuery.Evaluator) RowCodegen.instantiate(source, ColumnarQuery.Evaluator.class),
            reads.stream().toArray());
  }

  /**
   * The generated class body, or {@code null} when an expression is not strict; adds the input
   * columns it reads to {@code allReads}.
   */
  String source(List<RexNode> projections, RexNode condition, BitSet allReads) {
    List<MemberDeclaration> methods = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    if (condition != null) {
      BitSet reads = new BitSet();
      List<RexNode> rejects = new ArrayList<>();
      List<RexNode> tests = new ArrayList<>();
      for (RexNode conjunct : RexUtil.flattenAnd(List.of(condition))) {
        if (conjunct.getKind() == SqlKind.IS_NOT_NULL
            && strict(((RexCall) conjunct).getOperands().get(0), reads, rejects)) {
          continue;
        }
        if (!strict(conjunct, reads, rejects)) {
          return null;
        }
        tests.add(notNull(conjunct));
      }
      allReads.or(reads);
      String rejected = isNull(reads, rejects, "reject", methods);
      if (!rejected.equals("false")) {
        body.append("if (").append(rejected).append(") { return false; }\n");
      }
      if (!tests.isEmpty()) {
        methods.add(
            method(boolean.class, "keep", test(RexUtil.composeConjunction(rexBuilder, tests))));
        body.append("if (!keep(l, d, o, r)) { return false; }\n");
      }
    }
    for (int i = 0; i < projections.size(); i++) {
      BitSet reads = new BitSet();
      List<RexNode> nullWhen = new ArrayList<>();
      if (!strict(projections.get(i), reads, nullWhen)) {
        return null;
      }
      RexNode value = notNull(projections.get(i));
      Type type = typeFactory.getJavaClass(value.getType());
      methods.add(method(type, "v" + i, value(value)));
      allReads.or(reads);
      String isNull = isNull(reads, nullWhen, "n" + i + "_", methods);
      String computed = "v" + i + "(l, d, o, r)";
      switch (storage(output.column(i).kind())) {
        case 'l' -> {
          String asLong =
              type == boolean.class ? "(" + computed + " ? 1L : 0L)" : "(long) " + computed;
          body.append(store("ol", i, isNull, "0L", asLong));
        }
        case 'd' -> body.append(store("od", i, isNull, "0.0", "(double) " + computed));
        default -> body.append(store("oo", i, isNull, "null", computed));
      }
    }
    ClassDeclaration hoisted =
        (ClassDeclaration)
            Expressions.classDecl(Modifier.PUBLIC, "Columnar", null, List.of(), methods)
                .accept(ClassDeclarationFinder.create());
    String members = Expressions.toString(hoisted.memberDeclarations, "\n", false);
    if (casts.boxes || BOXING.matcher(members).find()) {
      return null;
    }
    return RowCodegen.PROLOGUE
        + members
        + "public boolean apply(org.chrononbeam.expressions.ColumnarQuery.Columns a0, int r,"
        + " org.chrononbeam.expressions.ColumnarQuery.Columns a1, int w) {\n"
        + "final long[][] l = a0.longs();\nfinal double[][] d = a0.doubles();\n"
        + "final Object[][] o = a0.objects();\nfinal boolean[][] n = a0.nulls();\n"
        + "final long[][] ol = a1.longs();\nfinal double[][] od = a1.doubles();\n"
        + "final Object[][] oo = a1.objects();\nfinal boolean[][] on = a1.nulls();\n"
        + body
        + "return true;\n}\n";
  }

  /**
   * Java code telling whether a strict expression reading {@code reads} is NULL: when one of them
   * is, or else when one of {@code nullWhen} holds (tested in order, each by a method named {@code
   * prefix} and its index added to {@code methods}).
   */
  private String isNull(
      BitSet reads, List<RexNode> nullWhen, String prefix, List<MemberDeclaration> methods) {
    List<String> tests = new ArrayList<>();
    if (!reads.isEmpty()) {
      tests.add(anyNull(reads));
    }
    for (int k = 0; k < nullWhen.size(); k++) {
      methods.add(method(boolean.class, prefix + k, test(notNull(nullWhen.get(k)))));
      tests.add(prefix + k + "(l, d, o, r)");
    }
    return tests.isEmpty() ? "false" : String.join(" || ", tests);
  }

  /** A block returning whether {@code condition} (NOT NULL) holds. */
  private BlockBuilder test(RexNode condition) {
    RexProgramBuilder program = new RexProgramBuilder(inputType, rexBuilder);
    program.addCondition(condition);
    BlockBuilder block = new BlockBuilder();
    Expression test =
        RexToLixTranslator.translateCondition(
            program.getProgram(false),
            typeFactory,
            block,
            getter,
            null,
            SqlConformanceEnum.LENIENT);
    block.add(Expressions.return_(null, test));
    return block;
  }

  private static String store(String array, int column, String isNull, String zero, String value) {
    return "{\nfinal boolean x = "
        + isNull
        + ";\non["
        + column
        + "][w] = x;\n"
        + array
        + "["
        + column
        + "][w] = x ? "
        + zero
        + " : "
        + value
        + ";\n}\n";
  }

  private static String anyNull(BitSet columns) {
    StringBuilder s = new StringBuilder();
    columns.stream()
        .forEach(c -> s.append(s.isEmpty() ? "" : " || ").append("n[").append(c).append("][r]"));
    return s.toString();
  }

  /**
   * Whether {@code rex} is strict (see the class documentation), or strict but for the conditions
   * it adds to {@code nullWhen} (inner ones first), under which it is NULL too, as {@code CASE WHEN
   * b = 0 THEN NULL ELSE a / b END}, Spark's division; adds the columns it reads to {@code reads}.
   */
  private boolean strict(RexNode rex, BitSet reads, List<RexNode> nullWhen) {
    if (!supportedType(rex.getType())) {
      return false;
    }
    if (rex instanceof RexInputRef ref) {
      reads.set(ref.getIndex());
      return storage(input.column(ref.getIndex()).kind()) != 0;
    }
    if (rex instanceof RexLiteral literal) {
      return !literal.isNull();
    }
    if (!(rex instanceof RexCall call)) {
      return false;
    }
    List<RexNode> args = call.getOperands();
    SqlKind kind = call.getKind();
    if (kind == SqlKind.AND || kind == SqlKind.OR) {
      return sameReads(args, reads);
    }
    if (kind == SqlKind.CASE) {
      return nullIf(args, reads, nullWhen);
    }
    for (RexNode arg : args) {
      if (!strict(arg, reads, nullWhen)) {
        return false;
      }
    }
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
    if (kind == SqlKind.NOT) {
      return true;
    }
    if (kind == SqlKind.CAST && call.getOperator() == SqlStdOperatorTable.CAST) {
      RelDataType from = args.get(0).getType();
      RelDataType to = call.getType();
      return (isPlainNumber(from) && isPlainNumber(to) && !narrowing(from, to))
          || (from.getSqlTypeName() == SqlTypeName.DATE
              && to.getSqlTypeName() == SqlTypeName.TIMESTAMP);
    }
    if (call.getOperator() == SqlStdOperatorTable.ABS) {
      return isPlainNumber(args.get(0).getType());
    }
    return call.getOperator() == SqlStdOperatorTable.LOWER
        || call.getOperator() == SqlStdOperatorTable.UPPER
        || call.getOperator() == SqlStdOperatorTable.CONCAT;
  }

  /**
   * Whether {@code AND} or {@code OR} of {@code operands} is strict: when they are all strict and
   * read the same columns (as {@code x IN (1, 2)}, {@code x BETWEEN 1 AND 9} and {@code x > 0 AND x
   * < 9} do), a NULL column makes every operand NULL, hence the whole; without one, none is NULL.
   * Operands reading different columns are not strict ({@code NULL OR TRUE} is {@code TRUE}).
   */
  private boolean sameReads(List<RexNode> operands, BitSet reads) {
    BitSet first = null;
    for (RexNode operand : operands) {
      BitSet own = new BitSet();
      List<RexNode> nullWhen = new ArrayList<>();
      if (!strict(operand, own, nullWhen)
          || !nullWhen.isEmpty()
          || (first != null && !first.equals(own))) {
        return false;
      }
      first = own;
    }
    reads.or(first);
    return true;
  }

  /**
   * Whether {@code CASE WHEN test THEN NULL ELSE value END} ({@code operands}) is strict but for
   * {@code test}: so when both are and {@code test} reads no column {@code value} does not (a NULL
   * there makes {@code test} NULL, hence takes the ELSE, but {@code value} is NULL then too).
   */
  private boolean nullIf(List<RexNode> operands, BitSet reads, List<RexNode> nullWhen) {
    if (operands.size() != 3
        || !(operands.get(1) instanceof RexLiteral literal)
        || !literal.isNull()) {
      return false;
    }
    BitSet testReads = new BitSet();
    BitSet valueReads = new BitSet();
    List<RexNode> inner = new ArrayList<>();
    if (!strict(operands.get(0), testReads, inner) || !strict(operands.get(2), valueReads, inner)) {
      return false;
    }
    BitSet outside = (BitSet) testReads.clone();
    outside.andNot(valueReads);
    if (!outside.isEmpty()) {
      return false;
    }
    nullWhen.addAll(inner);
    nullWhen.add(operands.get(0));
    reads.or(valueReads);
    return true;
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
          CHAR,
          VARCHAR ->
          true;
      default -> false;
    };
  }

  /** {@code rex} typed as if no column were {@code NULL}: valid for strict expressions. */
  private RexNode notNull(RexNode rex) {
    return rex.accept(
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(
                ref.getIndex(), inputType.getFieldList().get(ref.getIndex()).getType());
          }

          @Override
          public RexNode visitCall(RexCall call) {
            if (call.getKind() == SqlKind.CASE) {
              return call.getOperands().get(2).accept(this);
            }
            List<RexNode> operands = visitList(call.getOperands(), new boolean[1]);
            return call.clone(
                typeFactory.createTypeWithNullability(call.getType(), false), operands);
          }
        });
  }

  /**
   * Where a column of {@code kind} is stored: {@code 'l'}ongs, {@code 'd'}oubles, {@code
   * 'o'}bjects, or 0 (not supported).
   */
  private static char storage(DataKind kind) {
    return switch (kind) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> 'l';
      case FLOAT, DOUBLE -> 'd';
      case STRING -> 'o';
      default -> 0;
    };
  }

  /** The value of input column {@code index} at row {@code r}, in its NOT NULL Java type. */
  private Expression read(int index) {
    DataKind kind = input.column(index).kind();
    Expression column =
        Expressions.arrayIndex(
            storage(kind) == 'l' ? longs : storage(kind) == 'd' ? doubles : objects,
            Expressions.constant(index));
    Expression value = Expressions.arrayIndex(column, row);
    return switch (kind) {
      case BOOLEAN -> Expressions.notEqual(value, Expressions.constant(0L));
      case BYTE -> Expressions.convert_(value, byte.class);
      case SHORT -> Expressions.convert_(value, short.class);
      case INT, DATE -> Expressions.convert_(value, int.class);
      case FLOAT -> Expressions.convert_(value, float.class);
      case STRING -> Expressions.convert_(value, String.class);
      default -> value;
    };
  }

  /** A block returning the value of {@code projection}, in its primitive Java type. */
  private BlockBuilder value(RexNode projection) {
    BlockBuilder block = new BlockBuilder();
    Expression value =
        RowCodegen.translate(projection, inputType, typeFactory, rexBuilder, getter, block);
    block.add(
        Expressions.return_(
            null, EnumUtils.convert(value, typeFactory.getJavaClass(projection.getType()))));
    return block;
  }

  private MemberDeclaration method(Type returns, String name, BlockBuilder body) {
    return Expressions.methodDecl(
        Modifier.PRIVATE | Modifier.STATIC,
        returns,
        name,
        List.of(longs, doubles, objects, row),
        (BlockStatement) body.toBlock().accept(casts));
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
