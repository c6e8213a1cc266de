package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.thrift.TBase;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.chrononbeam.model.validate.ConfigValidator;
import org.chrononbeam.transforms.backfill.BackfillPlan;
import org.chrononbeam.transforms.backfill.SemanticHash;
import org.chrononbeam.transforms.groupby.GroupByBackfill;
import org.chrononbeam.transforms.join.JoinBackfill;
import org.chrononbeam.transforms.source.RowChunk;
import org.chrononbeam.transforms.source.RowCounts;
import org.chrononbeam.transforms.source.SourceRead;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chronon backfill --conf PATH --end-ds D}: computes a GroupBy's daily snapshots or a Join's
 * training table from warehouse tables and writes {@code <outputNamespace>.<sanitized name>}.
 *
 * <p>Only the days the output table lacks are computed, unless the config's semantic hash differs
 * from the one stored beside the table, in which case the whole range is recomputed. Missing days
 * run in chunks of at most {@code --step-days} consecutive days, one pipeline each, with a progress
 * line per chunk and a summary at the end.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Backfill a GroupBy (daily snapshots) or a Join (point-in-time correct training table)",
      "into its output table <outputNamespace>.<name>. Only missing partitions are computed;",
      "a changed definition recomputes the range. Further --name=value arguments are Beam",
      "pipeline options."
    })
final class BackfillCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--conf",
      required = true,
      paramLabel = "PATH",
      description = "A compiled GroupBy or Join config file.")
  private Path conf;

  @Option(
      names = "--start-ds",
      paramLabel = "YYYY-MM-DD",
      description =
          "First day (default: the GroupBy's backfillStartDate or the Join left's"
              + " startPartition, else the end day).")
  private String startDs;

  @Option(
      names = "--end-ds",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Last day, included.")
  private String endDs;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      defaultValue = Warehouse.DEFAULT_ROOT,
      description =
          "The warehouse root, a path or a URI Beam understands (default: ${DEFAULT-VALUE}).")
  private String warehouse;

  @Option(
      names = "--step-days",
      paramLabel = "N",
      defaultValue = "30",
      description = "At most N consecutive days per pipeline (default: ${DEFAULT-VALUE}).")
  private int stepDays;

  @Option(
      names = "--runner",
      paramLabel = "RUNNER",
      defaultValue = "direct",
      description = "direct, spark or flink (default: ${DEFAULT-VALUE}).")
  private BeamRunner runner;

  @Unmatched private List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(conf)) {
      err.println("backfill: no such file: " + conf);
      return 2;
    }
    runner.warmUpBatchOptions(beamArgs);
    try {
      PartitionDates.check(endDs);
      if (startDs != null) {
        PartitionDates.check(startDs);
      }
      if (stepDays < 1) {
        throw new IllegalArgumentException("--step-days must be at least 1");
      }
      return run(ConfigValidator.loadValid(conf), Warehouse.at(warehouse), out);
    } catch (ConfigException | IllegalArgumentException | UnsupportedOperationException e) {
      err.println("backfill: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private int run(LoadedConfig loaded, Warehouse wh, PrintWriter out) {
    long started = System.nanoTime();
    Backfill backfill = Backfill.of(loaded, wh, startDs, endDs);
    BackfillPlan plan =
        BackfillPlan.of(
            wh,
            backfill.table(),
            SemanticHash.of(loaded.config()),
            backfill.wantedDays(),
            stepDays);
    out.printf(
        "backfill %s %s into %s: %d days wanted, %d to compute%s%n",
        loaded.kind() == ConfigKind.GROUP_BY ? "GroupBy" : "Join",
        loaded.name(),
        backfill.table(),
        backfill.wantedDays().size(),
        plan.days().size(),
        plan.definitionChanged() ? " (definition changed: recomputing)" : "");
    out.flush();
    long rowsIn = 0;
    long rowsOut = 0;
    int partitions = 0;
    List<BackfillPlan.Chunk> chunks = plan.chunks();
    for (int i = 0; i < chunks.size(); i++) {
      BackfillPlan.Chunk chunk = chunks.get(i);
      long chunkStarted = System.nanoTime();
      List<String> chunkDays =
          plan.days().stream()
              .filter(d -> d.compareTo(chunk.startDs()) >= 0 && d.compareTo(chunk.endDs()) <= 0)
              .toList();
      Pipeline pipeline = Pipeline.create(runner.batchOptions(beamArgs));
      backfill.write(pipeline, chunk.startDs(), chunk.endDs(), chunkDays);
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      long in = counter(result, RowCounts.ROWS_IN);
      long outRows = counter(result, RowCounts.ROWS_OUT);
      long days = chunkDays.size();
      rowsIn += in;
      rowsOut += outRows;
      partitions += (int) days;
      out.printf(
          "[%d/%d] %s to %s: %d rows in, %d rows out, %d partitions, %.1f s%n",
          i + 1,
          chunks.size(),
          chunk.startDs(),
          chunk.endDs(),
          in,
          outRows,
          days,
          (System.nanoTime() - chunkStarted) / 1e9);
      out.flush();
    }
    plan.commit();
    out.printf(
        "done: %s: %d rows in, %d rows out, %d partitions written, %.1f s%n",
        backfill.table(), rowsIn, rowsOut, partitions, (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(RowCounts.NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  /** A GroupBy or Join backfill, as the command runs it. */
  private record Backfill(
      String table, List<String> wantedDays, TBase<?, ?> config, Warehouse warehouse) {

    static Backfill of(LoadedConfig loaded, Warehouse wh, String startDs, String endDs) {
      if (loaded.kind() == ConfigKind.GROUP_BY) {
        GroupByBackfill groupBy =
            GroupByBackfill.of(wh, (GroupBy) loaded.config()).withDates(startDs, endDs);
        return new Backfill(
            groupBy.outputTable(),
            PartitionDates.range(groupBy.startDate(), endDs),
            loaded.config(),
            wh);
      }
      if (loaded.kind() == ConfigKind.JOIN) {
        Join join = (Join) loaded.config();
        JoinBackfill backfill = JoinBackfill.of(wh, join).withDates(startDs, endDs);
        List<String> leftDays =
            SourceRead.of(wh, join.getLeft())
                .withPartitions(backfill.startDate(), endDs)
                .selectedPartitions();
        return new Backfill(backfill.outputTable(), leftDays, loaded.config(), wh);
      }
      throw new IllegalArgumentException(
          loaded.name() + " is a " + loaded.kind() + "; backfill takes a GroupBy or a Join");
    }

    /**
     * Adds to {@code pipeline} the backfill of {@code startDs} to {@code endDs} and the write of
     * its {@code days} to the table, in chunks, column by column.
     */
    void write(Pipeline pipeline, String startDs, String endDs, List<String> days) {
      PTransform<PBegin, PCollection<RowChunk>> rows =
          config instanceof GroupBy groupBy
              ? GroupByBackfill.of(warehouse, groupBy).withDates(startDs, endDs).chunks()
              : JoinBackfill.of(warehouse, (Join) config).withDates(startDs, endDs).chunks();
      pipeline
          .apply("Backfill", rows)
          .apply("Write " + table, WarehouseIO.writeChunks(warehouse, table).withDays(days));
    }
  }
}
