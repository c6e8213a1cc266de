package org.chrononbeam.aggregator.ops;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * APPROX_PERCENTILE: a KLL floats sketch of parameter {@code k} (Chronon's default 128) over
 * numeric inputs; output {@code list<float>}, the quantiles at the requested ranks (inclusive
 * search), IR the sketch's serialized bytes. The rank of each returned value is within {@link
 * #rankError()} of the requested one with high probability. Not deletable.
 */
public final class ApproxPercentileAggregator extends Aggregator<KllFloatsSketch> {

  /** Chronon's default k. */
  public static final int DEFAULT_K = 128;

  private final int k;
  private final double[] ranks;

  /** A sketch of parameter {@code k} reporting the quantiles at {@code ranks} (each in [0, 1]). */
  public ApproxPercentileAggregator(int k, double[] ranks) {
    if (k < 8 || k > 65535) {
      throw new IllegalArgumentException("KLL k must be in [8, 65535], got " + k);
    }
    if (ranks.length == 0) {
      throw new IllegalArgumentException("at least one percentile is required");
    }
    for (double rank : ranks) {
      if (!(rank >= 0 && rank <= 1)) {
        throw new IllegalArgumentException("percentiles must be in [0, 1], got " + rank);
      }
    }
    this.k = k;
    this.ranks = ranks.clone();
  }

  /** Parses Chronon's {@code percentiles} argument, a JSON list of numbers like {@code "[0.5, 0.99]"}. */
  public static double[] parsePercentiles(String json) {
    String body = json.trim();
    if (!body.startsWith("[") || !body.endsWith("]")) {
      throw new IllegalArgumentException("percentiles must be a JSON list, got " + json);
    }
    String inner = body.substring(1, body.length() - 1).trim();
    if (inner.isEmpty()) {
      throw new IllegalArgumentException("percentiles must not be empty");
    }
    String[] parts = inner.split(",");
    double[] ranks = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      ranks[i] = Double.parseDouble(parts[i].trim());
    }
    return ranks;
  }

  /** The normalized rank error of a single quantile query for this k (99% confidence). */
  public double rankError() {
    return KllFloatsSketch.getNormalizedRankError(k, false);
  }

  @Override
  public PrimitiveInput primitiveInput() {
    return PrimitiveInput.DOUBLE;
  }

  @Override
  public KllFloatsSketch prepare(Object input, long ts) {
    return prepareDouble(((Number) input).doubleValue(), ts);
  }

  @Override
  public KllFloatsSketch update(KllFloatsSketch ir, Object input, long ts) {
    return updateDouble(ir, ((Number) input).doubleValue(), ts);
  }

  @Override
  public KllFloatsSketch prepareDouble(double input, long ts) {
    return updateDouble(KllFloatsSketch.newHeapInstance(k), input, ts);
  }

  @Override
  public KllFloatsSketch updateDouble(KllFloatsSketch ir, double input, long ts) {
    ir.update((float) input);
    return ir;
  }

  @Override
  public KllFloatsSketch merge(KllFloatsSketch ir, KllFloatsSketch other) {
    ir.merge(other);
    return ir;
  }

  @Override
  public Object finalize(KllFloatsSketch ir) {
    float[] quantiles = ir.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
    List<Float> values = new ArrayList<>(quantiles.length);
    for (float quantile : quantiles) {
      values.add(quantile);
    }
    return values;
  }

  @Override
  public KllFloatsSketch clone(KllFloatsSketch ir) {
    return KllFloatsSketch.heapify(Memory.wrap(ir.toByteArray()));
  }

  @Override
  public Schema irSchema() {
    return Schema.create(Schema.Type.BYTES);
  }

  /**
   * The sketch's bytes with its level zero sorted. A quantile query sorts level zero in place
   * (same content, another flag and order), so sorting it first gives the same bytes whether or
   * not the IR was finalized before.
   */
  @Override
  public Object normalize(KllFloatsSketch ir) {
    ir.getSortedView();
    return ByteBuffer.wrap(ir.toByteArray());
  }

  @Override
  public KllFloatsSketch denormalize(Object normalized) {
    return KllFloatsSketch.heapify(
        Memory.wrap(ApproxUniqueCountAggregator.bytesOf(normalized)));
  }

  @Override
  public TDataType outputType() {
    return DataTypes.listOf(DataTypes.of(DataKind.FLOAT));
  }
}
