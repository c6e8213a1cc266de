package org.chrononbeam.transforms.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.source.KeyedRows;
import org.chrononbeam.transforms.source.RowChunk;

/**
 * One join part's step of a {@link JoinBackfill}: takes the rows so far, in {@link RowChunk}s, and
 * gives each of them once, with the part's feature columns appended. {@link PartJoin} computes events GroupBys and
 * entity snapshots; {@link TemporalEntitiesPartJoin} TEMPORAL entities GroupBys (snapshot plus
 * mutations) under an events left side. What they share lives here: the feature columns' names
 * and the left columns holding the part's key.
 */
abstract class PartTransform extends PTransform<PCollection<RowChunk>, PCollection<RowChunk>> {

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

  /**
   * The left rows of {@code lefts} with null features: a view of rows of {@code outputSchema}, the
   * left columns then {@code featureSchema}'s, all null.
   */
  static RowChunk withNullFeatures(
      RowChunk lefts, RowSchema featureSchema, RowSchema outputSchema) {
    return RowChunk.sideBySide(outputSchema, lefts, RowChunk.nulls(featureSchema, lefts.size()));
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
}
