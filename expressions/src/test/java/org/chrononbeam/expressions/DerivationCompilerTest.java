package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.ConfigException;
import org.junit.jupiter.api.Test;

/** Derivations over a join's output: {@code *}, replacement, types, errors. */
class DerivationCompilerTest {
  static final TDataType FLOATS =
      new TDataType(DataKind.LIST).setParams(List.of(new DataField().setName("elem").setDataType(new TDataType(DataKind.FLOAT))));

  static final RowSchema JOINED =
      RowSchema.of(
          Column.of("user_id", DataKind.STRING),
          Column.of("sum_7d", DataKind.DOUBLE),
          Column.of("count_7d", DataKind.LONG),
          new Column("percentiles", FLOATS),
          Column.of("ds", DataKind.STRING));

  static Derivation d(String name, String expression) {
    return new Derivation().setName(name).setExpression(expression);
  }

  @Test
  void starKeepsInputColumnsAndDerivedColumnsFollow() {
    CompiledDerivations c =
        DerivationCompiler.compile(
            "team.join.v1", List.of(d("*", "*"), d("avg_7d", "sum_7d / count_7d")), JOINED);
    assertEquals(List.of("user_id", "sum_7d", "count_7d", "percentiles", "ds", "avg_7d"), c.outputSchema().names());
    assertEquals(FLOATS, c.outputSchema().column(3).type());
    assertEquals(DataKind.DOUBLE, c.outputSchema().column(5).kind());
    List<Float> p = List.of(1f, 2f);
    assertArrayEquals(new Object[] {"u", 30.0, 4L, p, "2024-01-01", 7.5}, c.apply(new Object[] {"u", 30.0, 4L, p, "2024-01-01"}));
    assertArrayEquals(new Object[] {"u", 30.0, 0L, p, "d", null}, c.apply(new Object[] {"u", 30.0, 0L, p, "d"}), "x/0 is NULL");
  }

  @Test
  void aDivisionByZeroIsNullUnderCoalesceAndNullTests() {
    CompiledDerivations c =
        DerivationCompiler.compile(
            List.of(
                d("avg_7d", "coalesce(sum_7d / count_7d, -1)"),
                d("no_avg", "(sum_7d / count_7d) IS NULL"),
                d("rest", "coalesce(count_7d % count_7d, -1)")),
            JOINED);
    assertArrayEquals(
        new Object[] {-1.0, true, -1L}, c.apply(new Object[] {"u", 30.0, 0L, null, "d"}));
    assertArrayEquals(
        new Object[] {7.5, false, 0L}, c.apply(new Object[] {"u", 30.0, 4L, null, "d"}));
  }

  @Test
  void listElementsAreZeroBased() {
    CompiledDerivations c = DerivationCompiler.compile(List.of(d("p50", "percentiles[1]")), JOINED);
    assertEquals(DataKind.FLOAT, c.outputSchema().column(0).kind());
    assertArrayEquals(new Object[] {2f}, c.apply(new Object[] {"u", 1.0, 1L, List.of(1f, 2f), "d"}));
  }

  @Test
  void aDerivationReplacesTheInputColumnOfItsName() {
    CompiledDerivations c =
        DerivationCompiler.compile(List.of(d("*", "*"), d("sum_7d", "coalesce(sum_7d, 0.0)")), JOINED);
    assertEquals(List.of("user_id", "count_7d", "percentiles", "ds", "sum_7d"), c.outputSchema().names());
    Object[] out = new Object[5];
    c.apply(new Object[] {"u", null, 1L, null, "d"}, out);
    assertArrayEquals(new Object[] {"u", 1L, null, "d", 0.0}, out);
  }

  @Test
  void withoutStarOnlyDerivedColumnsRemain() {
    CompiledDerivations c = DerivationCompiler.compile(List.of(d("user", "upper(user_id)"), d("day", "ds")), JOINED);
    assertEquals(List.of("user", "day"), c.outputSchema().names());
    assertArrayEquals(new Object[] {"U", "d"}, c.apply(new Object[] {"u", 1.0, 1L, null, "d"}));
  }

  @Test
  void noDerivationsKeepTheInput() {
    CompiledDerivations c = DerivationCompiler.compile(List.of(), JOINED);
    assertEquals(JOINED, c.outputSchema());
    Object[] row = {"u", 1.0, 1L, null, "d"};
    assertArrayEquals(row, c.apply(row));
  }

  @Test
  void errorsNameTheDerivation() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                DerivationCompiler.compile(
                    "team.join.v1",
                    List.of(d("*", "*"), d("bad", "sum_7d / nope"), d(null, "1"), d("p", "percentiles + 1")),
                    JOINED));
    assertEquals(3, e.errors().size(), e.getMessage());
    assertEquals("derivations[1].expression", e.errors().get(0).field());
    assertTrue(e.errors().get(0).message().contains("`sum_7d / nope`"), e.getMessage());
    assertTrue(e.errors().get(0).message().contains("unknown column 'nope'"), e.getMessage());
    assertEquals("derivations[2].name", e.errors().get(1).field());
    assertEquals("derivations[3].expression", e.errors().get(2).field());
    assertTrue(e.getMessage().startsWith("team.join.v1: derivations[1].expression: `sum_7d / nope`"), e.getMessage());
  }
}
