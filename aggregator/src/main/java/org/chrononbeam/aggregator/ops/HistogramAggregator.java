package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * HISTOGRAM of string inputs: output {@code map<string, int>} from value to count. With {@code k
 * > 0} only the k most frequent values are output (ties by value, ascending); {@code k = 0} keeps
 * all. IR {@code map<string, long>} of all counts. Deletable: a value whose count returns to 0
 * leaves the map.
 */
public final class HistogramAggregator extends Aggregator<HashMap<String, Long>> {

  private final int k;

  /** Outputs the {@code k} most frequent values, or all when {@code k == 0}. */
  public HistogramAggregator(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    this.k = k;
  }

  private static HashMap<String, Long> add(HashMap<String, Long> ir, String key, long count) {
    long updated = ir.getOrDefault(key, 0L) + count;
    if (updated == 0) {
      ir.remove(key);
    } else {
      ir.put(key, updated);
    }
    return ir;
  }

  @Override
  public HashMap<String, Long> prepare(Object input, long ts) {
    return add(new HashMap<>(), input.toString(), 1);
  }

  @Override
  public HashMap<String, Long> update(HashMap<String, Long> ir, Object input, long ts) {
    return add(ir, input.toString(), 1);
  }

  @Override
  public HashMap<String, Long> merge(HashMap<String, Long> ir, HashMap<String, Long> other) {
    for (Map.Entry<String, Long> entry : other.entrySet()) {
      add(ir, entry.getKey(), entry.getValue());
    }
    return ir;
  }

  @Override
  public Object finalize(HashMap<String, Long> ir) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(ir.entrySet());
    if (k > 0 && entries.size() > k) {
      entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey()));
      entries = entries.subList(0, k);
    }
    Map<String, Integer> histogram = new HashMap<>();
    for (Map.Entry<String, Long> entry : entries) {
      histogram.put(entry.getKey(), (int) (long) entry.getValue());
    }
    return histogram;
  }

  @Override
  public HashMap<String, Long> clone(HashMap<String, Long> ir) {
    return new HashMap<>(ir);
  }

  @Override
  public boolean isDeletable() {
    return true;
  }

  @Override
  public HashMap<String, Long> inversePrepare(Object input, long ts) {
    return add(new HashMap<>(), input.toString(), -1);
  }

  @Override
  public HashMap<String, Long> delete(HashMap<String, Long> ir, Object input, long ts) {
    return add(ir, input.toString(), -1);
  }

  @Override
  public Schema irSchema() {
    return Schema.createMap(Schema.create(Schema.Type.LONG));
  }

  @Override
  public Object normalize(HashMap<String, Long> ir) {
    return new TreeMap<>(ir);
  }

  @Override
  public HashMap<String, Long> denormalize(Object normalized) {
    HashMap<String, Long> ir = new HashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) normalized).entrySet()) {
      ir.put(entry.getKey().toString(), ((Number) entry.getValue()).longValue());
    }
    return ir;
  }

  @Override
  public TDataType outputType() {
    return DataTypes.mapOf(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.INT));
  }
}
