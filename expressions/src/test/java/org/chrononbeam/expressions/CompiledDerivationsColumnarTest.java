package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Derivation;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledDerivations#columnar()} against the row function it must agree with ({@link
 * CompiledDerivations#apply(Object[])}), the reference, on random rows with nulls and boundary
 * values; and the derivations that must fall back to the row function.
 */
class CompiledDerivationsColumnarTest {
  private static final RowSchema JOINED =
      RowSchema.builder()
          .add("user_id", DataKind.STRING)
          .add("a_sum", DataKind.DOUBLE)
          .add("a_count", DataKind.LONG)
          .add("x", DataKind.LONG)
          .add("y", DataKind.INT)
          .add("f", DataKind.FLOAT)
          .add("b", DataKind.BOOLEAN)
          .add("ds", DataKind.STRING)
          .build();

  private static final List<List<Derivation>> STRICT =
      List.of(
          List.of(d("*", "*"), d("avg", "a_sum / a_count")),
          List.of(d("avg", "a_sum / a_count"), d("z", "x * 2 + y")),
          List.of(d("*", "*"), d("x", "x * 2 + y")),
          List.of(d("renamed", "a_count"), d("*", "*")),
          List.of(d("user", "user_id"), d("ratio", "x / y"), d("high", "f > a_sum")),
          List.of(d("m", "x % y"), d("neg", "-a_sum"), d("same", "not b"), d("d", "ds")),
          List.of(d("*", "*"), d("x15", "x * 1.5"), d("cents", "cast(y as decimal(12, 2)) * x")),
          List.of());

  private static final List<List<Derivation>> NOT_STRICT =
      List.of(
          List.of(d("*", "*"), d("x0", "coalesce(x, 0)")),
          List.of(d("avg", "a_sum / a_count"), d("known", "a_count IS NULL")),
          List.of(d("c", "case when x > 0 then y else 0 end")),
          List.of(d("share", "if(a_sum > 0, f / a_sum, null)"), d("any", "b OR x > y")),
          List.of(
              d("day", "cast(ds as int)"),
              d("date", "to_date(ds)"),
              d("ts", "cast(ds as timestamp)")),
          List.of(d("tag", "concat_ws('-', ds, user_id)"), d("x", "x")),
          List.of(
              d("c", "coalesce(y * 1.5, 0)"),
              d("capped", "cast(x * 0.01 as decimal(10, 1))"),
              d("over", "case when b then 2.5 else x end > y")));

  /** Derivations without a columnar form: decimals cast from strings or fractional numbers. */
  private static final List<List<Derivation>> ROW_PATH =
      List.of(
          List.of(d("*", "*"), d("price", "cast(ds as decimal(10, 2))")),
          List.of(d("c", "coalesce(cast(a_sum as decimal(12, 3)), 0)")));

  static Derivation d(String name, String expression) {
    return new Derivation().setName(name).setExpression(expression);
  }

  @Test
  void strictDerivationsEqualTheRowFunction() {
    for (int i = 0; i < STRICT.size(); i++) {
      CompiledDerivations compiled = DerivationCompiler.compile(STRICT.get(i), JOINED);
      List<Derivation> derivations = STRICT.get(i);
      ColumnarQuery columnar =
          compiled.columnar().orElseThrow(() -> new AssertionError("refused: " + derivations));
      check(compiled, columnar, 500, i);
    }
  }

  @Test
  void nonStrictDerivationsEqualTheRowFunction() {
    for (int i = 0; i < NOT_STRICT.size(); i++) {
      CompiledDerivations compiled = DerivationCompiler.compile(NOT_STRICT.get(i), JOINED);
      List<Derivation> derivations = NOT_STRICT.get(i);
      ColumnarQuery columnar =
          compiled.columnar().orElseThrow(() -> new AssertionError("refused: " + derivations));
      check(compiled, columnar, 500, STRICT.size() + i);
    }
  }

  @Test
  void derivationsWithoutAColumnarFormFallBack() {
    for (List<Derivation> derivations : ROW_PATH) {
      assertTrue(
          DerivationCompiler.compile(derivations, JOINED).columnar().isEmpty(),
          derivations::toString);
    }
  }

  @Test
  void columnSourcesAndTheComputingDerivationsMakeTheOutput() {
    List<List<Derivation>> all = new ArrayList<>(STRICT);
    all.addAll(NOT_STRICT);
    all.addAll(ROW_PATH);
    all.add(List.of(d("*", "*"), d("renamed", "`x`"), d("y", "y + 1")));
    Random random = new Random(11);
    for (List<Derivation> derivations : all) {
      CompiledDerivations compiled = DerivationCompiler.compile(derivations, JOINED);
      int[] sources = compiled.columnSources();
      CompiledDerivations computing = compiled.computing().orElse(null);
      long computed = Arrays.stream(sources).filter(c -> c < 0).count();
      assertEquals(computed, computing == null ? 0 : computing.outputSchema().size());
      for (int c = 0; c < sources.length; c++) {
        assertEquals(
            sources[c] >= 0
                ? JOINED.column(sources[c]).type()
                : computing.outputSchema().column(-1 - sources[c]).type(),
            compiled.outputSchema().column(c).type());
      }
      for (int r = 0; r < 200; r++) {
        Object[] row = randomRow(random);
        Object[] computedRow = computing == null ? new Object[0] : computing.apply(row);
        Object[] rebuilt = new Object[sources.length];
        for (int c = 0; c < sources.length; c++) {
          rebuilt[c] = sources[c] >= 0 ? row[sources[c]] : computedRow[-1 - sources[c]];
        }
        assertEquals(
            Arrays.asList(compiled.apply(row)), Arrays.asList(rebuilt), derivations::toString);
      }
    }
    CompiledDerivations renames =
        DerivationCompiler.compile(List.of(d("*", "*"), d("count", "a_count")), JOINED);
    assertTrue(renames.computing().isEmpty());
    assertEquals(2, renames.columnSources()[renames.outputSchema().indexOf("count")]);
  }

  /**
   * Derivations copying a list column ({@code percentiles}, a {@code LIST<FLOAT>}) and computing
   * from it, as the row function does, on lists that are NULL, empty, or have NULL elements.
   */
  @Test
  void derivationsOverAListColumnEqualTheRowFunction() {
    RowSchema withList = DerivationCompilerTest.JOINED;
    CompiledDerivations compiled =
        DerivationCompiler.compile(
            List.of(
                d("*", "*"),
                d("avg_7d", "sum_7d / count_7d"),
                d("n", "size(percentiles)"),
                d("p0", "percentiles[0]"),
                d("last", "coalesce(percentiles[size(percentiles) - 1], -1)"),
                d("half", "array_contains(percentiles, 0.5)")),
            withList);
    ColumnarQuery columnar = compiled.columnar().orElseThrow();
    assertEquals(List.of(0, 1, 2, 3, 4), Arrays.stream(columnar.inputColumns()).boxed().toList());
    Random random = new Random(5);
    List<Object[]> input = new ArrayList<>();
    Float[] floats = {0.5f, -0.0f, Float.NaN, 1.5f, null};
    for (int r = 0; r < 300; r++) {
      List<Float> percentiles = new ArrayList<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        percentiles.add(floats[random.nextInt(floats.length)]);
      }
      input.add(
          new Object[] {
            "u" + random.nextInt(3),
            random.nextInt(4) == 0 ? null : random.nextGaussian(),
            (long) random.nextInt(3),
            random.nextInt(5) == 0 ? null : percentiles,
            "2024-01-01"
          });
    }
    assertEqualRowFunction(
        compiled, columnar, ColumnarQueryTest.columns(withList, input, input.size()), input);
  }

  @Test
  void serializedDerivationsKeepTheirColumnarForm() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(DerivationCompiler.compile(STRICT.get(1), JOINED));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      CompiledDerivations read = (CompiledDerivations) in.readObject();
      ColumnarQuery columnar = read.columnar().orElseThrow();
      assertEquals(List.of(1, 2, 3, 4), Arrays.stream(columnar.inputColumns()).boxed().toList());
      check(read, columnar, 200, 3);
    }
  }

  private static void check(
      CompiledDerivations compiled, ColumnarQuery columnar, int rows, long seed) {
    Random random = new Random(seed);
    List<Object[]> input = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      input.add(randomRow(random));
    }
    ColumnarQuery.Columns in =
        ColumnarQueryTest.onlyColumns(
            ColumnarQueryTest.columns(JOINED, input, rows), columnar.inputColumns());
    assertEqualRowFunction(compiled, columnar, in, input);
  }

  /**
   * Asserts that {@code columnar} computes, for every row of {@code in} (which holds {@code
   * input}), what the row function of {@code compiled} computes.
   */
  private static void assertEqualRowFunction(
      CompiledDerivations compiled,
      ColumnarQuery columnar,
      ColumnarQuery.Columns in,
      List<Object[]> input) {
    RowSchema outSchema = compiled.outputSchema();
    ColumnarQuery.Columns out = ColumnarQueryTest.columns(outSchema, List.of(), input.size());
    for (int r = 0; r < input.size(); r++) {
      Object[] row = input.get(r);
      Object[] expected = compiled.apply(row);
      assertTrue(columnar.apply(in, r, out, r), "derivations keep every row");
      for (int c = 0; c < outSchema.size(); c++) {
        int column = c;
        assertEquals(
            expected[c],
            ColumnarQueryTest.value(outSchema.column(c).kind(), out, c, r),
            () -> outSchema.column(column).name() + " of " + Arrays.toString(row));
      }
    }
  }

  private static Object[] randomRow(Random random) {
    String[] strings = {"", "u1", "u2", "Zürich"};
    long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, -1, 7};
    int[] ints = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 3};
    double[] doubles = {0.0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, -3e18};
    Object[] row = {
      strings[random.nextInt(strings.length)],
      random.nextBoolean() ? doubles[random.nextInt(doubles.length)] : random.nextGaussian() * 1e6,
      random.nextBoolean() ? longs[random.nextInt(longs.length)] : (long) random.nextInt(1000),
      random.nextBoolean() ? longs[random.nextInt(longs.length)] : random.nextLong(),
      random.nextBoolean() ? ints[random.nextInt(ints.length)] : random.nextInt(),
      (float) (random.nextBoolean() ? doubles[random.nextInt(doubles.length)] : random.nextFloat()),
      random.nextBoolean(),
      "2024-01-0" + (1 + random.nextInt(9))
    };
    for (int c = 0; c < row.length; c++) {
      if (random.nextInt(5) == 0) {
        row[c] = null;
      }
    }
    return row;
  }
}
