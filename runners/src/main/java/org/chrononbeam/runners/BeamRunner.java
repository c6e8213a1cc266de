package org.chrononbeam.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The Beam runners the CLI launches ({@code --runner direct|spark|flink}), each with defaults for
 * running on this machine: Spark on {@code local[*]}, Flink on a local mini cluster. Any Beam
 * pipeline option given on the command line ({@code --sparkMaster=spark://host:7077},
 * {@code --parallelism=4}, …) replaces the default of the same name.
 */
enum BeamRunner {
  /**
   * The Direct runner. It re-encodes every element to check user code by default; the project's
   * DoFns neither mutate their inputs nor rely on encoding, and the checks triple the time of
   * large jobs, so they are off unless asked for.
   */
  DIRECT("--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"),
  SPARK("--runner=SparkRunner", "--sparkMaster=local[*]", "--enableSparkMetricSinks=false"),
  FLINK("--runner=FlinkRunner", "--flinkMaster=[local]");

  private final List<String> defaults;

  BeamRunner(String... defaults) {
    this.defaults = List.of(defaults);
  }

  /**
   * Pipeline options for a streaming job on this runner, as {@link #options}; on Flink, unless
   * {@code beamArgs} say otherwise, the job runs in Flink's streaming mode even when its read is
   * bounded ({@code --max-records}; {@code --streaming}: in batch mode Flink groups a key's rows
   * for a stateful step without keeping their read order, and a tile written after each row is
   * exact only when each key's rows come in the order they were read), bundles end within 100 ms
   * ({@code --maxBundleTimeMills}, Flink's default is 1 s: a write reaches the store when its
   * bundle ends, so this bounds what a bundle adds to freshness) and chained operators pass
   * elements without copying them ({@code --objectReuse}; the project's DoFns never mutate their
   * inputs).
   */
  PipelineOptions streamingOptions(List<String> beamArgs) {
    if (this != FLINK) {
      return options(beamArgs);
    }
    return options(withDefaults(
        List.of("--streaming=true", "--maxBundleTimeMills=100", "--objectReuse=true"), beamArgs));
  }

  /** The most parallel instances of an operator a batch job on Flink gets by default. */
  static final int MAX_DEFAULT_PARALLELISM = 8;

  /**
   * Pipeline options for a batch job (backfill, import, upload) on this runner, as {@link
   * #options}; on Flink, unless {@code beamArgs} say otherwise, one parallel instance of every
   * operator per core, at most {@value #MAX_DEFAULT_PARALLELISM} ({@code --parallelism}). The
   * local mini cluster's own default is 1: a backfill then reads, packs and joins on one thread
   * and leaves the other cores idle. The cap bounds the channels of each shuffle (parallelism
   * squared), whose buffers come out of the mini cluster's fixed network memory; not tried above
   * 2 cores.
   */
  PipelineOptions batchOptions(List<String> beamArgs) {
    if (this != FLINK) {
      return options(beamArgs);
    }
    int parallelism =
        Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_PARALLELISM);
    return options(withDefaults(List.of("--parallelism=" + parallelism), beamArgs));
  }

  /**
   * Builds {@link #batchOptions} on another thread and drops them. The first options a JVM builds
   * make Beam find and check every options interface on the class path, a second or more of class
   * loading: started first thing, that overlaps the command's own start (reading and validating
   * its configs, compiling their queries) instead of following it. Errors are left for the
   * command's own {@link #batchOptions} to report.
   */
  void warmUpBatchOptions(List<String> beamArgs) {
    CompletableFuture.runAsync(() -> batchOptions(beamArgs));
  }

  /** Pipeline options for this runner: {@code beamArgs} ({@code --name=value}) over its defaults. */
  PipelineOptions options(List<String> beamArgs) {
    Set<String> given = beamArgs.stream().map(BeamRunner::optionName).collect(Collectors.toSet());
    if (given.contains("runner")) {
      throw new IllegalArgumentException("choose the runner with --runner direct|spark|flink before"
          + " the pipeline options, not as a Beam option");
    }
    return PipelineOptionsFactory.fromArgs(withDefaults(defaults, beamArgs).toArray(String[]::new))
        .withValidation()
        .create();
  }

  /** The {@code defaults} whose option {@code beamArgs} do not name, then {@code beamArgs}. */
  private static List<String> withDefaults(List<String> defaults, List<String> beamArgs) {
    Set<String> given = beamArgs.stream().map(BeamRunner::optionName).collect(Collectors.toSet());
    List<String> args = new ArrayList<>();
    defaults.stream().filter(d -> !given.contains(optionName(d))).forEach(args::add);
    args.addAll(beamArgs);
    return args;
  }

  private static String optionName(String arg) {
    if (!arg.startsWith("--")) {
      throw new IllegalArgumentException("not a pipeline option (expected --name=value): " + arg);
    }
    int eq = arg.indexOf('=');
    return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
  }
}
