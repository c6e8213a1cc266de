package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.aggregator.row.ColumnAggregator;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.junit.jupiter.api.Test;

/**
 * {@link Aggregators#finalize}, {@link Aggregators#merge} and {@link Aggregators#readIr} against
 * the virtual calls they stand for, on random IRs of every operation and numeric or string input
 * type (the classes they call directly and the others).
 */
class AggregatorsTest {

  private static final List<DataKind> KINDS = List.of(DataKind.BYTE, DataKind.SHORT, DataKind.INT,
      DataKind.LONG, DataKind.FLOAT, DataKind.DOUBLE, DataKind.BOOLEAN, DataKind.STRING);

  @Test
  void finalizeMergeAndReadIrGiveWhatTheVirtualCallsGive() throws IOException {
    Random random = new Random(11);
    Set<Class<?>> direct = new HashSet<>();
    int cases = 0;
    for (Operation operation : Operation.values()) {
      for (DataKind kind : KINDS) {
        Aggregator<Object> aggregator;
        try {
          aggregator = AggregatorFactory.create(operation, DataTypes.of(kind), Map.of("k", "3"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          continue;
        }
        for (int round = 0; round < 50; round++) {
          Object a = randomIr(aggregator, kind, random);
          Object b = randomIr(aggregator, kind, random);
          assertEquals(aggregator.finalize(a), Aggregators.finalize(aggregator, a),
              operation + " of " + kind);
          Object expected = aggregator.merge(aggregator.clone(a), b);
          Object bBefore = aggregator.normalize(b);
          Object merged = Aggregators.merge(aggregator, aggregator.clone(a), b);
          assertEquals(aggregator.normalize(expected), aggregator.normalize(merged),
              operation + " of " + kind);
          assertEquals(bBefore, aggregator.normalize(b), "merge must not change its argument");
          assertEquals(aggregator.finalize(expected), Aggregators.finalize(aggregator, merged));
          if (aggregator.readsIr()) {
            byte[] bytes = written(aggregator, a);
            assertEquals(aggregator.normalize(aggregator.readIr(decoder(bytes))),
                aggregator.normalize(Aggregators.readIr(aggregator, decoder(bytes))),
                operation + " of " + kind);
          }
          cases++;
        }
        direct.add(aggregator.getClass());
      }
    }
    assertTrue(cases > 1000, cases + " cases");
    assertTrue(direct.containsAll(Set.of(DoubleSumAggregator.class, CountAggregator.class,
        AverageAggregator.class, DoubleExtremeAggregator.class, LongSumAggregator.class,
        LongExtremeAggregator.class)), "the directly called classes were not all tested");
  }

  @Test
  void noInputGivesNullForEveryOperationIncludingCountAndSum() {
    InputSchema schema = new InputSchema(List.of("x"), List.of(DataTypes.of(DataKind.DOUBLE)));
    for (Operation operation : List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE,
        Operation.MIN, Operation.MAX)) {
      ColumnAggregator column = new ColumnAggregator(schema, "x", operation, null, null, false);
      assertNull(column.finalize(null), operation.toString());
      assertNull(column.finalize(column.merge(null, null)), operation.toString());
    }
  }

  private static byte[] written(Aggregator<Object> aggregator, Object ir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    aggregator.writeIr(ir, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static Decoder decoder(byte[] bytes) {
    return DecoderFactory.get().binaryDecoder(bytes, null);
  }

  /** The IR of 1 to 20 random inputs of {@code kind}, some deleted when the operation allows. */
  private static Object randomIr(Aggregator<Object> aggregator, DataKind kind, Random random) {
    Object ir = null;
    int inputs = 1 + random.nextInt(20);
    for (int i = 0; i < inputs; i++) {
      Object input = randomInput(kind, random);
      long ts = random.nextInt(1_000_000);
      if (ir != null && aggregator.isDeletable() && random.nextInt(5) == 0) {
        ir = aggregator.delete(ir, input, ts);
      } else {
        ir = ir == null ? aggregator.prepare(input, ts) : aggregator.update(ir, input, ts);
      }
    }
    return ir;
  }

  private static Object randomInput(DataKind kind, Random random) {
    return switch (kind) {
      case BYTE -> (byte) random.nextInt();
      case SHORT -> (short) random.nextInt();
      case INT -> random.nextInt(2000) - 1000;
      case LONG -> random.nextLong() >> random.nextInt(64);
      case FLOAT -> (float) (random.nextGaussian() * 100);
      case DOUBLE -> random.nextInt(10) == 0 ? -0.0 : random.nextGaussian() * 1e6;
      case BOOLEAN -> random.nextBoolean();
      default -> "s" + random.nextInt(30);
    };
  }
}
