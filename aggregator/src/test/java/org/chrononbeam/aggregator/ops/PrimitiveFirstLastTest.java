package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.api.Test;

/**
 * FIRST, LAST, FIRST_K and LAST_K of numbers and booleans on the primitive path against the naive
 * reference (every {@code (ts, value)} pair sorted by timestamp then {@link ValueOrder}, cut to k)
 * on random inputs, built through every update method and random merge trees; FIRST_K and LAST_K
 * also against the boxed {@link FirstLastKAggregator} these inputs took before, whose IR bytes
 * must be written and read unchanged. Inputs repeat timestamps and values and include the
 * extremes: Long.MIN_VALUE and MAX_VALUE, NaN, -0.0 and 0.0, infinities.
 */
class PrimitiveFirstLastTest {

  private static final DataKind[] KINDS = {
    DataKind.LONG, DataKind.INT, DataKind.SHORT, DataKind.BYTE, DataKind.BOOLEAN,
    DataKind.DOUBLE, DataKind.FLOAT
  };

  /** One input: its timestamp and its boxed value, of the canonical class of its kind. */
  private record Input(long ts, Object value) {}

  /** The reference: every pair sorted, oldest (FIRST_K) or newest (LAST_K) first, cut to k. */
  private static List<Input> naiveInputs(boolean last, int k, List<Input> inputs) {
    Comparator<Input> oldestFirst = Comparator.comparingLong(Input::ts)
        .thenComparing(Input::value, ValueOrder.INSTANCE);
    List<Input> sorted = new ArrayList<>(inputs);
    sorted.sort(last ? oldestFirst.reversed() : oldestFirst);
    return sorted.subList(0, Math.min(k, sorted.size()));
  }

  /** The values of {@link #naiveInputs}. */
  private static List<Object> naive(boolean last, int k, List<Input> inputs) {
    List<Object> values = new ArrayList<>();
    for (Input input : naiveInputs(last, k, inputs)) {
      values.add(input.value());
    }
    return values;
  }

  private static Object randomValue(DataKind kind, SplittableRandom random, int distinct) {
    int pick = random.nextInt(distinct);
    boolean extreme = random.nextInt(8) == 0;
    switch (kind) {
      case LONG:
        return extreme
            ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}[random.nextInt(4)]
            : (long) pick - distinct / 2;
      case INT:
        return extreme ? (Object) Integer.MIN_VALUE : (Object) (pick * 1_000_003 - distinct);
      case SHORT:
        return (short) (extreme ? Short.MAX_VALUE : pick - distinct / 2);
      case BYTE:
        return (byte) (extreme ? Byte.MIN_VALUE : pick - distinct / 2);
      case BOOLEAN:
        return random.nextBoolean();
      case DOUBLE:
        return extreme ? specialDouble(random) : pick / 4.0 - distinct / 8.0;
      default:
        return extreme ? (float) specialDouble(random) : (float) (pick / 4.0 - distinct / 8.0);
    }
  }

  private static double specialDouble(SplittableRandom random) {
    double[] special = {
      Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE, -Double.MAX_VALUE
    };
    return special[random.nextInt(special.length)];
  }

  private static List<Input> randomInputs(DataKind kind, SplittableRandom random) {
    int count = random.nextInt(8) == 0 ? random.nextInt(3) : random.nextInt(400);
    int shape = random.nextInt(4);
    int distinctTs = 1 + random.nextInt(random.nextBoolean() ? 5 : 1_000);
    int distinctValues = 1 + random.nextInt(random.nextBoolean() ? 4 : 500);
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long ts = switch (shape) {
        case 0 -> 1_000L * i; // time order, as a sorted column arrives
        case 1 -> -1_000L * i;
        case 2 -> random.nextInt(8) == 0 ? Long.MIN_VALUE + random.nextInt(2) : i / 3;
        default -> random.nextInt(distinctTs);
      };
      inputs.add(new Input(ts, randomValue(kind, random, distinctValues)));
    }
    return inputs;
  }

  private static long asLong(Object value) {
    return value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).longValue();
  }

  /**
   * The IR of {@code inputs} through a random mix of the primitive single and batch methods and
   * the generic ones (as list and map shapes call them).
   */
  private static <IR> IR build(Aggregator<IR> aggregator, List<Input> inputs,
      SplittableRandom random) {
    boolean floating = aggregator.primitiveInput() == Aggregator.PrimitiveInput.DOUBLE;
    IR ir = null;
    int i = 0;
    while (i < inputs.size()) {
      if (random.nextInt(4) == 0) {
        int count = Math.min(inputs.size() - i, 1 + random.nextInt(50));
        int offset = random.nextInt(3);
        long[] ts = new long[count];
        long[] longs = new long[offset + count];
        double[] doubles = new double[offset + count];
        for (int r = 0; r < count; r++) {
          Input input = inputs.get(i + r);
          ts[r] = input.ts();
          if (floating) {
            doubles[offset + r] = ((Number) input.value()).doubleValue();
          } else {
            longs[offset + r] = asLong(input.value());
          }
        }
        ir = floating
            ? aggregator.updateDoubles(ir, doubles, offset, ts, null, count, Long.MIN_VALUE,
                Long.MAX_VALUE)
            : aggregator.updateLongs(ir, longs, offset, ts, null, count, Long.MIN_VALUE,
                Long.MAX_VALUE);
        i += count;
        continue;
      }
      Input input = inputs.get(i++);
      if (random.nextInt(3) == 0) {
        ir = ir == null
            ? aggregator.prepare(input.value(), input.ts())
            : aggregator.update(ir, input.value(), input.ts());
      } else if (floating) {
        double value = ((Number) input.value()).doubleValue();
        ir = ir == null
            ? aggregator.prepareDouble(value, input.ts())
            : aggregator.updateDouble(ir, value, input.ts());
      } else {
        long value = asLong(input.value());
        ir = ir == null
            ? aggregator.prepareLong(value, input.ts())
            : aggregator.updateLong(ir, value, input.ts());
      }
    }
    return ir;
  }

  /** The IR of {@code inputs} split at random, each part built, cloned or not, then merged. */
  private static <IR> IR mergeTree(Aggregator<IR> aggregator, List<Input> inputs,
      SplittableRandom random) {
    if (inputs.size() < 2 || random.nextInt(3) == 0) {
      return build(aggregator, inputs, random);
    }
    int split = 1 + random.nextInt(inputs.size() - 1);
    IR left = mergeTree(aggregator, inputs.subList(0, split), random);
    IR right = mergeTree(aggregator, inputs.subList(split, inputs.size()), random);
    return random.nextBoolean()
        ? aggregator.merge(random.nextBoolean() ? aggregator.clone(left) : left, right)
        : aggregator.merge(right, left);
  }

  private static byte[] generic(Schema schema, Object normalized) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(schema).write(normalized, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static <IR> byte[] written(Aggregator<IR> aggregator, IR ir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    aggregator.writeIr(ir, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static BinaryDecoder decoder(byte[] bytes) {
    return DecoderFactory.get().binaryDecoder(bytes, null);
  }

  private static void assertOutput(DataKind kind, List<Object> expected, Object actual,
      String context) {
    assertEquals(expected, actual, context);
    assertEquals(expected.hashCode(), actual.hashCode(), context);
    List<?> list = (List<?>) actual;
    for (int i = 0; i < expected.size(); i++) {
      assertSame(expected.get(i).getClass(), list.get(i).getClass(), context + " element " + i);
    }
    if (kind == DataKind.LONG) {
      LongList longs = assertInstanceOf(LongList.class, actual, context);
      for (int i = 0; i < expected.size(); i++) {
        assertEquals((long) (Long) expected.get(i), longs.getLong(i), context);
      }
    } else if (kind == DataKind.DOUBLE) {
      DoubleList doubles = assertInstanceOf(DoubleList.class, actual, context);
      for (int i = 0; i < expected.size(); i++) {
        assertEquals((double) (Double) expected.get(i), doubles.getDouble(i), context);
      }
    } else {
      assertInstanceOf(ArrayList.class, actual, context);
    }
  }

  @Test
  void matchesTheReferencesOnRandomInputsAndMergeTrees() throws IOException {
    SplittableRandom random = new SplittableRandom(4);
    for (int round = 0; round < 3_000; round++) {
      DataKind kind = KINDS[random.nextInt(KINDS.length)];
      TDataType type = DataTypes.of(kind);
      boolean last = random.nextBoolean();
      int k = random.nextInt(6) == 0 ? 17 + random.nextInt(120) : 1 + random.nextInt(12);
      List<Input> inputs = randomInputs(kind, random);
      if (inputs.isEmpty()) {
        continue;
      }
      String context = "round " + round + ": " + (last ? "LAST_K" : "FIRST_K") + "(" + k + ") of "
          + inputs.size() + " " + kind;
      PrimitiveFirstLastKAggregator aggregator = new PrimitiveFirstLastKAggregator(last, k, type);
      FirstLastKAggregator boxed = new FirstLastKAggregator(last, k, type);
      List<Object> expected = naive(last, k, inputs);

      BestKBuffer<TimedValue> boxedIr = null;
      for (Input input : inputs) {
        boxedIr = boxedIr == null
            ? boxed.prepare(input.value(), input.ts())
            : boxed.update(boxedIr, input.value(), input.ts());
      }
      assertEquals(expected, boxed.finalize(boxedIr), context + ", boxed reference");

      TimedBestK ir = mergeTree(aggregator, inputs, random);
      assertOutput(kind, expected, aggregator.finalize(ir), context);

      Schema schema = aggregator.irSchema();
      assertEquals(boxed.irSchema(), schema, context);
      byte[] boxedBytes = generic(schema, boxed.normalize(boxedIr));
      Object normalized = aggregator.normalize(ir);
      assertArrayEquals(boxedBytes, generic(schema, normalized), context + ", normalized");
      assertArrayEquals(boxedBytes, written(aggregator, ir), context + ", written");

      Object read = new GenericDatumReader<Object>(schema).read(null, decoder(boxedBytes));
      TimedBestK denormalized = aggregator.denormalize(read);
      TimedBestK direct = aggregator.readIr(decoder(boxedBytes));
      assertOutput(kind, expected, aggregator.finalize(denormalized), context + ", denormalized");
      assertOutput(kind, expected, aggregator.finalize(direct), context + ", read");
      assertArrayEquals(boxedBytes, written(aggregator, direct), context + ", read, rewritten");
      assertArrayEquals(boxedBytes, written(aggregator, aggregator.denormalize(normalized)),
          context + ", normalize / denormalize");

      List<Input> more = randomInputs(kind, random);
      if (!more.isEmpty()) {
        TimedBestK copy = aggregator.clone(ir);
        TimedBestK grown = aggregator.merge(ir, mergeTree(aggregator, more, random));
        assertOutput(kind, expected, aggregator.finalize(copy), context + ", clone");
        List<Input> all = new ArrayList<>(inputs);
        all.addAll(more);
        assertOutput(kind, naive(last, k, all), aggregator.finalize(grown), context + ", grown");
        TimedBestK fromRead = aggregator.merge(direct, build(aggregator, more, random));
        assertOutput(kind, naive(last, k, all), aggregator.finalize(fromRead),
            context + ", read then grown");
      }
    }
  }

  @Test
  void firstAndLastMatchTheReferenceOnRandomInputsAndMergeTrees() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 3_000; round++) {
      DataKind kind = KINDS[random.nextInt(KINDS.length)];
      TDataType type = DataTypes.of(kind);
      boolean last = random.nextBoolean();
      List<Input> inputs = randomInputs(kind, random);
      if (inputs.isEmpty()) {
        continue;
      }
      String context = "round " + round + ": " + (last ? "LAST" : "FIRST") + " of "
          + inputs.size() + " " + kind;
      FirstLastAggregator aggregator = new FirstLastAggregator(last, type);
      assertEquals(kind == DataKind.DOUBLE || kind == DataKind.FLOAT
          ? Aggregator.PrimitiveInput.DOUBLE : Aggregator.PrimitiveInput.LONG,
          aggregator.primitiveInput(), context);
      Input best = naiveInputs(last, 1, inputs).get(0);
      TimedState ir = mergeTree(aggregator, inputs, random);
      assertValue(best.value(), aggregator.finalize(ir), context);

      Schema schema = aggregator.irSchema();
      GenericRecord expected = new GenericData.Record(schema);
      expected.put("epochMillis", best.ts());
      expected.put("payload", AvroForm.toAvro(best.value(), type));
      byte[] bytes = generic(schema, expected);
      assertArrayEquals(bytes, generic(schema, aggregator.normalize(ir)), context + ", normalized");
      assertArrayEquals(bytes, written(aggregator, ir), context + ", written");
      Object read = new GenericDatumReader<Object>(schema).read(null, decoder(bytes));
      TimedState direct = aggregator.readIr(decoder(bytes));
      assertValue(best.value(), aggregator.finalize(aggregator.denormalize(read)),
          context + ", denormalized");
      assertValue(best.value(), aggregator.finalize(direct), context + ", read");
      assertArrayEquals(bytes, written(aggregator, direct), context + ", read, rewritten");

      List<Input> more = randomInputs(kind, random);
      if (!more.isEmpty()) {
        TimedState copy = aggregator.clone(ir);
        TimedState grown = aggregator.merge(ir, mergeTree(aggregator, more, random));
        assertValue(best.value(), aggregator.finalize(copy), context + ", clone");
        List<Input> all = new ArrayList<>(inputs);
        all.addAll(more);
        assertValue(naive(last, 1, all).get(0), aggregator.finalize(grown), context + ", grown");
      }
    }
  }

  private static void assertValue(Object expected, Object actual, String context) {
    assertEquals(expected, actual, context);
    assertSame(expected.getClass(), actual.getClass(), context);
  }

  @Test
  void batchUpdatesSkipInputsOutsideTheirTimeRange() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 500; round++) {
      boolean floating = random.nextBoolean();
      DataKind kind = floating ? DataKind.DOUBLE : DataKind.LONG;
      boolean last = random.nextBoolean();
      int k = 1 + random.nextInt(8);
      PrimitiveFirstLastKAggregator aggregator =
          new PrimitiveFirstLastKAggregator(last, k, DataTypes.of(kind));
      int count = 1 + random.nextInt(100);
      long[] ts = new long[count];
      long[] longs = new long[count];
      double[] doubles = new double[count];
      List<Input> inRange = new ArrayList<>();
      long from = random.nextInt(50);
      long until = from + random.nextInt(50);
      for (int r = 0; r < count; r++) {
        ts[r] = random.nextInt(100);
        Object value = randomValue(kind, random, 20);
        longs[r] = floating ? 0 : (Long) value;
        doubles[r] = floating ? (Double) value : 0;
        if (ts[r] >= from && ts[r] < until) {
          inRange.add(new Input(ts[r], value));
        }
      }
      TimedBestK ir = floating
          ? aggregator.updateDoubles(null, doubles, 0, ts, null, count, from, until)
          : aggregator.updateLongs(null, longs, 0, ts, null, count, from, until);
      if (inRange.isEmpty()) {
        assertEquals(null, ir, "round " + round);
      } else {
        assertOutput(kind, naive(last, k, inRange), aggregator.finalize(ir), "round " + round);
      }
    }
  }

  @Test
  void outputListsEqualArrayListsOfTheirBoxes() {
    LongList longs = new LongList(new long[] {Long.MIN_VALUE, 0, 7});
    assertEquals(List.of(Long.MIN_VALUE, 0L, 7L), longs);
    assertEquals(List.of(Long.MIN_VALUE, 0L, 7L).hashCode(), longs.hashCode());
    assertEquals("[-9223372036854775808, 0, 7]", longs.toString());
    DoubleList doubles = new DoubleList(new double[] {Double.NaN, -0.0, 1.5});
    List<Double> boxes = new ArrayList<>(List.of(Double.NaN, -0.0, 1.5));
    assertEquals(boxes, doubles);
    assertEquals(doubles, boxes);
    assertEquals(boxes.hashCode(), doubles.hashCode());
    assertEquals(false, doubles.equals(List.of(Double.NaN, 0.0, 1.5)));
    assertEquals(-0.0, doubles.getDouble(1));
  }
}
