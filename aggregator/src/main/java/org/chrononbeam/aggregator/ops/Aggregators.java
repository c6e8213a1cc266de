package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.io.Decoder;

/**
 * {@link Aggregator#finalize}, {@link Aggregator#merge} and {@link Aggregator#readIr} with the
 * scalar numeric operations (SUM, COUNT, AVERAGE, MIN and MAX of numbers) called through call
 * sites of their own, each bound to one class, and any other operation through the virtual call.
 *
 * <p>Why: a loop over the outputs of a GroupBy (the online fetch reads, merges and finalizes the
 * IRs of every output of every GroupBy of a join) calls these methods on aggregators of many
 * classes from one call site, which the JIT can then neither bind nor inline; there, the call
 * costs more than the work it does. Here each class test is a compare of the class pointer (or
 * of one entry of its supertypes, for the two abstract state classes), after which the method is
 * bound and inlined. The results are those of the virtual call.
 */
public final class Aggregators {

  private Aggregators() {}

  /** {@code aggregator.finalize(ir)}; {@code ir} is not null and not mutated. */
  public static Object finalize(Aggregator<?> aggregator, Object ir) {
    if (aggregator instanceof DoubleSumAggregator sum) {
      return sum.finalize((DoubleState) ir);
    }
    if (aggregator instanceof CountAggregator count) {
      return count.finalize((LongState) ir);
    }
    if (aggregator instanceof AverageAggregator average) {
      return average.finalize((AverageState) ir);
    }
    if (aggregator instanceof DoubleExtremeAggregator extreme) {
      return extreme.finalize((DoubleState) ir);
    }
    if (aggregator instanceof LongSumAggregator sum) {
      return sum.finalize((LongState) ir);
    }
    if (aggregator instanceof LongExtremeAggregator extreme) {
      return extreme.finalize((LongState) ir);
    }
    return generic(aggregator).finalize(ir);
  }

  /**
   * {@code aggregator.merge(ir, other)}: {@code other} merged into {@code ir} (both not null);
   * {@code ir} may be mutated, {@code other} is not.
   */
  public static Object merge(Aggregator<?> aggregator, Object ir, Object other) {
    if (aggregator instanceof DoubleSumAggregator sum) {
      return sum.merge((DoubleState) ir, (DoubleState) other);
    }
    if (aggregator instanceof CountAggregator count) {
      return count.merge((LongState) ir, (LongState) other);
    }
    if (aggregator instanceof AverageAggregator average) {
      return average.merge((AverageState) ir, (AverageState) other);
    }
    if (aggregator instanceof DoubleExtremeAggregator extreme) {
      return extreme.merge((DoubleState) ir, (DoubleState) other);
    }
    if (aggregator instanceof LongSumAggregator sum) {
      return sum.merge((LongState) ir, (LongState) other);
    }
    if (aggregator instanceof LongExtremeAggregator extreme) {
      return extreme.merge((LongState) ir, (LongState) other);
    }
    return generic(aggregator).merge(ir, other);
  }

  /**
   * {@code aggregator.readIr(in)}: an IR read straight from Avro binary; only when {@code
   * aggregator.readsIr()}.
   */
  public static Object readIr(Aggregator<?> aggregator, Decoder in) throws IOException {
    if (aggregator instanceof DoubleStateAggregator doubles) {
      return doubles.readIr(in);
    }
    if (aggregator instanceof LongStateAggregator longs) {
      return longs.readIr(in);
    }
    if (aggregator instanceof AverageAggregator average) {
      return average.readIr(in);
    }
    return aggregator.readIr(in);
  }

  @SuppressWarnings("unchecked")
  private static Aggregator<Object> generic(Aggregator<?> aggregator) {
    return (Aggregator<Object>) aggregator;
  }
}
