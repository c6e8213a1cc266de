package org.chrononbeam.aggregator.ops;

import org.apache.avro.Schema;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * MIN or MAX of string inputs in {@link String#compareTo} order; the IR is the (immutable) string
 * itself. Not deletable.
 */
public final class StringExtremeAggregator extends Aggregator<String> {

  private final boolean max;

  /** MAX when {@code max}, else MIN. */
  public StringExtremeAggregator(boolean max) {
    this.max = max;
  }

  @Override
  public String prepare(Object input, long ts) {
    return input.toString();
  }

  @Override
  public String update(String ir, Object input, long ts) {
    return merge(ir, input.toString());
  }

  @Override
  public String merge(String ir, String other) {
    int c = other.compareTo(ir);
    return (max ? c > 0 : c < 0) ? other : ir;
  }

  @Override
  public Object finalize(String ir) {
    return ir;
  }

  @Override
  public String clone(String ir) {
    return ir;
  }

  @Override
  public Schema irSchema() {
    return Schema.create(Schema.Type.STRING);
  }

  @Override
  public Object normalize(String ir) {
    return ir;
  }

  @Override
  public String denormalize(Object normalized) {
    return normalized.toString();
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.STRING);
  }
}
