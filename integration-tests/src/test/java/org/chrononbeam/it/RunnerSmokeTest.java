package org.chrononbeam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that the converged dependency set (the classpath of {@code chronon-beam-runners}) runs a
 * keyed Combine to the right answer on every runner the project ships with, in local mode: the
 * Direct runner, Spark on {@code local[2]} and a local Flink mini cluster with parallelism 2.
 *
 * <p>One pipeline, {@link #keyedCombine}, runs on each runner: per key it computes a built-in sum
 * ({@link Sum#longsPerKey()}), a count ({@link Count#perKey()}) and a mean through a user-defined
 * {@link MeanFn} whose accumulator has its own coder, so user code and accumulators cross each
 * runner's shuffle. The result is written with {@link TextIO} to a fresh directory and read back
 * here, so a runner that loses, duplicates or mis-combines elements fails the test even where a
 * {@code PAssert} failure would not reach the driver.
 */
class RunnerSmokeTest {

  private static final List<String> KEYS = List.of("a", "b", "c");

  /** Values 1..300 go round-robin to keys a, b, c: a gets 1, 4, ..., 298; c gets 3, 6, ..., 300. */
  private static final long VALUES = 300;

  /** Every output line, sorted: metric, key and value, tab-separated. */
  private static final List<String> EXPECTED =
      List.of(
          "count\ta\t100",
          "count\tb\t100",
          "count\tc\t100",
          "mean\ta\t149.5",
          "mean\tb\t150.5",
          "mean\tc\t151.5",
          "sum\ta\t14950",
          "sum\tb\t15050",
          "sum\tc\t15150");

  private static final String OUTPUT_SUFFIX = ".tsv";

  /** The runners under test, each configured for local mode on this machine. */
  enum LocalRunner {
    DIRECT {
      @Override
      PipelineOptions options() {
        DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
        options.setRunner(DirectRunner.class);
        return options;
      }
    },
    SPARK {
      @Override
      PipelineOptions options() {
        SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
        options.setRunner(SparkRunner.class);
        options.setSparkMaster("local[2]");
        options.setEnableSparkMetricSinks(false);
        return options;
      }
    },
    FLINK {
      @Override
      PipelineOptions options() {
        FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        options.setRunner(FlinkRunner.class);
        options.setFlinkMaster("[local]");
        options.setParallelism(2);
        return options;
      }
    };

    abstract PipelineOptions options();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LocalRunner.class)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void keyedCombineComputesExactResult(LocalRunner runner, @TempDir Path outputDir)
      throws IOException {
    Pipeline pipeline = Pipeline.create(runner.options());
    keyedCombine(pipeline, outputDir.resolve("result").toString());

    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    assertEquals(EXPECTED, readResult(outputDir));
  }

  /** Sum, count and mean per key of the fixed input, written as text files under a prefix. */
  private static void keyedCombine(Pipeline pipeline, String outputPrefix) {
    List<KV<String, Long>> elements =
        LongStream.rangeClosed(1, VALUES)
            .mapToObj(v -> KV.of(KEYS.get((int) ((v - 1) % KEYS.size())), v))
            .toList();
    PCollection<KV<String, Long>> input =
        pipeline.apply(
            "Create",
            Create.of(elements).withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));

    PCollectionList.of(format("sum", input.apply("Sum", Sum.longsPerKey())))
        .and(format("count", input.apply("Count", Count.perKey())))
        .and(format("mean", input.apply("Mean", Combine.perKey(new MeanFn()))))
        .apply("Flatten", Flatten.pCollections())
        .apply("Write", TextIO.write().to(outputPrefix).withSuffix(OUTPUT_SUFFIX));
  }

  private static <V> PCollection<String> format(String metric, PCollection<KV<String, V>> perKey) {
    return perKey.apply(
        "Format " + metric,
        MapElements.into(TypeDescriptors.strings())
            .via(kv -> String.join("\t", metric, kv.getKey(), String.valueOf(kv.getValue()))));
  }

  private static List<String> readResult(Path outputDir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(outputDir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(OUTPUT_SUFFIX)).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    lines.sort(null);
    return lines;
  }

  /** Mean of the values of a key; the accumulator travels as a (sum, count) pair of var-longs. */
  static final class MeanFn extends Combine.CombineFn<Long, MeanFn.Accumulator, Double> {

    /** Running sum and count of the values seen so far. */
    record Accumulator(long sum, long count) {}

    @Override
    public Accumulator createAccumulator() {
      return new Accumulator(0, 0);
    }

    @Override
    public Accumulator addInput(Accumulator accumulator, Long input) {
      return new Accumulator(accumulator.sum() + input, accumulator.count() + 1);
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
      long sum = 0;
      long count = 0;
      for (Accumulator accumulator : accumulators) {
        sum += accumulator.sum();
        count += accumulator.count();
      }
      return new Accumulator(sum, count);
    }

    @Override
    public Double extractOutput(Accumulator accumulator) {
      return (double) accumulator.sum() / accumulator.count();
    }

    @Override
    public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return DelegateCoder.of(
          KvCoder.of(VarLongCoder.of(), VarLongCoder.of()),
          accumulator -> KV.of(accumulator.sum(), accumulator.count()),
          pair -> new Accumulator(pair.getKey(), pair.getValue()));
    }
  }
}
