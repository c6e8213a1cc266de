package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.schema.MessageType;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowChunkCoder;

/**
 * Beam transforms reading and writing warehouse tables.
 *
 * <h2>Reading</h2>
 *
 * <pre>{@code
 * Warehouse warehouse = Warehouse.at("./warehouse");
 * PCollection<GenericRecord> purchases =
 *     pipeline.apply(
 *         WarehouseIO.read(warehouse, "data.purchases").partitions("2023-12-01", "2023-12-07"));
 * }</pre>
 *
 * <p>Only the {@code ds=} folders in the (inclusive) range are listed and read; days without a
 * partition are skipped. Rows have the table's {@linkplain Warehouse#schema row schema}: the
 * columns stored in its latest partition, then {@code ds}, taken from the folder name. Files of
 * older partitions are read by column name: a column they lack is null, a column only they have is
 * dropped (a column's type must not change). The schema and the partitions in range are determined
 * when the pipeline is built, so the table must have at least one partition by then.
 *
 * <h2>Writing</h2>
 *
 * <pre>{@code
 * PCollection<GenericRecord> rows = ...;   // with an AvroCoder whose schema has a string "ds"
 * PCollection<String> written = rows.apply(WarehouseIO.write(warehouse, "data.purchases_daily"));
 * }</pre>
 *
 * <p>{@link #writeChunks} writes rows held column by column ({@code PCollection<RowChunk>} with a
 * {@link RowChunkCoder}) the same way, to the same files, without a record per row.
 *
 * <p>The input is bounded (a batch). Each {@code ds} present in the rows becomes one partition,
 * {@code ds=<date>/part-*.parquet}, holding the rows' other columns ({@code ds} is not stored in
 * the files). A written partition replaces the table's partition of that day as a whole, and
 * partitions of other days are left alone. The output holds the days written, once each, when their
 * swap is done: wait on it ({@code Wait.on}) before reading the new partitions in the same
 * pipeline. No rows, no change, unless the days to write are named ({@link Write#withDays}): each
 * named day without rows becomes an empty partition (one Parquet file of no rows), so a day that
 * was computed is told apart from a day never written.
 *
 * <p>How a partition is replaced, so that a rerun or a crash never leaves half a partition:
 *
 * <ol>
 *   <li>all rows are written to a staging folder, {@code <table>/.staging-<id>/ds=<date>/}, that
 *       readers never list;
 *   <li>once every file is complete, one step moves each old {@code ds=<date>} folder aside into
 *       the staging folder and moves the staged folder into its place;
 *   <li>the staging folder, with the replaced data, is deleted.
 * </ol>
 *
 * <p>On the local filesystem each move is one atomic directory rename: a reader sees the old
 * partition or the new one (or, for an instant, none), never a mix. Object stores have no atomic
 * rename, so there files are moved one by one, and a reader listing during a partition's swap may
 * see part of it. A crash before the swap leaves the table as it was, plus a staging folder; a
 * crash mid-swap may leave a partition moved aside. The next write to the table puts such
 * partitions back and deletes the leftover staging folders. One write per table at a time: a
 * concurrent write's staging folder would look left over.
 */
public final class WarehouseIO {

  /** What stands for a file name beside a day named by {@link Write#withDays}. */
  private static final String WANTED_DAY = "";

  private WarehouseIO() {}

  /** Reads table {@code table} ({@code namespace.name}) of {@code warehouse}: all partitions. */
  public static Read read(Warehouse warehouse, String table) {
    if (warehouse == null) {
      throw new IllegalArgumentException("warehouse is null");
    }
    return new Read(warehouse, TableName.parse(table), null, null);
  }

  /** Writes rows to table {@code table} ({@code namespace.name}) of {@code warehouse}. */
  public static Write write(Warehouse warehouse, String table) {
    if (warehouse == null) {
      throw new IllegalArgumentException("warehouse is null");
    }
    return new Write(warehouse, TableName.parse(table), List.of());
  }

  /**
   * Writes chunks of rows to table {@code table} ({@code namespace.name}) of {@code warehouse}, as
   * {@link #write} writes the same rows as records: the same files, without a record per row. See
   * {@link WriteChunks}.
   */
  public static WriteChunks writeChunks(Warehouse warehouse, String table) {
    if (warehouse == null) {
      throw new IllegalArgumentException("warehouse is null");
    }
    return new WriteChunks(warehouse, TableName.parse(table), List.of());
  }

  /** Reads the partitions of a table in a date range. See {@link WarehouseIO}. */
  public static final class Read extends PTransform<PBegin, PCollection<GenericRecord>> {

    private final Warehouse warehouse;
    private final TableName table;
    private final @Nullable String startDs;
    private final @Nullable String endDs;

    private Read(
        Warehouse warehouse, TableName table, @Nullable String startDs, @Nullable String endDs) {
      this.warehouse = warehouse;
      this.table = table;
      this.startDs = startDs;
      this.endDs = endDs;
    }

    /** Reads only the partitions from {@code startDs} to {@code endDs}, both included. */
    public Read partitions(String startDs, String endDs) {
      PartitionDates.check(startDs);
      PartitionDates.check(endDs);
      if (startDs.compareTo(endDs) > 0) {
        throw new IllegalArgumentException(
            "partition range " + startDs + " to " + endDs + " ends before it starts");
      }
      return new Read(warehouse, table, startDs, endDs);
    }

    /** Reads only the partition {@code ds}. */
    public Read partition(String ds) {
      return partitions(ds, ds);
    }

    /** The partitions this read selects, listed now from the warehouse. */
    public List<String> selectedPartitions() {
      List<String> selected = new ArrayList<>();
      for (String ds : warehouse.partitions(table.toString())) {
        if ((startDs == null || ds.compareTo(startDs) >= 0)
            && (endDs == null || ds.compareTo(endDs) <= 0)) {
          selected.add(ds);
        }
      }
      return selected;
    }

    /**
     * The Parquet files of the selected partitions, unread, for readers of their own (such as
     * {@link ParquetColumns}).
     */
    public PTransform<PBegin, PCollection<FileIO.ReadableFile>> files() {
      return new PTransform<>() {
        @Override
        public PCollection<FileIO.ReadableFile> expand(PBegin input) {
          return openFiles(input);
        }
      };
    }

    @Override
    public PCollection<GenericRecord> expand(PBegin input) {
      Schema rowSchema = warehouse.schema(table.toString());
      return openFiles(input)
          .apply("ReadParquet", ParDo.of(new ReadPartitionFileFn(rowSchema.toString())))
          .setCoder(AvroCoder.of(rowSchema));
    }

    private PCollection<FileIO.ReadableFile> openFiles(PBegin input) {
      List<String> globs = new ArrayList<>();
      for (String ds : selectedPartitions()) {
        globs.add(warehouse.partitionDirectory(table, ds) + Warehouse.DATA_FILE_GLOB);
      }
      return input
          .apply("Partitions", Create.of(globs).withCoder(StringUtf8Coder.of()))
          .apply("List", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
          .apply("Open", FileIO.readMatches());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("warehouse", warehouse.root()).withLabel("Warehouse"))
          .add(DisplayData.item("table", table.toString()).withLabel("Table"))
          .addIfNotNull(DisplayData.item("startDs", startDs).withLabel("First partition"))
          .addIfNotNull(DisplayData.item("endDs", endDs).withLabel("Last partition"));
    }
  }

  /** Replaces the partitions of a table that its input rows fall in. See {@link WarehouseIO}. */
  public static final class Write
      extends PTransform<PCollection<GenericRecord>, PCollection<String>> {

    private final Warehouse warehouse;
    private final TableName table;
    private final List<String> days;

    private Write(Warehouse warehouse, TableName table, List<String> days) {
      this.warehouse = warehouse;
      this.table = table;
      this.days = days;
    }

    /**
     * Also writes each of {@code days} that has no rows, as an empty partition. Rows of other days
     * are still written.
     */
    public Write withDays(Collection<String> days) {
      return new Write(warehouse, table, checkedDays(days));
    }

    @Override
    public PCollection<String> expand(PCollection<GenericRecord> input) {
      Coder<GenericRecord> coder = input.getCoder();
      if (!(coder instanceof AvroCoder)) {
        throw new IllegalArgumentException(
            "WarehouseIO.write needs rows with an AvroCoder (setCoder(AvroCoder.of(schema))), not "
                + coder);
      }
      Schema rowSchema = ((AvroCoder<GenericRecord>) coder).getSchema();
      if (!RowSchemas.hasStringDs(rowSchema)) {
        throw noStringDs(table, rowSchema);
      }
      Schema fileSchema = RowSchemas.withoutDs(rowSchema);
      StagingArea staging = StagingArea.create(warehouse.tableDirectory(table));
      WriteFilesResult<String> staged =
          input.apply(
              "Stage",
              FileIO.<String, GenericRecord>writeDynamic()
                  .by(new PartitionOfRow())
                  .via(
                      Contextful.fn(new ToFileRow(fileSchema.toString())),
                      new ParquetSink(fileSchema))
                  .to(staging.directory().toString())
                  .withNaming(new PartFileNaming())
                  .withDestinationCoder(StringUtf8Coder.of()));
      return commit(staged.getPerDestinationOutputFilenames(), staging, table, days, fileSchema);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      displayTable(builder, warehouse, table);
    }
  }

  /**
   * Replaces the partitions of a table that the rows of its input chunks fall in, as {@link Write}
   * does for the same rows as records: the same files, partitions, swap, {@link #withDays} and
   * output. The chunks have a {@link RowChunkCoder}, whose schema has a string {@code ds} column;
   * one chunk may hold rows of several days. The files' Avro schema is {@link
   * AvroColumns#avroSchema} of that schema without {@code ds}, the record named as the table (the
   * part after the namespace).
   *
   * <p>Each bundle writes one file per day it meets, value by value from the chunks' columns
   * ({@link ChunkFileWriter}), to a pending folder of the staging area; the swap first moves the
   * files of the bundles that succeeded into their staged partitions, so a failed attempt's files
   * are never committed. The input is in the global window (a batch).
   */
  public static final class WriteChunks
      extends PTransform<PCollection<RowChunk>, PCollection<String>> {

    private final Warehouse warehouse;
    private final TableName table;
    private final List<String> days;

    private WriteChunks(Warehouse warehouse, TableName table, List<String> days) {
      this.warehouse = warehouse;
      this.table = table;
      this.days = days;
    }

    /** As {@link Write#withDays}: each of {@code days} without rows becomes an empty partition. */
    public WriteChunks withDays(Collection<String> days) {
      return new WriteChunks(warehouse, table, checkedDays(days));
    }

    @Override
    public PCollection<String> expand(PCollection<RowChunk> input) {
      Coder<RowChunk> coder = input.getCoder();
      if (!(coder instanceof RowChunkCoder)) {
        throw new IllegalArgumentException(
            "WarehouseIO.writeChunks needs chunks with a RowChunkCoder, not " + coder);
      }
      if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
        throw new IllegalArgumentException(
            "WarehouseIO.writeChunks writes chunks of the global window, not of "
                + input.getWindowingStrategy().getWindowFn());
      }
      RowSchema rowSchema = ((RowChunkCoder) coder).schema();
      int ds = rowSchema.indexOf(DS);
      if (ds < 0 || rowSchema.column(ds).kind() != DataKind.STRING) {
        throw noStringDs(table, rowSchema);
      }
      Schema fileSchema = RowSchemas.withoutDs(AvroColumns.avroSchema(table.name(), rowSchema));
      StagingArea staging = StagingArea.create(warehouse.tableDirectory(table));
      PCollection<KV<String, String>> staged =
          input
              .apply(
                  "Stage", ParDo.of(new StageChunksFn(staging, fileSchema.toString(), rowSchema)))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
      return commit(staged, staging, table, days, fileSchema);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      displayTable(builder, warehouse, table);
    }
  }

  /** The days named by {@code withDays}: checked, sorted, once each. */
  private static List<String> checkedDays(Collection<String> days) {
    List<String> checked = new ArrayList<>();
    for (String ds : new TreeSet<>(days)) {
      checked.add(PartitionDates.check(ds));
    }
    return List.copyOf(checked);
  }

  private static IllegalArgumentException noStringDs(TableName table, Object rowSchema) {
    return new IllegalArgumentException(
        "rows written to " + table + " need a string column '" + DS + "'; schema: " + rowSchema);
  }

  /** The display data of a write: the warehouse and the table. */
  private static void displayTable(
      DisplayData.Builder builder, Warehouse warehouse, TableName table) {
    builder
        .add(DisplayData.item("warehouse", warehouse.root()).withLabel("Warehouse"))
        .add(DisplayData.item("table", table.toString()).withLabel("Table"));
  }

  /**
   * The commit of a write: once every file is written, swaps the staged partitions into the table,
   * with an empty partition for each of {@code days} without rows; gives the days written. {@code
   * files} are the written files by day, in their staged partition or pending ({@link
   * StagingArea#pendingFile}).
   */
  private static PCollection<String> commit(
      PCollection<KV<String, String>> files,
      StagingArea staging,
      TableName table,
      List<String> days,
      Schema fileSchema) {
    KvCoder<String, String> fileCoder = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    if (!days.isEmpty()) {
      List<KV<String, String>> wanted = new ArrayList<>();
      days.forEach(ds -> wanted.add(KV.of(ds, WANTED_DAY)));
      files =
          PCollectionList.of(files)
              .and(files.getPipeline().apply("Days", Create.of(wanted).withCoder(fileCoder)))
              .apply("FilesAndDays", Flatten.pCollections());
    }
    return files
        .apply("OneCommit", WithKeys.of(table.toString()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), fileCoder))
        .apply("AllFiles", GroupByKey.create())
        .apply("Swap", ParDo.of(new CommitFn(staging, fileSchema.toString())))
        .setCoder(StringUtf8Coder.of());
  }

  /** Reads one Parquet file of a partition, adding its {@code ds}. */
  private static final class ReadPartitionFileFn extends DoFn<FileIO.ReadableFile, GenericRecord> {

    private final String rowSchemaJson;
    private transient Schema rowSchema;
    private transient int dsPosition;

    ReadPartitionFileFn(String rowSchemaJson) {
      this.rowSchemaJson = rowSchemaJson;
    }

    @Setup
    public void setup() {
      rowSchema = new Schema.Parser().parse(rowSchemaJson);
      dsPosition = rowSchema.getField(DS).pos();
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<GenericRecord> out)
        throws IOException {
      String path = file.getMetadata().resourceId().toString();
      String ds =
          Warehouse.partitionOf(path)
              .orElseThrow(() -> new IllegalStateException(path + " is not in a ds= folder"));
      try (ParquetRows rows = ParquetFile.of(file.getMetadata()).openRows()) {
        RowSchemas.Projection projection = null;
        for (GenericRecord stored = rows.read(); stored != null; stored = rows.read()) {
          projection =
              projection == null
                  ? RowSchemas.Projection.of(stored.getSchema(), rowSchema)
                  : projection.from(stored.getSchema());
          GenericData.Record row = projection.apply(stored);
          row.put(dsPosition, ds);
          out.output(row);
        }
      }
    }
  }

  /**
   * A row's partition: its checked {@code ds}. A job writes few days but interleaves them (a join
   * outputs each key's rows of every day together), so each day that passed the check is kept and
   * a row of a kept day is not parsed again.
   */
  private static final class PartitionOfRow implements SerializableFunction<GenericRecord, String> {
    private transient @Nullable Set<String> checked;

    @Override
    public String apply(GenericRecord row) {
      Object ds = row.get(DS);
      if (ds == null) {
        throw new IllegalArgumentException("a row written to the warehouse has no ds: " + row);
      }
      String day = ds.toString();
      if (checked == null) {
        checked = new HashSet<>();
      }
      if (!checked.contains(day)) {
        checked.add(PartitionDates.check(day));
      }
      return day;
    }
  }

  /**
   * Writes each bundle's rows to one pending file per day, opened at the day's first row (the day
   * then checked), completed at the end of the bundle, which outputs each file by day.
   */
  private static final class StageChunksFn extends DoFn<RowChunk, KV<String, String>> {

    private final StagingArea staging;
    private final String fileSchemaJson;
    private final RowSchema rowSchema;
    private transient MessageType fileType;
    private transient int dsColumn;

    /** The last chunk schema found equal to {@link #rowSchema}. */
    private transient @Nullable RowSchema checked;

    /** The bundle's files by day, with their paths. */
    private transient @Nullable Map<String, KV<String, ChunkFileWriter>> files;

    StageChunksFn(StagingArea staging, String fileSchemaJson, RowSchema rowSchema) {
      this.staging = staging;
      this.fileSchemaJson = fileSchemaJson;
      this.rowSchema = rowSchema;
    }

    @Setup
    public void setup() {
      fileType = new AvroSchemaConverter().convert(new Schema.Parser().parse(fileSchemaJson));
      dsColumn = rowSchema.indexOf(DS);
    }

    @StartBundle
    public void startBundle() throws IOException {
      abandonFiles();
      files = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element RowChunk chunk) throws IOException {
      if (chunk.schema() != checked) {
        if (!chunk.schema().equals(rowSchema)) {
          throw new IllegalArgumentException(
              "a chunk of " + chunk.schema().names() + " does not fit schema " + rowSchema.names());
        }
        checked = chunk.schema();
      }
      Object day = null;
      ChunkFileWriter file = null;
      for (int r = 0; r < chunk.size(); r++) {
        Object ds = chunk.get(dsColumn, r);
        if (ds == null) {
          throw new IllegalArgumentException(
              "a row written to the warehouse has no ds: " + Arrays.toString(chunk.row(r, 0)));
        }
        if (!ds.equals(day)) {
          day = ds;
          file = fileOf(ds.toString());
        }
        file.write(chunk, r);
      }
    }

    private ChunkFileWriter fileOf(String ds) throws IOException {
      KV<String, ChunkFileWriter> file = files.get(ds);
      if (file == null) {
        ResourceId path = staging.pendingFile(uniqueFileName("part"));
        file =
            KV.of(
                path.toString(),
                new ChunkFileWriter(
                    FileSystems.create(path, MimeTypes.BINARY),
                    fileType,
                    fileSchemaJson,
                    rowSchema));
        files.put(PartitionDates.check(ds), file);
      }
      return file.getValue();
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      for (Map.Entry<String, KV<String, ChunkFileWriter>> file : files.entrySet()) {
        file.getValue().getValue().close();
        context.output(
            KV.of(file.getKey(), file.getValue().getKey()),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
      files = null;
    }

    @Teardown
    public void teardown() throws IOException {
      abandonFiles();
    }

    /** Closes the files a failed bundle left open; they stay pending, never committed. */
    private void abandonFiles() throws IOException {
      if (files != null) {
        for (KV<String, ChunkFileWriter> file : files.values()) {
          file.getValue().abandon();
        }
        files = null;
      }
    }
  }

  /**
   * A row as stored: without {@code ds}. When {@code ds} is the row's last column the row itself is
   * returned, not a copy: Parquet's Avro writer reads each field of the file schema by position
   * ({@code GenericData.getField(record, name, position)}), so the trailing {@code ds} is not read.
   */
  private static final class ToFileRow
      implements SerializableFunction<GenericRecord, GenericRecord> {

    private final String fileSchemaJson;
    private transient RowSchemas.@Nullable Projection projection;
    private transient boolean isPrefix;

    ToFileRow(String fileSchemaJson) {
      this.fileSchemaJson = fileSchemaJson;
    }

    @Override
    public GenericRecord apply(GenericRecord row) {
      RowSchemas.Projection last = projection;
      projection =
          last == null
              ? RowSchemas.Projection.of(row.getSchema(), new Schema.Parser().parse(fileSchemaJson))
              : last.from(row.getSchema());
      if (projection != last) {
        isPrefix = projection.isPrefix();
      }
      return isPrefix ? row : projection.apply(row);
    }
  }

  /**
   * Names staged files {@code ds=<date>/part-<shard>-of-<shards>-<uuid>.parquet}. The random part
   * keeps names unique: with runner-determined sharding, Beam numbers the files of a destination
   * per group of bundles it finalizes together, and on Spark several groups of one partition each
   * had a {@code part-00000-of-00001}, so later files overwrote earlier ones.
   */
  private static final class PartFileNaming
      implements SerializableFunction<String, FileIO.Write.FileNaming> {
    @Override
    public FileIO.Write.FileNaming apply(String ds) {
      return new UniqueFileNaming(
          FileIO.Write.defaultNaming(PartitionDates.folderName(ds) + "/part", ""));
    }
  }

  /** A shard's default name with a random suffix, then {@code .parquet}. */
  private static final class UniqueFileNaming implements FileIO.Write.FileNaming {
    private final FileIO.Write.FileNaming shards;

    UniqueFileNaming(FileIO.Write.FileNaming shards) {
      this.shards = shards;
    }

    @Override
    public String getFilename(
        BoundedWindow window,
        PaneInfo pane,
        int numShards,
        int shardIndex,
        Compression compression) {
      return uniqueFileName(shards.getFilename(window, pane, numShards, shardIndex, compression));
    }
  }

  /** {@code <stem>-<random uuid>.parquet}: the name of a written file, unique to its writer. */
  private static String uniqueFileName(String stem) {
    return stem + "-" + UUID.randomUUID() + ".parquet";
  }

  /**
   * Swaps every staged partition into the table, once all are staged. Pending files are first moved
   * into their staged partitions. A wanted day ({@link #WANTED_DAY} instead of a file name) that
   * has no staged file is staged first as one empty file.
   */
  private static final class CommitFn
      extends DoFn<KV<String, Iterable<KV<String, String>>>, String> {

    private final StagingArea staging;
    private final String fileSchemaJson;

    CommitFn(StagingArea staging, String fileSchemaJson) {
      this.staging = staging;
      this.fileSchemaJson = fileSchemaJson;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<String, String>>> stagedFiles, OutputReceiver<String> out)
        throws IOException {
      TreeSet<String> days = new TreeSet<>();
      Map<String, List<String>> withRows = new TreeMap<>();
      for (KV<String, String> file : stagedFiles.getValue()) {
        days.add(file.getKey());
        if (!file.getValue().equals(WANTED_DAY)) {
          withRows.computeIfAbsent(file.getKey(), ds -> new ArrayList<>()).add(file.getValue());
        }
      }
      Schema fileSchema = new Schema.Parser().parse(fileSchemaJson);
      for (String ds : days) {
        if (withRows.containsKey(ds)) {
          staging.place(ds, withRows.get(ds));
        } else {
          writeEmptyFile(ds, fileSchema);
        }
      }
      staging.recoverAbandoned();
      for (String ds : days) {
        staging.commit(ds);
      }
      staging.delete();
      days.forEach(out::output);
    }

    private void writeEmptyFile(String ds, Schema fileSchema) throws IOException {
      ResourceId file =
          staging
              .directory()
              .resolve(PartitionDates.folderName(ds), StandardResolveOptions.RESOLVE_DIRECTORY)
              .resolve("part-empty.parquet", StandardResolveOptions.RESOLVE_FILE);
      ParquetSink sink = new ParquetSink(fileSchema);
      try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY)) {
        sink.open(channel);
        sink.flush();
      }
    }
  }
}
