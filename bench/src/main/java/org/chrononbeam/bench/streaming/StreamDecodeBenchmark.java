package org.chrononbeam.bench.streaming;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.chrononbeam.model.stream.StreamDecoder;
import org.chrononbeam.model.stream.StreamFormat;
import org.chrononbeam.transforms.source.AvroColumns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A JSON message of {@link StreamingBenchmark}'s stream ({@code {"user": "u17", "amount": 42,
 * "ts": ...}}, amount missing one time in sixteen, as that benchmark produces them) into the
 * values the streaming query reads: through {@link StreamDecoder#decode} (a Jackson tree, then an
 * Avro record, then {@link AvroColumns#toValues}) or through the fast path {@link
 * StreamDecoder#decodeInsertValues} (one streaming parse into the values).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StreamDecodeBenchmark {

  private static final int MESSAGES = 1024;

  private StreamDecoder decoder;
  private byte[][] messages;
  private int next;

  @Setup
  public void setUp() {
    decoder = StreamFormat.JSON.decoder(new Schema.Parser().parse(StreamingBenchmark.SCHEMA));
    Random random = new Random(1L);
    messages = new byte[MESSAGES][];
    for (int i = 0; i < MESSAGES; i++) {
      Long amount = random.nextInt(16) == 0 ? null : (long) random.nextInt(1000);
      messages[i] = StreamingBenchmark.message("u" + random.nextInt(100_000), amount,
          1_700_000_000_000L + i);
    }
  }

  private byte[] message() {
    next = (next + 1) & (MESSAGES - 1);
    return messages[next];
  }

  /** Tree, Avro record, values. */
  @Benchmark
  public Object[] treeAndRecord() {
    return AvroColumns.toValues(decoder.decode(message()).after());
  }

  /** One streaming parse into the values. */
  @Benchmark
  public Object[] fastPath() {
    return decoder.decodeInsertValues(message());
  }
}
