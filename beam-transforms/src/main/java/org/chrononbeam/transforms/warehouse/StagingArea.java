package org.chrononbeam.transforms.warehouse;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The staging folder of one write, {@code <table>/.staging-<id>/}, and the protocol that swaps its
 * partitions into the table.
 *
 * <p>A write first stages each partition completely at {@code .staging-<id>/ds=<date>/}. Then, for
 * each partition, {@link #commit} moves the table's current {@code ds=<date>} folder aside to
 * {@code .staging-<id>/.replaced/ds=<date>/} and moves the staged folder into its place; {@link
 * #delete} finally removes the staging folder with the replaced data. Readers list only {@code
 * <table>/ds=*}, so they never see staged files.
 *
 * <p>On the local filesystem each move is one directory rename, atomic: a reader sees the old
 * partition, then for an instant none, then the new one, never a mix. Filesystems without
 * directories (object stores) have no atomic rename, so there each file is moved, and a reader
 * listing during the swap of that partition may see part of it.
 *
 * <p>A crash before the swap leaves the table untouched and an abandoned staging folder; a crash
 * between the two moves of a partition leaves its old data in {@code .replaced/}. The next write to
 * the table calls {@link #recoverAbandoned}, which moves such partitions back and deletes abandoned
 * staging folders. One write per table at a time: a concurrent write's staging folder looks
 * abandoned.
 */
final class StagingArea implements Serializable {

  private static final String PREFIX = ".staging-";
  private static final String REPLACED = ".replaced";
  private static final String PENDING = ".pending";
  private static final Pattern STAGING_ID = Pattern.compile("/\\" + PREFIX + "([^/]+)/");

  private final String tableDirectory;
  private final String id;

  private StagingArea(String tableDirectory, String id) {
    this.tableDirectory = tableDirectory;
    this.id = id;
  }

  /** A new staging folder, with a fresh id, for a write to the table at {@code tableDirectory}. */
  static StagingArea create(ResourceId tableDirectory) {
    return new StagingArea(tableDirectory.toString(), UUID.randomUUID().toString());
  }

  /** The staging folder itself, where the write's files go. */
  ResourceId directory() {
    return table().resolve(PREFIX + id, Dirs.DIRECTORY);
  }

  /**
   * Where a file is written before it is known to belong to the write: {@code
   * .staging-<id>/.pending/<name>}. Only the files {@link #place}d are committed, so the files of a
   * failed attempt at writing a bundle stay here, and are deleted with the staging folder.
   */
  ResourceId pendingFile(String name) {
    return pendingDirectory().resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * Moves the pending ones of {@code files} ({@link #pendingFile}) into the staged partition {@code
   * ds}, keeping their names. Other files (staged in the partition already) are left, and a pending
   * file no longer there (moved by an earlier attempt at this step) is skipped.
   */
  void place(String ds, Collection<String> files) throws IOException {
    ResourceId partition = directory().resolve(PartitionDates.folderName(ds), Dirs.DIRECTORY);
    String pending = pendingDirectory().toString();
    List<ResourceId> sources = new ArrayList<>();
    List<ResourceId> targets = new ArrayList<>();
    for (String file : files) {
      ResourceId source = FileSystems.matchNewResource(file, false);
      if (source.getCurrentDirectory().toString().equals(pending)) {
        sources.add(source);
        targets.add(partition.resolve(source.getFilename(), StandardResolveOptions.RESOLVE_FILE));
      }
    }
    FileSystems.rename(sources, targets, StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /**
   * Replaces the table's partition {@code ds} by the staged one. Does nothing when nothing is
   * staged for {@code ds}: it was committed already, so a retried commit step cannot lose data.
   */
  void commit(String ds) throws IOException {
    String folder = PartitionDates.folderName(ds);
    ResourceId staged = directory().resolve(folder, Dirs.DIRECTORY);
    if (Dirs.files(staged).isEmpty()) {
      return;
    }
    ResourceId current = table().resolve(folder, Dirs.DIRECTORY);
    if (!Dirs.files(current).isEmpty()) {
      Dirs.move(current, replacedDirectory(directory()).resolve(folder, Dirs.DIRECTORY));
    }
    Dirs.move(staged, current);
  }

  /** Deletes the staging folder and the replaced partitions in it. */
  void delete() throws IOException {
    Dirs.deleteTree(directory());
  }

  /**
   * Repairs what crashed writes left in the table, except this write's own staging folder: puts
   * back partitions a crash left moved aside, then deletes the abandoned staging folders.
   */
  void recoverAbandoned() throws IOException {
    Set<String> abandoned = new TreeSet<>();
    for (MatchResult.Metadata file : Dirs.files(table(), PREFIX + "*/**")) {
      Matcher m = STAGING_ID.matcher(file.resourceId().toString().replace('\\', '/'));
      if (m.find() && !m.group(1).equals(id)) {
        abandoned.add(m.group(1));
      }
    }
    for (String other : abandoned) {
      ResourceId staging = table().resolve(PREFIX + other, Dirs.DIRECTORY);
      ResourceId replaced = replacedDirectory(staging);
      Set<String> days = new TreeSet<>();
      for (MatchResult.Metadata file : Dirs.files(replaced, PartitionDates.DS + "=*/*")) {
        Warehouse.partitionOf(file.resourceId().toString()).ifPresent(days::add);
      }
      for (String ds : days) {
        String folder = PartitionDates.folderName(ds);
        ResourceId current = table().resolve(folder, Dirs.DIRECTORY);
        if (Dirs.files(current).isEmpty()) {
          Dirs.move(replaced.resolve(folder, Dirs.DIRECTORY), current);
        }
      }
      Dirs.deleteTree(staging);
    }
  }

  @Override
  public String toString() {
    return directory().toString();
  }

  private ResourceId table() {
    return FileSystems.matchNewResource(tableDirectory, true);
  }

  private ResourceId pendingDirectory() {
    return directory().resolve(PENDING, Dirs.DIRECTORY);
  }

  private static ResourceId replacedDirectory(ResourceId staging) {
    return staging.resolve(REPLACED, Dirs.DIRECTORY);
  }

  /** Folder operations on top of {@link FileSystems}, which itself only knows files. */
  private static final class Dirs {

    static final ResolveOptions DIRECTORY = StandardResolveOptions.RESOLVE_DIRECTORY;
    private static final String LOCAL_SCHEME = "file";

    /** The files anywhere under {@code dir}. */
    static List<MatchResult.Metadata> files(ResourceId dir) {
      return files(dir, "**");
    }

    /** The files under {@code dir} matching the relative glob {@code pattern}. */
    static List<MatchResult.Metadata> files(ResourceId dir, String pattern) {
      return Warehouse.match(dir.toString() + pattern);
    }

    /**
     * Moves folder {@code from} to {@code to}, which must not exist: one atomic rename on the local
     * filesystem, one rename per file elsewhere.
     */
    static void move(ResourceId from, ResourceId to) throws IOException {
      if (LOCAL_SCHEME.equals(from.getScheme())) {
        FileSystems.rename(List.of(asFile(from)), List.of(asFile(to)));
        return;
      }
      String prefix = from.toString();
      List<ResourceId> sources = new ArrayList<>();
      List<ResourceId> targets = new ArrayList<>();
      for (MatchResult.Metadata file : files(from)) {
        String path = file.resourceId().toString();
        sources.add(file.resourceId());
        targets.add(FileSystems.matchNewResource(to + path.substring(prefix.length()), false));
      }
      FileSystems.rename(sources, targets);
    }

    /**
     * Deletes {@code dir} with everything in it. Files go through {@link FileSystems}; on the local
     * filesystem, the only one here with real folders, the emptied folders are removed after them.
     */
    static void deleteTree(ResourceId dir) throws IOException {
      List<ResourceId> files = new ArrayList<>();
      for (MatchResult.Metadata file : files(dir)) {
        files.add(file.resourceId());
      }
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
      if (LOCAL_SCHEME.equals(dir.getScheme())) {
        Path local = Paths.get(dir.toString());
        if (Files.exists(local)) {
          try (Stream<Path> folders = Files.walk(local)) {
            for (Path folder : folders.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(folder);
            }
          }
        }
      }
    }

    private static ResourceId asFile(ResourceId dir) {
      String path = dir.toString();
      return FileSystems.matchNewResource(path.substring(0, path.length() - 1), false);
    }
  }
}
