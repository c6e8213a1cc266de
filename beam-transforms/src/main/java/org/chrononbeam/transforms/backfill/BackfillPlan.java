package org.chrononbeam.transforms.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * What an incremental backfill has to compute: the wanted days of an output table that are missing,
 * or all of them when the definition changed, cut into chunks of at most {@code stepDays}
 * consecutive days (one pipeline each).
 *
 * <pre>{@code
 * BackfillPlan plan = BackfillPlan.of(warehouse, "ml.team_training_v1", SemanticHash.of(join),
 *     wantedDays, 7);
 * for (BackfillPlan.Chunk chunk : plan.chunks()) {
 *   run(backfill.withDates(chunk.startDs(), chunk.endDs()));
 * }
 * plan.commit();   // stores the hash once every chunk is written
 * }</pre>
 *
 * <p>The definition's {@link SemanticHash} is stored beside the table, in {@value #HASH_FILE} under
 * its folder. A table whose stored hash differs from the current one, or that has partitions but no
 * stored hash, is recomputed over all wanted days (partitions outside them are left as they are). A
 * day counts as present when the table has its partition; write each chunk with {@code
 * WarehouseIO.writeChunks(...).withDays(days)} (or {@code write}) so that a day that produced no
 * rows is present too, as an empty partition, and is not computed again.
 */
public final class BackfillPlan {

  /** The file beside a table's partitions holding the semantic hash of what wrote it. */
  public static final String HASH_FILE = "_chronon_semantic_hash";

  /** Consecutive days computed by one pipeline, both ends included. */
  public record Chunk(String startDs, String endDs) {}

  private final Warehouse warehouse;
  private final String table;
  private final String hash;
  private final boolean definitionChanged;
  private final List<String> days;
  private final List<Chunk> chunks;

  private BackfillPlan(
      Warehouse warehouse,
      String table,
      String hash,
      boolean definitionChanged,
      List<String> days,
      List<Chunk> chunks) {
    this.warehouse = warehouse;
    this.table = table;
    this.hash = hash;
    this.definitionChanged = definitionChanged;
    this.days = days;
    this.chunks = chunks;
  }

  /**
   * The plan for {@code table} of {@code warehouse} to hold {@code wantedDays} as defined by the
   * config of {@code semanticHash}, in chunks of at most {@code stepDays} days.
   */
  public static BackfillPlan of(
      Warehouse warehouse,
      String table,
      String semanticHash,
      List<String> wantedDays,
      int stepDays) {
    if (stepDays < 1) {
      throw new IllegalArgumentException("step days must be at least 1, got " + stepDays);
    }
    if (semanticHash == null || semanticHash.isBlank()) {
      throw new IllegalArgumentException("a semantic hash is needed");
    }
    List<String> existing = warehouse.partitions(table);
    Optional<String> stored = storedHash(warehouse, table);
    boolean changed = stored.map(h -> !h.equals(semanticHash)).orElse(!existing.isEmpty());
    Set<String> present = changed ? Set.of() : new HashSet<>(existing);
    List<String> todo = new ArrayList<>();
    for (String day : new TreeSet<>(wantedDays)) {
      if (!present.contains(PartitionDates.check(day))) {
        todo.add(day);
      }
    }
    List<Chunk> chunks = new ArrayList<>();
    int i = 0;
    while (i < todo.size()) {
      int j = i;
      while (j + 1 < todo.size()
          && j + 1 - i < stepDays
          && PartitionDates.plusDays(todo.get(j), 1).equals(todo.get(j + 1))) {
        j++;
      }
      chunks.add(new Chunk(todo.get(i), todo.get(j)));
      i = j + 1;
    }
    return new BackfillPlan(warehouse, table, semanticHash, changed, todo, chunks);
  }

  /** Whether the table was written by another definition (or by an unknown one). */
  public boolean definitionChanged() {
    return definitionChanged;
  }

  /** The days to compute, oldest first. */
  public List<String> days() {
    return List.copyOf(days);
  }

  /** The pipelines to run, oldest first. */
  public List<Chunk> chunks() {
    return List.copyOf(chunks);
  }

  /** Stores the semantic hash beside the table: call once every chunk is written. */
  public void commit() {
    ResourceId file = hashFile(warehouse, table);
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.TEXT)) {
      channel.write(ByteBuffer.wrap((hash + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The hash stored beside {@code table}, if any. */
  public static Optional<String> storedHash(Warehouse warehouse, String table) {
    ResourceId file = hashFile(warehouse, table);
    try {
      MatchResult match = FileSystems.match(file.toString(), EmptyMatchTreatment.ALLOW);
      if (match.metadata().isEmpty()) {
        return Optional.empty();
      }
      try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static ResourceId hashFile(Warehouse warehouse, String table) {
    return warehouse.tableDirectory(table).resolve(HASH_FILE, StandardResolveOptions.RESOLVE_FILE);
  }
}
