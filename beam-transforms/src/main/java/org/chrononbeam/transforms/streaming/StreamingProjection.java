package org.chrononbeam.transforms.streaming;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.CompiledQuery;
import org.chrononbeam.expressions.QueryCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.stream.DecodeException;
import org.chrononbeam.model.stream.Mutation;
import org.chrononbeam.model.stream.StreamDecoder;
import org.chrononbeam.transforms.source.AvroColumns;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.ValuesCoder;
import org.chrononbeam.transforms.warehouse.PartitionDates;

/**
 * Turns a GroupBy's topic messages, in batches as {@link KafkaEventRead} reads them, into its
 * source rows: each message is decoded by a {@link
 * StreamDecoder} into rows of the declared stream schema (an insert through its {@link
 * StreamDecoder#decodeInsertValues} fast path when it takes the message), and each row goes
 * through the source's {@link Query} compiled by the same {@link QueryCompiler} as the backfill,
 * over the columns {@link AvroColumns#rowSchema} gives the schema (as {@code SourceRead} does for a
 * table's schema). The rows come out in the backfill's layout, so the backfill's and upload's
 * transforms take them unchanged.
 *
 * <pre>{@code
 * StreamingProjection projection = StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
 * PCollectionTuple out = pipeline
 *     .apply(KafkaEventRead.from("127.0.0.1:9092", projection.topic()))
 *     .apply(projection);
 * PCollection<Object[]> rows = out.get(StreamingProjection.ROWS);          // laid out by rowSchema()
 * out.get(StreamingProjection.DEAD_LETTERS).apply(DeadLetterWrite.toTopic(bootstrap, "dlq"));
 * }</pre>
 *
 * <p>Which source: the GroupBy's first source with a topic ({@code events.topic} or {@code
 * entities.mutationTopic}). Rows: the query's output columns, then {@code ds} (the UTC date of
 * {@code ts}) unless selected, then, for an entities source, {@code is_before} unless selected. An
 * events message must be an insert; an entities message gives its before row ({@code is_before}
 * true) and its after row ({@code is_before} false, or the query's value).
 *
 * <p>Malformed messages never stop the pipeline and are never dropped silently: a message that
 * cannot be decoded, holds a row of another schema, makes the query fail or has a null {@code ts}
 * becomes one {@link DeadLetter} with the reason (prefixed {@code decode:}, {@code schema:}, {@code
 * query:} or {@code ts:}) on {@link #DEAD_LETTERS}, and is counted in {@value #DEAD_LETTER_COUNT}.
 * None of its rows is output. Rows the {@code wheres} reject are counted in {@value
 * #FILTERED_COUNT}. All counters are in namespace {@value RowCounts#NAMESPACE}.
 */
public final class StreamingProjection
    extends PTransform<PCollection<List<KafkaRecord<byte[], byte[]>>>, PCollectionTuple> {

  /** The projected rows, laid out by {@link #rowSchema()}. */
  public static final TupleTag<Object[]> ROWS = new TupleTag<>() {};

  /**
   * The projected rows of each batch of messages as one list, laid out by {@link #rowSchema()}: a
   * {@link #batched()} projection's output instead of {@link #ROWS}.
   */
  public static final TupleTag<List<Object[]>> ROW_BATCHES = new TupleTag<>() {};

  /** The messages that could not be projected. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** The counter of messages read. */
  public static final String MESSAGE_COUNT = "streamMessages";

  /** The counter of rows output. */
  public static final String ROW_COUNT = "streamRows";

  /** The counter of rows the query's wheres rejected. */
  public static final String FILTERED_COUNT = "streamRowsFiltered";

  /** The counter of dead letters. */
  public static final String DEAD_LETTER_COUNT = "deadLetters";

  private static final long DAY_MILLIS = 86_400_000L;

  private final String name;
  private final Source source;
  private final StreamDecoder decoder;
  private final CompiledQuery query;
  private final boolean batched;

  private StreamingProjection(
      String name, Source source, StreamDecoder decoder, CompiledQuery query, boolean batched) {
    this.name = name;
    this.source = source;
    this.decoder = decoder;
    this.query = query;
    this.batched = batched;
  }

  /**
   * Projects the messages of {@code groupBy}'s topic, decoded by {@code decoder}.
   *
   * @throws IllegalArgumentException if the GroupBy has no name or no source with a topic, or its
   *     query does not compile over the decoder's schema or produces no {@code ts}
   */
  public static StreamingProjection of(GroupBy groupBy, StreamDecoder decoder) {
    if (groupBy == null || groupBy.getMetaData() == null || !groupBy.getMetaData().isSetName()) {
      throw new IllegalArgumentException("StreamingProjection needs a GroupBy with a name");
    }
    if (decoder == null) {
      throw new IllegalArgumentException("StreamingProjection needs a decoder");
    }
    String name = groupBy.getMetaData().getName();
    Source source = streamedSource(groupBy);
    Query query = source.isSetEvents() ? source.getEvents().getQuery() : source.getEntities().getQuery();
    CompiledQuery compiled = QueryCompiler.compile(
        name, query == null ? new Query() : query, AvroColumns.rowSchema(decoder.schema()));
    if (compiled.outputSchema().indexOf(QueryCompiler.TIME_COLUMN) < 0) {
      throw new IllegalArgumentException("GroupBy " + name
          + ": the streamed query produces no ts; set its timeColumn");
    }
    return new StreamingProjection(name, source, decoder, compiled, false);
  }

  /**
   * This projection with each batch's rows output as one list on {@link #ROW_BATCHES} (none for a
   * batch without rows) instead of one element per row on {@link #ROWS}: for a step that takes
   * many rows at a time, without the runner's per-element work for every row.
   */
  public StreamingProjection batched() {
    return new StreamingProjection(name, source, decoder, query, true);
  }

  /**
   * The topic of the GroupBy's first streamed source: {@code events.topic} or {@code
   * entities.mutationTopic}, without a {@code kafka://} scheme and {@code /param=value} suffixes
   * (Chronon's topic notation).
   */
  public static String topicOf(GroupBy groupBy) {
    return topicOf(streamedSource(groupBy));
  }

  /** The topic this projection's source reads (see {@link #topicOf}). */
  public String topic() {
    return topicOf(source);
  }

  /** The columns of the output rows: the query's, then {@code ds} and {@code is_before} if missing. */
  public RowSchema rowSchema() {
    List<Column> columns = new ArrayList<>(query.outputSchema().columns());
    if (query.outputSchema().indexOf(PartitionDates.DS) < 0) {
      columns.add(Column.of(PartitionDates.DS, DataKind.STRING));
    }
    if (source.isSetEntities() && query.outputSchema().indexOf(QueryCompiler.REVERSAL_COLUMN) < 0) {
      columns.add(Column.of(QueryCompiler.REVERSAL_COLUMN, DataKind.BOOLEAN));
    }
    return RowSchema.of(columns);
  }

  @Override
  public PCollectionTuple expand(PCollection<List<KafkaRecord<byte[], byte[]>>> messages) {
    RowSchema rows = rowSchema();
    PCollectionTuple out = messages.apply("Decode and query", ParDo.of(new ProjectFn(this, rows))
        .withOutputTags(DEAD_LETTERS, TupleTagList.of(batched ? ROW_BATCHES : ROWS)));
    if (batched) {
      out.get(ROW_BATCHES).setCoder(ListCoder.of(ValuesCoder.of(rows)));
    } else {
      out.get(ROWS).setCoder(ValuesCoder.of(rows));
    }
    out.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("groupBy", name).withLabel("GroupBy"))
        .add(DisplayData.item("topic", topic()).withLabel("Topic"))
        .add(DisplayData.item("decoder", decoder.getClass().getSimpleName()).withLabel("Decoder"))
        .add(DisplayData.item("schema", decoder.schema().getFullName()).withLabel("Stream schema"))
        .add(DisplayData.item("batched", batched).withLabel("Rows in batches"));
  }

  private static String topicOf(Source source) {
    String topic = source.isSetEvents()
        ? source.getEvents().getTopic()
        : source.getEntities().getMutationTopic();
    String bare = topic.startsWith("kafka://") ? topic.substring("kafka://".length()) : topic;
    int slash = bare.indexOf('/');
    return slash < 0 ? bare : bare.substring(0, slash);
  }

  private static Source streamedSource(GroupBy groupBy) {
    if (groupBy.isSetSources()) {
      for (Source source : groupBy.getSources()) {
        if (source.isSetEvents() && source.getEvents().isSetTopic()
            || source.isSetEntities() && source.getEntities().isSetMutationTopic()) {
          return source;
        }
      }
    }
    String name = groupBy.getMetaData() == null ? "?" : groupBy.getMetaData().getName();
    throw new IllegalArgumentException("GroupBy " + name
        + " has no source with a topic (events.topic or entities.mutationTopic)");
  }

  /**
   * Decodes each message of a batch and runs the query on each of its rows; outputs the rows one
   * by one, or the batch's rows as one list.
   */
  private static final class ProjectFn extends DoFn<List<KafkaRecord<byte[], byte[]>>, DeadLetter> {

    private final StreamDecoder decoder;
    private final CompiledQuery query;
    private final Schema schema;
    private final boolean entities;
    private final boolean batched;
    private final int width;
    private final int tsIndex;
    private final int dsIndex;
    private final int isBeforeIndex;
    private final Counter messages = Metrics.counter(RowCounts.NAMESPACE, MESSAGE_COUNT);
    private final Counter rowsOut = Metrics.counter(RowCounts.NAMESPACE, ROW_COUNT);
    private final Counter filtered = Metrics.counter(RowCounts.NAMESPACE, FILTERED_COUNT);
    private final Counter deadLetters = Metrics.counter(RowCounts.NAMESPACE, DEAD_LETTER_COUNT);
    private final List<Object[]> rows = new ArrayList<>(2);
    private long filteredCount;
    private long dsDay = Long.MIN_VALUE;
    private String ds = "";

    ProjectFn(StreamingProjection projection, RowSchema rows) {
      this.decoder = projection.decoder;
      this.query = projection.query;
      this.schema = projection.decoder.schema();
      this.entities = projection.source.isSetEntities();
      this.batched = projection.batched;
      this.width = rows.size();
      this.tsIndex = rows.indexOf(QueryCompiler.TIME_COLUMN);
      int ds = rows.indexOf(PartitionDates.DS);
      this.dsIndex = ds < query.outputSchema().size() ? -1 : ds;
      this.isBeforeIndex = rows.indexOf(QueryCompiler.REVERSAL_COLUMN);
    }

    @ProcessElement
    public void process(
        @Element List<KafkaRecord<byte[], byte[]>> batch, MultiOutputReceiver out) {
      OutputReceiver<Object[]> rowOut = batched ? null : out.get(ROWS);
      List<Object[]> batchRows = batched ? new ArrayList<>(batch.size()) : null;
      long rowCount = 0;
      long deadLetterCount = 0;
      filteredCount = 0;
      for (KafkaRecord<byte[], byte[]> message : batch) {
        byte[] payload = message.getKV().getValue();
        rows.clear();
        String failure = payload == null ? "decode: the message has no value" : project(payload, rows);
        if (failure != null) {
          deadLetterCount++;
          out.get(DEAD_LETTERS).output(new DeadLetter(message.getTopic(), message.getPartition(),
              message.getOffset(), payload == null ? new byte[0] : payload, failure));
          continue;
        }
        if (batched) {
          batchRows.addAll(rows);
        } else {
          for (Object[] row : rows) {
            rowOut.output(row);
          }
        }
        rowCount += rows.size();
      }
      rows.clear();
      if (batched && !batchRows.isEmpty()) {
        out.get(ROW_BATCHES).output(batchRows);
      }
      messages.inc(batch.size());
      inc(rowsOut, rowCount);
      inc(deadLetters, deadLetterCount);
      inc(filtered, filteredCount);
    }

    private static void inc(Counter counter, long count) {
      if (count > 0) {
        counter.inc(count);
      }
    }

    /** Fills {@code rows}; the reason the message is malformed, or null. */
    private String project(byte[] payload, List<Object[]> rows) {
      Object[] values = decoder.decodeInsertValues(payload);
      if (values != null) {
        return project(values, false, rows);
      }
      Mutation mutation;
      try {
        mutation = decoder.decode(payload);
      } catch (DecodeException e) {
        return "decode: " + e.getMessage();
      }
      if (!entities && mutation.before() != null) {
        return "decode: an events topic carries inserts; the message has a before row";
      }
      String failure = mutation.before() == null ? null : project(mutation.before(), true, rows);
      if (failure == null && mutation.after() != null) {
        failure = project(mutation.after(), false, rows);
      }
      return failure;
    }

    private String project(GenericRecord record, boolean isBefore, List<Object[]> rows) {
      if (!schema.equals(record.getSchema())) {
        return "schema: the decoder returned a " + record.getSchema().getFullName()
            + " record, not the stream schema " + schema.getFullName();
      }
      return project(AvroColumns.toValues(record), isBefore, rows);
    }

    private String project(Object[] values, boolean isBefore, List<Object[]> rows) {
      Object[] row = new Object[width];
      try {
        if (!query.apply(values, row)) {
          filteredCount++;
          return null;
        }
      } catch (RuntimeException e) {
        return "query: " + e;
      }
      Object ts = row[tsIndex];
      if (ts == null) {
        return "ts: the query's ts is null";
      }
      if (dsIndex >= 0) {
        row[dsIndex] = dsOf(Math.floorDiv((Long) ts, DAY_MILLIS));
      }
      if (entities && (isBefore || row[isBeforeIndex] == null)) {
        row[isBeforeIndex] = isBefore;
      }
      rows.add(row);
      return null;
    }

    /** The {@code ds} of epoch day {@code day}; the last one is kept, as a message's rows share it. */
    private String dsOf(long day) {
      if (day != dsDay) {
        ds = LocalDate.ofEpochDay(day).toString();
        dsDay = day;
      }
      return ds;
    }
  }
}
