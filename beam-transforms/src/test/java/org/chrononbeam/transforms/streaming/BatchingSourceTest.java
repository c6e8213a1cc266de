package org.chrononbeam.transforms.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchingSource} against its reference, the wrapped source read record by record: on random
 * records with random "nothing ready yet" gaps and batch sizes, the batches hold exactly the
 * records, in order, never more than the size; a reader restored from a checkpoint mark taken
 * between any two batches continues with exactly the records after the last batch output.
 */
class BatchingSourceTest {

  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();

  @Test
  void batchesHoldTheRecordsInOrderAndResumeFromAnyCheckpoint() throws IOException {
    Random random = new Random(6);
    for (int round = 0; round < 200; round++) {
      int count = random.nextInt(60);
      List<Long> records = new ArrayList<>();
      boolean[] gapBefore = new boolean[count + 1];
      for (int i = 0; i < count; i++) {
        records.add(random.nextLong());
        gapBefore[i] = random.nextInt(4) == 0;
      }
      int maxBatch = 1 + random.nextInt(8);
      Script script = new Script(records, gapBefore);
      BatchingSource<Long, Mark> source = new BatchingSource<>(new ScriptedSource(script), maxBatch);

      List<Long> read = new ArrayList<>();
      UnboundedSource.UnboundedReader<List<Long>> reader = source.createReader(OPTIONS, null);
      boolean available = reader.start();
      int stopAfter = random.nextInt(count + 1);
      Mark mark = null;
      for (int calls = 0; calls < 4 * count + 8 && read.size() < count; calls++) {
        if (available) {
          List<Long> batch = reader.getCurrent();
          assertTrue(!batch.isEmpty() && batch.size() <= maxBatch, "batch size " + batch.size());
          assertEquals(Instant.ofEpochMilli(read.size() + batch.size() - 1),
              reader.getCurrentTimestamp(), "a batch's timestamp is its last record's");
          read.addAll(batch);
          if (mark == null && read.size() >= stopAfter) {
            mark = (Mark) reader.getCheckpointMark();
            assertEquals(read.size(), mark.next(), "the mark covers exactly the records output");
          }
        }
        available = reader.advance();
      }
      assertEquals(records, read, "round " + round);

      if (mark != null) {
        List<Long> resumed = new ArrayList<>();
        UnboundedSource.UnboundedReader<List<Long>> restored = source.createReader(OPTIONS, mark);
        available = restored.start();
        for (int calls = 0; calls < 4 * count + 8 && mark.next() + resumed.size() < count; calls++) {
          if (available) {
            resumed.addAll(restored.getCurrent());
          }
          available = restored.advance();
        }
        assertEquals(records.subList((int) mark.next(), count), resumed, "round " + round);
      }
    }
  }

  @Test
  void noCurrentBatchWhenNothingIsReady() throws IOException {
    Script script = new Script(List.of(1L), new boolean[] {true, false});
    UnboundedSource.UnboundedReader<List<Long>> reader =
        new BatchingSource<>(new ScriptedSource(script), 4).createReader(OPTIONS, null);
    assertFalse(reader.start());
    assertThrows(NoSuchElementException.class, reader::getCurrent);
    assertTrue(reader.advance());
    assertEquals(List.of(1L), reader.getCurrent());
  }

  @Test
  void aTrickleOfRecordsIsNotHeldBackForAFullBatch() throws IOException {
    List<Long> records = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      records.add(i);
    }
    Script script = new Script(records, new boolean[41], 1);
    UnboundedSource.UnboundedReader<List<Long>> reader =
        new BatchingSource<>(new ScriptedSource(script), 1000).createReader(OPTIONS, null);
    long started = System.nanoTime();
    assertTrue(reader.start());
    long elapsed = System.nanoTime() - started;
    int size = reader.getCurrent().size();
    assertTrue(size < records.size(), "a batch of " + size + " records");
    assertTrue(elapsed < BatchingSource.MAX_FILL_NANOS + 20_000_000L, elapsed + " ns");
  }

  @Test
  void rejectsEmptyBatches() {
    Script script = new Script(List.of(), new boolean[1]);
    assertThrows(IllegalArgumentException.class,
        () -> new BatchingSource<>(new ScriptedSource(script), 0));
  }

  /**
   * Records, before which of them the reader has nothing ready once, and how long each advance
   * takes.
   */
  private record Script(List<Long> records, boolean[] gapBefore, long advanceMillis)
      implements java.io.Serializable {

    Script(List<Long> records, boolean[] gapBefore) {
      this(records, gapBefore, 0);
    }
  }

  /** The checkpoint mark: the index of the next record. */
  private record Mark(long next) implements UnboundedSource.CheckpointMark, java.io.Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  /** Reads a script's records; record i has timestamp i. */
  private static final class ScriptedSource extends UnboundedSource<Long, Mark> {
    private final Script script;

    ScriptedSource(Script script) {
      this.script = script;
    }

    @Override
    public List<ScriptedSource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public UnboundedReader<Long> createReader(PipelineOptions options, @Nullable Mark mark) {
      return new ScriptedReader(this, mark == null ? 0 : (int) mark.next());
    }

    @Override
    public Coder<Mark> getCheckpointMarkCoder() {
      return SerializableCoder.of(Mark.class);
    }

    @Override
    public Coder<Long> getOutputCoder() {
      return VarLongCoder.of();
    }
  }

  private static final class ScriptedReader extends UnboundedSource.UnboundedReader<Long> {
    private final ScriptedSource source;
    private int next;
    private int current = -1;
    private boolean gapTaken;

    ScriptedReader(ScriptedSource source, int next) {
      this.source = source;
      this.next = next;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      current = -1;
      if (source.script.advanceMillis() > 0) {
        try {
          Thread.sleep(source.script.advanceMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (next >= source.script.records().size()) {
        return false;
      }
      if (source.script.gapBefore()[next] && !gapTaken) {
        gapTaken = true;
        return false;
      }
      gapTaken = false;
      current = next++;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current < 0) {
        throw new NoSuchElementException();
      }
      return source.script.records().get(current);
    }

    @Override
    public Instant getCurrentTimestamp() {
      return Instant.ofEpochMilli(current);
    }

    @Override
    public Instant getWatermark() {
      return Instant.ofEpochMilli(next);
    }

    @Override
    public Mark getCheckpointMark() {
      return new Mark(next);
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
