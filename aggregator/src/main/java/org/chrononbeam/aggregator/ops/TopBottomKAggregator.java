package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.chrononbeam.api.TDataType;

/**
 * TOP_K (largest first) or BOTTOM_K (smallest first) of numeric or string inputs in {@link
 * ValueOrder}; duplicates count separately. Output {@code list<input>}; IR the list of kept
 * values. Not deletable.
 */
public final class TopBottomKAggregator extends Aggregator<BestKBuffer<Object>> {

  private final int k;
  private final TDataType type;
  private final Comparator<Object> bestFirst;

  /** TOP_K when {@code top}, else BOTTOM_K, keeping {@code k >= 1} inputs of {@code type}. */
  public TopBottomKAggregator(boolean top, int k, TDataType type) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.k = k;
    this.type = type;
    this.bestFirst = top ? ValueOrder.INSTANCE.reversed() : ValueOrder.INSTANCE;
  }

  @Override
  public BestKBuffer<Object> prepare(Object input, long ts) {
    BestKBuffer<Object> buffer = new BestKBuffer<>(k, bestFirst, Math.min(2 * k, 16));
    buffer.add(DataTypes.canonical(input));
    return buffer;
  }

  @Override
  public BestKBuffer<Object> update(BestKBuffer<Object> ir, Object input, long ts) {
    ir.add(DataTypes.canonical(input));
    return ir;
  }

  @Override
  public BestKBuffer<Object> merge(BestKBuffer<Object> ir, BestKBuffer<Object> other) {
    ir.addAll(other);
    return ir;
  }

  @Override
  public Object finalize(BestKBuffer<Object> ir) {
    return ir.best();
  }

  @Override
  public BestKBuffer<Object> clone(BestKBuffer<Object> ir) {
    return ir.copy();
  }

  @Override
  public Schema irSchema() {
    return Schema.createArray(AvroForm.schemaOf(type));
  }

  @Override
  public Object normalize(BestKBuffer<Object> ir) {
    List<Object> values = new ArrayList<>();
    for (Object value : ir.best()) {
      values.add(AvroForm.toAvro(value, type));
    }
    return values;
  }

  @Override
  public BestKBuffer<Object> denormalize(Object normalized) {
    BestKBuffer<Object> buffer = new BestKBuffer<>(k, bestFirst, 2 * k);
    for (Object value : (Collection<?>) normalized) {
      buffer.add(AvroForm.fromAvro(value, type));
    }
    return buffer;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.listOf(type);
  }
}
