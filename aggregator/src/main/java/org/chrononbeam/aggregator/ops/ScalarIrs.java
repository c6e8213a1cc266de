package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;

/**
 * The IRs of a fixed list of scalar numeric aggregators (SUM, COUNT, AVERAGE, MIN and MAX of
 * numbers, see {@link #layout}) held in primitive arrays, one slot per aggregator: read from Avro
 * binary, merged, updated and finalized without an IR object per slot, with the results of {@link
 * Aggregator#readIr}, {@link Aggregator#merge}, {@link Aggregator#updateDoubles} / {@link
 * Aggregator#updateLongs} and {@link Aggregator#finalize} on the aggregators' own IRs (the same
 * arithmetic in the same order). A slot starts empty, the IR of no input, which finalizes to null.
 *
 * <p>Why: the online fetch reads, merges and finalizes one IR per output of every GroupBy of a
 * join per call; as objects those are an allocation each and a call bound per class, more than the
 * arithmetic they hold. Not thread-safe: one instance per query.
 */
public final class ScalarIrs {

  private enum Kind {
    DOUBLE_SUM, DOUBLE_MAX, DOUBLE_MIN, AVERAGE, COUNT, LONG_SUM, LONG_MAX, LONG_MIN
  }

  /** The slots' aggregators and kinds, shared by the {@link ScalarIrs} of many queries. */
  public static final class Layout {
    private final Aggregator<?>[] aggregators;
    private final Kind[] kinds;

    private Layout(Aggregator<?>[] aggregators, Kind[] kinds) {
      this.aggregators = aggregators;
      this.kinds = kinds;
    }

    /** Empty IRs of every slot. */
    public ScalarIrs newIrs() {
      return new ScalarIrs(this);
    }
  }

  private final Kind[] kinds;
  private final Aggregator<?>[] aggregators;
  /** Per slot: the double value, or the sum of AVERAGE. */
  private final double[] doubles;
  /** Per slot: the long value, or the count of AVERAGE (an {@code int}, as in its IR). */
  private final long[] longs;
  private final boolean[] present;

  private ScalarIrs(Layout layout) {
    this.kinds = layout.kinds;
    this.aggregators = layout.aggregators;
    this.doubles = new double[kinds.length];
    this.longs = new long[kinds.length];
    this.present = new boolean[kinds.length];
  }

  /**
   * The layout of one slot per aggregator of {@code aggregators}, or null unless every one is
   * SUM, COUNT, AVERAGE, MIN or MAX of numbers (the classes of {@link Aggregators}).
   */
  public static Layout layout(List<? extends Aggregator<?>> aggregators) {
    Kind[] kinds = new Kind[aggregators.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = kindOf(aggregators.get(i));
      if (kinds[i] == null) {
        return null;
      }
    }
    return new Layout(aggregators.toArray(new Aggregator<?>[0]), kinds);
  }

  private static Kind kindOf(Aggregator<?> aggregator) {
    if (aggregator instanceof DoubleSumAggregator) {
      return Kind.DOUBLE_SUM;
    }
    if (aggregator instanceof DoubleExtremeAggregator extreme) {
      return extreme.isMax() ? Kind.DOUBLE_MAX : Kind.DOUBLE_MIN;
    }
    if (aggregator instanceof AverageAggregator) {
      return Kind.AVERAGE;
    }
    if (aggregator instanceof CountAggregator count
        && count.primitiveInput() != Aggregator.PrimitiveInput.NONE) {
      return Kind.COUNT;
    }
    if (aggregator instanceof LongSumAggregator) {
      return Kind.LONG_SUM;
    }
    if (aggregator instanceof LongExtremeAggregator extreme) {
      return extreme.isMax() ? Kind.LONG_MAX : Kind.LONG_MIN;
    }
    return null;
  }

  /** Whether slot {@code i} holds an IR (is not the IR of no input). */
  public boolean isPresent(int i) {
    return present[i];
  }

  /**
   * Reads slot {@code i}'s nullable IR ({@link AvroForm#nullable} of its IR schema: branch 0
   * null, branch 1 the IR) from {@code in}, replacing the slot.
   */
  public void read(int i, Decoder in) throws IOException {
    int branch = in.readIndex();
    switch (branch) {
      case 0:
        in.readNull();
        present[i] = false;
        return;
      case 1:
        switch (kinds[i]) {
          case DOUBLE_SUM, DOUBLE_MAX, DOUBLE_MIN -> doubles[i] = in.readDouble();
          case AVERAGE -> {
            doubles[i] = in.readDouble();
            longs[i] = in.readInt();
          }
          default -> longs[i] = in.readLong();
        }
        present[i] = true;
        return;
      default:
        throw new IOException("union branch " + branch + " of 2");
    }
  }

  /**
   * Merges slot {@code j} of {@code other} (of the same kind) into slot {@code i}; {@code other}
   * is not changed.
   */
  public void merge(int i, ScalarIrs other, int j) {
    if (!other.present[j]) {
      return;
    }
    double d = other.doubles[j];
    long l = other.longs[j];
    if (!present[i]) {
      doubles[i] = d;
      longs[i] = l;
      present[i] = true;
      return;
    }
    switch (kinds[i]) {
      case DOUBLE_SUM -> doubles[i] += d;
      case DOUBLE_MAX -> doubles[i] = Double.compare(d, doubles[i]) > 0 ? d : doubles[i];
      case DOUBLE_MIN -> doubles[i] = Double.compare(d, doubles[i]) < 0 ? d : doubles[i];
      case AVERAGE -> {
        doubles[i] += d;
        longs[i] = (int) (longs[i] + l);
      }
      case COUNT, LONG_SUM -> longs[i] += l;
      case LONG_MAX -> longs[i] = Math.max(longs[i], l);
      case LONG_MIN -> longs[i] = Math.min(longs[i], l);
      default -> throw new IllegalStateException(kinds[i].toString());
    }
  }

  /**
   * {@link Aggregator#updateDoubles} of slot {@code i}: its aggregator takes double inputs.
   *
   * @throws UnsupportedOperationException for a deletion on a non-deletable operation
   */
  public void updateDoubles(int i, double[] values, int offset, long[] ts, boolean[] deletes,
      int count, long from, long until) {
    Kind kind = kinds[i];
    if (kind == Kind.COUNT) {
      countInputs(i, ts, deletes, count, from, until);
      return;
    }
    if (kind == Kind.DOUBLE_MAX || kind == Kind.DOUBLE_MIN) {
      boolean max = kind == Kind.DOUBLE_MAX;
      double d = doubles[i];
      boolean set = present[i];
      for (int r = 0; r < count; r++) {
        long t = ts[r];
        if (t >= from && t < until) {
          double value = values[offset + r];
          if (deletes != null && deletes[r]) {
            aggregators[i].inversePrepareDouble(value, t);
          }
          int c = Double.compare(value, d);
          if (!set || (max ? c > 0 : c < 0)) {
            d = value;
          }
          set = true;
        }
      }
      doubles[i] = d;
      present[i] = set;
      return;
    }
    if (kind != Kind.DOUBLE_SUM && kind != Kind.AVERAGE) {
      throw new IllegalStateException(kind + " does not take double inputs");
    }
    double d = doubles[i];
    long n = longs[i];
    boolean set = present[i];
    for (int r = 0; r < count; r++) {
      long t = ts[r];
      if (t >= from && t < until) {
        double value = values[offset + r];
        boolean delete = deletes != null && deletes[r];
        if (set) {
          d = delete ? d - value : d + value;
          n = delete ? n - 1 : n + 1;
        } else {
          d = delete ? -value : value;
          n = delete ? -1 : 1;
          set = true;
        }
      }
    }
    doubles[i] = d;
    if (kind == Kind.AVERAGE) {
      longs[i] = (int) n;
    }
    present[i] = set;
  }

  /** {@link #updateDoubles} of slot {@code i}, whose aggregator takes long inputs. */
  public void updateLongs(int i, long[] values, int offset, long[] ts, boolean[] deletes,
      int count, long from, long until) {
    Kind kind = kinds[i];
    if (kind == Kind.COUNT) {
      countInputs(i, ts, deletes, count, from, until);
      return;
    }
    if (kind != Kind.LONG_SUM && kind != Kind.LONG_MAX && kind != Kind.LONG_MIN) {
      throw new IllegalStateException(kind + " does not take long inputs");
    }
    long l = longs[i];
    boolean set = present[i];
    for (int r = 0; r < count; r++) {
      long t = ts[r];
      if (t >= from && t < until) {
        long value = values[offset + r];
        boolean delete = deletes != null && deletes[r];
        if (kind == Kind.LONG_SUM) {
          l = set ? (delete ? l - value : l + value) : (delete ? -value : value);
        } else {
          if (delete) {
            aggregators[i].inversePrepareLong(value, t);
          }
          if (!set || (kind == Kind.LONG_MAX ? value > l : value < l)) {
            l = value;
          }
        }
        set = true;
      }
    }
    longs[i] = l;
    present[i] = set;
  }

  /** COUNT of slot {@code i}: one per input in {@code [from, until)}, less one per deletion. */
  private void countInputs(int i, long[] ts, boolean[] deletes, int count, long from,
      long until) {
    long n = longs[i];
    boolean set = present[i];
    for (int r = 0; r < count; r++) {
      long t = ts[r];
      if (t >= from && t < until) {
        boolean delete = deletes != null && deletes[r];
        n = set ? (delete ? n - 1 : n + 1) : (delete ? -1 : 1);
        set = true;
      }
    }
    longs[i] = n;
    present[i] = set;
  }

  /** {@link Aggregator#finalize} of slot {@code i}: null for the IR of no input. */
  public Object finalize(int i) {
    if (!present[i]) {
      return null;
    }
    return switch (kinds[i]) {
      case DOUBLE_SUM -> doubles[i];
      case DOUBLE_MAX, DOUBLE_MIN ->
          DataTypes.floatingOf(doubles[i], ((DoubleExtremeAggregator) aggregators[i]).kind());
      case AVERAGE -> longs[i] == 0 ? null : doubles[i] / (int) longs[i];
      case COUNT, LONG_SUM -> longs[i];
      case LONG_MAX, LONG_MIN ->
          DataTypes.integralOf(longs[i], ((LongExtremeAggregator) aggregators[i]).kind());
    };
  }
}
