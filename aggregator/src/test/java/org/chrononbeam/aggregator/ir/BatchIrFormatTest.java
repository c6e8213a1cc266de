package org.chrononbeam.aggregator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowColumns;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.HopAggregator;
import org.chrononbeam.aggregator.window.HopIrs;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.WindowSpec;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.aggregator.window.WindowedOutput;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;

/**
 * The batch IR upload format (per hop size only the hops of each window's tail range, each hop in
 * an array block of its own with its byte size) against the format before it (per hop size every
 * hop from the earliest window start to the latest collapsed start, each list in one block as
 * Avro's generic writer writes it): for many keys of random events of every operation but
 * APPROX_HISTOGRAM_K (with nulls, timestamps on hop boundaries), windows sharing hop sizes with
 * overlapping and disjoint tail ranges, and query times across the horizon (its ends and hop
 * boundaries included), the values from the new bytes, decoded whole or for the query, equal those
 * of the old batch IR, and the new reader reads old bytes to the same values.
 */
class BatchIrFormatTest {

  private static final long DAY = RandomRows.DAY;
  private static final long HOUR = 3_600_000L;
  private static final long BATCH_END = 40 * DAY;
  private static final long HORIZON = OnlineAggregator.DEFAULT_HORIZON_MILLIS;
  /** 5-minute hops (1h, 2h, 11h), hourly (1d, 2d) and daily (7d, 12d, 13d, 30d), unbounded. */
  private static final List<Window> WINDOWS = List.of(
      new Window(1, TimeUnit.HOURS), new Window(2, TimeUnit.HOURS),
      new Window(11, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS),
      new Window(2, TimeUnit.DAYS), new Window(7, TimeUnit.DAYS), new Window(12, TimeUnit.DAYS),
      new Window(13, TimeUnit.DAYS), new Window(30, TimeUnit.DAYS));

  /**
   * The batch IR the format before kept: the same collapsed IRs, and per hop size every hop from
   * the earliest start of its windows at the batch end to the latest of their collapsed starts.
   */
  private static BatchIr oldBatch(WindowedAggregation aggregation, BatchIr batch,
      List<ArrayRow> events) {
    List<Row> before = new ArrayList<>();
    for (ArrayRow event : events) {
      if (event.ts() < BATCH_END) {
        before.add(event);
      }
    }
    long[] hopSizes = aggregation.hopSizes();
    List<HopIrs> all = new HopAggregator(aggregation.rows(), hopSizes).aggregate(before);
    List<HopIrs> tails = new ArrayList<>();
    for (int h = 0; h < hopSizes.length; h++) {
      long from = Long.MAX_VALUE;
      long until = Long.MIN_VALUE;
      for (WindowedOutput output : aggregation.outputs()) {
        WindowSpec window = output.window();
        if (!window.isUnbounded() && window.hopMillis() == hopSizes[h]) {
          from = Math.min(from, window.startAt(BATCH_END));
          until = Math.max(until, Math.min(window.startAt(BATCH_END + HORIZON), BATCH_END));
        }
      }
      HopIrs hops = all.get(h);
      int first = hops.firstAtOrAfter(from);
      int last = Math.max(first, hops.firstAtOrAfter(until));
      tails.add(new HopIrs(hopSizes[h], Arrays.copyOfRange(hops.starts(), first, last),
          Arrays.copyOfRange(hops.irs(), first, last)));
    }
    return new BatchIr(BATCH_END, batch.collapsed(), tails);
  }

  /**
   * Old bytes: the old batch IR's record as Avro's generic writer writes it (read back from the
   * codec's bytes by Avro's generic reader).
   */
  private static byte[] oldBytes(BatchIrCodec codec, BatchIr old) throws IOException {
    Object record = new GenericDatumReader<Object>(codec.schema())
        .read(null, DecoderFactory.get().binaryDecoder(codec.encode(old), null));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(codec.schema()).write(record, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static long queryTime(Random random) {
    long q = BATCH_END + (long) (random.nextDouble() * HORIZON);
    return switch (random.nextInt(6)) {
      case 0 -> BATCH_END;
      case 1 -> BATCH_END + HORIZON;
      case 2 -> q - Math.floorMod(q, DAY);
      case 3 -> Math.max(BATCH_END, q - Math.floorMod(q, HOUR) + random.nextInt(3) - 1);
      case 4 -> q - Math.floorMod(q, 300_000L);
      default -> q;
    };
  }

  private static int hopCount(BatchIr batch) {
    return batch.tailHops().stream().mapToInt(HopIrs::size).sum();
  }

  @Test
  void newBatchIrsGiveTheValuesOfTheOldFormatAndOldBytesStillDecode() throws IOException {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : ColumnCases.ALL) {
      if (spec.operation() == Operation.APPROX_HISTOGRAM_K) {
        continue; // its finalized value depends on the order of its decoded map's entries
      }
      aggregations.add(spec.toAggregation(WINDOWS));
      aggregations.add(spec.toAggregation(List.of()));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
    OnlineAggregator online = new OnlineAggregator(aggregation, HORIZON);
    BatchIrCodec codec = new BatchIrCodec(aggregation);
    RandomRows random = new RandomRows(41, 0.25);
    int oldHops = 0;
    int newHops = 0;
    for (int key = 0; key < 150; key++) {
      int count = key % 10 == 0 ? random.random().nextInt(3) : random.random().nextInt(60);
      List<ArrayRow> events = random.events(count, BATCH_END - 35 * DAY, 37 * DAY);
      BatchIr batch = online.batchIr(events, BATCH_END);
      BatchIr old = oldBatch(aggregation, batch, events);
      byte[] bytes = codec.encode(batch);
      byte[] before = oldBytes(codec, old);
      oldHops += hopCount(old);
      newHops += hopCount(batch);
      for (int h = 0; h < batch.tailHops().size(); h++) {
        for (long start : batch.tailHops().get(h).starts()) {
          assertTrue(online.readsTailHop(BATCH_END, BATCH_END, h, start), "hop at " + start + " of key " + key);
        }
      }
      assertTrue(bytes.length <= before.length + 3 * hopCount(batch), "size of key " + key);
      for (int n = 0; n < 8; n++) {
        long q = queryTime(random.random());
        List<Row> streaming = new ArrayList<>();
        for (ArrayRow row : events) {
          if (row.ts() >= BATCH_END && row.ts() < q) {
            streaming.add(row);
          }
        }
        String what = "key " + key + " (" + count + " events) at " + q;
        List<Object> expected = Arrays.asList(online.finalizedAt(old, streaming, q));
        assertEquals(expected, Arrays.asList(online.finalizedAt(batch, streaming, q)), what);
        assertEquals(expected,
            Arrays.asList(online.finalizedAt(codec.decode(bytes), streaming, q)),
            "decoded whole, " + what);
        assertEquals(expected,
            Arrays.asList(online.finalizedAt(codec.batchPartAt(bytes, online, q),
                RowColumns.of(streaming))),
            "decoded for the query, " + what);
        assertEquals(expected,
            Arrays.asList(online.finalizedAt(codec.batchPartAt(before, online, q),
                RowColumns.of(streaming))),
            "old bytes decoded for the query, " + what);
      }
    }
    assertTrue(newHops < oldHops / 2, newHops + " hops kept of the " + oldHops + " before");
  }
}
