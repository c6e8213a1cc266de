package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.Source;

/**
 * Builds an entities source: daily snapshots of mutable rows and, for point-in-time accuracy, the
 * table and topic of their mutations. Start with {@link Sources#entities(String)}.
 *
 * <pre>{@code
 * Sources.entities("db.listings_snapshot")
 *     .mutationTable("db.listings_mutations")
 *     .mutationTopic("listings_cdc")
 *     .select("listing_id", "price")
 *     .timeColumn("ts")
 *     .mutationTimeColumn("mutation_ts")
 *     .reversalColumn("is_before");
 * }</pre>
 */
public final class EntitySourceBuilder extends SourceBuilder<EntitySourceBuilder> {

  private final String snapshotTable;
  private String mutationTable;
  private String mutationTopic;

  EntitySourceBuilder(String snapshotTable) {
    this.snapshotTable = requireText(snapshotTable, "snapshot table");
  }

  /** The ds-partitioned table of the rows' mutations (before and after images). */
  public EntitySourceBuilder mutationTable(String table) {
    this.mutationTable = requireText(table, "mutation table");
    return this;
  }

  /** The topic carrying the rows' mutations in realtime. */
  public EntitySourceBuilder mutationTopic(String topic) {
    this.mutationTopic = requireText(topic, "mutation topic");
    return this;
  }

  @Override
  public Source build() {
    return Source.entities(new EntitySource()
        .setSnapshotTable(snapshotTable)
        .setMutationTable(mutationTable)
        .setMutationTopic(mutationTopic)
        .setQuery(buildQuery()));
  }
}
