package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import org.chrononbeam.api.Derivation;

/** Derived output columns of GroupBys and Joins. */
final class Derivations {

  /** The name and expression of the derivation that keeps every raw column. */
  static final String ALL_COLUMNS = "*";

  private Derivations() {}

  /** The column {@code name} computed by the Spark SQL {@code expression}. */
  static Derivation of(String name, String expression) {
    requireText(name, "derivation name");
    requireText(expression, "derivation expression");
    if (ALL_COLUMNS.equals(name) != ALL_COLUMNS.equals(expression)) {
      throw new IllegalArgumentException("\"*\" keeps every raw column and needs \"*\" as both name and"
          + " expression, was " + name + " = " + expression);
    }
    return new Derivation().setName(name).setExpression(expression);
  }
}
