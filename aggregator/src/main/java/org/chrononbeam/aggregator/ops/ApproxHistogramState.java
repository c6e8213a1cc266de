package org.chrononbeam.aggregator.ops;

import java.util.HashMap;
import org.apache.datasketches.frequencies.ItemsSketch;

/** The IR of APPROX_HISTOGRAM_K: exact counts until they hold more than k keys, then a sketch. */
final class ApproxHistogramState {
  HashMap<String, Long> exact;
  ItemsSketch<String> sketch;

  ApproxHistogramState(HashMap<String, Long> exact, ItemsSketch<String> sketch) {
    this.exact = exact;
    this.sketch = sketch;
  }
}
