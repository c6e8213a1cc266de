package org.chrononbeam.transforms.groupby;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.window.Resolution;
import org.chrononbeam.aggregator.window.SawtoothAggregator;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.aggregator.window.WindowedOutput;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.ColumnarQuery;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.transforms.source.ChunkRows;
import org.chrononbeam.transforms.source.ColumnarChunks;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowOrder;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * A GroupBy's features over one key's rows: every output column's value at given query times, by
 * the aggregator's sawtooth ({@link SawtoothAggregator}). The window at query time {@code q} covers
 * {@code [floor(q - w, hop), q)} with the GroupBy's (inferred) accuracy deciding the hop; only rows
 * strictly before {@code q} count; rows with a null {@code ts} are skipped. One key's rows are
 * aggregated in time order, rows of equal time in the order of their values, so the result does not
 * depend on the order a runner delivers them in (every runner then aggregates one key's events in
 * the same order, so order-sensitive results, double sums and FIRST/LAST among equal times,
 * agree).
 *
 * <pre>{@code
 * GroupByFeatures features = GroupByFeatures.of(groupBy, read.rowSchema());
 * RowSchema columns = features.outputSchema();        // purchase_price_sum_7d DOUBLE, ...
 * features.atSortedInto(new ChunkRows().of(chunk, chunk.timeOrder(ts), ts), queries, sink);
 * }</pre>
 *
 * <p>A GroupBy without aggregations (its entities rows are the features, Chronon's pre-aggregated
 * GroupBy) gives the value columns (selects other than keys) of the last row before {@code q}, in
 * the order above; from one snapshot, whose rows share a time, that is the key's row with the
 * largest values.
 *
 * <p>A GroupBy's {@code derivations} apply to each query's values, with the key columns in scope; a
 * query whose aggregated values are all NULL stays all NULL. When the derivations that compute
 * have a columnar form ({@link CompiledDerivations#computing}, {@link
 * CompiledDerivations#columnar}), the values of one call's queries go unboxed into a chunk, which
 * the copied columns ({@code *}, renames) are read from and the others computed from, column to
 * column; otherwise they go a query at a time through boxed values.
 *
 * <p>It is serializable (a {@code DoFn} field): the GroupBy and the row schema travel, the
 * aggregation is rebuilt where it runs. The GroupBy is kept, not copied (a Thrift copy would lose
 * the order of the selects, which orders the columns of a GroupBy without aggregations).
 */
public final class GroupByFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GroupBy groupBy;
  private final RowSchema rowSchema;
  private final int tsIndex;
  private final RowSchema outputSchema;
  private final int[] keyIndices;
  private final CompiledDerivations derivations;
  private final int[] derivedIndices;
  /** The derivations that compute their column, or null (see {@link #derivedInto}). */
  private final CompiledDerivations computing;
  /**
   * For each output column with derivations: the column of their input it copies, or {@code -1 -
   * k} for column {@code k} of {@link #computing}'s output.
   */
  private final int[] derivedSources;

  /** For a GroupBy without aggregations: the positions of its value columns in the rows. */
  private final int[] selectedIndices;

  private transient WindowedAggregation aggregation;
  private transient SawtoothAggregator sawtooth;
  private transient ColumnarQuery columnar;
  private transient boolean columnarChecked;

  private GroupByFeatures(GroupBy groupBy, RowSchema rowSchema) {
    this.groupBy = groupBy;
    this.rowSchema = rowSchema;
    this.tsIndex = rowSchema.indexOf(QueryCompiler.TIME_COLUMN);
    List<String> names = OutputColumns.beforeDerivations(groupBy);
    List<Column> raw = new ArrayList<>();
    if (groupBy.isSetAggregations()) {
      this.selectedIndices = null;
      WindowedAggregation built = aggregation();
      List<WindowedOutput> outputs = built.outputs();
      if (names.size() != outputs.size()) {
        throw new IllegalStateException(
            "GroupBy "
                + groupBy.getMetaData().getName()
                + " names "
                + names.size()
                + " columns but aggregates "
                + outputs.size());
      }
      for (int i = 0; i < names.size(); i++) {
        raw.add(
            new Column(names.get(i), built.rows().column(outputs.get(i).column()).outputType()));
      }
    } else {
      this.selectedIndices = new int[names.size()];
      for (int i = 0; i < names.size(); i++) {
        selectedIndices[i] = rowSchema.indexOf(names.get(i));
        raw.add(rowSchema.column(selectedIndices[i]));
      }
    }
    List<Column> keys = new ArrayList<>();
    keyIndices = new int[groupBy.getKeyColumnsSize()];
    for (int k = 0; k < keyIndices.length; k++) {
      keyIndices[k] = rowSchema.indexOf(groupBy.getKeyColumns().get(k));
      if (keyIndices[k] < 0) {
        throw new IllegalArgumentException(
            "GroupBy "
                + groupBy.getMetaData().getName()
                + ": key column "
                + groupBy.getKeyColumns().get(k)
                + " is not selected by its source");
      }
      keys.add(rowSchema.column(keyIndices[k]));
    }
    if (!groupBy.isSetDerivations() || groupBy.getDerivations().isEmpty()) {
      this.derivations = null;
      this.derivedIndices = null;
      this.computing = null;
      this.derivedSources = null;
      this.outputSchema = RowSchema.of(raw);
      return;
    }
    List<Column> input = new ArrayList<>(keys);
    input.addAll(raw);
    this.derivations =
        DerivationCompiler.compile(
            groupBy.getMetaData().getName(), groupBy.getDerivations(), RowSchema.of(input));
    RowSchema derived = derivations.outputSchema();
    List<String> derivedNames = OutputColumns.of(groupBy);
    this.derivedIndices = new int[derivedNames.size()];
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < derivedIndices.length; i++) {
      derivedIndices[i] = derived.indexOf(derivedNames.get(i));
      if (derivedIndices[i] < 0) {
        throw new IllegalArgumentException(
            "GroupBy "
                + groupBy.getMetaData().getName()
                + ": column "
                + derivedNames.get(i)
                + " is not among the derived columns "
                + derived.names());
      }
      columns.add(derived.column(derivedIndices[i]));
    }
    this.outputSchema = RowSchema.of(columns);
    this.computing = derivations.computing().orElse(null);
    int[] sources = derivations.columnSources();
    this.derivedSources = new int[derivedIndices.length];
    Arrays.setAll(derivedSources, i -> sources[derivedIndices[i]]);
  }

  /**
   * Checks what every transform over a GroupBy's sources needs: a warehouse, and a GroupBy with a
   * name, sources and key columns.
   *
   * @param transform names the transform in the message
   * @throws IllegalArgumentException naming what is missing
   */
  public static void requireRunnable(String transform, Warehouse warehouse, GroupBy groupBy) {
    if (warehouse == null || groupBy == null) {
      throw new IllegalArgumentException(transform + " needs a warehouse and a GroupBy");
    }
    if (groupBy.getMetaData() == null || !groupBy.getMetaData().isSetName()) {
      throw new IllegalArgumentException("the GroupBy needs metaData.name");
    }
    if (groupBy.getSourcesSize() == 0 || groupBy.getKeyColumnsSize() == 0) {
      throw new IllegalArgumentException(
          "GroupBy " + groupBy.getMetaData().getName() + " needs sources and keyColumns");
    }
  }

  /**
   * The features of {@code groupBy} over rows of {@code rowSchema} (its sources' rows as {@link
   * org.chrononbeam.transforms.source.SourceRead} reads them).
   *
   * @throws IllegalArgumentException if an events GroupBy has no aggregations, or they do not fit
   *     the rows
   */
  public static GroupByFeatures of(GroupBy groupBy, RowSchema rowSchema) {
    if (groupBy == null || rowSchema == null) {
      throw new IllegalArgumentException("GroupByFeatures needs a GroupBy and a row schema");
    }
    boolean entities =
        groupBy.getSourcesSize() > 0
            && groupBy.getSources().stream().allMatch(source -> source.isSetEntities());
    if (!groupBy.isSetAggregations() && !entities) {
      throw new IllegalArgumentException(
          "GroupBy "
              + groupBy.getMetaData().getName()
              + " has no aggregations; backfills support that for entities sources only");
    }
    if (groupBy.isSetAggregations() && groupBy.getAggregations().isEmpty()) {
      throw new IllegalArgumentException(
          "GroupBy " + groupBy.getMetaData().getName() + " has an empty list of aggregations");
    }
    return new GroupByFeatures(groupBy, rowSchema);
  }

  /** The GroupBy's accuracy, as stated or inferred. */
  public Accuracy accuracy() {
    return InferredAccuracy.of(groupBy);
  }

  /** The columns of the rows it aggregates. */
  public RowSchema rowSchema() {
    return rowSchema;
  }

  /**
   * The feature columns with their types, named and ordered as {@link OutputColumns#of(GroupBy)}:
   * after the GroupBy's derivations, if it has any.
   */
  public RowSchema outputSchema() {
    return outputSchema;
  }

  /** The longest window in milliseconds (hop rounding included), empty if any is unbounded. */
  public OptionalLong lookbackMillis() {
    if (selectedIndices != null) {
      return OptionalLong.empty();
    }
    long longest = 0;
    for (WindowedOutput output : aggregation().outputs()) {
      if (output.window().isUnbounded()) {
        return OptionalLong.empty();
      }
      longest = Math.max(longest, output.window().lengthMillis() + output.window().hopMillis());
    }
    return OptionalLong.of(longest);
  }

  /**
   * The feature values at each query time, over one key's rows in time order, rows of equal time
   * in the order of their values ({@link RowOrder#VALUES}, as {@link RowChunk#timeOrder} orders
   * them), rows without a {@code ts} left out: the value of output column {@code o} at {@code
   * queries[q]} is given to {@code sink} as {@code (q, o)}. Aggregations read columnar rows'
   * numbers and give their values without boxing ({@link SawtoothAggregator#finalizedInto}), as a
   * GroupBy without aggregations gives its rows' numbers; so do derivations with a columnar form,
   * while others give their values as objects.
   *
   * @param events laid out by the row schema, with fast random access; not modified
   */
  public void atSortedInto(List<? extends Row> events, long[] queries, ValueSink sink) {
    if (derivesByColumns()) {
      derivedInto(events, queries, sink);
    } else if (derivations != null) {
      give(valuesAt(events, queries), sink);
    } else if (selectedIndices == null) {
      sawtooth().finalizedInto(events, queries, sink);
    } else {
      selectedInto(events, queries, sink);
    }
  }

  /**
   * The derived values at each query time, by columns: the values before derivations go unboxed
   * into a chunk of the derivations' input ({@link #derivationInput}), which {@link #deriveInto}
   * derives them from.
   */
  private void derivedInto(List<? extends Row> events, long[] queries, ValueSink sink) {
    if (events.isEmpty()) {
      for (int q = 0; q < queries.length; q++) {
        for (int i = 0; i < derivedIndices.length; i++) {
          sink.setNull(q, i);
        }
      }
      return;
    }
    RowChunk input = derivationInput(events.get(0), queries.length);
    ValueSink raw = rawSink(input);
    if (selectedIndices == null) {
      sawtooth().finalizedInto(events, queries, raw);
    } else {
      selectedInto(events, queries, raw);
    }
    deriveInto(input, sink);
  }

  /**
   * Whether the GroupBy's derivations can be derived by columns ({@link #deriveInto}): it has
   * derivations, and those that compute have a columnar form, or there are none.
   */
  public boolean derivesByColumns() {
    if (derivations == null) {
      return false;
    }
    if (!columnarChecked) {
      columnar = computing == null ? null : computing.columnar().orElse(null);
      columnarChecked = true;
    }
    return computing == null || columnar != null;
  }

  /**
   * The derivations' input for {@code queries} queries of the key of {@code keyRow} (a row of the
   * row schema): a chunk of their input columns (the key columns, then the values before
   * derivations), one row per query, the key columns set and the values null, for {@link
   * #rawSink} to fill and {@link #deriveInto} to derive.
   */
  public RowChunk derivationInput(Row keyRow, int queries) {
    RowChunk input = RowChunk.nulls(derivations.inputSchema(), queries);
    ValueSink keys = input.sink(rowPerQuery(queries));
    for (int k = 0; k < keyIndices.length; k++) {
      int column = keyIndices[k];
      if (!keyRow.isNull(column)) {
        for (int q = 0; q < queries; q++) {
          give(keyRow, column, keys, q, k);
        }
      }
    }
    return input;
  }

  /**
   * A sink of the values before derivations (as {@link SawtoothAggregator#finalizedInto} gives
   * them) into {@code input}, from {@link #derivationInput}: output {@code o} of query {@code q}
   * into row {@code q}.
   */
  public ValueSink rawSink(RowChunk input) {
    return new Shifted(input.sink(rowPerQuery(input.size())), keyIndices.length);
  }

  /**
   * Gives {@code sink}, as output {@code o} of query {@code q}, the derived values of row {@code
   * q} of {@code input} (from {@link #derivationInput}, filled): the columns the derivations copy
   * ({@code *}, renames) read from it, the others computed from it into a chunk of their own by
   * the columnar form of {@link #computing}; all NULL when the values before derivations are. Only
   * when {@link #derivesByColumns()}.
   */
  public void deriveInto(RowChunk input, ValueSink sink) {
    if (!derivesByColumns()) {
      throw new IllegalStateException("the derivations of this GroupBy go row by row");
    }
    RowChunk computed =
        columnar == null
            ? null
            : ColumnarChunks.evaluated(columnar, input, computing.outputSchema());
    for (int q = 0; q < input.size(); q++) {
      boolean allNull = true;
      for (int c = keyIndices.length; c < input.schema().size() && allNull; c++) {
        allNull = input.isNull(c, q);
      }
      for (int i = 0; i < derivedIndices.length; i++) {
        RowChunk derived = derivedSources[i] >= 0 ? input : computed;
        int column = derivedSources[i] >= 0 ? derivedSources[i] : -1 - derivedSources[i];
        if (allNull || derived.isNull(column, q)) {
          sink.setNull(q, i);
          continue;
        }
        switch (outputSchema.column(i).kind()) {
          case BOOLEAN, BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> sink.setLong(
              q, i, derived.getLong(column, q));
          case FLOAT, DOUBLE -> sink.setDouble(q, i, derived.getDouble(column, q));
          default -> sink.setObject(q, i, derived.get(column, q));
        }
      }
    }
  }

  /** {@code 0, 1, ..., queries - 1}: query {@code q} at row {@code q}. */
  private static int[] rowPerQuery(int queries) {
    int[] rows = new int[queries];
    Arrays.setAll(rows, q -> q);
    return rows;
  }

  /** {@link #selected}, the numbers read from the rows and given to {@code sink} unboxed. */
  private void selectedInto(List<? extends Row> events, long[] queries, ValueSink sink) {
    for (int q = 0; q < queries.length; q++) {
      int before = countBefore(events, queries[q]);
      Row last = before == 0 ? null : events.get(before - 1);
      for (int i = 0; i < selectedIndices.length; i++) {
        int column = selectedIndices[i];
        if (last == null || last.isNull(column)) {
          sink.setNull(q, i);
        } else {
          give(last, column, sink, q, i);
        }
      }
    }
  }

  /**
   * Gives {@code sink}, as output {@code o} of query {@code q}, the value of column {@code column}
   * (not null) of {@code row}, a row of the row schema: numbers unboxed.
   */
  private void give(Row row, int column, ValueSink sink, int q, int o) {
    switch (rowSchema.column(column).kind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, DATE, TIMESTAMP ->
          sink.setLong(q, o, row.getLong(column));
      case FLOAT, DOUBLE -> sink.setDouble(q, o, row.getDouble(column));
      default -> sink.setObject(q, o, row.get(column));
    }
  }

  /** The number of {@code events} (in time order) before time {@code q}. */
  private static int countBefore(List<? extends Row> events, long q) {
    int low = 0;
    int high = events.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (events.get(middle).ts() < q) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * The values of an entities GroupBy at each query time {@code q} (a midnight): the aggregate of
   * the key's rows in the snapshot partition ({@code ds}) of the day before {@code q}, a row
   * without a {@code ts} counting as of that day's start, given to {@code sink} as {@link
   * #atSortedInto} gives them. Each snapshot day is evaluated once for all its queries.
   *
   * @param rows one key's snapshot rows of every day, laid out by the row schema; not modified
   * @param view the row view to point at each day's rows
   */
  public void atSnapshotsInto(RowChunk rows, long[] queries, ValueSink sink, ChunkRows view) {
    int dsIndex = rowSchema.indexOf(PartitionDates.DS);
    Map<Object, int[]> byDay = rows.rowsByValue(dsIndex);
    long[] dayAndQuery = new long[queries.length];
    for (int i = 0; i < queries.length; i++) {
      dayAndQuery[i] = Math.floorDiv(queries[i], Resolution.DAY_MILLIS) << 32 | i;
    }
    Arrays.sort(dayAndQuery);
    for (int i = 0, next; i < dayAndQuery.length; i = next) {
      long day = dayAndQuery[i] >> 32;
      next = i;
      while (next < dayAndQuery.length && dayAndQuery[next] >> 32 == day) {
        next++;
      }
      long dayStart = (day - 1) * Resolution.DAY_MILLIS;
      int[] snapshot = byDay.get(PartitionDates.ofEpochMillis(dayStart));
      if (snapshot == null) {
        continue;
      }
      int[] queryOf = new int[next - i];
      for (int k = 0; k < queryOf.length; k++) {
        queryOf[k] = (int) dayAndQuery[i + k];
      }
      long[] same = new long[queryOf.length];
      Arrays.fill(same, dayStart + Resolution.DAY_MILLIS);
      int[] order = rows.timeOrder(tsIndex, dayStart, snapshot);
      atSortedInto(view.of(rows, order, tsIndex, dayStart), same, new Remapped(sink, queryOf));
    }
  }

  /** Gives {@code values} (per query, one value per output column) to {@code sink} as objects. */
  private static void give(List<Object[]> values, ValueSink sink) {
    for (int q = 0; q < values.size(); q++) {
      Object[] value = values.get(q);
      for (int o = 0; o < value.length; o++) {
        sink.setObject(q, o, value[o]);
      }
    }
  }

  private List<Object[]> valuesAt(List<? extends Row> events, long[] queries) {
    List<Object[]> values =
        selectedIndices == null
            ? sawtooth().finalizedAt(events, queries)
            : selected(events, queries);
    if (derivations == null) {
      return values;
    }
    if (events.isEmpty()) {
      List<Object[]> nulls = new ArrayList<>(values.size());
      values.forEach(v -> nulls.add(new Object[derivedIndices.length]));
      return nulls;
    }
    Object[] input = new Object[derivations.inputSchema().size()];
    for (int k = 0; k < keyIndices.length; k++) {
      input[k] = events.get(0).get(keyIndices[k]);
    }
    List<Object[]> derived = new ArrayList<>(values.size());
    for (Object[] raw : values) {
      derived.add(derive(input, raw));
    }
    return derived;
  }

  /**
   * The feature values, laid out by {@link #outputSchema()}, of {@code raw}: one value per
   * aggregation output before derivations, of the key of {@code row} (a row of the row schema).
   * Without derivations that is {@code raw} itself; with them, all nulls when every raw value is.
   */
  public Object[] derived(Object[] row, Object[] raw) {
    if (derivations == null) {
      return raw;
    }
    Object[] input = new Object[keyIndices.length + raw.length];
    for (int k = 0; k < keyIndices.length; k++) {
      input[k] = row[keyIndices[k]];
    }
    return derive(input, raw);
  }

  /** Whether the GroupBy has derivations, which {@link #derived} applies. */
  public boolean hasDerivations() {
    return derivations != null;
  }

  /**
   * The values of a GroupBy without aggregations at each query time: the value columns of the last
   * row before it (rows of equal time ordered by their values), or nulls.
   */
  private List<Object[]> selected(List<? extends Row> events, long[] queries) {
    List<Object[]> values = new ArrayList<>(queries.length);
    for (long q : queries) {
      Object[] value = new Object[selectedIndices.length];
      int before = countBefore(events, q);
      if (before > 0) {
        Row last = events.get(before - 1);
        for (int i = 0; i < value.length; i++) {
          value[i] = last.get(selectedIndices[i]);
        }
      }
      values.add(value);
    }
    return values;
  }

  /** The derived columns of one query's raw values; all null when the raw values are. */
  private Object[] derive(Object[] input, Object[] raw) {
    Object[] out = new Object[derivedIndices.length];
    boolean any = false;
    for (Object value : raw) {
      any |= value != null;
    }
    if (!any) {
      return out;
    }
    System.arraycopy(raw, 0, input, keyIndices.length, raw.length);
    Object[] derived = derivations.apply(input);
    for (int i = 0; i < out.length; i++) {
      out[i] = derived[derivedIndices[i]];
    }
    return out;
  }

  private WindowedAggregation aggregation() {
    if (aggregation == null) {
      if (!groupBy.isSetAggregations()) {
        throw new IllegalStateException("a GroupBy without aggregations has no aggregation");
      }
      List<String> names = rowSchema.names();
      List<TDataType> types = new ArrayList<>();
      for (Column column : rowSchema.columns()) {
        types.add(column.type());
      }
      aggregation =
          WindowedAggregation.of(
              new InputSchema(names, types), groupBy.getAggregations(), accuracy(), false);
    }
    return aggregation;
  }

  private SawtoothAggregator sawtooth() {
    if (sawtooth == null) {
      sawtooth = new SawtoothAggregator(aggregation());
    }
    return sawtooth;
  }

  /** A sink whose output {@code o} is output {@code o + offset} of another. */
  private record Shifted(ValueSink sink, int offset) implements ValueSink {
    @Override
    public void setNull(int query, int output) {
      sink.setNull(query, output + offset);
    }

    @Override
    public void setLong(int query, int output, long value) {
      sink.setLong(query, output + offset, value);
    }

    @Override
    public void setDouble(int query, int output, double value) {
      sink.setDouble(query, output + offset, value);
    }

    @Override
    public void setObject(int query, int output, Object value) {
      sink.setObject(query, output + offset, value);
    }
  }

  /** A sink whose query {@code q} is query {@code queryOf[q]} of another. */
  private record Remapped(ValueSink sink, int[] queryOf) implements ValueSink {
    @Override
    public void setNull(int query, int output) {
      sink.setNull(queryOf[query], output);
    }

    @Override
    public void setLong(int query, int output, long value) {
      sink.setLong(queryOf[query], output, value);
    }

    @Override
    public void setDouble(int query, int output, double value) {
      sink.setDouble(queryOf[query], output, value);
    }

    @Override
    public void setObject(int query, int output, Object value) {
      sink.setObject(queryOf[query], output, value);
    }
  }
}
