package org.chrononbeam.transforms.upload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.source.EntityMutations;

/**
 * How a GroupBy's source rows map onto its KV values: the one place the batch upload and the
 * streaming writer take their key columns, their serving input columns and the serving info from,
 * so both write what the fetcher reads with the same codecs.
 *
 * <ul>
 *   <li><b>key</b>: the GroupBy's {@code keyColumns}, encoded by {@link KeyCodec} with the kinds of
 *       the row columns; a row with a null key column has no KV key;
 *   <li><b>input columns</b>: with aggregations, every aggregation's {@code inputColumn} and bucket
 *       column, in order of first use; without, the value columns ({@link
 *       OutputColumns#beforeDerivations}). Their names and types are the serving info's {@code
 *       inputAvroSchema}, and, without {@code ts}, the fields of a {@code _STREAMING} row;
 *   <li><b>mutations</b>: a TEMPORAL GroupBy with aggregations over entities sources streams
 *       entity mutations: its {@code _STREAMING} rows carry {@code is_before}, and a row's time is
 *       its mutation time ({@link EntityMutations#time}).
 * </ul>
 *
 * <pre>{@code
 * ServingColumns columns = ServingColumns.of(groupBy, sourceRead.rowSchema());
 * byte[] key = columns.keyBytes(row);                        // null for a null key
 * GroupByServingInfo info = columns.servingInfo("2024-03-10");
 * }</pre>
 *
 * <p>It is serializable (a {@code DoFn} field); codecs are rebuilt where it runs.
 */
public final class ServingColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  private final GroupBy groupBy;
  private final RowSchema rowSchema;
  private final int[] keyIndices;
  private final Map<String, DataKind> keyKinds;
  private final List<String> inputNames;
  private final List<TDataType> inputTypes;
  private final int[] inputIndices;
  private final int tsIndex;
  private final boolean mutations;
  private final int mutationTimeIndex;
  private final int isBeforeIndex;
  private transient KeyCodec keyCodec;
  private transient StreamingRowCodec streamingCodec;

  private ServingColumns(GroupBy groupBy, RowSchema rowSchema) {
    this.groupBy = ThriftJson.copy(groupBy);
    this.rowSchema = rowSchema;
    String name = groupBy.getMetaData().getName();
    this.keyIndices = new int[groupBy.getKeyColumnsSize()];
    this.keyKinds = new LinkedHashMap<>();
    for (int k = 0; k < keyIndices.length; k++) {
      String key = groupBy.getKeyColumns().get(k);
      keyIndices[k] = indexOf(name, key, "key column");
      keyKinds.put(key, rowSchema.column(keyIndices[k]).kind());
    }
    KeyCodec.of(groupBy.getKeyColumns(), keyKinds);
    this.inputNames = inputColumns(groupBy);
    this.inputTypes = new ArrayList<>();
    this.inputIndices = new int[inputNames.size()];
    for (int i = 0; i < inputIndices.length; i++) {
      inputIndices[i] = indexOf(name, inputNames.get(i), "input column");
      Column column = rowSchema.column(inputIndices[i]);
      inputTypes.add(column.type());
    }
    this.tsIndex = rowSchema.indexOf(QueryCompiler.TIME_COLUMN);
    this.mutations = groupBy.isSetAggregations()
        && groupBy.getSourcesSize() > 0
        && groupBy.getSources().stream().allMatch(Source::isSetEntities)
        && InferredAccuracy.of(groupBy) == Accuracy.TEMPORAL;
    this.mutationTimeIndex = mutations && rowSchema.indexOf(QueryCompiler.MUTATION_TIME_COLUMN) >= 0
        ? EntityMutations.timeIndex(rowSchema)
        : tsIndex;
    this.isBeforeIndex = mutations ? rowSchema.indexOf(QueryCompiler.REVERSAL_COLUMN) : -1;
    StreamingRowCodec.of(inputNames, inputTypes, mutations);
  }

  /**
   * The serving columns of {@code groupBy} over rows of {@code rowSchema} (its sources' rows as
   * {@link org.chrononbeam.transforms.source.SourceRead} reads them). The GroupBy is copied, after
   * its columns are read in the order of its selects.
   *
   * @throws IllegalArgumentException if the GroupBy has no name or key columns, a key or input
   *     column is not in the rows, or a key column's kind cannot be a key
   */
  public static ServingColumns of(GroupBy groupBy, RowSchema rowSchema) {
    if (groupBy == null || rowSchema == null) {
      throw new IllegalArgumentException("ServingColumns needs a GroupBy and a row schema");
    }
    if (groupBy.getMetaData() == null || !groupBy.getMetaData().isSetName()) {
      throw new IllegalArgumentException("the GroupBy needs metaData.name");
    }
    if (groupBy.getKeyColumnsSize() == 0) {
      throw new IllegalArgumentException(
          "GroupBy " + groupBy.getMetaData().getName() + " has no keyColumns");
    }
    return new ServingColumns(groupBy, rowSchema);
  }

  /** The GroupBy's name. */
  public String name() {
    return groupBy.getMetaData().getName();
  }

  /** The columns of the rows. */
  public RowSchema rowSchema() {
    return rowSchema;
  }

  /** The input columns' names, in serving order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The input columns' types, in serving order. */
  public List<TDataType> inputTypes() {
    return List.copyOf(inputTypes);
  }

  /** The input columns as the aggregator's schema. */
  public InputSchema inputSchema() {
    return new InputSchema(inputNames, inputTypes);
  }

  /**
   * The serving info of an upload through {@code endDs}: the GroupBy, the key, input and streaming
   * schemas, and the batch end date.
   */
  public GroupByServingInfo servingInfo(String endDs) {
    return ServingInfoCodec.of(groupBy, keyKinds, inputNames, inputTypes, mutations, endDs);
  }

  /** Where the key columns are in a row, in key order. */
  public int[] keyIndices() {
    return keyIndices.clone();
  }

  /** The KV key of {@code row}, or null when a key column is null. */
  public byte[] keyBytes(Object[] row) {
    Object[] keys = new Object[keyIndices.length];
    for (int k = 0; k < keyIndices.length; k++) {
      Object value = row[keyIndices[k]];
      if (value == null) {
        return null;
      }
      keys[k] = value;
    }
    return keyCodec().encodeValues(keys);
  }

  /**
   * The columns of a source row that {@code groupBy}'s aggregations read (inputs, then buckets,
   * each once, in order), or without aggregations its selected columns.
   */
  public static List<String> inputColumns(GroupBy groupBy) {
    LinkedHashSet<String> inputs = new LinkedHashSet<>();
    if (groupBy.isSetAggregations()) {
      for (Aggregation aggregation : groupBy.getAggregations()) {
        inputs.add(aggregation.getInputColumn());
        if (aggregation.isSetBuckets()) {
          inputs.addAll(aggregation.getBuckets());
        }
      }
    } else {
      inputs.addAll(OutputColumns.beforeDerivations(groupBy));
    }
    return List.copyOf(inputs);
  }

  /**
   * Where the input columns are in a row: {@code inputValues(row)[i]} is {@code
   * row[inputIndices()[i]]}.
   */
  public int[] inputIndices() {
    return inputIndices.clone();
  }

  /** The input columns of {@code row}, in serving order. */
  public Object[] inputValues(Object[] row) {
    Object[] values = new Object[inputIndices.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = row[inputIndices[i]];
    }
    return values;
  }

  /** The event time of {@code row}, or null when it has none (no {@code ts} column, or null). */
  public Long ts(Object[] row) {
    Object ts = tsIndex < 0 ? null : row[tsIndex];
    return ts == null ? null : ((Number) ts).longValue();
  }

  /** Whether the GroupBy streams entity mutations (see the class documentation). */
  public boolean streamsMutations() {
    return mutations;
  }

  /**
   * The time of {@code row} as a streaming row, or null when it has none: its mutation time for a
   * GroupBy streaming mutations, else its {@code ts}.
   */
  public Long streamingTime(Object[] row) {
    Object time = mutationTimeIndex < 0 ? null : row[mutationTimeIndex];
    return time == null ? null : ((Number) time).longValue();
  }

  /** Whether {@code row} is a mutation's before-image; false for events. */
  public boolean isBefore(Object[] row) {
    return EntityMutations.isBefore(row, isBeforeIndex);
  }

  /**
   * The {@code _STREAMING} value of {@code row} at time {@code ts}: {@link StreamingRowCodec}
   * bytes (the serving info's {@code selectedAvroSchema}) of its input columns other than {@code
   * ts}, with {@link #isBefore} when the GroupBy streams mutations.
   */
  public byte[] streamingValue(Object[] row, long ts) {
    if (streamingCodec == null) {
      streamingCodec = StreamingRowCodec.of(inputNames, inputTypes, mutations);
    }
    List<String> streamed = streamingCodec.columns();
    Object[] values = new Object[streamed.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row[inputIndices[inputNames.indexOf(streamed.get(i))]];
    }
    return streamingCodec.encode(new StreamingRow(ts, isBefore(row), values));
  }

  private KeyCodec keyCodec() {
    if (keyCodec == null) {
      keyCodec = KeyCodec.of(groupBy.getKeyColumns(), keyKinds);
    }
    return keyCodec;
  }

  private int indexOf(String name, String column, String what) {
    int index = rowSchema.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("GroupBy " + name + ": " + what + " " + column
          + " is not among the source's columns " + rowSchema.names());
    }
    return index;
  }
}
