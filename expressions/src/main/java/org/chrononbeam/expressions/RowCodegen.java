package org.chrononbeam.expressions;

import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.ClassDeclaration;
import org.apache.calcite.linq4j.tree.ClassDeclarationFinder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/**
 * Turns projections and a condition over an input row type into Java source with Calcite's code
 * generator and compiles it with Janino, once. The generated class tests one input row against the
 * condition and, when it holds, computes the projections into an output row:
 *
 * <pre>{@code
 * public boolean test(Object in, Object out)  // fills out; false: the condition rejected the row
 * public Object apply(Object in)              // a new output row, or null when rejected
 * }</pre>
 *
 * <p>Each projection gets a method of its own ({@code v0}, {@code v1}, ...), which keeps every
 * method far below the JVM's 64 KB limit however many selects a query has; the JIT inlines them.
 * Input values are read straight from the {@code Object[]} with a cast to the column's Java class;
 * nothing is looked up by name or reflection per row.
 */
final class RowCodegen {
  /** Declares {@code root}, the data context Calcite's generated code refers to. */
  static final String PROLOGUE =
      "private static final org.apache.calcite.DataContext root ="
          + " org.apache.calcite.DataContexts.of(java.util.Collections.singletonMap(\"timeZone\","
          + " java.util.TimeZone.getTimeZone(\"UTC\")));\n";

  private final RelDataType inputType;
  private final JavaTypeFactory typeFactory;
  private final RexBuilder rexBuilder;
  private final ParameterExpression in = Expressions.parameter(Object[].class, "in");
  private final RexToLixTranslator.InputGetter getter;

  RowCodegen(RelDataType inputType, JavaTypeFactory typeFactory, RexBuilder rexBuilder) {
    this.inputType = inputType;
    this.typeFactory = typeFactory;
    this.rexBuilder = rexBuilder;
    this.getter =
        (list, index, storageType) -> {
          Type type =
              storageType != null
                  ? storageType
                  : typeFactory.getJavaClass(inputType.getFieldList().get(index).getType());
          return EnumUtils.convert(Expressions.arrayIndex(in, Expressions.constant(index)), type);
        };
  }

  /** The generated source computing {@code projections} of rows that {@code condition} keeps. */
  String source(List<RexNode> projections, RexNode condition) {
    List<MemberDeclaration> methods = new ArrayList<>();
    if (condition != null) {
      RexProgramBuilder program = new RexProgramBuilder(inputType, rexBuilder);
      program.addCondition(condition);
      BlockBuilder keep = new BlockBuilder();
      Expression test =
          RexToLixTranslator.translateCondition(
              program.getProgram(false), typeFactory, keep, getter, null, SqlConformanceEnum.LENIENT);
      keep.add(Expressions.return_(null, test));
      methods.add(method(boolean.class, "keep", keep));
    }
    StringBuilder fill = new StringBuilder("private static void fill(Object[] in, Object[] out) {\n");
    for (int i = 0; i < projections.size(); i++) {
      methods.add(method(Object.class, "v" + i, value(projections.get(i))));
      fill.append("out[").append(i).append("] = v").append(i).append("(in);\n");
    }
    fill.append("}\n");
    // Hoists what needs building only once (such as Calcite's regex and LIKE matchers, which
    // cache compiled patterns) out of the methods into static final fields.
    ClassDeclaration hoisted =
        (ClassDeclaration)
            Expressions.classDecl(Modifier.PUBLIC, "Row", null, List.of(), methods)
                .accept(ClassDeclarationFinder.create());
    StringBuilder code = new StringBuilder(PROLOGUE);
    code.append(Expressions.toString(hoisted.memberDeclarations, "\n", false))
        .append(fill)
        .append("public boolean test(Object a0, Object a1) {\n")
        .append("final Object[] in = (Object[]) a0;\n");
    if (condition != null) {
      code.append("if (!keep(in)) { return false; }\n");
    }
    code.append("fill(in, (Object[]) a1);\nreturn true;\n}\n")
        .append("public Object apply(Object a0) {\n")
        .append("final Object[] in = (Object[]) a0;\n");
    if (condition != null) {
      code.append("if (!keep(in)) { return null; }\n");
    }
    code.append("final Object[] out = new Object[")
        .append(projections.size())
        .append("];\nfill(in, out);\nreturn out;\n}\n");
    return code.toString();
  }

  /** A block returning the value of {@code projection}, boxed. */
  private BlockBuilder value(RexNode projection) {
    BlockBuilder block = new BlockBuilder();
    Expression value = translate(projection, inputType, typeFactory, rexBuilder, getter, block);
    block.add(
        Expressions.return_(null, Primitive.is(value.getType()) ? Expressions.box(value) : value));
    return block;
  }

  /**
   * The Java expression computing {@code projection} over rows of {@code inputType}, whose columns
   * {@code getter} reads, with the statements it needs added to {@code block}.
   */
  static Expression translate(
      RexNode projection,
      RelDataType inputType,
      JavaTypeFactory typeFactory,
      RexBuilder rexBuilder,
      RexToLixTranslator.InputGetter getter,
      BlockBuilder block) {
    RexProgramBuilder program = new RexProgramBuilder(inputType, rexBuilder);
    program.addProject(projection, "v");
    return RexToLixTranslator.translateProjects(
            program.getProgram(false),
            typeFactory,
            SqlConformanceEnum.LENIENT,
            block,
            null,
            null,
            DataContext.ROOT,
            getter,
            null)
        .get(0);
  }

  private MemberDeclaration method(Type returns, String name, BlockBuilder body) {
    return Expressions.methodDecl(
        Modifier.PRIVATE | Modifier.STATIC, returns, name, List.of(in), body.toBlock());
  }

  /** Compiles {@code source} (from {@link #source}) into a row function. */
  @SuppressWarnings("unchecked")
  static RowFunction compile(String source) {
    Object instance = instantiate(source, BiPredicate.class, Function.class);
    return new RowFunction(
        (Function<Object[], Object[]>) instance, (BiPredicate<Object[], Object[]>) instance);
  }

  /** An instance of the class whose body is {@code source}, implementing {@code interfaces}. */
  static Object instantiate(String source, Class<?>... interfaces) {
    ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
    evaluator.setParentClassLoader(RowCodegen.class.getClassLoader());
    evaluator.setImplementedInterfaces(interfaces);
    try {
      evaluator.cook(source);
      return evaluator.getClazz().getDeclaredConstructor().newInstance();
    } catch (ExceptionInInitializerError e) {
      throw new IllegalArgumentException(
          "a function of constants fails: " + e.getCause().getMessage(), e.getCause());
    } catch (CompileException | ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("generated code does not compile:\n" + source, e);
    }
  }

  /**
   * A generated row function, seen two ways: {@code allocating} returns a new output row or {@code
   * null} when the condition rejects the input; {@code filling} writes into a given output row and
   * returns whether the condition kept the input.
   */
  record RowFunction(
      Function<Object[], Object[]> allocating, BiPredicate<Object[], Object[]> filling) {}
}
