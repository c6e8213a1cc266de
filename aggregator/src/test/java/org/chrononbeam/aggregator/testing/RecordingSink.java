package org.chrononbeam.aggregator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import org.chrononbeam.aggregator.ops.DataTypes;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;

/**
 * A {@link ValueSink} that records, per (query, output), which setter was called with which value,
 * fails on a second call for the same slot and on a number or boolean passed as an object, and
 * compares what it holds with finalized (boxed) values.
 */
public final class RecordingSink implements ValueSink {

  /** The setter a value arrived through. */
  public enum Setter { NULL, LONG, DOUBLE, OBJECT }

  /** One recorded call; doubles compare as {@link Double#compare} does (NaN equals NaN). */
  public record Call(Setter setter, long longValue, double doubleValue, Object object) {

    @Override
    public String toString() {
      switch (setter) {
        case NULL:
          return "setNull";
        case LONG:
          return "setLong(" + longValue + ")";
        case DOUBLE:
          return "setDouble(" + doubleValue + ")";
        default:
          return "setObject(" + object + ")";
      }
    }
  }

  private final Call[][] calls;

  /** A sink for {@code queries} x {@code outputs} slots, all empty. */
  public RecordingSink(int queries, int outputs) {
    this.calls = new Call[queries][outputs];
  }

  /**
   * The call a finalized value of output kind {@code outputKind} must arrive as: null through
   * {@code setNull}; BOOLEAN (1/0), integral, DATE and TIMESTAMP through {@code setLong}; FLOAT and
   * DOUBLE through {@code setDouble}; anything else through {@code setObject}.
   */
  public static Call expected(Object value, DataKind outputKind) {
    if (value == null) {
      return new Call(Setter.NULL, 0, 0, null);
    }
    if (outputKind == DataKind.BOOLEAN) {
      return new Call(Setter.LONG, (Boolean) value ? 1 : 0, 0, null);
    }
    if (DataTypes.isIntegral(outputKind) || outputKind == DataKind.DATE
        || outputKind == DataKind.TIMESTAMP) {
      return new Call(Setter.LONG, ((Number) value).longValue(), 0, null);
    }
    if (DataTypes.isFloating(outputKind)) {
      return new Call(Setter.DOUBLE, 0, ((Number) value).doubleValue(), null);
    }
    return new Call(Setter.OBJECT, 0, 0, value);
  }

  /** The call recorded at {@code (query, output)}, or null. */
  public Call call(int query, int output) {
    return calls[query][output];
  }

  /**
   * Fails with {@code context} unless every slot holds exactly {@link #expected} of {@code
   * values[query][output]} for output kinds {@code outputKinds}; for the outputs in {@code
   * setterOnly} (randomized sketches, whose merges differ from run to run) only the setter must
   * match.
   */
  public void assertHolds(
      Object[][] values, DataKind[] outputKinds, Set<Integer> setterOnly, String context) {
    assertEquals(values.length, calls.length, context);
    for (int q = 0; q < values.length; q++) {
      for (int o = 0; o < outputKinds.length; o++) {
        Call expected = expected(values[q][o], outputKinds[o]);
        String where = context + " query " + q + " output " + o + " (" + outputKinds[o] + ")";
        if (setterOnly.contains(o)) {
          assertNotNull(calls[q][o], where);
          assertEquals(expected.setter(), calls[q][o].setter(), where);
        } else {
          assertEquals(expected, calls[q][o], where);
        }
      }
    }
  }

  /**
   * The values recorded for {@code query}, boxed as finalize returns them for output kinds {@code
   * outputKinds}.
   */
  public Object[] boxed(int query, DataKind[] outputKinds) {
    Object[] values = new Object[outputKinds.length];
    for (int o = 0; o < outputKinds.length; o++) {
      Call call = calls[query][o];
      DataKind kind = outputKinds[o];
      switch (call.setter()) {
        case NULL:
          values[o] = null;
          break;
        case LONG:
          values[o] = kind == DataKind.BOOLEAN
              ? (Object) (call.longValue() != 0)
              : DataTypes.integralOf(call.longValue(), kind);
          break;
        case DOUBLE:
          values[o] = DataTypes.floatingOf(call.doubleValue(), kind);
          break;
        default:
          values[o] = call.object();
      }
    }
    return values;
  }

  private void record(int query, int output, Call call) {
    assertNull(calls[query][output],
        "second call " + call + " for query " + query + " output " + output);
    calls[query][output] = call;
  }

  @Override
  public void setNull(int query, int output) {
    record(query, output, new Call(Setter.NULL, 0, 0, null));
  }

  @Override
  public void setLong(int query, int output, long value) {
    record(query, output, new Call(Setter.LONG, value, 0, null));
  }

  @Override
  public void setDouble(int query, int output, double value) {
    record(query, output, new Call(Setter.DOUBLE, 0, value, null));
  }

  @Override
  public void setObject(int query, int output, Object value) {
    if (value == null) {
      fail("setObject(null) for query " + query + " output " + output);
    }
    assertFalse(value instanceof Number || value instanceof Boolean,
        "boxed " + value.getClass().getSimpleName() + " through setObject for query " + query
            + " output " + output);
    record(query, output, new Call(Setter.OBJECT, 0, 0, value));
  }
}
