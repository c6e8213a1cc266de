package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.validate.ConfigValidator;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.upload.GroupByUpload;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chronon upload --conf GROUPBY --end-ds D --kv SPEC}: Chronon's {@code group-by-upload}.
 * Writes each key's batch value as of {@code D+1 00:00 UTC} and the serving info into the
 * GroupBy's {@code <NAME>_BATCH} dataset (see {@link GroupByUpload}), creating its {@code _BATCH}
 * and {@code _STREAMING} datasets first. Given a Join, it uploads each of its parts' GroupBys.
 * Uploading the same day again overwrites the same values.
 *
 * <pre>{@code
 * bin/chronon upload --conf production/group_bys/team/purchases.v1 --end-ds 2023-12-07 \
 *     --kv bigtable:my-project/my-instance
 * }</pre>
 */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
      "Upload a GroupBy's batch values as of the end of --end-ds, with its serving info, into",
      "<NAME>_BATCH of a KV store (a Join: each of its GroupBys). Re-uploading a day overwrites.",
      "Further --name=value arguments are Beam pipeline options."
    })
final class UploadCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--conf", required = true, paramLabel = "PATH",
      description = "A compiled GroupBy config file (or a Join: each of its GroupBys).")
  private Path conf;

  @Option(names = "--end-ds", required = true, paramLabel = "YYYY-MM-DD",
      description = "The last day uploaded; values are as of the next midnight UTC.")
  private String endDs;

  @Option(names = "--kv", required = true, paramLabel = "SPEC",
      description = "The KV store: embedded:DIR, bigtable:PROJECT/INSTANCE[@HOST:PORT] or"
          + " mongo:URI.")
  private String kv;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = Warehouse.DEFAULT_ROOT,
      description = "The warehouse root, a path or a URI Beam understands (default: ${DEFAULT-VALUE}).")
  private String warehouse;

  @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "direct",
      description = "direct, spark or flink (default: ${DEFAULT-VALUE}).")
  private BeamRunner runner;

  @Unmatched private List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(conf)) {
      err.println("upload: no such file: " + conf);
      err.flush();
      return 2;
    }
    runner.warmUpBatchOptions(beamArgs);
    try {
      PartitionDates.check(endDs);
      List<GroupBy> groupBys = groupBys(ConfigValidator.loadValid(conf));
      Warehouse wh = Warehouse.at(warehouse);
      List<GroupByUpload> uploads = new ArrayList<>();
      for (GroupBy groupBy : groupBys) {
        uploads.add(GroupByUpload.of(wh, groupBy).withEndDs(endDs).withKvStore(kv));
      }
      try (KvStore store = KvStores.open(kv)) {
        uploads.forEach(upload -> upload.createDatasets(store));
      }
      for (int i = 0; i < uploads.size(); i++) {
        run(groupBys.get(i).getMetaData().getName(), uploads.get(i), out);
      }
      return 0;
    } catch (ConfigException | IllegalArgumentException | UnsupportedOperationException
        | KvStoreException e) {
      err.println("upload: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private void run(String name, GroupByUpload upload, PrintWriter out) {
    long started = System.nanoTime();
    Pipeline pipeline = Pipeline.create(runner.batchOptions(beamArgs));
    pipeline.apply("Upload " + name, upload);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    out.printf("uploaded GroupBy %s as of %s into %s: %d rows in, %d keys, %d rows with a null key"
            + " dropped, batch end %d, %.1f s%n",
        name, endDs, KvLayout.batchDataset(name), counter(result, RowCounts.ROWS_IN),
        counter(result, GroupByUpload.KEYS_UPLOADED),
        counter(result, GroupByUpload.NULL_KEY_ROWS), upload.batchEndMillis(),
        (System.nanoTime() - started) / 1e9);
    out.flush();
  }

  /** The GroupBy of a GroupBy config, or the distinct GroupBys of a Join's parts. */
  private static List<GroupBy> groupBys(LoadedConfig loaded) {
    if (loaded.kind() == ConfigKind.GROUP_BY) {
      return List.of((GroupBy) loaded.config());
    }
    if (loaded.kind() != ConfigKind.JOIN) {
      throw new IllegalArgumentException(
          loaded.name() + " is a " + loaded.kind() + ": upload takes a GroupBy or a Join");
    }
    Map<String, GroupBy> byName = new LinkedHashMap<>();
    for (JoinPart part : ((Join) loaded.config()).getJoinParts()) {
      byName.putIfAbsent(part.getGroupBy().getMetaData().getName(), part.getGroupBy());
    }
    return List.copyOf(byName.values());
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(RowCounts.NAMESPACE, name)).build()).getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
