package org.chrononbeam.transforms.streaming;

import java.io.Serializable;
import java.util.ArrayList;
import org.chrononbeam.aggregator.ir.RowIrCodec;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.json.ThriftJson;

/**
 * A GroupBy's aggregations over its serving input columns, as the fetcher builds them from the
 * serving info: the {@link RowAggregator} whose IRs a tile holds, the tile size (the smallest tail
 * hop) and the codecs. It travels to workers as the GroupBy and the input columns and is rebuilt
 * there.
 */
final class TileAlgebra implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GroupBy groupBy;
  private final ArrayList<String> names;
  private final ArrayList<TDataType> types;
  private transient WindowedAggregation aggregation;
  private transient RowIrCodec irCodec;
  private transient TileCodec tileCodec;

  TileAlgebra(GroupBy groupBy, InputSchema inputs) {
    this.groupBy = ThriftJson.copy(groupBy);
    this.names = new ArrayList<>(inputs.names());
    this.types = new ArrayList<>(inputs.types());
    aggregation();
  }

  WindowedAggregation aggregation() {
    if (aggregation == null) {
      aggregation = WindowedAggregation.of(new InputSchema(names, types),
          groupBy.getAggregations(), InferredAccuracy.of(groupBy), false);
    }
    return aggregation;
  }

  RowAggregator rows() {
    return aggregation().rows();
  }

  /** The tile size: the smallest tail hop of the GroupBy's windows. */
  long tileMillis() {
    return aggregation().smallestHop();
  }

  RowIrCodec irCodec() {
    if (irCodec == null) {
      irCodec = new RowIrCodec(rows());
    }
    return irCodec;
  }

  TileCodec tileCodec() {
    if (tileCodec == null) {
      tileCodec = new TileCodec(rows());
    }
    return tileCodec;
  }
}
