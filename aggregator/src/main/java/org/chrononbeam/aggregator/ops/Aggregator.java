package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.TDataType;

/**
 * One Chronon operation over one input type: the algebra {@code prepare / update / merge /
 * finalize / clone}, plus {@code delete} where the operation is deletable.
 *
 * <p>An IR (intermediate result) is the mergeable state of the operation over a set of inputs.
 * {@code null} is the IR of the empty set and is never passed to these methods; callers keep
 * "no IR yet" themselves and start with {@link #prepare}. IRs are mutable: {@code update},
 * {@code delete} and {@code merge} may mutate their first argument and return either it or a
 * replacement, so callers always continue with the returned IR. No method mutates any other
 * argument.
 *
 * <p>Numeric operations override the primitive methods ({@link #prepareLong}, {@link
 * #updateLong}, {@link #prepareDouble}, {@link #updateDouble}) so the hot path does not box; the
 * defaults box and delegate to the generic path. Which path a caller may use is given by {@link
 * #primitiveInput()}.
 *
 * <p>{@link #normalize} turns an IR into a value of {@link #irSchema()} (Avro generic
 * representation) so it can be stored and read back by another process with {@link
 * #denormalize}.
 *
 * <p>Aggregators hold only their configuration: they are immutable and may be shared between
 * threads. IRs are not thread-safe.
 *
 * @param <IR> the intermediate result type
 */
public abstract class Aggregator<IR> {

  /** Which primitive update path an aggregator accepts for its input. */
  public enum PrimitiveInput {
    /** Only the generic {@code Object} path. */
    NONE,
    /** {@link #prepareLong} / {@link #updateLong} (integral and boolean inputs as 0/1). */
    LONG,
    /** {@link #prepareDouble} / {@link #updateDouble}. */
    DOUBLE
  }

  /** Returns the IR of the single input {@code input} (non-null) seen at {@code ts}. */
  public abstract IR prepare(Object input, long ts);

  /** Adds {@code input} (non-null) seen at {@code ts}; {@code ir} may be mutated. */
  public abstract IR update(IR ir, Object input, long ts);

  /** Merges {@code other} into {@code ir}; {@code ir} may be mutated, {@code other} is not. */
  public abstract IR merge(IR ir, IR other);

  /** The output value of {@code ir}; {@code ir} is not mutated. */
  public abstract Object finalize(IR ir);

  /**
   * Delivers {@link #finalize finalize(ir)} to {@code sink} at {@code (query, output)}: the value
   * through the setter of {@link #outputType()} ({@link ValueSink#setLong} or {@link
   * ValueSink#setDouble} for numbers and booleans, {@link ValueSink#setObject} for the rest), or
   * {@link ValueSink#setNull}. {@code ir} is not mutated. This default boxes and passes the object
   * on; operations with a numeric or boolean output override it so nothing is boxed.
   */
  public void finalizeInto(IR ir, ValueSink sink, int query, int output) {
    Object value = finalize(ir);
    if (value == null) {
      sink.setNull(query, output);
    } else {
      sink.setObject(query, output, value);
    }
  }

  /** A deep copy of {@code ir} that shares no mutable state with it. */
  public abstract IR clone(IR ir);

  /** The Avro schema of {@link #normalize}'s result. */
  public abstract Schema irSchema();

  /** The IR as a value of {@link #irSchema()}; {@code ir} is not mutated and not shared. */
  public abstract Object normalize(IR ir);

  /** The inverse of {@link #normalize}; accepts what an Avro generic reader returns. */
  public abstract IR denormalize(Object normalized);

  /**
   * Whether {@link #readIr} reads IRs straight from Avro binary and {@link #writeIr} writes them;
   * otherwise a reader builds the generic value and {@link #denormalize}s it, and a writer writes
   * what {@link #normalize} returns.
   */
  public boolean readsIr() {
    return false;
  }

  /**
   * Reads a value of {@link #irSchema()} from {@code in} straight into an IR: what {@link
   * #denormalize} returns for the generic value, without building it. Only when {@link #readsIr}.
   */
  public IR readIr(Decoder in) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read IRs");
  }

  /**
   * Writes {@code ir} to {@code out} as a value of {@link #irSchema()}: the bytes Avro's generic
   * writer writes for {@link #normalize normalize(ir)}, without building it. Only when {@link
   * #readsIr}.
   */
  public void writeIr(IR ir, Encoder out) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not write IRs");
  }

  /** The Chronon output type. */
  public abstract TDataType outputType();

  /** Which primitive path callers may use. */
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.NONE;
  }

  /** {@link #prepare} for a primitive integral input. */
  public IR prepareLong(long input, long ts) {
    return prepare(input, ts);
  }

  /** {@link #update} for a primitive integral input; {@code ir} may be mutated. */
  public IR updateLong(IR ir, long input, long ts) {
    return update(ir, input, ts);
  }

  /** {@link #prepare} for a primitive floating input. */
  public IR prepareDouble(double input, long ts) {
    return prepare(input, ts);
  }

  /** {@link #update} for a primitive floating input; {@code ir} may be mutated. */
  public IR updateDouble(IR ir, double input, long ts) {
    return update(ir, input, ts);
  }

  /**
   * Applies to {@code ir} (null for no input yet), in order, each of the first {@code count}
   * inputs {@code values[offset + r]} whose time {@code ts[r]} is in {@code [from, until)}: a
   * deletion ({@link #inversePrepareLong} or {@link #deleteLong}) where {@code deletes[r]} ({@code
   * deletes} null: none), else an insert ({@link #prepareLong} or {@link #updateLong}); returns
   * the IR to continue with. Subclasses with cheap per-input methods override it with a call to
   * this one, so that the JIT compiles the loop once per class with those methods inlined instead
   * of dispatching on every input.
   */
  public IR updateLongs(IR ir, long[] values, int offset, long[] ts, boolean[] deletes,
      int count, long from, long until) {
    for (int r = 0; r < count; r++) {
      long t = ts[r];
      if (t < from || t >= until) {
        continue;
      }
      long value = values[offset + r];
      if (deletes != null && deletes[r]) {
        ir = ir == null ? inversePrepareLong(value, t) : deleteLong(ir, value, t);
      } else {
        ir = ir == null ? prepareLong(value, t) : updateLong(ir, value, t);
      }
    }
    return ir;
  }

  /** {@link #updateLongs} for floating inputs, through the {@code Double} methods. */
  public IR updateDoubles(IR ir, double[] values, int offset, long[] ts, boolean[] deletes,
      int count, long from, long until) {
    for (int r = 0; r < count; r++) {
      long t = ts[r];
      if (t < from || t >= until) {
        continue;
      }
      double value = values[offset + r];
      if (deletes != null && deletes[r]) {
        ir = ir == null ? inversePrepareDouble(value, t) : deleteDouble(ir, value, t);
      } else {
        ir = ir == null ? prepareDouble(value, t) : updateDouble(ir, value, t);
      }
    }
    return ir;
  }

  /** Whether {@link #delete} is supported (Chronon: SUM, COUNT, AVERAGE, HISTOGRAM). */
  public boolean isDeletable() {
    return false;
  }

  /** The IR of the empty set with {@code input} removed (a deletion seen before any insert). */
  public IR inversePrepare(Object input, long ts) {
    throw notDeletable();
  }

  /** Removes {@code input} from {@code ir}; {@code ir} may be mutated. */
  public IR delete(IR ir, Object input, long ts) {
    throw notDeletable();
  }

  /** {@link #inversePrepare} for a primitive integral input. */
  public IR inversePrepareLong(long input, long ts) {
    return inversePrepare(input, ts);
  }

  /** {@link #delete} for a primitive integral input; {@code ir} may be mutated. */
  public IR deleteLong(IR ir, long input, long ts) {
    return delete(ir, input, ts);
  }

  /** {@link #inversePrepare} for a primitive floating input. */
  public IR inversePrepareDouble(double input, long ts) {
    return inversePrepare(input, ts);
  }

  /** {@link #delete} for a primitive floating input; {@code ir} may be mutated. */
  public IR deleteDouble(IR ir, double input, long ts) {
    return delete(ir, input, ts);
  }

  private UnsupportedOperationException notDeletable() {
    return new UnsupportedOperationException(
        getClass().getSimpleName() + " does not support deletes");
  }
}
