package org.chrononbeam.fetcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.aggregator.window.BatchPart;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingSchemas;
import org.chrononbeam.model.avro.StreamingColumns;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.TimedValue;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.naming.OutputColumns;

/**
 * Everything needed to serve one GroupBy, built once from its serving info: key codec, datasets,
 * aggregations in their online form, value codecs and compiled derivations.
 *
 * <p>Its outputs are {@link #outputColumns()}: the GroupBy's columns after its derivations, each
 * derivation seeing the key columns, the columns before derivations, {@code ts} (the query time)
 * and {@code ds} (its date).
 */
final class GroupByServing {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY_MILLIS = 86_400_000L;
  private static final long HORIZON_MILLIS = OnlineAggregator.DEFAULT_HORIZON_MILLIS;

  private final String name;
  private final ServingSchemas schemas;
  private final Accuracy accuracy;
  private final boolean tiled;
  private final String batchDataset;
  private final String streamingDataset;
  /** The batch end, from which the streaming rows are read; null when none are read. */
  private final Long streamingSince;
  private final WindowedAggregation aggregation;
  private final OnlineAggregator online;
  private final BatchIrCodec batchCodec;
  private final TileCodec tileCodec;
  private final ValueCodec batchRowCodec;
  private final int[] inputFromStreaming;
  /** Makes the input row of a decoded streaming row. */
  private final StreamingRowCodec.RowMaker<ArrayRow> inputRow;
  private final int[] baseFromBatchRow;
  private final List<Column> baseColumns;
  private final RowSchema derivationInput;
  private final int tsIndex;
  private final int dsIndex;
  private final CompiledDerivations derivations;
  private final int[] outputIndexes;
  private final List<Column> outputColumns;
  private final ColumnValues.Columns outputNames;
  private final AtomicBoolean stale = new AtomicBoolean();

  private GroupByServing(String name, GroupByServingInfo info) {
    this.name = name;
    GroupBy groupBy = info.getGroupBy();
    if (groupBy == null || !groupBy.isSetKeyColumns()) {
      throw new IllegalArgumentException("the serving info has no GroupBy with key columns");
    }
    this.schemas = ServingSchemas.of(info);
    this.accuracy = InferredAccuracy.of(groupBy);
    this.tiled = tilingEnabled(groupBy);
    this.batchDataset = KvLayout.batchDataset(name);
    this.streamingDataset = KvLayout.streamingDataset(name);
    ValueCodec input = schemas.input();
    InputSchema inputSchema = new InputSchema(input.names(), input.types());
    this.baseColumns = new ArrayList<>();
    if (groupBy.isSetAggregations()) {
      this.aggregation = WindowedAggregation.of(
          inputSchema, groupBy.getAggregations(), accuracy, false);
      this.online = new OnlineAggregator(aggregation, HORIZON_MILLIS);
      this.batchCodec = new BatchIrCodec(aggregation);
      this.tileCodec = new TileCodec(aggregation.rows());
      List<String> names = OutputColumns.beforeDerivations(groupBy);
      if (names.size() != aggregation.outputs().size()) {
        throw new IllegalArgumentException("the GroupBy names " + names.size()
            + " columns but its aggregations have " + aggregation.outputs().size() + " outputs");
      }
      for (int o = 0; o < names.size(); o++) {
        TDataType type =
            aggregation.rows().column(aggregation.outputs().get(o).column()).outputType();
        baseColumns.add(new Column(names.get(o), type));
      }
      this.batchRowCodec = accuracy == Accuracy.SNAPSHOT
          ? ValueCodec.of("Outputs", names, baseColumns.stream().map(Column::type).toList())
          : null;
      this.baseFromBatchRow = null;
    } else {
      this.aggregation = null;
      this.online = null;
      this.batchCodec = null;
      this.tileCodec = null;
      this.batchRowCodec = input;
      List<Integer> picked = new ArrayList<>();
      for (int i = 0; i < input.names().size(); i++) {
        if (!groupBy.getKeyColumns().contains(input.names().get(i))) {
          baseColumns.add(new Column(input.names().get(i), input.types().get(i)));
          picked.add(i);
        }
      }
      this.baseFromBatchRow = picked.stream().mapToInt(Integer::intValue).toArray();
    }
    this.streamingSince = aggregation != null && accuracy == Accuracy.TEMPORAL
        ? schemas.batchEndMillis()
        : null;
    this.inputFromStreaming = new int[input.names().size()];
    for (int i = 0; i < inputFromStreaming.length; i++) {
      inputFromStreaming[i] = schemas.streaming().columns().indexOf(input.names().get(i));
      if (inputFromStreaming[i] < 0 && !input.names().get(i).equals(StreamingRowCodec.TS)) {
        throw new IllegalArgumentException("input column " + input.names().get(i)
            + " is not in the streaming rows " + schemas.streaming().columns());
      }
    }
    boolean identity = inputFromStreaming.length == schemas.streaming().columns().size();
    for (int i = 0; i < inputFromStreaming.length; i++) {
      identity &= inputFromStreaming[i] == i;
    }
    this.inputRow = identity
        ? ArrayRow::new
        : (ts, isBefore, values) -> new ArrayRow(
            ts, isBefore, StreamingInputs.inputValues(ts, values, inputFromStreaming));
    List<Column> derivationColumns = new ArrayList<>();
    for (String key : schemas.key().columns()) {
      derivationColumns.add(Column.of(key, schemas.key().kind(key)));
    }
    derivationColumns.addAll(baseColumns);
    this.tsIndex = addIfAbsent(derivationColumns, Column.of("ts", DataKind.LONG));
    this.dsIndex = addIfAbsent(derivationColumns, Column.of("ds", DataKind.STRING));
    this.derivationInput = RowSchema.of(derivationColumns);
    List<String> outputNames = OutputColumns.derive(
        baseColumns.stream().map(Column::name).toList(), groupBy.getDerivations());
    this.outputColumns = new ArrayList<>();
    this.outputIndexes = new int[outputNames.size()];
    if (groupBy.isSetDerivations() && !groupBy.getDerivations().isEmpty()) {
      this.derivations =
          DerivationCompiler.compile(name, groupBy.getDerivations(), derivationInput);
      RowSchema derived = derivations.outputSchema();
      for (int i = 0; i < outputNames.size(); i++) {
        outputIndexes[i] = indexIn(derived, outputNames.get(i));
        outputColumns.add(derived.column(outputIndexes[i]));
      }
    } else {
      this.derivations = null;
      for (int i = 0; i < outputNames.size(); i++) {
        outputIndexes[i] = i;
        outputColumns.add(baseColumns.get(i));
      }
    }
    this.outputNames = ColumnValues.Columns.of(outputColumns.stream().map(Column::name).toList());
  }

  /**
   * The serving form of {@code info}, the serving info of GroupBy {@code name}.
   *
   * @throws RuntimeException if the serving info or the GroupBy in it cannot be served
   */
  static GroupByServing of(String name, GroupByServingInfo info) {
    return new GroupByServing(name, info);
  }

  /** The GroupBy's name. */
  String name() {
    return name;
  }

  /** The key columns, in key order. */
  List<String> keyColumns() {
    return schemas.key().columns();
  }

  /** The codec of the key columns. */
  KeyCodec keyCodec() {
    return schemas.key();
  }

  /** The normalized kind of key column {@code column} (see {@code KeyCodec}). */
  DataKind keyKind(String column) {
    return schemas.key().kind(column);
  }

  /** The output columns (after derivations) with their types. */
  List<Column> outputColumns() {
    return outputColumns;
  }

  /** Whether a batch value newer than this serving info was seen: it should be read again. */
  boolean isStale() {
    return stale.get();
  }

  /**
   * Plans the reads of {@code keys} (GroupBy key column to value) at {@code atMillis}.
   *
   * @throws FetchException (INVALID_REQUEST) for a missing, null or ill-typed key, or a time
   *     before the batch end
   */
  PartRead plan(Map<String, ?> keys, long atMillis, BatchedReads reads) {
    List<String> columns = keyColumns();
    Map<String, Object> normalized;
    if (columns.size() == 1) {
      normalized = Map.of(columns.get(0), normalizedKey(keys, columns.get(0)));
    } else {
      normalized = new LinkedHashMap<>();
      for (String column : columns) {
        normalized.put(column, normalizedKey(keys, column));
      }
    }
    checkAfterBatchEnd(atMillis);
    return reads(normalized, schemas.key().encode(normalized), atMillis, reads);
  }

  /**
   * Plans the reads at {@code atMillis} of the key of {@code sameKey}, planned for a GroupBy whose
   * key is this one's for every request ({@link JoinPlan#sameKey}): its normalized key and key
   * bytes are reused.
   *
   * @throws FetchException (INVALID_REQUEST) for a time before the batch end
   */
  PartRead plan(PartRead sameKey, long atMillis, BatchedReads reads) {
    checkAfterBatchEnd(atMillis);
    return reads(sameKey.keys(), sameKey.keyBytes(), atMillis, reads);
  }

  private void checkAfterBatchEnd(long atMillis) {
    long batchEnd = schemas.batchEndMillis();
    if (atMillis < batchEnd) {
      throw invalid("atMillis " + atMillis + " is before the batch end " + batchEnd + " of GroupBy "
          + name + " (data through " + LocalDate.ofEpochDay(batchEnd / DAY_MILLIS - 1)
          + "); the backfill answers earlier times");
    }
  }

  private PartRead reads(
      Map<String, Object> normalized, byte[] key, long atMillis, BatchedReads reads) {
    int batch = reads.add(GetRequest.latest(key, batchDataset));
    int streaming = streamingSince != null
        ? reads.add(new GetRequest(key, streamingDataset, streamingSince))
        : -1;
    return new PartRead(normalized, key, atMillis, batch, streaming);
  }

  /** The normalized value of key {@code column} in {@code keys}, never null. */
  private Object normalizedKey(Map<String, ?> keys, String column) {
    if (!keys.containsKey(column)) {
      throw invalid("key " + column + " is missing; GroupBy " + name + " is keyed by "
          + keyColumns());
    }
    try {
      return schemas.key().normalize(column, keys.get(column));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + " (GroupBy " + name + ")");
    }
  }

  /**
   * The output values (in {@link #outputColumns()} order) of a planned read from the fetch call's
   * responses.
   *
   * @throws FetchException when a read failed, a value cannot be decoded, or the time is past the
   *     horizon of the batch data
   */
  Object[] outputs(PartRead part, List<GetResponse> responses) {
    Object[] base;
    try {
      base = base(part, responses);
    } catch (FetchException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FetchException(FetchException.Reason.BAD_DATA,
          "GroupBy " + name + ": the stored values of key " + part.keys() + " cannot be used: " + e,
          e);
    }
    if (derivations == null) {
      return base;
    }
    Object[] input = new Object[derivationInput.size()];
    int i = 0;
    for (Object key : part.keys().values()) {
      input[i++] = key;
    }
    System.arraycopy(base, 0, input, i, base.length);
    if (tsIndex >= 0) {
      input[tsIndex] = part.atMillis();
    }
    if (dsIndex >= 0) {
      input[dsIndex] = LocalDate.ofEpochDay(Math.floorDiv(part.atMillis(), DAY_MILLIS)).toString();
    }
    Object[] derived;
    try {
      derived = derivations.apply(input);
    } catch (RuntimeException e) {
      throw new FetchException(FetchException.Reason.BAD_DATA,
          "GroupBy " + name + ": derivations failed on key " + part.keys() + ": " + e, e);
    }
    Object[] outputs = new Object[outputIndexes.length];
    for (int o = 0; o < outputs.length; o++) {
      outputs[o] = derived[outputIndexes[o]];
    }
    return outputs;
  }

  /**
   * {@link #outputs} by column name, in column order.
   *
   * @throws FetchException as {@link #outputs} does
   */
  Map<String, Object> namedOutputs(PartRead part, List<GetResponse> responses) {
    Object[] values = outputs(part, responses);
    if (outputNames != null) {
      return new ColumnValues(outputNames, values);
    }
    Map<String, Object> named = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      named.put(outputColumns.get(i).name(), values[i]);
    }
    return named;
  }

  private Object[] base(PartRead part, List<GetResponse> responses) {
    List<TimedValue> batchValues = read(responses.get(part.batchRead()));
    TimedValue batchValue = batchValues.isEmpty() ? null : batchValues.get(0);
    if (aggregation == null || accuracy == Accuracy.SNAPSHOT) {
      if (batchValue == null) {
        return new Object[baseColumns.size()];
      }
      Object[] row = batchRowCodec.decode(batchValue.bytes());
      if (baseFromBatchRow == null) {
        return row;
      }
      Object[] base = new Object[baseFromBatchRow.length];
      for (int i = 0; i < base.length; i++) {
        base[i] = row[baseFromBatchRow[i]];
      }
      return base;
    }
    long q = part.atMillis();
    BatchPart batch = batchValue != null
        ? batchCodec.batchPartAt(batchValue.bytes(), online, q)
        : new BatchPart(schemas.batchEndMillis(), q, new Object[aggregation.outputs().size()]);
    long servedEnd = schemas.batchEndMillis();
    if (batch.batchEnd() < servedEnd) {
      throw new FetchException(FetchException.Reason.BAD_DATA, "GroupBy " + name
          + ": the batch value of key " + part.keys() + " ends at " + batch.batchEnd()
          + ", before the serving info's batch end " + servedEnd + " (an upload in progress?)");
    }
    if (batch.batchEnd() > servedEnd) {
      stale.set(true);
    }
    if (q < batch.batchEnd()) {
      throw invalid("atMillis " + q + " is before the batch end " + batch.batchEnd()
          + " of GroupBy " + name + "; the backfill answers earlier times");
    }
    if (q > batch.batchEnd() + HORIZON_MILLIS) {
      throw invalid("atMillis " + q + " is more than " + HORIZON_MILLIS / DAY_MILLIS
          + " days after the batch end " + batch.batchEnd() + " of GroupBy " + name
          + ": its batch upload is too old to answer it");
    }
    List<TimedValue> streaming = read(responses.get(part.streamingRead()));
    if (tiled) {
      return online.finalizedFromTiles(batch, tilesBefore(streaming, q));
    }
    int size = streaming.size();
    StreamingRowCodec codec = schemas.streaming();
    if (codec.readsColumns()) {
      StreamingColumns columns = codec.decodeColumns(size, r -> streaming.get(r).bytes());
      return online.finalizedAt(batch, new StreamingInputs(columns, inputFromStreaming));
    }
    ArrayRow[] rows = new ArrayRow[size];
    for (int r = 0; r < size; r++) {
      rows[r] = codec.decode(streaming.get(r).bytes(), inputRow);
    }
    return online.finalizedAt(batch, RowColumns.of(Arrays.asList(rows)));
  }

  /**
   * For each tile start, the newest version written before {@code q}: a tile's version is the
   * latest event time it holds, so that version holds only events before {@code q}.
   */
  private List<Tile> tilesBefore(List<TimedValue> versions, long q) {
    Map<Long, Tile> byStart = new HashMap<>();
    Map<Long, Long> versionByStart = new HashMap<>();
    for (TimedValue version : versions) {
      if (version.millis() < q) {
        Tile tile = tileCodec.decode(version.bytes());
        Long kept = versionByStart.get(tile.start());
        if (kept == null || version.millis() > kept) {
          byStart.put(tile.start(), tile);
          versionByStart.put(tile.start(), version.millis());
        }
      }
    }
    return new ArrayList<>(byStart.values());
  }

  private List<TimedValue> read(GetResponse response) {
    if (response.failure().isPresent()) {
      throw new FetchException(FetchException.Reason.KV_FAILURE, "GroupBy " + name + ": reading "
          + response.request().dataset() + " failed: " + response.failure().get().getMessage(),
          response.failure().get());
    }
    return response.values();
  }

  private FetchException invalid(String message) {
    return new FetchException(FetchException.Reason.INVALID_REQUEST, message);
  }

  private static boolean tilingEnabled(GroupBy groupBy) {
    if (groupBy.getMetaData() == null || !groupBy.getMetaData().isSetCustomJson()) {
      return false;
    }
    try {
      JsonNode custom = JSON.readTree(groupBy.getMetaData().getCustomJson());
      return custom != null && custom.path("enable_tiling").asBoolean(false);
    } catch (IOException e) {
      throw new IllegalArgumentException("the GroupBy's customJson is not JSON: " + e.getMessage(), e);
    }
  }

  /** Appends {@code column} unless a column of its name is there; its index, or -1 if not added. */
  private static int addIfAbsent(List<Column> columns, Column column) {
    if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column.name()))) {
      return -1;
    }
    columns.add(column);
    return columns.size() - 1;
  }

  private static int indexIn(RowSchema schema, String column) {
    int index = schema.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          "derivations do not produce column " + column + "; they produce " + schema.names());
    }
    return index;
  }
}
