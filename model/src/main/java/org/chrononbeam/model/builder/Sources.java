package org.chrononbeam.model.builder;

import org.chrononbeam.api.Join;

/**
 * Starting points for the three kinds of {@link org.chrononbeam.api.Source}.
 *
 * <pre>{@code
 * Sources.events("data.purchases").topic("purchases").select("user_id", "price").timeColumn("ts");
 * Sources.entities("data.users").select("user_id", "account_age");
 * Sources.joinSource(parentJoin).select("user_id", "price").timeColumn("ts");
 * }</pre>
 */
public final class Sources {

  private Sources() {}

  /** An events source reading the ds-partitioned {@code table}. */
  public static EventSourceBuilder events(String table) {
    return new EventSourceBuilder(table);
  }

  /** An entities source reading the daily snapshots in {@code snapshotTable}. */
  public static EntitySourceBuilder entities(String snapshotTable) {
    return new EntitySourceBuilder(snapshotTable);
  }

  /** A source reading the output of {@code join}, which is copied. */
  public static JoinSourceBuilder joinSource(Join join) {
    return new JoinSourceBuilder(join);
  }
}
