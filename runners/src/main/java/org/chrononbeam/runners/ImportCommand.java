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
import org.chrononbeam.transforms.warehouse.BadRowException;
import org.chrononbeam.transforms.warehouse.TableImport;
import org.chrononbeam.transforms.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chronon import --table ns.name --from FILE}: loads a CSV, JSON-lines or Parquet file into
 * a warehouse table partitioned by {@code ds} (or by the UTC day of {@code ts}), replacing the
 * partitions the file has rows for.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load a CSV, JSON-lines or Parquet file into a warehouse table partitioned by ds.",
      "Rows go to the partition of their ds column, or of the UTC day of their ts (epoch ms).",
      "The partitions the file has rows for are replaced atomically; others are kept.",
      "Further --name=value arguments are Beam pipeline options."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--table", required = true, paramLabel = "NS.NAME", description = "The table to write.")
  private String table;

  @Option(names = "--from", required = true, paramLabel = "FILE", description = "The file to load.")
  private Path from;

  @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = Warehouse.DEFAULT_ROOT,
      description = "The warehouse root, a path or a URI Beam understands (default: ${DEFAULT-VALUE}).")
  private String warehouse;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv, json_lines or parquet (default: from the file name's extension).")
  private TableImport.Format format;

  @Option(names = "--type", paramLabel = "COLUMN=TYPE",
      description = "A column's type instead of the inferred one: long, int, double, boolean or string.")
  private Map<String, TableImport.ColumnType> types = new LinkedHashMap<>();

  @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "direct",
      description = "direct, spark or flink (default: ${DEFAULT-VALUE}).")
  private BeamRunner runner;

  @Unmatched private List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(from)) {
      err.println("import: no such file: " + from);
      return 2;
    }
    Warehouse wh = Warehouse.at(warehouse);
    long started = System.nanoTime();
    Pipeline pipeline = Pipeline.create(runner.batchOptions(beamArgs));
    TableImport load = TableImport.from(from.toString()).into(wh, table);
    if (format != null) {
      load = load.withFormat(format);
    }
    for (Map.Entry<String, TableImport.ColumnType> t : types.entrySet()) {
      load = load.withColumnType(t.getKey(), t.getValue());
    }
    try {
      pipeline.apply("Import " + table, load);
    } catch (BadRowException e) {
      err.println("import: " + e.getMessage());
      return 1;
    }
    pipeline.run().waitUntilFinish();
    List<String> partitions = wh.partitions(table);
    String range = partitions.isEmpty() ? "none"
        : partitions.get(0) + " to " + partitions.get(partitions.size() - 1);
    out.printf("imported %s into %s at %s: %d partitions (%s) in %.1f s%n", from, table,
        wh.tableDirectory(table), partitions.size(), range, (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }
}
