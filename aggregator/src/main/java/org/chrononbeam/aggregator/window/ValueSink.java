package org.chrononbeam.aggregator.window;

/**
 * Receives finalized output values, numbers unboxed. Exactly one call per (query, output).
 *
 * <p>Which setter an output arrives through follows its Chronon output type (see {@link
 * org.chrononbeam.aggregator.ops.DataTypes}); a null output arrives through {@link #setNull}
 * whatever its type.
 */
public interface ValueSink {
  void setNull(int query, int output);

  /** BOOLEAN (1 true / 0 false), BYTE, SHORT, INT, LONG, DATE (days), TIMESTAMP (ms) outputs. */
  void setLong(int query, int output, long value);

  /** FLOAT and DOUBLE outputs. */
  void setDouble(int query, int output, double value);

  /** Every other output (strings, bytes, lists, maps): the same object finalize returns. */
  void setObject(int query, int output, Object value);
}
