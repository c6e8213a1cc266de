package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;
import org.junit.jupiter.api.Test;

/** Whole queries: output schema, wheres, time columns, partitions, reuse, errors. */
class QueryCompilerTest {
  static final RowSchema EVENTS =
      RowSchema.builder()
          .add("user_id", DataKind.STRING)
          .add("amount_cents", DataKind.LONG)
          .add("kind", DataKind.STRING)
          .add("created_at", DataKind.TIMESTAMP)
          .add("event_ms", DataKind.LONG)
          .build();

  static Map<String, String> selects(String... nameThenExpression) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenExpression.length; i += 2) {
      m.put(nameThenExpression[i], nameThenExpression[i + 1]);
    }
    return m;
  }

  static Query paymentsQuery() {
    return new Query()
        .setSelects(selects("user", "lower(user_id)", "amount", "amount_cents / 100", "is_a", "if(kind = 'A', 1, 0)"))
        .setWheres(List.of("amount_cents > 0", "kind IS NOT NULL"))
        .setTimeColumn("created_at");
  }

  @Test
  void selectsWheresAndTimeColumn() {
    CompiledQuery q = QueryCompiler.compile("payments.v1", paymentsQuery(), EVENTS);
    assertEquals(List.of("user", "amount", "is_a", "ts"), q.outputSchema().names());
    assertEquals(
        List.of(DataKind.STRING, DataKind.DOUBLE, DataKind.INT, DataKind.LONG),
        q.outputSchema().columns().stream().map(Column::kind).toList());
    assertArrayEquals(
        new Object[] {"u1", 2.5, 1, 1_000L}, q.apply(new Object[] {"U1", 250L, "A", 1_000L, 5L}));
    assertNull(q.apply(new Object[] {"U1", -5L, "A", 1_000L, 5L}), "amount_cents > 0 is false");
    assertNull(q.apply(new Object[] {"U1", null, "A", 1_000L, 5L}), "a NULL where rejects");
    assertNull(q.apply(new Object[] {"U1", 250L, null, 1_000L, 5L}), "every where must hold");
  }

  @Test
  void mathOfAStringCastsItToADoubleAsSparkDoes() {
    RowSchema strings = RowSchema.builder().add("s", DataKind.STRING).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(selects("a", "abs(s)", "r", "sqrt(s)", "f", "floor(s)", "c", "cos(s)")),
            strings);
    assertArrayEquals(
        new Object[] {2.5, Double.NaN, -3L, Math.cos(-2.5)}, q.apply(new Object[] {"-2.5"}));
    assertArrayEquals(
        new Object[] {Double.NaN, Double.NaN, 0L, Double.NaN}, q.apply(new Object[] {"NaN"}));
    assertArrayEquals(
        new Object[] {Double.POSITIVE_INFINITY, Double.NaN, Long.MIN_VALUE, Double.NaN},
        q.apply(new Object[] {"-Infinity"}));
    assertArrayEquals(new Object[] {null, null, null, null}, q.apply(new Object[] {"abc"}));
    assertArrayEquals(new Object[] {null, null, null, null}, q.apply(new Object[] {null}));
    CompiledQuery scaled =
        QueryCompiler.compile(
            new Query().setSelects(selects("a", "abs(cast(s as decimal(10, 2)))")), strings);
    assertArrayEquals(new Object[] {1.23}, scaled.apply(new Object[] {"-1.234"}));
  }

  @Test
  void nullTestsSeeTheNullOfADivisionOrRemainderByZero() {
    RowSchema numbers =
        RowSchema.builder()
            .add("i", DataKind.INT)
            .add("j", DataKind.LONG)
            .add("x", DataKind.DOUBLE)
            .build();
    Map<String, String> tests =
        selects(
            "c", "coalesce(j / i, -1)",
            "is_null", "(j / i) IS NULL",
            "not_null", "(j / i) IS NOT NULL",
            "if_null", "if(j / i IS NULL, 1, 2)",
            "positive", "case when j / i > 0 then 1 else 0 end",
            "c_mod", "coalesce(j % i, -1)",
            "nvl_mod", "nvl(j % i, -1)",
            "mod_null", "mod(j, i) IS NULL",
            "c_double", "coalesce(x / i, -1)",
            "c_shifted", "coalesce(j / (i - 1), 5)",
            "c_long", "coalesce(i / (j - 7), -1)",
            "f_null", "isnull(j / i)");
    CompiledQuery q = QueryCompiler.compile(new Query().setSelects(tests), numbers);
    assertArrayEquals(
        new Object[] {-1.0, true, false, 1, 0, -1L, -1L, true, -1.0, -7.0, -1.0, true},
        q.apply(new Object[] {0, 7L, 3.0}));
    assertArrayEquals(
        new Object[] {7.0, false, true, 2, 1, 0L, 0L, false, 3.0, 5.0, -1.0, false},
        q.apply(new Object[] {1, 7L, 3.0}));
    assertArrayEquals(
        new Object[] {-1.0, true, false, 1, 0, -1L, -1L, true, -1.0, 5.0, -1.0, true},
        q.apply(new Object[] {null, null, null}));

    Query where = new Query().setSelects(selects("i", "i")).setWheres(List.of("j / i IS NULL"));
    CompiledQuery kept = QueryCompiler.compile(where, numbers);
    assertArrayEquals(new Object[] {0}, kept.apply(new Object[] {0, 7L, 3.0}));
    assertNull(kept.apply(new Object[] {2, 7L, 3.0}));
    Query notNull =
        new Query().setSelects(selects("i", "i")).setWheres(List.of("coalesce(j % i, -1) >= 0"));
    CompiledQuery defined = QueryCompiler.compile(notNull, numbers);
    assertNull(defined.apply(new Object[] {0, 7L, 3.0}));
    assertArrayEquals(new Object[] {2}, defined.apply(new Object[] {2, 7L, 3.0}));
  }

  @Test
  void aConstantRemainderByAComputedZeroIsNull() {
    RowSchema one = RowSchema.builder().add("j", DataKind.LONG).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "zero", "0 % cast(0.0 as bigint)",
                        "two", "7 % cast(2.0 as bigint)",
                        "by_zero", "j % cast(0.9 as bigint)",
                        "halves", "j / 0.0")),
            one);
    assertArrayEquals(new Object[] {null, 1L, null, null}, q.apply(new Object[] {5L}));
    assertTrue(q.columnar().isPresent());
  }

  @Test
  void roundIsSparksHalfUpOfTheDecimalFormAndKeepsNanAndInfinities() {
    RowSchema numbers =
        RowSchema.builder().add("x", DataKind.DOUBLE).add("f", DataKind.FLOAT).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(selects("two", "round(x, 2)", "none", "round(x)", "fl", "round(f, 1)")),
            numbers);
    assertArrayEquals(new Object[] {2.35, 2.0, 0.2f}, q.apply(new Object[] {2.345, 0.15f}));
    assertArrayEquals(new Object[] {-2.5, -3.0, -0.2f}, q.apply(new Object[] {-2.5, -0.15f}));
    assertArrayEquals(
        new Object[] {Double.NaN, Double.NaN, Float.NaN},
        q.apply(new Object[] {Double.NaN, Float.NaN}));
    assertArrayEquals(
        new Object[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, null},
        q.apply(new Object[] {Double.POSITIVE_INFINITY, null}));
    assertArrayEquals(
        new Object[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, null},
        q.apply(new Object[] {Double.NEGATIVE_INFINITY, null}));
  }

  /**
   * Spark's (non-ANSI) casts to decimals: rounded half up, {@code NULL} when the value has more
   * digits than the type (Calcite's cast throws), from integers, fractions, strings and decimals;
   * and a decimal computed from a {@code BIGINT} keeps all its digits, as Spark's types do.
   */
  @Test
  void decimalCastsRoundHalfUpAndOverflowToNull() {
    RowSchema numbers =
        RowSchema.builder()
            .add("j", DataKind.LONG)
            .add("x", DataKind.DOUBLE)
            .add("s", DataKind.STRING)
            .add("b", DataKind.BOOLEAN)
            .build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "j10", "cast(j as decimal(10, 2))",
                        "j19", "cast(j as decimal(19, 1))",
                        "x31", "cast(x as decimal(3, 1))",
                        "s42", "cast(s as decimal(4, 2))",
                        "x101", "cast(cast(x as decimal(10, 3)) as decimal(10, 1))",
                        "branch", "case when b then 1.25 else j end",
                        "near", "coalesce(j * 0.5, 0)")),
            numbers);
    assertArrayEquals(
        new Object[] {12345678.0, 12345678.0, 1.3, 12.35, 1.3, 12345678.0, 6172839.0},
        q.apply(new Object[] {12345678L, 1.25, " 12.345 ", false}));
    assertArrayEquals(
        new Object[] {null, 123456789.0, -1.3, null, -1.3, 1.25, 61728394.5},
        q.apply(new Object[] {123456789L, -1.25, "123.4", true}));
    assertArrayEquals(
        new Object[] {
          null, null, null, null, 100.0, 9.223372036854775807E18, 4.611686018427387904E18
        },
        q.apply(new Object[] {Long.MAX_VALUE, 99.95, "abc", false}));
    assertArrayEquals(
        new Object[] {null, 1.0E17, null, null, null, 1.0E17, 5.0E16},
        q.apply(new Object[] {100_000_000_000_000_000L, Double.NaN, "NaN", null}));
  }

  /**
   * An integer compared with a decimal is compared as Spark's common type, which holds both
   * ({@code DECIMAL(11, 1)} for an {@code INT} and {@code 1.5}): never {@code NULL} for a large
   * integer, as a cast to Calcite's ({@code DECIMAL(10, 1)}) would be. And a literal cast to a
   * decimal too small for it is {@code NULL}, as any other value.
   */
  @Test
  void largeIntegersCompareWithDecimals() {
    RowSchema numbers =
        RowSchema.builder().add("i", DataKind.INT).add("j", DataKind.LONG).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "gt", "i > 1.5",
                        "le", "j <= 2.25",
                        "in", "j in (1.5, 2)",
                        "either", "coalesce(j, 1.5)",
                        "over", "cast(123.45 as decimal(3, 1))")),
            numbers);
    assertArrayEquals(
        new Object[] {true, false, false, 9.223372036854775807E18, null},
        q.apply(new Object[] {Integer.MAX_VALUE, Long.MAX_VALUE}));
    assertArrayEquals(
        new Object[] {false, true, true, 2.0, null},
        q.apply(new Object[] {Integer.MIN_VALUE, 2L}));
    assertArrayEquals(
        new Object[] {null, true, false, -9.223372036854775808E18, null},
        q.apply(new Object[] {null, Long.MIN_VALUE}));
  }

  /**
   * A literal cast to a decimal is rounded half up, as Spark rounds any value it casts, not toward
   * zero as Calcite folds such a cast; and {@code NULL} when it overflows. Worked out by hand:
   * 1.25 to one digit is 1.3, -1.25 is -1.3, 0.05 is 0.1, 0.95 is 1.0 (two digits, over {@code
   * DECIMAL(1, 1)}); a cast to an integer still truncates ({@code CAST(-2.7 AS INT)} is -2).
   */
  @Test
  void decimalLiteralCastsRoundHalfUp() {
    RowSchema numbers = RowSchema.builder().add("j", DataKind.LONG).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "a", "cast(1.25 as decimal(3, 1))",
                        "b", "cast(-1.25 as decimal(3, 1))",
                        "c", "cast(123.4 as decimal(3, 1))",
                        "d", "cast('1.25' as decimal(3, 1))",
                        "e", "cast(' -1.25 ' as decimal(3, 1))",
                        "f", "cast(1.25e0 as decimal(3, 1))",
                        "g", "cast(0.05 as decimal(1, 1))",
                        "h", "cast(0.95 as decimal(1, 1))",
                        "k", "cast(cast(1.25 as decimal(4, 2)) as decimal(3, 1))",
                        "m", "cast(1.5 as decimal)",
                        "n", "cast(-2.7 as int)",
                        "o", "cast(1.25 as decimal(3, 1)) * j")),
            numbers);
    assertArrayEquals(
        new Object[] {1.3, -1.3, null, 1.3, -1.3, 1.3, 0.1, null, 1.3, 2.0, -2, 2.6},
        q.apply(new Object[] {2L}));
  }

  /**
   * A decimal cast to an integer type is truncated toward zero exactly, not through a {@code
   * double}, and beyond a {@code BIGINT} keeps the low 64 bits, narrowed further as Java narrows:
   * Spark's {@code Decimal.toLong}, {@code toInt}, {@code toShort}, {@code toByte} (non-ANSI).
   * Worked out by hand: {@code (10^17 + 1) * 1.5 = 150000000000000001.5}, whose integer part
   * {@code 15 * 5^16 * 2^16 + 1} is {@code 35919 * 2^16 + 1 = 2353987585} (an {@code INT} of
   * {@code -1940979711}) modulo {@code 2^32}, and 1 modulo {@code 2^16}; {@code (2^63 - 1) * 1.5
   * = 3 * 2^62 - 1.5}, whose integer part {@code 3 * 2^62 - 2} is {@code -2^62 - 2} modulo {@code
   * 2^64}, and -2 modulo {@code 2^32}.
   */
  @Test
  void decimalsCastToIntegersTruncateExactly() {
    RowSchema numbers = RowSchema.builder().add("j", DataKind.LONG).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "exact", "cast(cast(j as decimal(20, 0)) as bigint)",
                        "l", "cast(j * 1.5 as bigint)",
                        "neg", "cast(j * -1.5 as bigint)",
                        "i", "cast(j * 1.5 as int)",
                        "s", "cast(j * 1.5 as smallint)",
                        "t", "cast(j * 1.5 as tinyint)")),
            numbers);
    assertArrayEquals(
        new Object[] {
          100_000_000_000_000_001L,
          150_000_000_000_000_001L,
          -150_000_000_000_000_001L,
          -1_940_979_711,
          (short) 1,
          (byte) 1
        },
        q.apply(new Object[] {100_000_000_000_000_001L}));
    assertArrayEquals(
        new Object[] {
          Long.MAX_VALUE,
          -4_611_686_018_427_387_906L,
          4_611_686_018_427_387_906L,
          -2,
          (short) -2,
          (byte) -2
        },
        q.apply(new Object[] {Long.MAX_VALUE}));
    assertArrayEquals(
        new Object[] {-3L, -4L, 4L, -4, (short) -4, (byte) -4},
        q.apply(new Object[] {-3L}));
    // -2^63 * 1.5 = -3 * 2^62, which is 2^62 modulo 2^64, and 0 modulo 2^32
    assertArrayEquals(
        new Object[] {
          Long.MIN_VALUE,
          4_611_686_018_427_387_904L,
          -4_611_686_018_427_387_904L,
          0,
          (short) 0,
          (byte) 0
        },
        q.apply(new Object[] {Long.MIN_VALUE}));
  }

  @Test
  void mathFunctionsAreThoseOfDoubles() {
    RowSchema numbers =
        RowSchema.builder()
            .add("x", DataKind.DOUBLE)
            .add("i", DataKind.INT)
            .add("f", DataKind.FLOAT)
            .build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query()
                .setSelects(
                    selects(
                        "sq", "pow(x, 2)", "ints", "pow(i, i)", "root", "sqrt(i)", "e", "exp(f)",
                        "l", "ln(i)", "l10", "log10(x)")),
            numbers);
    assertArrayEquals(
        new Object[] {6.25, 27.0, Math.sqrt(3), Math.exp(0.5f), Math.log(3), Math.log10(2.5)},
        q.apply(new Object[] {2.5, 3, 0.5f}));
    assertArrayEquals(
        new Object[] {Double.NaN, 1.0, 0.0, Double.POSITIVE_INFINITY, null, Double.NaN},
        q.apply(new Object[] {Double.NaN, 0, Float.POSITIVE_INFINITY}));
    assertArrayEquals(
        new Object[] {Double.POSITIVE_INFINITY, null, null, 0.0, null, null},
        q.apply(new Object[] {Double.NEGATIVE_INFINITY, null, Float.NEGATIVE_INFINITY}));
  }

  @Test
  void sqrtIsJavasNotAPowerOfOneHalf() {
    RowSchema numbers = RowSchema.builder().add("x", DataKind.DOUBLE).build();
    CompiledQuery q =
        QueryCompiler.compile(
            new Query().setSelects(selects("root", "sqrt(x)", "half", "pow(x, 0.5)")), numbers);
    assertArrayEquals(new Object[] {-0.0, 0.0}, q.apply(new Object[] {-0.0}));
    assertArrayEquals(
        new Object[] {Double.NaN, Double.POSITIVE_INFINITY},
        q.apply(new Object[] {Double.NEGATIVE_INFINITY}));
    assertArrayEquals(new Object[] {Double.NaN, Double.NaN}, q.apply(new Object[] {-4.0}));
    assertArrayEquals(new Object[] {1.5, 1.5}, q.apply(new Object[] {2.25}));
    assertArrayEquals(new Object[] {null, null}, q.apply(new Object[] {null}));
    assertTrue(q.columnar().isPresent());
  }

  @Test
  void copiedColumnsOnlyWhenEveryOutputCopiesAnInputColumn() {
    RowSchema withInt =
        RowSchema.builder().add("user_id", DataKind.STRING).add("at", DataKind.INT).build();
    Map<String, String> copies = selects("who", "user_id", "cents", "amount_cents");
    assertArrayEquals(
        new int[] {0, 1, 3},
        QueryCompiler.compile(new Query().setSelects(copies).setTimeColumn("created_at"), EVENTS)
            .copiedColumns()
            .orElseThrow());
    assertArrayEquals(
        new int[] {1, 1},
        QueryCompiler.compile(
                new Query().setSelects(selects("at", "at")).setTimeColumn("at"), withInt)
            .copiedColumns()
            .orElseThrow(),
        "an INT time column is cast to LONG, the same number");
    assertTrue(QueryCompiler.compile(paymentsQuery(), EVENTS).copiedColumns().isEmpty());
    assertTrue(
        QueryCompiler.compile(
                new Query().setSelects(copies).setWheres(List.of("kind = 'A'")), EVENTS)
            .copiedColumns()
            .isEmpty(),
        "wheres filter");
    assertTrue(
        QueryCompiler.compile(new Query().setSelects(selects("c", "amount_cents * 2")), EVENTS)
            .copiedColumns()
            .isEmpty(),
        "a computed select");
  }

  @Test
  void applyIntoACallersRow() {
    CompiledQuery q = QueryCompiler.compile(paymentsQuery(), EVENTS);
    Object[] out = new Object[q.outputSchema().size()];
    assertTrue(q.apply(new Object[] {"U1", 250L, "B", 7L, 5L}, out));
    assertArrayEquals(new Object[] {"u1", 2.5, 0, 7L}, out);
    Object[] untouched = {"x", "x", "x", "x"};
    assertFalse(q.apply(new Object[] {"U1", 0L, "B", 7L, 5L}, untouched));
    assertArrayEquals(new Object[] {"x", "x", "x", "x"}, untouched);
  }

  @Test
  void compiledOnceAppliedManyTimesAndFromManyThreads() throws Exception {
    CompiledQuery q = QueryCompiler.compile(paymentsQuery(), EVENTS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> kept = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        kept.add(
            pool.submit(
                () -> {
                  int n = 0;
                  for (long i = -50_000; i < 50_000; i++) {
                    Object[] out = q.apply(new Object[] {"U", i, "A", i, i});
                    if (out != null) {
                      assertEquals(i / 100.0, out[1]);
                      assertEquals(i, out[3]);
                      n++;
                    }
                  }
                  return n;
                }));
      }
      for (Future<Integer> f : kept) {
        assertEquals(49_999, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void hundredsOfSelectsFitInOneGeneratedClass() {
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      many.put(
          "c" + i,
          "CASE WHEN kind = 'A" + i + "' THEN amount_cents / " + (i + 1)
              + " ELSE coalesce(CAST(substr(user_id, 1, 3) AS DOUBLE), 0.0) END");
    }
    CompiledQuery q = QueryCompiler.compile(new Query().setSelects(many), EVENTS);
    Object[] out = q.apply(new Object[] {"123x", 10L, "A1", 1L, 2L});
    assertEquals(400, out.length);
    assertEquals(123.0, out[0]);
    assertEquals(5.0, out[1]);
  }

  @Test
  void noSelectsKeepsEveryInputColumn() {
    CompiledQuery q = QueryCompiler.compile(new Query().setWheres(List.of("kind = 'A'")), EVENTS);
    assertEquals(EVENTS, q.outputSchema());
    Object[] row = {"u", 1L, "A", 2L, 3L};
    assertArrayEquals(row, q.apply(row));
  }

  @Test
  void timeColumnReplacesASelectNamedTsAndTakesNumbersDatesAndTimestamps() {
    Query q =
        new Query().setSelects(selects("ts", "event_ms", "user", "user_id")).setTimeColumn("event_ms * 1000");
    CompiledQuery compiled = QueryCompiler.compile(q, EVENTS);
    assertEquals(List.of("ts", "user"), compiled.outputSchema().names());
    assertArrayEquals(new Object[] {5_000L, "u"}, compiled.apply(new Object[] {"u", 1L, "A", 2L, 5L}));

    CompiledQuery fromDate =
        QueryCompiler.compile(new Query().setSelects(selects("u", "user_id")).setTimeColumn("to_date(kind)"), EVENTS);
    assertEquals(new TDataType(DataKind.LONG), fromDate.outputSchema().column(1).type());
    assertEquals(86_400_000L, fromDate.apply(new Object[] {"u", 1L, "1970-01-02", 2L, 5L})[1]);

    CompiledQuery fromDouble =
        QueryCompiler.compile(new Query().setSelects(selects("u", "user_id")).setTimeColumn("event_ms * 1.5"), EVENTS);
    assertEquals(7L, fromDouble.apply(new Object[] {"u", 1L, "A", 2L, 5L})[1]);
    CompiledQuery saturated =
        QueryCompiler.compile(new Query().setTimeColumn("event_ms * 1e30"), EVENTS);
    assertEquals(Long.MAX_VALUE, saturated.apply(new Object[] {"u", 1L, "A", 2L, 5L})[5]);
  }

  @Test
  void mutationColumns() {
    Query q =
        new Query()
            .setSelects(selects("user", "user_id"))
            .setTimeColumn("created_at")
            .setMutationTimeColumn("event_ms")
            .setReversalColumn("kind = 'before'");
    CompiledQuery compiled = QueryCompiler.compile(q, EVENTS);
    assertEquals(List.of("user", "ts", "mutation_ts", "is_before"), compiled.outputSchema().names());
    assertArrayEquals(
        new Object[] {"u", 2L, 5L, true}, compiled.apply(new Object[] {"u", 1L, "before", 2L, 5L}));
  }

  @Test
  void partitionBounds() {
    CompiledQuery q =
        QueryCompiler.compile(
            new Query().setStartPartition("2024-01-01").setEndPartition("2024-01-31"), EVENTS);
    assertEquals("ds", q.partitionColumn());
    assertEquals("2024-01-01", q.startPartition().orElseThrow());
    assertTrue(q.includesPartition("2024-01-01"));
    assertTrue(q.includesPartition("2024-01-31"));
    assertFalse(q.includesPartition("2023-12-31"));
    assertFalse(q.includesPartition("2024-02-01"));
    CompiledQuery open = QueryCompiler.compile(new Query().setPartitionColumn("dt"), EVENTS);
    assertEquals("dt", open.partitionColumn());
    assertTrue(open.includesPartition("1999-01-01"));
  }

  @Test
  void serializesAsItsRecipeAndCompilesAgain() throws IOException, ClassNotFoundException {
    CompiledQuery q = QueryCompiler.compile("payments.v1", paymentsQuery(), EVENTS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(q);
    }
    CompiledQuery back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (CompiledQuery) in.readObject();
    }
    assertEquals(q.outputSchema(), back.outputSchema());
    assertArrayEquals(
        new Object[] {"u1", 2.5, 1, 1_000L}, back.apply(new Object[] {"U1", 250L, "A", 1_000L, 5L}));
  }

  @Test
  void unknownColumnAndUnsupportedFunctionNameTheExpression() {
    Query q =
        new Query()
            .setSelects(selects("ok", "user_id", "bad", "upper(usr_id)", "worse", "levenshtein2(kind, 'a')"))
            .setWheres(List.of("amount_cents + 1"));
    ConfigException e = assertThrows(ConfigException.class, () -> QueryCompiler.compile("payments.v1", q, EVENTS));
    List<ConfigError> errors = e.errors();
    assertEquals(3, errors.size(), e.getMessage());
    assertEquals("payments.v1", errors.get(0).config());
    assertEquals("query.selects.bad", errors.get(0).field());
    assertTrue(errors.get(0).message().contains("`upper(usr_id)`"), errors.get(0).message());
    assertTrue(errors.get(0).message().contains("unknown column 'usr_id'"), errors.get(0).message());
    assertEquals("query.selects.worse", errors.get(1).field());
    assertTrue(errors.get(1).message().contains("`levenshtein2(kind, 'a')`"), errors.get(1).message());
    assertTrue(errors.get(1).message().contains("unsupported function"), errors.get(1).message());
    assertEquals("query.wheres[0]", errors.get(2).field());
    assertTrue(errors.get(2).message().contains("must be a BOOLEAN"), errors.get(2).message());
  }

  @Test
  void otherCompileTimeErrors() {
    assertError(new Query().setSelects(selects("x", "amount_cents +")), "query.selects.x", "does not parse");
    assertError(new Query().setSelects(selects("x", "sum(amount_cents)")), "query.selects.x", "no aggregates");
    assertError(new Query().setSelects(selects("x", "split(kind, 'a')")), "query.selects.x", "unsupported function");
    assertError(new Query().setSelects(selects("x", "regexp_replace(kind, '(', 'b')")), "query.selects.x", "invalid regular expression");
    assertError(new Query().setSelects(selects("x", "size(kind)")), "query.selects.x", "LIST or MAP");
    assertError(new Query().setSelects(selects("x", "current_timestamp")), "query.selects.x", "not supported");
    assertError(new Query().setSelects(selects("x", "date_format(event_ms, 'yyyy b')")), "query.selects.x", "invalid date pattern");
    assertError(new Query().setSelects(selects("x", "")), "query.selects.x", "empty");
    assertError(
        new Query().setSelects(selects("x", "kind", "host", "parse_url(amount_cents, 'HOST')")),
        "query.selects.host",
        "cannot be compiled");
    assertError(
        new Query().setSelects(selects("x", "overlay('abc' placing 'x' from -1)")),
        "query.selects.x",
        "a function of constants fails");
    assertError(new Query().setSelects(selects("x", "upper(created_at > 1)")), "query.selects.x", "`upper(created_at > 1)`");
    assertError(new Query().setTimeColumn("user_id"), "query.timeColumn", "epoch milliseconds");
    assertError(new Query().setSetups(List.of("ADD JAR x.jar")), "query.setups", "not supported");
    assertError(new Query().setStartPartition("2024/01/01"), "query.startPartition", "yyyy-MM-dd");
    assertError(
        new Query().setStartPartition("2024-02-01").setEndPartition("2024-01-01"), "query.endPartition", "before");
    assertError(new Query().setSelects(selects("a", "kind", "A", "kind")), "", "duplicate column");
  }

  @Test
  void aCompiledQueryKeepsItsOwnCopyOfTheQuery() {
    Query q = paymentsQuery();
    CompiledQuery compiled = QueryCompiler.compile(q, EVENTS);
    q.getSelects().put("user", "upper(user_id)");
    assertEquals("u1", compiled.apply(new Object[] {"U1", 250L, "A", 1_000L, 5L})[0]);
    assertSame(EVENTS, compiled.inputSchema());
  }

  private static void assertError(Query query, String field, String messagePart) {
    ConfigException e = assertThrows(ConfigException.class, () -> QueryCompiler.compile("c", query, EVENTS));
    assertEquals(1, e.errors().size(), e.getMessage());
    assertEquals(field, e.errors().get(0).field(), e.getMessage());
    assertTrue(e.errors().get(0).message().contains(messagePart), e.getMessage());
  }
}
