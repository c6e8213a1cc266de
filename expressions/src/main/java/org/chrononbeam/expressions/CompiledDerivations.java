package org.chrononbeam.expressions;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.chrononbeam.api.Derivation;

/**
 * Derivations compiled by {@link DerivationCompiler}: a row function from rows of {@link
 * #inputSchema()} (a Join's or GroupBy's output) to rows of {@link #outputSchema()}. Immutable and
 * thread-safe; applying it allocates the output row (unless given one) and the boxed values it
 * computes, nothing else. Most derivations also have a {@link #columnar()} form that computes
 * columns of primitive arrays without boxing.
 *
 * <pre>{@code
 * CompiledDerivations d =
 *     DerivationCompiler.compile("team.checkout.v1", derivations, joinedSchema);
 * Object[] features = d.apply(joinedRow);
 * }</pre>
 *
 * <p>It is {@link Serializable}: what is written is the derivations and the input schema, and
 * reading it back compiles them again.
 */
public final class CompiledDerivations implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String configName;
  private final List<Derivation> derivations;
  private final RowSchema input;
  private final RowSchema output;
  private final transient RowCodegen.RowFunction function;
  /** Generates the columnar form (or null), at the first call of {@link #columnar()}. */
  private final transient Supplier<ColumnarQuery> columnarForm;

  private transient ColumnarQuery columnar;
  private transient boolean columnarGenerated;
  private final int[] columnSources;
  /** The indices of the derivations that compute their column. */
  private final int[] computing;

  CompiledDerivations(
      String configName,
      List<Derivation> derivations,
      RowSchema input,
      RowSchema output,
      RowCodegen.RowFunction function,
      Supplier<ColumnarQuery> columnarForm,
      int[] columnSources,
      int[] computing) {
    this.configName = configName;
    this.derivations = new ArrayList<>(derivations.size());
    derivations.forEach(d -> this.derivations.add(d.deepCopy()));
    this.input = input;
    this.output = output;
    this.function = function;
    this.columnarForm = columnarForm;
    this.columnSources = columnSources;
    this.computing = computing;
  }

  /** The columns an input row holds, in order. */
  public RowSchema inputSchema() {
    return input;
  }

  /** The columns an output row holds, in order. */
  public RowSchema outputSchema() {
    return output;
  }

  /** A new output row computed from {@code row}, a row of {@link #inputSchema()}. */
  public Object[] apply(Object[] row) {
    return function.allocating().apply(row);
  }

  /** Computes the output of {@code row} into {@code out}, {@code outputSchema().size()} or longer. */
  public void apply(Object[] row, Object[] out) {
    function.filling().test(row, out);
  }

  /**
   * The derivations evaluated over columns without boxing, when every derived column has a columnar
   * form (see {@link ColumnarQuery}): a query without wheres from columns of {@link #inputSchema()}
   * to columns of {@link #outputSchema()}, which computes what {@link #apply} computes. Empty
   * otherwise, and the rows must go through {@link #apply}. Generated at the first call.
   */
  public synchronized Optional<ColumnarQuery> columnar() {
    if (!columnarGenerated) {
      columnar = columnarForm.get();
      columnarGenerated = true;
    }
    return Optional.ofNullable(columnar);
  }

  /**
   * Where each output column comes from: the index of the input column it is as it is (a column
   * that {@code *} keeps, or a derivation naming one column alone), or {@code -1 - k} when it is
   * computed, as column {@code k} of the output of {@link #computing()}. A caller may take the
   * copies from the input rather than have them evaluated.
   */
  public int[] columnSources() {
    return columnSources.clone();
  }

  /**
   * The derivations that compute their column (neither {@code *} nor a column alone), compiled
   * anew over the same input: their output columns are the computed columns of {@link
   * #outputSchema()}, in the same order (see {@link #columnSources()}). Empty when every column is
   * a copy. Their {@link #columnar()} form may exist where this one's does not (when a copied
   * column is of a kind the columnar form does not read, such as a list).
   */
  public Optional<CompiledDerivations> computing() {
    if (computing.length == 0) {
      return Optional.empty();
    }
    List<Derivation> computed = new ArrayList<>(computing.length);
    for (int i : computing) {
      computed.add(derivations.get(i));
    }
    return Optional.of(DerivationCompiler.compile(configName, computed, input));
  }

  private Object writeReplace() {
    return new Recipe(configName, derivations, input);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("CompiledDerivations are serialized as their recipe");
  }

  /** What serialized {@link CompiledDerivations} hold; reading them compiles them again. */
  private record Recipe(String configName, List<Derivation> derivations, RowSchema input)
      implements Serializable {
    private Object readResolve() {
      return DerivationCompiler.compile(configName, derivations, input);
    }
  }
}
