package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import org.apache.avro.Schema;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * UNIQUE_COUNT (exact number of distinct inputs) and BOUNDED_UNIQUE_COUNT ({@code min(distinct,
 * k)}); output {@code long}. The IR is the set of distinct inputs (canonical form, see {@link
 * DataTypes#canonical}); for BOUNDED_UNIQUE_COUNT it stops growing at k elements, which keeps
 * {@code min(distinct, k)} exact under merges. Normalized, the IR is the list of its elements in
 * {@link ValueOrder}. Not deletable.
 */
public final class UniqueCountAggregator extends Aggregator<HashSet<Object>> {

  private final int bound;
  private final TDataType type;

  private UniqueCountAggregator(int bound, TDataType type) {
    this.bound = bound;
    this.type = type;
  }

  /** UNIQUE_COUNT of inputs of {@code type}. */
  public static UniqueCountAggregator exact(TDataType type) {
    return new UniqueCountAggregator(Integer.MAX_VALUE, type);
  }

  /** BOUNDED_UNIQUE_COUNT with bound {@code k >= 1}. */
  public static UniqueCountAggregator bounded(int k, TDataType type) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    return new UniqueCountAggregator(k, type);
  }

  @Override
  public HashSet<Object> prepare(Object input, long ts) {
    HashSet<Object> set = new HashSet<>();
    set.add(DataTypes.canonical(input));
    return set;
  }

  @Override
  public HashSet<Object> update(HashSet<Object> ir, Object input, long ts) {
    if (ir.size() < bound) {
      ir.add(DataTypes.canonical(input));
    }
    return ir;
  }

  @Override
  public HashSet<Object> merge(HashSet<Object> ir, HashSet<Object> other) {
    for (Object element : other) {
      if (ir.size() >= bound) {
        break;
      }
      ir.add(element);
    }
    return ir;
  }

  @Override
  public Object finalize(HashSet<Object> ir) {
    return (long) ir.size();
  }

  @Override
  public void finalizeInto(HashSet<Object> ir, ValueSink sink, int query, int output) {
    sink.setLong(query, output, ir.size());
  }

  @Override
  public HashSet<Object> clone(HashSet<Object> ir) {
    return new HashSet<>(ir);
  }

  @Override
  public Schema irSchema() {
    return Schema.createArray(AvroForm.schemaOf(type));
  }

  @Override
  public Object normalize(HashSet<Object> ir) {
    List<Object> sorted = new ArrayList<>(ir);
    sorted.sort(ValueOrder.INSTANCE);
    List<Object> values = new ArrayList<>(sorted.size());
    for (Object value : sorted) {
      values.add(AvroForm.toAvro(value, type));
    }
    return values;
  }

  @Override
  public HashSet<Object> denormalize(Object normalized) {
    HashSet<Object> set = new HashSet<>();
    for (Object value : (Collection<?>) normalized) {
      set.add(DataTypes.canonical(AvroForm.fromAvro(value, type)));
    }
    return set;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.of(DataKind.LONG);
  }
}
