package org.chrononbeam.transforms.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.ColumnarQuery;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.model.naming.TableNames;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.Chunks;
import org.chrononbeam.transforms.source.ColumnarChunks;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * The point-in-time correct backfill of a Join: every row of the left source over a range of its
 * partitions, with each join part's GroupBy features as of that row's time. Chronon's training
 * table.
 *
 * <pre>{@code
 * JoinBackfill backfill = JoinBackfill.of(warehouse, join).withDates("2023-12-01", "2023-12-07");
 * pipeline
 *     .apply(backfill.chunks())
 *     .apply(WarehouseIO.writeChunks(warehouse, backfill.outputTable()));
 * }</pre>
 *
 * <p><b>Rows.</b> The left source is read over its partitions from the start to the end date (and
 * within its query's partition bounds); every row its query keeps comes out once. The output
 * columns are the left query's columns (its selects, then {@code ts}), then each part's features
 * named {@code [prefix_]<sanitized GroupBy name>_<feature>} in {@link OutputColumns#of(Join)}
 * order, then {@code ds}. Rows carry an {@link AvroCoder} ready for {@link
 * org.chrononbeam.transforms.warehouse.WarehouseIO#write}; they belong in {@link #outputTable()}.
 * The same rows come column by column from {@link #chunks()}, for {@link
 * org.chrononbeam.transforms.warehouse.WarehouseIO#writeChunks}: every step works on {@link
 * RowChunk}s (the left table read column to column when its query only copies columns, each join
 * part keying the chunks' rows and appending its features as columns, the skew filter reading the
 * columns, the output a view of the columns: those the join's derivations copy ({@code *}, renames)
 * as they are, the others computed from the columns into columns of their own), so no number is
 * boxed per row unless SQL evaluates the row: a query, the join's or a GroupBy's derivations or
 * the skew filter without a columnar form ({@link CompiledQuery#columnar}, {@link
 * CompiledDerivations#columnar}; e.g. a decimal value or {@code LIKE}), which works a row at a
 * time.
 *
 * <p><b>Time.</b> Each left row has a query time {@code q}, and a window {@code w} covers {@code
 * [floor(q - w, hop), q)} of the GroupBy's events, strictly before {@code q}:
 *
 * <ul>
 *   <li>events left, TEMPORAL GroupBy: {@code q} is the row's {@code ts} (hops of 5 minutes, 1 hour
 *       or 1 day by window length);
 *   <li>events left, SNAPSHOT GroupBy: {@code q} is 00:00 UTC of the row's {@code ts} day: the
 *       values as of the end of the day before;
 *   <li>entities left: {@code q} is the end of the row's partition day, {@code ds + 1 00:00}.
 * </ul>
 *
 * <p><b>Keys.</b> A part's GroupBy keys are looked up in the left columns through the part's {@code
 * keyMapping} ({@code {leftColumn: groupByKey}}; unmapped keys use the same name). Integral keys
 * match across types ({@code int} = {@code long}). A left row with a null key column, no {@code ts}
 * (events left) or no matching GroupBy events gets NULL features. The same GroupBy may appear in
 * several parts with different prefixes.
 *
 * <p><b>Options of the join.</b> {@code skewKeys} ({@code {leftColumn: [SQL literals]}}) drops left
 * rows whose column is one of the values (or NULL), as Chronon's {@code NOT IN} filter does. {@code
 * derivations} reshape the feature columns ({@code *} keeps the raw ones; they may use the left
 * columns and {@code ds}); the left columns always stay in front.
 *
 * <p><b>Entities GroupBys</b> (snapshot tables): the aggregate of the key's rows in one snapshot
 * partition, {@code D} for an entities left row of {@code ds = D}, {@code D-1} for an events left
 * row of day {@code D} (SNAPSHOT accuracy). With TEMPORAL accuracy under an events left side, the
 * snapshot {@code D-1} plus the mutations of day {@code D} before the row's {@code ts}
 * (before-images retract, after-images add; see {@link TemporalEntitiesPartJoin}).
 *
 * <p><b>Not supported yet.</b> Bootstrap parts and online external parts: {@link #of} or building
 * the pipeline fails naming the feature. A label part is not this table's business (Chronon
 * computes labels in their own run mode) and is ignored.
 *
 * <p>The Join is kept, not copied (a Thrift copy would lose the order of the selects): do not
 * change it while the pipeline is being built.
 */
public final class JoinBackfill extends PTransform<PBegin, PCollection<GenericRecord>> {

  private final Warehouse warehouse;
  private final Join join;
  private final @Nullable String startDs;
  private final @Nullable String endDs;

  private JoinBackfill(
      Warehouse warehouse, Join join, @Nullable String startDs, @Nullable String endDs) {
    this.warehouse = warehouse;
    this.join = join;
    this.startDs = startDs;
    this.endDs = endDs;
  }

  /**
   * The backfill of {@code join} over tables of {@code warehouse}.
   *
   * @throws IllegalArgumentException when the join lacks a name, output namespace, left source or
   *     join parts
   */
  public static JoinBackfill of(Warehouse warehouse, Join join) {
    if (warehouse == null || join == null) {
      throw new IllegalArgumentException("JoinBackfill needs a warehouse and a Join");
    }
    if (join.getMetaData() == null
        || !join.getMetaData().isSetName()
        || !join.getMetaData().isSetOutputNamespace()) {
      throw new IllegalArgumentException(
          "the Join needs metaData.name and metaData.outputNamespace");
    }
    if (join.getLeft() == null
        || !(join.getLeft().isSetEvents() || join.getLeft().isSetEntities())) {
      throw new IllegalArgumentException(
          "Join " + join.getMetaData().getName() + " needs an events or entities left source");
    }
    if (join.getJoinPartsSize() == 0) {
      throw new IllegalArgumentException("Join " + join.getMetaData().getName() + " has no parts");
    }
    if (join.getBootstrapPartsSize() > 0 || join.getOnlineExternalPartsSize() > 0) {
      throw new UnsupportedOperationException(
          "Join "
              + join.getMetaData().getName()
              + ": bootstrap parts and online external parts are not supported by backfills yet");
    }
    for (JoinPart part : join.getJoinParts()) {
      if (part.getGroupBy() == null
          || part.getGroupBy().getMetaData() == null
          || !part.getGroupBy().getMetaData().isSetName()) {
        throw new IllegalArgumentException(
            "Join " + join.getMetaData().getName() + ": every join part needs a named GroupBy");
      }
    }
    return new JoinBackfill(warehouse, join, null, null);
  }

  /**
   * Backfills the left partitions from {@code startDs} to {@code endDs}, both included. A null
   * {@code startDs} means the left query's {@code startPartition}, or {@code endDs} alone when it
   * has none.
   */
  public JoinBackfill withDates(@Nullable String startDs, String endDs) {
    PartitionDates.checkRange(startDs, endDs);
    return new JoinBackfill(warehouse, join, startDs, endDs);
  }

  /** The table the rows belong in: {@code <outputNamespace>.<sanitized name>}. */
  public String outputTable() {
    return TableNames.outputTable(join.getMetaData());
  }

  /** The first left partition backfilled. */
  public String startDate() {
    requireEnd();
    if (startDs != null) {
      return startDs;
    }
    Query query =
        leftSource().isSetEvents()
            ? leftSource().getEvents().getQuery()
            : leftSource().getEntities().getQuery();
    String configured = query == null ? null : query.getStartPartition();
    return configured != null && configured.compareTo(endDs) <= 0 ? configured : endDs;
  }

  /** The schema of the output rows: left columns, feature columns, {@code ds}. */
  public Schema outputSchema() {
    return AvroColumns.avroSchema(TableNames.sanitize(name()), plan().output());
  }

  /**
   * The output rows as {@link RowChunk}s of {@link #outputRowSchema()} (with a {@link
   * RowChunkCoder}), for {@link org.chrononbeam.transforms.warehouse.WarehouseIO#writeChunks}:
   * when the queries, derivations and skew filter have columnar forms (see the class
   * documentation), no number is boxed from the tables' read to the output.
   */
  public PTransform<PBegin, PCollection<RowChunk>> chunks() {
    Plan plan = plan();
    return new PTransform<>() {
      @Override
      public PCollection<RowChunk> expand(PBegin input) {
        PCollection<RowChunk> rows = input.apply("Left", plan.left().chunks());
        if (plan.skewFilter() != null) {
          SkewFilter columnar =
              SkewFilter.of(join.getSkewKeys(), plan.skewFilter().inputSchema());
          rows =
              rows.apply("SkewKeys", ParDo.of(new SkewFilterFn(plan.skewFilter(), columnar)))
                  .setCoder(rows.getCoder());
        }
        for (int i = 0; i < plan.parts().size(); i++) {
          JoinPart part = join.getJoinParts().get(i);
          String label =
              (part.isSetPrefix() ? part.getPrefix() + "_" : "")
                  + TableNames.sanitize(part.getGroupBy().getMetaData().getName());
          rows = rows.apply("Part" + i + " " + label, plan.parts().get(i));
        }
        return rows.apply("Output", ParDo.of(new OutputFn(plan)))
            .setCoder(RowChunkCoder.of(plan.output()));
      }
    };
  }

  /** The columns of the output rows: left columns, feature columns, {@code ds}. */
  public RowSchema outputRowSchema() {
    return plan().output();
  }

  @Override
  public PCollection<GenericRecord> expand(PBegin input) {
    Plan plan = plan();
    Schema avro = AvroColumns.avroSchema(TableNames.sanitize(name()), plan.output());
    return input.apply("Rows", chunks()).apply("Records", Chunks.toRecords(plan.output(), avro));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("join", name()).withLabel("Join"))
        .add(DisplayData.item("outputTable", outputTable()).withLabel("Output table"))
        .add(DisplayData.item("parts", join.getJoinPartsSize()).withLabel("Join parts"))
        .addIfNotNull(DisplayData.item("startDs", startDs).withLabel("First partition"))
        .addIfNotNull(DisplayData.item("endDs", endDs).withLabel("Last partition"));
  }

  /**
   * What the pipeline is made of, worked out from the configs and the tables' schemas: the left
   * read, the parts, and how the final rows are laid out.
   *
   * @param skewFilter the skew keys' filter of left rows, or null
   * @param base the columns before derivations: left columns but ds, features, ds
   * @param baseIndices for each base column, its index in {@code joined}
   * @param derivations the compiled derivations over {@code base}, or null without derivations
   * @param computing the derivations that compute their column ({@link
   *     CompiledDerivations#computing()}), or null when there are none
   * @param output the output columns
   * @param outputIndices for each output column, its index in base, or {@code -1 - i} for column
   *     {@code i} of the derivations' output (of base without derivations)
   * @param computedIndices for each output column, its index in base (as it is, or copied by a
   *     derivation), or {@code -1 - i} for column {@code i} of the computing derivations' output
   */
  private record Plan(
      SourceRead left,
      @Nullable CompiledQuery skewFilter,
      List<PartTransform> parts,
      RowSchema base,
      int[] baseIndices,
      @Nullable CompiledDerivations derivations,
      @Nullable CompiledDerivations computing,
      RowSchema output,
      int[] outputIndices,
      int[] computedIndices) {}

  private Plan plan() {
    requireEnd();
    String start = startDate();
    boolean eventsLeft = leftSource().isSetEvents();
    SourceRead left =
        SourceRead.of(warehouse, leftSource()).withConfigName(name()).withPartitions(start, endDs);
    RowSchema schema = left.rowSchema();
    RowSchema leftSchema = schema;
    List<PartTransform> parts = new ArrayList<>();
    List<Column> features = new ArrayList<>();
    for (JoinPart part : join.getJoinParts()) {
      PartTransform partJoin =
          TemporalEntitiesPartJoin.handles(part.getGroupBy(), eventsLeft)
              ? new TemporalEntitiesPartJoin(warehouse, part, name(), schema, start, endDs)
              : new PartJoin(warehouse, part, name(), schema, eventsLeft, start, endDs);
      parts.add(partJoin);
      features.addAll(partJoin.featureColumns().columns());
      schema = partJoin.outputSchema();
    }
    int dsIndex = leftSchema.indexOf(PartitionDates.DS);
    List<Column> baseColumns = new ArrayList<>();
    List<Integer> baseIndices = new ArrayList<>();
    List<Column> leftColumns = new ArrayList<>();
    for (int i = 0; i < leftSchema.size(); i++) {
      if (i != dsIndex) {
        baseColumns.add(leftSchema.column(i));
        leftColumns.add(leftSchema.column(i));
        baseIndices.add(i);
      }
    }
    for (int i = 0; i < features.size(); i++) {
      baseColumns.add(features.get(i));
      baseIndices.add(leftSchema.size() + i);
    }
    baseColumns.add(leftSchema.column(dsIndex));
    baseIndices.add(dsIndex);
    RowSchema base = RowSchema.of(baseColumns);

    CompiledDerivations derivations = null;
    RowSchema derived = base;
    if (join.isSetDerivations() && !join.getDerivations().isEmpty()) {
      derivations = DerivationCompiler.compile(name(), join.getDerivations(), base);
      derived = derivations.outputSchema();
    }
    List<String> featureNames = OutputColumns.of(join);
    List<Column> outputColumns = new ArrayList<>(leftColumns);
    List<Integer> outputIndices = new ArrayList<>();
    for (Column column : leftColumns) {
      outputIndices.add(base.indexOf(column.name()));
    }
    for (String feature : featureNames) {
      int index = derived.indexOf(feature);
      if (index < 0) {
        throw new IllegalStateException(
            "join "
                + name()
                + ": feature column "
                + feature
                + " is not computed; computed: "
                + derived.names());
      }
      outputColumns.add(derived.column(index));
      outputIndices.add(-1 - index);
    }
    outputColumns.add(leftSchema.column(dsIndex));
    outputIndices.add(base.size() - 1);
    int[] computedIndices = outputIndices.stream().mapToInt(Integer::intValue).toArray();
    int[] sources = derivations == null ? null : derivations.columnSources();
    for (int i = 0; i < computedIndices.length; i++) {
      int index = -1 - computedIndices[i];
      if (index >= 0) {
        computedIndices[i] = sources == null ? index : sources[index];
      }
    }
    return new Plan(
        left,
        join.isSetSkewKeys() && !join.getSkewKeys().isEmpty()
            ? SkewFilter.sql(name(), join.getSkewKeys(), leftSchema)
            : null,
        parts,
        base,
        baseIndices.stream().mapToInt(Integer::intValue).toArray(),
        derivations,
        derivations == null ? null : derivations.computing().orElse(null),
        RowSchema.of(outputColumns),
        outputIndices.stream().mapToInt(Integer::intValue).toArray(),
        computedIndices);
  }

  private Source leftSource() {
    return join.getLeft();
  }

  private String name() {
    return join.getMetaData().getName();
  }

  private void requireEnd() {
    if (endDs == null) {
      throw new IllegalStateException(
          "JoinBackfill of " + name() + " needs its dates: call withDates(start, end)");
    }
  }

  /**
   * Drops the left rows of skewed keys: through the columnar filter when the skew keys allow one,
   * else through the compiled SQL filter's columnar form when it has one, else through the
   * compiled SQL filter a row at a time.
   */
  private static final class SkewFilterFn extends DoFn<RowChunk, RowChunk> {
    private final CompiledQuery filter;
    private final @Nullable SkewFilter columnar;
    private transient @Nullable ColumnarQuery columnarFilter;

    SkewFilterFn(CompiledQuery filter, @Nullable SkewFilter columnar) {
      this.filter = filter;
      this.columnar = columnar;
    }

    @Setup
    public void setup() {
      columnarFilter = columnar == null ? filter.columnar().orElse(null) : null;
    }

    @ProcessElement
    public void process(@Element RowChunk chunk, OutputReceiver<RowChunk> out) {
      int[] kept =
          columnar != null
              ? columnar.kept(chunk)
              : columnarFilter != null
                  ? ColumnarChunks.kept(columnarFilter, chunk, filter.outputSchema())
                  : kept(chunk);
      if (kept.length == chunk.size()) {
        out.output(chunk);
      } else if (kept.length > 0) {
        out.output(chunk.rowsAt(kept));
      }
    }

    private int[] kept(RowChunk chunk) {
      int[] kept = new int[chunk.size()];
      int count = 0;
      for (int r = 0; r < chunk.size(); r++) {
        if (filter.apply(chunk.row(r, 0)) != null) {
          kept[count++] = r;
        }
      }
      return Arrays.copyOf(kept, count);
    }
  }

  /**
   * Joined rows to output rows: reordered (a view of the joined chunk's columns) or, with
   * derivations, derived. The columns derivations copy (those {@code *} keeps, renames) are taken
   * from the joined chunk; the others, when their derivations have a columnar form, are computed
   * from its columns into a chunk of their own, the output then a view of both; without one, the
   * rows are derived a row at a time.
   */
  private static final class OutputFn extends DoFn<RowChunk, RowChunk> {
    private final RowSchema base;
    private final int[] baseIndices;
    private final @Nullable CompiledDerivations derivations;
    private final @Nullable CompiledDerivations computing;
    private final RowSchema output;
    private final int[] outputIndices;
    private final int[] computedIndices;
    private final Counter rowsOut = RowCounts.rowsOut();
    private transient @Nullable ColumnarQuery columnar;

    OutputFn(Plan plan) {
      this.base = plan.base();
      this.baseIndices = plan.baseIndices();
      this.derivations = plan.derivations();
      this.computing = plan.computing();
      this.output = plan.output();
      this.outputIndices = plan.outputIndices();
      this.computedIndices = plan.computedIndices();
    }

    @Setup
    public void setup() {
      columnar = computing == null ? null : computing.columnar().orElse(null);
    }

    @ProcessElement
    public void process(@Element RowChunk joined, OutputReceiver<RowChunk> out) {
      rowsOut.inc(joined.size());
      if (derivations == null || computing == null || columnar != null) {
        out.output(derivedColumns(joined));
      } else {
        out.output(derivedRows(joined));
      }
    }

    /**
     * The output of {@code joined} as a view: the left columns, {@code ds} and the copied
     * features from it, the computed features from a chunk the columnar derivations compute from
     * its columns.
     */
    private RowChunk derivedColumns(RowChunk joined) {
      RowChunk computed =
          columnar == null
              ? null
              : ColumnarChunks.evaluated(
                  columnar, joined.select(base, baseIndices), computing.outputSchema());
      RowChunk[] from = new RowChunk[computedIndices.length];
      int[] columns = new int[computedIndices.length];
      for (int i = 0; i < columns.length; i++) {
        int index = computedIndices[i];
        from[i] = index >= 0 ? joined : computed;
        columns[i] = index >= 0 ? baseIndices[index] : -1 - index;
      }
      return RowChunk.picked(output, from, columns);
    }

    /** The output of {@code joined}, derived a row at a time. */
    private RowChunk derivedRows(RowChunk joined) {
      RowChunk rows = RowChunk.of(output);
      for (int r = 0; r < joined.size(); r++) {
        Object[] base = new Object[baseIndices.length];
        for (int i = 0; i < base.length; i++) {
          base[i] = joined.get(baseIndices[i], r);
        }
        Object[] derived = derivations.apply(base);
        Object[] row = new Object[outputIndices.length];
        for (int i = 0; i < row.length; i++) {
          int index = outputIndices[i];
          row[i] = index >= 0 ? base[index] : derived[-1 - index];
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
