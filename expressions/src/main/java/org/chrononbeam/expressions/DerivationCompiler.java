package org.chrononbeam.expressions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;

/**
 * Compiles the derivations of a Join or GroupBy (each a name and a Spark SQL expression over the
 * columns it outputs) into a {@link CompiledDerivations} row function, built once, and its columnar
 * form ({@link CompiledDerivations#columnar()}), generated when first asked for.
 *
 * <pre>{@code
 * RowSchema joined = RowSchema.builder()
 *     .add("user_id", DataKind.STRING)
 *     .add("purchases_sum_7d", DataKind.DOUBLE)
 *     .add("purchases_count_7d", DataKind.LONG)
 *     .build();
 * List<Derivation> derivations = List.of(
 *     new Derivation().setName("*").setExpression("*"),
 *     new Derivation().setName("avg_purchase_7d")
 *         .setExpression("purchases_sum_7d / purchases_count_7d"));
 * CompiledDerivations derived =
 *     DerivationCompiler.compile("team.checkout.v1", derivations, joined);
 * // output: user_id, purchases_sum_7d, purchases_count_7d, avg_purchase_7d DOUBLE
 * Object[] out = derived.apply(new Object[] {"u1", 30.0, 4L}); // {"u1", 30.0, 4L, 7.5}
 * }</pre>
 *
 * <p>The output has one column per derivation, in order. The expression {@code *} stands, at its
 * place, for every input column that no other derivation names; so a derivation may replace an
 * input column of the same name. Without {@code *}, only the derived columns remain. An empty list
 * keeps the input as it is. Problems (an empty name, a duplicate name, any expression error) are a
 * {@link ConfigException} naming each derivation at fault.
 */
public final class DerivationCompiler {
  /** The expression (and name) that keeps the input columns. */
  public static final String ALL_COLUMNS = "*";

  private DerivationCompiler() {}

  /** Compiles {@code derivations}; errors name the config {@code "derivations"}. */
  public static CompiledDerivations compile(List<Derivation> derivations, RowSchema input) {
    return compile("derivations", derivations, input);
  }

  /**
   * Compiles {@code derivations} over rows of {@code input}; errors name {@code configName}.
   *
   * @throws ConfigException when a derivation is invalid
   */
  public static CompiledDerivations compile(
      String configName, List<Derivation> derivations, RowSchema input) {
    ExpressionCompiler compiler = new ExpressionCompiler(configName, input);
    List<ConfigError> errors = compiler.errors();
    if (derivations.isEmpty()) {
      return all(configName, derivations, input, compiler);
    }
    Set<String> derivedNames = new HashSet<>();
    for (Derivation d : derivations) {
      if (d.getName() != null && !ALL_COLUMNS.equals(d.getExpression())) {
        derivedNames.add(d.getName().toLowerCase(Locale.ROOT));
      }
    }
    List<Column> output = new ArrayList<>();
    List<RexNode> projections = new ArrayList<>();
    List<Integer> computing = new ArrayList<>();
    for (int i = 0; i < derivations.size(); i++) {
      Derivation d = derivations.get(i);
      String field = "derivations[" + i + "]";
      if (ALL_COLUMNS.equals(d.getExpression() == null ? null : d.getExpression().strip())) {
        for (int c = 0; c < input.size(); c++) {
          if (!derivedNames.contains(input.column(c).name().toLowerCase(Locale.ROOT))) {
            output.add(input.column(c));
            projections.add(compiler.column(c).rex());
          }
        }
      } else if (d.getName() == null || d.getName().isBlank()) {
        errors.add(new ConfigError(configName, field + ".name", "a derivation needs a name"));
      } else {
        ExpressionCompiler.Typed typed = compiler.compile(field + ".expression", d.getExpression());
        if (typed != null) {
          output.add(new Column(d.getName(), typed.type()));
          projections.add(typed.rex());
          if (!(typed.rex() instanceof RexInputRef)) {
            computing.add(i);
          }
        }
      }
    }
    RowSchema outputSchema = QueryCompiler.schema(configName, output, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    RowCodegen.RowFunction function = compiler.generate(projections, null);
    return new CompiledDerivations(
        configName,
        derivations,
        input,
        outputSchema,
        function,
        () -> compiler.generateColumnar(projections, null, outputSchema, function),
        columnSources(projections),
        computing.stream().mapToInt(Integer::intValue).toArray());
  }

  private static CompiledDerivations all(
      String configName,
      List<Derivation> derivations,
      RowSchema input,
      ExpressionCompiler compiler) {
    List<RexNode> projections = new ArrayList<>();
    for (int c = 0; c < input.size(); c++) {
      projections.add(compiler.column(c).rex());
    }
    RowCodegen.RowFunction function = compiler.generate(projections, null);
    return new CompiledDerivations(
        configName,
        derivations,
        input,
        input,
        function,
        () -> compiler.generateColumnar(projections, null, input, function),
        columnSources(projections),
        new int[0]);
  }

  /**
   * For each projection, the input column it is as it is, or {@code -1 - k} when it is the
   * {@code k}-th that computes ({@link CompiledDerivations#columnSources()}).
   */
  private static int[] columnSources(List<RexNode> projections) {
    int[] sources = new int[projections.size()];
    int computed = 0;
    for (int i = 0; i < sources.length; i++) {
      sources[i] =
          projections.get(i) instanceof RexInputRef ref ? ref.getIndex() : -1 - computed++;
    }
    return sources;
  }
}
