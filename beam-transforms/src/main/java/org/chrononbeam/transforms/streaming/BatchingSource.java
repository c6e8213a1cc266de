package org.chrononbeam.transforms.streaming;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.metrics.BoundedTrie;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.metrics.StringSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * An {@link UnboundedSource} of batches of another one's records: each element is the records its
 * reader has ready, in order, up to {@code maxBatch} and up to {@link #MAX_FILL_NANOS} of reading;
 * and the Beam metrics that reader updates while
 * reading are discarded. Splits, checkpoint marks and their finalization, watermarks and backlog are
 * the wrapped source's: a batch is output whole before the runner can take a checkpoint mark, so
 * the mark (the wrapped reader's, after the batch's last record) covers exactly the records output.
 * An element's timestamp is that of its last record.
 *
 * <p>Why: the Flink runner, after every {@code advance} of a source's reader, re-exports the Beam
 * metrics of every step of the source's operator chain to Flink (it builds all their metric
 * results, record by record); then each element pays Beam's per-element layer (windowed value,
 * metrics scope, DoFn invoker) on the next step. With KafkaIO's reader that was half of the
 * streaming job's source thread (JFR, see docs/BENCHMARKS.md, session 4). A batch pays both once.
 * KafkaIO's per-record reader metrics (elements and bytes read per split, a {@code rawSize}
 * distribution per partition, backlog gauges) are dropped; the messages read are still counted, by
 * {@link StreamingProjection#MESSAGE_COUNT}.
 *
 * <p>The wrapped source must not require deduplication by record id (KafkaIO's does not): batches
 * have no record ids.
 */
final class BatchingSource<T, C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<List<T>, C> {

  /**
   * How long a batch is filled at most, so that records arriving in a trickle (each {@code advance}
   * of KafkaIO's reader waits a few milliseconds for the consumer's next poll) are not held back
   * until a full batch: a batch's first record waits at most this plus one such wait.
   */
  static final long MAX_FILL_NANOS = 5_000_000L;

  private final UnboundedSource<T, C> source;
  private final int maxBatch;

  /**
   * Batches of up to {@code maxBatch} records of {@code source}.
   *
   * @throws IllegalArgumentException if {@code maxBatch} is not positive or {@code source} requires
   *     deduplication
   */
  BatchingSource(UnboundedSource<T, C> source, int maxBatch) {
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("batches hold at least one record, found " + maxBatch);
    }
    if (source.requiresDeduping() || source.offsetBasedDeduplicationSupported()) {
      throw new IllegalArgumentException("cannot batch a source that is deduplicated by record");
    }
    this.source = source;
    this.maxBatch = maxBatch;
  }

  @Override
  public List<BatchingSource<T, C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<BatchingSource<T, C>> splits = new ArrayList<>();
    for (UnboundedSource<T, C> split : source.split(desiredNumSplits, options)) {
      splits.add(new BatchingSource<>(split, maxBatch));
    }
    return splits;
  }

  @Override
  public UnboundedReader<List<T>> createReader(PipelineOptions options, @Nullable C checkpointMark)
      throws IOException {
    return new Reader(source.createReader(options, checkpointMark));
  }

  @Override
  public Coder<C> getCheckpointMarkCoder() {
    return source.getCheckpointMarkCoder();
  }

  @Override
  public Coder<List<T>> getOutputCoder() {
    return ListCoder.of(source.getOutputCoder());
  }

  @Override
  public void validate() {
    source.validate();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    source.populateDisplayData(builder);
    builder.add(DisplayData.item("maxBatch", maxBatch).withLabel("Records per element, at most"));
  }

  /** Reads the wrapped reader's ready records into batches, its metrics discarded. */
  private final class Reader extends UnboundedReader<List<T>> {

    private final UnboundedReader<T> reader;
    private @Nullable List<T> batch;
    private @Nullable Instant timestamp;

    Reader(UnboundedReader<T> reader) {
      this.reader = reader;
    }

    @Override
    public boolean start() throws IOException {
      try (Closeable discarding = MetricsEnvironment.scopedMetricsContainer(Discarded.CONTAINER)) {
        return fill(reader.start());
      }
    }

    @Override
    public boolean advance() throws IOException {
      try (Closeable discarding = MetricsEnvironment.scopedMetricsContainer(Discarded.CONTAINER)) {
        return fill(reader.advance());
      }
    }

    /** Starts a batch with the current record if {@code available}, then adds the ready ones. */
    private boolean fill(boolean available) throws IOException {
      if (!available) {
        batch = null;
        timestamp = null;
        return false;
      }
      List<T> records = new ArrayList<>(Math.min(maxBatch, 64));
      records.add(reader.getCurrent());
      timestamp = reader.getCurrentTimestamp();
      long started = System.nanoTime();
      while (records.size() < maxBatch && System.nanoTime() - started < MAX_FILL_NANOS
          && reader.advance()) {
        records.add(reader.getCurrent());
        timestamp = reader.getCurrentTimestamp();
      }
      batch = records;
      return true;
    }

    @Override
    public List<T> getCurrent() throws NoSuchElementException {
      if (batch == null) {
        throw new NoSuchElementException("no batch read");
      }
      return batch;
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      if (timestamp == null) {
        throw new NoSuchElementException("no batch read");
      }
      return timestamp;
    }

    @Override
    public Instant getWatermark() {
      return reader.getWatermark();
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return reader.getCheckpointMark();
    }

    @Override
    public long getSplitBacklogBytes() {
      return reader.getSplitBacklogBytes();
    }

    @Override
    public long getTotalBacklogBytes() {
      return reader.getTotalBacklogBytes();
    }

    @Override
    public UnboundedSource<List<T>, ?> getCurrentSource() {
      return BatchingSource.this;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** A metrics container whose every metric does nothing. */
  private static final class Discarded
      implements MetricsContainer, Counter, Distribution, Gauge, StringSet, BoundedTrie {

    static final Discarded CONTAINER = new Discarded();
    private static final MetricName NAME = MetricName.named(Discarded.class, "discarded");

    @Override
    public Counter getCounter(MetricName metricName) {
      return this;
    }

    @Override
    public Distribution getDistribution(MetricName metricName) {
      return this;
    }

    @Override
    public Gauge getGauge(MetricName metricName) {
      return this;
    }

    @Override
    public StringSet getStringSet(MetricName metricName) {
      return this;
    }

    @Override
    public BoundedTrie getBoundedTrie(MetricName metricName) {
      return this;
    }

    @Override
    public MetricName getName() {
      return NAME;
    }

    @Override
    public void inc() {}

    @Override
    public void inc(long n) {}

    @Override
    public void dec() {}

    @Override
    public void dec(long n) {}

    @Override
    public void update(long value) {}

    @Override
    public void update(long sum, long count, long min, long max) {}

    @Override
    public void set(long value) {}

    @Override
    public void add(String value) {}

    @Override
    public void add(String... values) {}

    @Override
    public void add(Iterable<String> values) {}
  }
}
