package org.chrononbeam.runners;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.model.stream.StreamDeclaration;
import org.chrononbeam.model.stream.StreamFormat;
import org.chrononbeam.transforms.streaming.DeadLetterWrite;
import org.chrononbeam.transforms.streaming.KafkaEventRead;
import org.chrononbeam.transforms.streaming.StreamingProjection;
import org.chrononbeam.transforms.streaming.TileUpdates;
import org.chrononbeam.transforms.upload.ServingColumns;
import org.chrononbeam.transforms.upload.StreamingRowsWrite;

/**
 * The pipeline behind {@code chronon streaming} and {@code chronon local-streaming}: a GroupBy's
 * topic read with KafkaIO, projected by {@link StreamingProjection}, written untiled ({@link
 * StreamingRowsWrite}) or tiled ({@link TileUpdates}) into {@code <NAME>_STREAMING}, dead letters
 * to a topic, and, for {@code local-streaming}, each write printed.
 *
 * @param groupBy the GroupBy
 * @param declaration its stream schema and format
 * @param bootstrapServers the Kafka brokers
 * @param topic the topic read (the GroupBy's, unless the command line names another)
 * @param consumerGroup the consumer group whose committed offsets the read resumes from
 * @param tiled whether to write tiles (the GroupBy must set {@code enable_tiling}) or rows
 * @param kvSpec the KV store written, or null to write nothing (local-streaming without --kv)
 * @param deadLetterTopic where malformed messages go, or null to only count them
 * @param maxRecords stop after this many messages; 0 = run until stopped
 * @param print whether to print each write to standard output
 */
record StreamingJob(
    GroupBy groupBy,
    StreamDeclaration declaration,
    String bootstrapServers,
    String topic,
    String consumerGroup,
    boolean tiled,
    @Nullable String kvSpec,
    @Nullable String deadLetterTopic,
    long maxRecords,
    boolean print) {

  /** The consumer group a GroupBy's job uses unless told otherwise. */
  static String defaultConsumerGroup(GroupBy groupBy) {
    return "chronon-streaming-" + groupBy.getMetaData().getName();
  }

  /**
   * The stream declaration of {@code schemaFile} (Avro schema JSON) when given, else of the
   * GroupBy's customJson; {@code format} when given replaces the declared format.
   */
  static StreamDeclaration declaration(GroupBy groupBy, @Nullable Path schemaFile,
      @Nullable String format) {
    StreamDeclaration declared;
    if (schemaFile != null) {
      try {
        declared = StreamDeclaration.of(Files.readString(schemaFile),
            format == null ? StreamFormat.JSON : StreamFormat.of(format));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the schema file " + schemaFile, e);
      }
    } else {
      declared = StreamDeclaration.of(groupBy);
    }
    return format == null ? declared : new StreamDeclaration(declared.schema(), StreamFormat.of(format));
  }

  /**
   * Checks the job against the GroupBy (tiling as the fetcher will read it) and creates the
   * {@code _STREAMING} dataset when writing to a store.
   *
   * @throws IllegalArgumentException if the GroupBy streams entity mutations tiled, its tiling and
   *     {@code tiled} disagree, or it cannot be streamed
   */
  void prepare() {
    boolean tilingEnabled = TileUpdates.tilingEnabled(groupBy);
    if ((tiled || tilingEnabled) && StreamingProjection.of(groupBy, declaration.decoder())
        .rowSchema().indexOf(QueryCompiler.REVERSAL_COLUMN) >= 0) {
      throw new IllegalArgumentException("GroupBy " + groupBy.getMetaData().getName()
          + " streams entity mutations, which tiles cannot retract (Chronon's tiles have no"
          + " mutations): stream it untiled, without \"enable_tiling\"");
    }
    if (tilingEnabled != tiled) {
      throw new IllegalArgumentException("GroupBy " + groupBy.getMetaData().getName()
          + (tilingEnabled
              ? " sets \"enable_tiling\": true, so the fetcher reads tiles: pass --tiled"
              : " does not set \"enable_tiling\": true, so the fetcher reads rows: drop --tiled"));
    }
    if (kvSpec != null) {
      try (KvStore store = KvStores.open(kvSpec)) {
        store.create(KvLayout.streamingDataset(groupBy.getMetaData().getName()));
      }
    }
  }

  /** The pipeline, built on {@code options}. */
  Pipeline pipeline(PipelineOptions options) {
    StreamingProjection projection = StreamingProjection.of(groupBy, declaration.decoder());
    RowSchema rows = projection.rowSchema();
    Pipeline pipeline = Pipeline.create(options);
    KafkaEventRead read = KafkaEventRead.from(bootstrapServers, topic).withConsumerGroup(consumerGroup);
    PCollectionTuple projected = pipeline
        .apply(maxRecords > 0 ? read.withMaxRecords(maxRecords) : read)
        .apply("Project", tiled ? projection.batched() : projection);
    if (deadLetterTopic != null) {
      projected.get(StreamingProjection.DEAD_LETTERS)
          .apply("DeadLetters", DeadLetterWrite.toTopic(bootstrapServers, deadLetterTopic));
    }
    String name = groupBy.getMetaData().getName();
    if (tiled) {
      TileUpdates tileUpdates = TileUpdates.of(groupBy, rows);
      PCollection<List<PutRequest>> tiles = projected.get(StreamingProjection.ROW_BATCHES)
          .apply("Tiles", kvSpec == null ? tileUpdates : tileUpdates.writingTo(kvSpec));
      if (print) {
        tiles.apply("Each tile", Flatten.iterables())
            .apply("Print", ParDo.of(new PrintTileFn(groupBy, rows)));
      }
    } else {
      PCollection<Object[]> selected = projected.get(StreamingProjection.ROWS);
      StreamingRowsWrite write = StreamingRowsWrite.of(groupBy, rows);
      if (kvSpec != null) {
        selected.apply("Write rows", write.withKvStore(kvSpec));
      }
      if (print) {
        selected.apply("Print", ParDo.of(new PrintRowFn(ServingColumns.of(groupBy, rows),
            KvLayout.streamingDataset(name), groupBy.getKeyColumns(), rows)));
      }
    }
    return pipeline;
  }

  /** Prints an untiled write: the row's keys and input values at its ts. */
  private static final class PrintRowFn extends DoFn<Object[], Void> {
    private final ServingColumns columns;
    private final String dataset;
    private final int[] keyIndices;
    private final List<String> keyColumns;

    PrintRowFn(ServingColumns columns, String dataset, List<String> keyColumns, RowSchema rows) {
      this.columns = columns;
      this.dataset = dataset;
      this.keyColumns = List.copyOf(keyColumns);
      this.keyIndices = keyColumns.stream().mapToInt(rows::indexOf).toArray();
    }

    @ProcessElement
    public void process(@Element Object[] row) {
      Long ts = columns.streamingTime(row);
      if (ts == null || columns.keyBytes(row) == null) {
        return;
      }
      Map<String, Object> keys = new LinkedHashMap<>();
      for (int k = 0; k < keyIndices.length; k++) {
        keys.put(keyColumns.get(k), row[keyIndices[k]]);
      }
      Map<String, Object> values = new LinkedHashMap<>();
      Object[] inputs = columns.inputValues(row);
      for (int i = 0; i < inputs.length; i++) {
        values.put(columns.inputNames().get(i), inputs[i]);
      }
      System.out.println("put " + dataset + " keys=" + keys + " values=" + values
          + (columns.streamsMutations() ? " is_before=" + columns.isBefore(row) : "")
          + " ts=" + Instant.ofEpochMilli(ts));
    }
  }

  /** Prints a tiled write: the tile's keys, start and values (each column's IR finalized). */
  private static final class PrintTileFn extends DoFn<PutRequest, Void> {
    private final GroupBy groupBy;
    private final RowSchema rows;
    private transient KeyCodec keys;
    private transient WindowedAggregation aggregation;
    private transient TileCodec tiles;
    private transient List<String> names;

    PrintTileFn(GroupBy groupBy, RowSchema rows) {
      this.groupBy = ThriftJson.copy(groupBy);
      this.rows = rows;
    }

    @Setup
    public void setup() {
      Map<String, DataKind> kinds = new LinkedHashMap<>();
      for (String key : groupBy.getKeyColumns()) {
        kinds.put(key, rows.column(rows.indexOf(key)).kind());
      }
      keys = KeyCodec.of(groupBy.getKeyColumns(), kinds);
      aggregation = WindowedAggregation.of(ServingColumns.of(groupBy, rows).inputSchema(),
          groupBy.getAggregations(), InferredAccuracy.of(groupBy), false);
      tiles = new TileCodec(aggregation.rows());
      names = new ArrayList<>();
      for (int c = 0; c < aggregation.rows().size(); c++) {
        Aggregation source = aggregation.rows().aggregation(c);
        names.add(source.getInputColumn() + "_"
            + OutputColumns.operationName(source.getOperation(), source.getArgMap()));
      }
    }

    @ProcessElement
    public void process(@Element PutRequest put) {
      Tile tile = tiles.decode(put.valueBytes());
      Object[] finalized = aggregation.rows().finalize(tile.irs());
      Map<String, Object> values = new LinkedHashMap<>();
      for (int c = 0; c < finalized.length; c++) {
        values.put(names.get(c), finalized[c]);
      }
      System.out.println("put " + put.dataset() + " keys=" + keys.decode(put.keyBytes())
          + " tile=" + Instant.ofEpochMilli(tile.start()) + " values=" + values
          + " ts=" + Instant.ofEpochMilli(put.tsMillis()));
    }
  }
}
