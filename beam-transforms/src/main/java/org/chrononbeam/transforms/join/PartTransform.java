package org.chrononbeam.transforms.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.source.KeyBytes;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.ValuesCoder;

/**
 * One join part's step of a {@link JoinBackfill}: takes the rows so far, in {@link RowChunk}s, and
 * gives each of them once, with the part's feature columns appended. {@link PartJoin} computes events GroupBys and
 * entity snapshots; {@link TemporalEntitiesPartJoin} TEMPORAL entities GroupBys (snapshot plus
 * mutations) under an events left side. What they share lives here: the feature columns' names,
 * and keying the left rows by the part's key, where a row with a null key leaves at once with
 * null features.
 */
abstract class PartTransform extends PTransform<PCollection<RowChunk>, PCollection<RowChunk>> {

  /** Left rows with a key, keyed by it, and left rows without one, already with null features. */
  record LeftRows(PCollection<KV<byte[], Object[]>> keyed, PCollection<Object[]> unkeyed) {}

  /** The join part. */
  final JoinPart part;

  /** The join's name, for messages. */
  final String joinName;

  /** The columns of the rows this step takes. */
  final RowSchema leftSchema;

  PartTransform(JoinPart part, String joinName, RowSchema leftSchema) {
    this.part = part;
    this.joinName = joinName;
    this.leftSchema = leftSchema;
  }

  /** The GroupBy's feature columns, as the GroupBy names them. */
  abstract RowSchema groupByColumns();

  /** The columns this part appends, named {@code [prefix_]<groupBy>_<feature>}. */
  final RowSchema featureColumns() {
    List<String> names = OutputColumns.of(part);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      columns.add(new Column(names.get(i), groupByColumns().column(i).type()));
    }
    return RowSchema.of(columns);
  }

  /** The input rows' columns followed by {@link #featureColumns()}. */
  final RowSchema outputSchema() {
    List<Column> columns = new ArrayList<>(leftSchema.columns());
    columns.addAll(featureColumns().columns());
    return RowSchema.of(columns);
  }

  /** Splits the left rows by whether their key is null (see {@link LeftRows}). */
  final LeftRows keyLeft(PCollection<Object[]> left) {
    TupleTag<KV<byte[], Object[]>> keyed = new TupleTag<>() {};
    TupleTag<Object[]> unkeyed = new TupleTag<>() {};
    PCollectionTuple split =
        left.apply(
            "KeyLeft",
            ParDo.of(new KeyLeftFn(leftKeyIndices(), keyed, unkeyed, featureColumns().size()))
                .withOutputTags(keyed, TupleTagList.of(unkeyed)));
    split.get(keyed).setCoder(KvCoder.of(ByteArrayCoder.of(), ValuesCoder.of(leftSchema)));
    split.get(unkeyed).setCoder(ValuesCoder.of(outputSchema()));
    return new LeftRows(split.get(keyed), split.get(unkeyed));
  }

  /** The keyed left rows with features ({@code joined}) and the unkeyed ones: every left row. */
  final PCollection<Object[]> allLeftRows(PCollection<Object[]> joined, LeftRows left) {
    ValuesCoder coder = ValuesCoder.of(outputSchema());
    return PCollectionList.of(joined.setCoder(coder))
        .and(left.unkeyed())
        .apply("AllLeftRows", Flatten.pCollections())
        .setCoder(coder);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(
            DisplayData.item("groupBy", part.getGroupBy().getMetaData().getName())
                .withLabel("GroupBy"))
        .addIfNotNull(DisplayData.item("prefix", part.getPrefix()).withLabel("Prefix"));
  }

  /** The left columns holding the GroupBy's keys, in key order, through the key mapping. */
  final int[] leftKeyIndices() {
    List<String> leftColumns = new ArrayList<>();
    Map<String, String> mapping = part.isSetKeyMapping() ? part.getKeyMapping() : Map.of();
    for (String key : part.getGroupBy().getKeyColumns()) {
      String leftColumn = key;
      for (Map.Entry<String, String> entry : mapping.entrySet()) {
        if (entry.getValue().equals(key)) {
          leftColumn = entry.getKey();
        }
      }
      if (leftSchema.indexOf(leftColumn) < 0) {
        throw new IllegalArgumentException(
            "join "
                + joinName
                + ": the left side has no column "
                + leftColumn
                + " for key "
                + key
                + " of GroupBy "
                + part.getGroupBy().getMetaData().getName()
                + "; left columns: "
                + leftSchema.names());
      }
      leftColumns.add(leftColumn);
    }
    return KeyedRows.indices(leftSchema, leftColumns);
  }

  /** Keys left rows by the part's key; rows with a null key leave at once with null features. */
  private static final class KeyLeftFn extends DoFn<Object[], KV<byte[], Object[]>> {
    private final int[] keyIndices;
    private final TupleTag<KV<byte[], Object[]>> keyed;
    private final TupleTag<Object[]> unkeyed;
    private final int width;

    KeyLeftFn(
        int[] keyIndices,
        TupleTag<KV<byte[], Object[]>> keyed,
        TupleTag<Object[]> unkeyed,
        int width) {
      this.keyIndices = keyIndices;
      this.keyed = keyed;
      this.unkeyed = unkeyed;
      this.width = width;
    }

    @ProcessElement
    public void process(@Element Object[] row, MultiOutputReceiver out) {
      byte[] key = KeyBytes.of(row, keyIndices);
      if (key == null) {
        Object[] withNulls = new Object[row.length + width];
        System.arraycopy(row, 0, withNulls, 0, row.length);
        out.get(unkeyed).output(withNulls);
      } else {
        out.get(keyed).output(KV.of(key, row));
      }
    }
  }
}
