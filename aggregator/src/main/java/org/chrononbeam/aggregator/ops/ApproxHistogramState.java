package org.chrononbeam.aggregator.ops;

import java.util.HashMap;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The IR of APPROX_HISTOGRAM_K: exact counts until they hold more than k keys, then a sketch, and
 * the error of sketches the sketch could not take (see {@link ApproxHistogramAggregator}).
 */
final class ApproxHistogramState {
  HashMap<String, Long> exact;
  ItemsSketch<String> sketch;
  long lostError;

  ApproxHistogramState(HashMap<String, Long> exact, ItemsSketch<String> sketch, long lostError) {
    this.exact = exact;
    this.sketch = sketch;
    this.lostError = lostError;
  }
}
