package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A warehouse: the root folder holding the tables, {@code <root>/<namespace>/<name>/ds=<date>/}.
 *
 * <p>The root is a local path ({@code ./warehouse}, {@code /data/warehouse}) or a URI of any
 * filesystem registered with Beam's {@link FileSystems} ({@code gs://bucket/warehouse}); for
 * filesystems other than the local one, call {@link FileSystems#setDefaultPipelineOptions} first,
 * as a pipeline does when it starts.
 *
 * <pre>{@code
 * Warehouse warehouse = Warehouse.at("./warehouse");
 * List<String> days = warehouse.partitions("data.purchases");   // [2023-12-01, 2023-12-02]
 * Optional<String> latest = warehouse.latestPartition("data.purchases");
 * Schema rows = warehouse.schema("data.purchases");             // stored columns + ds
 * }</pre>
 *
 * <p>A partition exists when its {@code ds=} folder holds at least one {@code .parquet} file;
 * folders whose name is not a {@code yyyy-MM-dd} date, and the hidden {@code .staging-*} folders of
 * writes in progress, are not partitions.
 *
 * @param root the warehouse root, a path or URI
 */
public record Warehouse(String root) implements Serializable {

  /** The warehouse of the command line when {@code --warehouse} is not given. */
  public static final String DEFAULT_ROOT = "./warehouse";

  /** The data files of a partition folder. */
  static final String DATA_FILE_GLOB = "*.parquet";

  private static final Pattern DS_OF_FILE =
      Pattern.compile("(?:^|[/\\\\])" + DS + "=([^/\\\\]+)[/\\\\][^/\\\\]+$");

  /** Checks that {@code root} is given. */
  public Warehouse {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("warehouse root is empty; give a path or URI");
    }
  }

  /** The warehouse rooted at {@code root}, a path or URI. */
  public static Warehouse at(String root) {
    return new Warehouse(root);
  }

  /** The folder of {@code table} ({@code namespace.name}). */
  public ResourceId tableDirectory(String table) {
    return tableDirectory(TableName.parse(table));
  }

  /** The folder of {@code table}. */
  public ResourceId tableDirectory(TableName table) {
    return FileSystems.matchNewResource(root, true)
        .resolve(table.namespace(), StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(table.name(), StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** The partitions of {@code table}, oldest first; empty when the table does not exist. */
  public List<String> partitions(String table) {
    TreeSet<String> days = new TreeSet<>();
    for (MatchResult.Metadata file :
        match(tableDirectory(table).toString() + DS + "=*/" + DATA_FILE_GLOB)) {
      partitionOf(file.resourceId().toString()).ifPresent(days::add);
    }
    return new ArrayList<>(days);
  }

  /** The newest partition of {@code table}, if it has any. */
  public Optional<String> latestPartition(String table) {
    List<String> days = partitions(table);
    return days.isEmpty() ? Optional.empty() : Optional.of(days.get(days.size() - 1));
  }

  /**
   * The schema of {@code table}'s rows as {@link WarehouseIO#read} produces them: the columns
   * stored in the latest partition's Parquet footer, then {@code ds} (string).
   *
   * @throws IllegalArgumentException if the table has no partition
   */
  public Schema schema(String table) {
    String latest =
        latestPartition(table)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "table " + table + " has no partitions in warehouse " + root));
    MatchResult.Metadata file =
        partitionFiles(TableName.parse(table), latest).stream()
            .min(Comparator.comparing(m -> m.resourceId().toString()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "partition " + latest + " of " + table + " vanished while being read"));
    try {
      return RowSchemas.withDs(ParquetFile.of(file).avroSchema());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Parquet footer of " + file.resourceId(), e);
    }
  }

  /** The folder of one partition of {@code table}. */
  ResourceId partitionDirectory(TableName table, String ds) {
    return tableDirectory(table)
        .resolve(PartitionDates.folderName(ds), StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** The data files of one partition; empty when it does not exist. */
  List<MatchResult.Metadata> partitionFiles(TableName table, String ds) {
    return match(partitionDirectory(table, ds).toString() + DATA_FILE_GLOB);
  }

  /** The partition a data file path lies in, if its folder is a valid {@code ds=} folder. */
  static Optional<String> partitionOf(String filePath) {
    Matcher m = DS_OF_FILE.matcher(filePath);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PartitionDates.check(m.group(1)));
    } catch (IllegalArgumentException notADate) {
      return Optional.empty();
    }
  }

  /** The files matching {@code glob}; empty when none. */
  static List<MatchResult.Metadata> match(String glob) {
    try {
      return FileSystems.match(glob, EmptyMatchTreatment.ALLOW).metadata();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob, e);
    }
  }
}
