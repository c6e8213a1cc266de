package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.chrononbeam.aggregator.testing.RecordingSink;
import org.chrononbeam.aggregator.testing.RecordingSink.Setter;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;

/**
 * {@link Aggregator#finalizeInto} against {@link Aggregator#finalize} for every operation and
 * every input kind it accepts, on random IRs (single input, many, merged, deleted to zero), and
 * the setter each operation's output type calls for.
 */
class FinalizeIntoTest {

  private static final DataKind[] INPUT_KINDS = {
    DataKind.BOOLEAN, DataKind.BYTE, DataKind.SHORT, DataKind.INT, DataKind.LONG, DataKind.FLOAT,
    DataKind.DOUBLE, DataKind.STRING, DataKind.BINARY
  };

  private static final String[] WORDS = {"a", "b", "ab", "zz", "é", ""};

  /** The operations whose numeric or boolean output must arrive unboxed. */
  private static final Set<Operation> UNBOXED = EnumSet.of(Operation.COUNT, Operation.SUM,
      Operation.AVERAGE, Operation.VARIANCE, Operation.SKEW, Operation.KURTOSIS, Operation.MIN,
      Operation.MAX, Operation.UNIQUE_COUNT, Operation.APPROX_UNIQUE_COUNT,
      Operation.BOUNDED_UNIQUE_COUNT, Operation.FIRST, Operation.LAST);

  private static Map<String, String> argsOf(Operation operation) {
    switch (operation) {
      case FIRST_K:
      case LAST_K:
      case TOP_K:
      case BOTTOM_K:
      case BOUNDED_UNIQUE_COUNT:
        return Map.of("k", "3");
      default:
        return Map.of();
    }
  }

  private static Object randomInput(Random random, DataKind kind) {
    switch (kind) {
      case BOOLEAN:
        return random.nextBoolean();
      case BYTE:
        return (byte) random.nextInt(256);
      case SHORT:
        return (short) (random.nextInt(7) - 3 + (random.nextBoolean() ? Short.MAX_VALUE : 0));
      case INT:
        return random.nextInt(9) == 0 ? Integer.MIN_VALUE : random.nextInt(21) - 10;
      case LONG:
        return random.nextInt(9) == 0 ? Long.MAX_VALUE : (long) random.nextInt(2001) - 1000;
      case FLOAT:
        return random.nextInt(9) == 0 ? -0.0f : (float) random.nextGaussian() * 10;
      case DOUBLE:
        return random.nextInt(9) == 0 ? -0.0 : random.nextGaussian() * 1e3;
      case STRING:
        return WORDS[random.nextInt(WORDS.length)];
      default:
        return WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The IR of {@code inputs} at random, partly equal, timestamps. */
  private static Object irOf(Aggregator<Object> aggregator, List<Object> inputs, Random random) {
    Object ir = null;
    for (Object input : inputs) {
      long ts = random.nextInt(4) * 1000L;
      ir = ir == null ? aggregator.prepare(input, ts) : aggregator.update(ir, input, ts);
    }
    return ir;
  }

  /** Random non-null IRs of {@code aggregator}: 1, a few and many inputs, merged, deleted. */
  private static List<Object> randomIrs(
      Aggregator<Object> aggregator, DataKind kind, Random random) {
    List<Object> irs = new ArrayList<>();
    for (int size : new int[] {1, 2, 3, 4, 5, 30, 200}) {
      List<Object> inputs = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        inputs.add(randomInput(random, kind));
      }
      Object ir = irOf(aggregator, inputs, random);
      irs.add(aggregator.clone(ir));
      irs.add(aggregator.merge(aggregator.clone(ir), irOf(aggregator, inputs, random)));
      if (aggregator.isDeletable()) {
        for (Object input : inputs) {
          ir = aggregator.delete(ir, input, 0);
        }
        irs.add(ir);
      }
    }
    return irs;
  }

  @Test
  void finalizeIntoDeliversWhatFinalizeReturnsThroughTheSetterOfTheOutputType() {
    Random random = new Random(20261122);
    Set<Operation> covered = EnumSet.noneOf(Operation.class);
    int cases = 0;
    for (Operation operation : Operation.values()) {
      for (DataKind kind : INPUT_KINDS) {
        Aggregator<Object> aggregator;
        try {
          aggregator = AggregatorFactory.create(operation, DataTypes.of(kind), argsOf(operation));
        } catch (IllegalArgumentException unsupported) {
          continue;
        }
        covered.add(operation);
        cases++;
        DataKind outputKind = aggregator.outputType().getKind();
        String context = operation + "(" + kind + ")";
        List<Object> irs = randomIrs(aggregator, kind, random);
        RecordingSink sink = new RecordingSink(1, irs.size());
        Object[][] values = new Object[1][irs.size()];
        DataKind[] outputKinds = new DataKind[irs.size()];
        for (int i = 0; i < irs.size(); i++) {
          Object ir = irs.get(i);
          Object normalized = aggregator.normalize(ir);
          values[0][i] = aggregator.finalize(ir);
          outputKinds[i] = outputKind;
          aggregator.finalizeInto(ir, sink, 0, i);
          assertEquals(normalized, aggregator.normalize(ir), context + " mutated its IR");
          Setter setter = sink.call(0, i).setter();
          if (UNBOXED.contains(operation) && values[0][i] != null
              && outputKind != DataKind.STRING && outputKind != DataKind.BINARY) {
            assertNotEquals(Setter.OBJECT, setter, context);
          }
        }
        sink.assertHolds(values, outputKinds, Set.of(), context);
      }
    }
    assertEquals(EnumSet.allOf(Operation.class), covered);
    assertTrue(cases > 60, "only " + cases + " operation/input kind pairs");
  }

  @Test
  void eachOperationsOutputTypeCallsForItsSetter() {
    Map<Operation, Setter> setterOfNumericInt = Map.ofEntries(
        Map.entry(Operation.COUNT, Setter.LONG),
        Map.entry(Operation.SUM, Setter.LONG),
        Map.entry(Operation.AVERAGE, Setter.DOUBLE),
        Map.entry(Operation.VARIANCE, Setter.DOUBLE),
        Map.entry(Operation.SKEW, Setter.DOUBLE),
        Map.entry(Operation.KURTOSIS, Setter.DOUBLE),
        Map.entry(Operation.MIN, Setter.LONG),
        Map.entry(Operation.MAX, Setter.LONG),
        Map.entry(Operation.FIRST, Setter.LONG),
        Map.entry(Operation.LAST, Setter.LONG),
        Map.entry(Operation.UNIQUE_COUNT, Setter.LONG),
        Map.entry(Operation.APPROX_UNIQUE_COUNT, Setter.LONG),
        Map.entry(Operation.BOUNDED_UNIQUE_COUNT, Setter.LONG),
        Map.entry(Operation.APPROX_PERCENTILE, Setter.OBJECT),
        Map.entry(Operation.FIRST_K, Setter.OBJECT),
        Map.entry(Operation.LAST_K, Setter.OBJECT),
        Map.entry(Operation.TOP_K, Setter.OBJECT),
        Map.entry(Operation.BOTTOM_K, Setter.OBJECT));
    for (Map.Entry<Operation, Setter> entry : setterOfNumericInt.entrySet()) {
      assertEquals(entry.getValue(), setterOf(entry.getKey(), DataKind.INT, 7), entry.getKey()
          + "(INT)");
    }
    assertEquals(Setter.DOUBLE, setterOf(Operation.SUM, DataKind.FLOAT, 1.5f));
    assertEquals(Setter.DOUBLE, setterOf(Operation.MIN, DataKind.FLOAT, 1.5f));
    assertEquals(Setter.DOUBLE, setterOf(Operation.LAST, DataKind.DOUBLE, 1.5));
    assertEquals(Setter.LONG, setterOf(Operation.LAST, DataKind.BOOLEAN, true));
    assertEquals(Setter.LONG, setterOf(Operation.SUM, DataKind.BOOLEAN, true));
    assertEquals(Setter.LONG, setterOf(Operation.MAX, DataKind.BYTE, (byte) 3));
    assertEquals(Setter.LONG, setterOf(Operation.UNIQUE_COUNT, DataKind.STRING, "a"));
    assertEquals(Setter.LONG, setterOf(Operation.COUNT, DataKind.BINARY, new byte[] {1}));
    assertEquals(Setter.OBJECT, setterOf(Operation.MAX, DataKind.STRING, "a"));
    assertEquals(Setter.OBJECT, setterOf(Operation.FIRST, DataKind.STRING, "a"));
    assertEquals(Setter.OBJECT, setterOf(Operation.LAST, DataKind.BINARY, new byte[] {1}));
    assertEquals(Setter.OBJECT, setterOf(Operation.HISTOGRAM, DataKind.STRING, "a"));
    assertEquals(Setter.OBJECT, setterOf(Operation.APPROX_HISTOGRAM_K, DataKind.INT, 1));
  }

  @Test
  void nullRulesOfFinalizeHold() {
    Aggregator<Object> average = AggregatorFactory.create(
        Operation.AVERAGE, DataTypes.of(DataKind.INT), null);
    RecordingSink sink = new RecordingSink(1, 4);
    average.finalizeInto(average.delete(average.prepare(3, 0), 3, 0), sink, 0, 0);
    assertEquals(Setter.NULL, sink.call(0, 0).setter());
    Aggregator<Object> count = AggregatorFactory.create(
        Operation.COUNT, DataTypes.of(DataKind.INT), null);
    count.finalizeInto(count.delete(count.prepare(3, 0), 3, 0), sink, 0, 1);
    assertEquals(RecordingSink.expected(0L, DataKind.LONG), sink.call(0, 1));
    Aggregator<Object> skew = AggregatorFactory.create(
        Operation.SKEW, DataTypes.of(DataKind.DOUBLE), null);
    skew.finalizeInto(skew.update(skew.prepare(1.0, 0), 2.0, 0), sink, 0, 2);
    assertEquals(RecordingSink.expected(Double.NaN, DataKind.DOUBLE), sink.call(0, 2));
    Aggregator<Object> kurtosis = AggregatorFactory.create(
        Operation.KURTOSIS, DataTypes.of(DataKind.DOUBLE), null);
    Object three = kurtosis.update(kurtosis.update(kurtosis.prepare(1.0, 0), 2.0, 0), 4.0, 0);
    kurtosis.finalizeInto(three, sink, 0, 3);
    assertEquals(RecordingSink.expected(Double.NaN, DataKind.DOUBLE), sink.call(0, 3));
  }

  private static Setter setterOf(Operation operation, DataKind kind, Object input) {
    Aggregator<Object> aggregator =
        AggregatorFactory.create(operation, DataTypes.of(kind), argsOf(operation));
    RecordingSink sink = new RecordingSink(1, 1);
    aggregator.finalizeInto(aggregator.prepare(input, 0), sink, 0, 0);
    return sink.call(0, 0).setter();
  }
}
