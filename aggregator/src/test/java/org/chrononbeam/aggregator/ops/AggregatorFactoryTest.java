package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;
import org.junit.jupiter.api.Test;

/** Output types, argument handling and hand-computed results of single operations. */
class AggregatorFactoryTest {

  private static final TDataType INT = DataTypes.of(DataKind.INT);
  private static final TDataType LONG = DataTypes.of(DataKind.LONG);
  private static final TDataType DOUBLE = DataTypes.of(DataKind.DOUBLE);
  private static final TDataType FLOAT = DataTypes.of(DataKind.FLOAT);
  private static final TDataType STRING = DataTypes.of(DataKind.STRING);

  private static Aggregator<Object> of(Operation operation, TDataType type, Map<String, String> args) {
    return AggregatorFactory.create(operation, type, args);
  }

  private static Object run(Aggregator<Object> aggregator, Object... inputs) {
    Object ir = null;
    long ts = 0;
    for (Object input : inputs) {
      ir = ir == null ? aggregator.prepare(input, ts) : aggregator.update(ir, input, ts);
      ts += 1000;
    }
    return aggregator.finalize(ir);
  }

  @Test
  void outputTypesFollowChronon() {
    assertEquals(LONG, of(Operation.COUNT, STRING, null).outputType());
    assertEquals(LONG, of(Operation.SUM, INT, null).outputType());
    assertEquals(LONG, of(Operation.SUM, DataTypes.of(DataKind.BOOLEAN), null).outputType());
    assertEquals(DOUBLE, of(Operation.SUM, FLOAT, null).outputType());
    assertEquals(DOUBLE, of(Operation.AVERAGE, INT, null).outputType());
    assertEquals(DOUBLE, of(Operation.VARIANCE, INT, null).outputType());
    assertEquals(INT, of(Operation.MIN, INT, null).outputType());
    assertEquals(STRING, of(Operation.MAX, STRING, null).outputType());
    assertEquals(FLOAT, of(Operation.LAST, FLOAT, null).outputType());
    assertEquals(DataTypes.listOf(STRING),
        of(Operation.LAST_K, STRING, Map.of("k", "3")).outputType());
    assertEquals(DataTypes.listOf(FLOAT),
        of(Operation.APPROX_PERCENTILE, DOUBLE, null).outputType());
    assertEquals(DataTypes.mapOf(STRING, INT), of(Operation.HISTOGRAM, STRING, null).outputType());
    assertEquals(DataTypes.mapOf(STRING, LONG),
        of(Operation.APPROX_HISTOGRAM_K, STRING, null).outputType());
    assertEquals(LONG, of(Operation.APPROX_UNIQUE_COUNT, STRING, null).outputType());
    assertEquals(LONG, of(Operation.BOUNDED_UNIQUE_COUNT, STRING, null).outputType());
  }

  @Test
  void onlySumCountAverageAndHistogramAreDeletable() {
    for (Operation operation : Operation.values()) {
      TDataType type = operation == Operation.HISTOGRAM ? STRING : DOUBLE;
      Aggregator<Object> aggregator = of(operation, type, Map.of("k", "8"));
      boolean expected = operation == Operation.SUM || operation == Operation.COUNT
          || operation == Operation.AVERAGE || operation == Operation.HISTOGRAM;
      assertEquals(expected, aggregator.isDeletable(), operation.toString());
      if (!expected) {
        Object ir = aggregator.prepare(1.0, 0);
        assertThrows(UnsupportedOperationException.class, () -> aggregator.delete(ir, 1.0, 0));
      }
    }
  }

  @Test
  void handComputedResults() {
    assertEquals(2.5, run(of(Operation.AVERAGE, INT, null), 1, 2, 3, 4));
    assertEquals(1.25, run(of(Operation.VARIANCE, INT, null), 1, 2, 3, 4));
    assertEquals(Double.NaN, run(of(Operation.SKEW, DOUBLE, null), 1.0, 2.0));
    assertEquals(0.0, (Double) run(of(Operation.SKEW, DOUBLE, null), 1.0, 2.0, 3.0), 1e-12);
    assertEquals(Double.NaN, run(of(Operation.KURTOSIS, DOUBLE, null), 1.0, 2.0, 3.0));
    assertEquals(-1.36, (Double) run(of(Operation.KURTOSIS, DOUBLE, null), 1.0, 2.0, 3.0, 4.0),
        1e-12);
    assertEquals(List.of("d", "c", "b"),
        run(of(Operation.LAST_K, STRING, Map.of("k", "3")), "a", "b", "c", "d"));
    assertEquals(List.of("a", "b"),
        run(of(Operation.FIRST_K, STRING, Map.of("k", "2")), "a", "b", "c", "d"));
    assertEquals(List.of(9, 7), run(of(Operation.TOP_K, INT, Map.of("k", "2")), 3, 9, 1, 7));
    assertEquals(List.of(1, 3), run(of(Operation.BOTTOM_K, INT, Map.of("k", "2")), 3, 9, 1, 7));
    assertEquals(Map.of("x", 2, "y", 1), run(of(Operation.HISTOGRAM, STRING, null), "x", "y", "x"));
    assertEquals(Map.of("x", 2),
        run(of(Operation.HISTOGRAM, STRING, Map.of("k", "1")), "x", "y", "x"));
    assertEquals(2L, run(of(Operation.BOUNDED_UNIQUE_COUNT, INT, Map.of("k", "2")), 1, 2, 3, 1));
    assertEquals(3L, run(of(Operation.UNIQUE_COUNT, INT, null), 1, 2, 3, 1));
    assertEquals("b", run(of(Operation.LAST, STRING, null), "a", "b"));
    assertEquals((short) 3, run(of(Operation.MAX, DataTypes.of(DataKind.SHORT), null),
        (short) 1, (short) 3));
    assertEquals(List.of(2.0f), run(of(Operation.APPROX_PERCENTILE, DOUBLE, null), 1.0, 2.0, 3.0));
  }

  @Test
  void timestampTiesAreBrokenByValueSoMergeOrderDoesNotMatter() {
    Aggregator<Object> last = of(Operation.LAST, LONG, null);
    Object a = last.prepare(5L, 100);
    Object b = last.prepare(9L, 100);
    assertEquals(9L, last.finalize(last.merge(last.clone(a), b)));
    assertEquals(9L, last.finalize(last.merge(last.clone(b), a)));
    Aggregator<Object> first = of(Operation.FIRST, LONG, null);
    assertEquals(5L, first.finalize(first.merge(first.prepare(9L, 100), first.prepare(5L, 100))));
  }

  @Test
  void deletionsUndoInserts() {
    Aggregator<Object> average = of(Operation.AVERAGE, DOUBLE, null);
    Object ir = average.prepareDouble(4.0, 0);
    ir = average.updateDouble(ir, 8.0, 0);
    ir = average.deleteDouble(ir, 4.0, 0);
    assertEquals(8.0, average.finalize(ir));
    ir = average.deleteDouble(ir, 8.0, 0);
    assertEquals(null, average.finalize(ir));
    Aggregator<Object> histogram = of(Operation.HISTOGRAM, STRING, null);
    Object counts = histogram.inversePrepare("x", 0);
    counts = histogram.update(counts, "x", 0);
    assertEquals(Map.of(), histogram.finalize(counts));
  }

  @Test
  void argumentsAndTypesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> of(Operation.LAST_K, STRING, null));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.TOP_K, STRING, Map.of("k", "ten")));
    assertThrows(IllegalArgumentException.class, () -> of(Operation.HISTOGRAM, INT, null));
    assertThrows(IllegalArgumentException.class, () -> of(Operation.AVERAGE, STRING, null));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.COUNT, DataTypes.of(DataKind.DATE), null));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.LAST, DataTypes.of(DataKind.TIMESTAMP), null));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.APPROX_UNIQUE_COUNT, STRING, Map.of("k", "2")));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.APPROX_PERCENTILE, DOUBLE, Map.of("percentiles", "0.5")));
    assertThrows(IllegalArgumentException.class,
        () -> of(Operation.APPROX_PERCENTILE, DOUBLE, Map.of("percentiles", "[1.5]")));
    assertArrayEquals(new double[] {0.99, 0.95, 0.5},
        ApproxPercentileAggregator.parsePercentiles("[0.99, 0.95, 0.5]"));
  }

  @Test
  void commonNumericOperationsTakeThePrimitivePath() {
    assertEquals(Aggregator.PrimitiveInput.LONG,
        of(Operation.COUNT, LONG, null).primitiveInput());
    assertEquals(Aggregator.PrimitiveInput.DOUBLE,
        of(Operation.COUNT, DOUBLE, null).primitiveInput());
    assertEquals(Aggregator.PrimitiveInput.NONE,
        of(Operation.COUNT, STRING, null).primitiveInput());
    for (Operation operation : List.of(Operation.SUM, Operation.MIN, Operation.MAX,
        Operation.LAST, Operation.FIRST)) {
      assertEquals(Aggregator.PrimitiveInput.LONG, of(operation, LONG, null).primitiveInput());
      assertEquals(Aggregator.PrimitiveInput.DOUBLE,
          of(operation, DOUBLE, null).primitiveInput());
    }
    assertEquals(Aggregator.PrimitiveInput.DOUBLE,
        of(Operation.AVERAGE, LONG, null).primitiveInput());
    assertEquals(Aggregator.PrimitiveInput.NONE,
        of(Operation.LAST, STRING, null).primitiveInput());
  }

  @Test
  void anAverageIrReadWithAnEqualSchemaParsedElsewhereDenormalizesAsWithItsOwn() {
    Aggregator<Object> average = of(Operation.AVERAGE, DOUBLE, null);
    Object ir = average.prepare(1.5, 0);
    ir = average.update(ir, 4.0, 1000);
    GenericRecord own = (GenericRecord) average.normalize(ir);
    Schema parsed = new Schema.Parser().parse(average.irSchema().toString());
    GenericRecord copy = new GenericData.Record(parsed);
    copy.put("sum", own.get("sum"));
    copy.put("count", own.get("count"));
    assertEquals(2.75, average.finalize(average.denormalize(own)));
    assertEquals(2.75, average.finalize(average.denormalize(copy)));
  }
}
