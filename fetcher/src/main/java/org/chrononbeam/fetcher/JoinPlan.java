package org.chrononbeam.fetcher;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.chrononbeam.model.avro.KeyCodec;

/**
 * What planning a join's reads needs that does not depend on the request, worked out once per
 * join config and serving forms: per part, its serving form (null when it could not be loaded),
 * whether its columns match the join's names for them, the left columns feeding its keys (null
 * when the request's keys are its keys), and the earlier part with the same key for every request
 * (-1 when none), whose normalized key and key bytes it reuses instead of making its own.
 */
final class JoinPlan {

  private final Loaded<GroupByServing>[] loaded;
  private final GroupByServing[] servings;
  private final boolean[] columnsMatch;
  private final Map<String, String>[] leftOf;
  private final int[] sameKeyAs;

  @SuppressWarnings("unchecked")
  private JoinPlan(JoinConfig join, Map<String, Loaded<GroupByServing>> byName) {
    List<JoinConfig.Part> parts = join.parts();
    int n = parts.size();
    this.loaded = new Loaded[n];
    this.servings = new GroupByServing[n];
    this.columnsMatch = new boolean[n];
    this.leftOf = new Map[n];
    this.sameKeyAs = new int[n];
    Map<String, String>[] feeding = new Map[n];
    for (int p = 0; p < n; p++) {
      JoinConfig.Part part = parts.get(p);
      loaded[p] = byName.get(part.groupBy());
      sameKeyAs[p] = -1;
      if (loaded[p] instanceof Loaded.Found<GroupByServing> found) {
        GroupByServing serving = found.value();
        servings[p] = serving;
        columnsMatch[p] = part.columns().size() == serving.outputColumns().size();
        feeding[p] = part.leftColumns(serving);
        leftOf[p] = part.keysAreLeftColumns(serving) ? null : feeding[p];
        for (int earlier = 0; earlier < p && columnsMatch[p]; earlier++) {
          if (columnsMatch[earlier] && sameKey(servings[earlier].keyCodec(), feeding[earlier],
              serving.keyCodec(), feeding[p])) {
            sameKeyAs[p] = earlier;
            break;
          }
        }
      }
    }
  }

  /** The plan of {@code join} over the serving forms {@code byName} (GroupBy name to form). */
  static JoinPlan of(JoinConfig join, Map<String, Loaded<GroupByServing>> byName) {
    return new JoinPlan(join, byName);
  }

  /**
   * Whether this plan was worked out from the same loaded serving forms as {@code formOf} gives
   * for the GroupBys of {@code parts}.
   */
  boolean isFor(
      List<JoinConfig.Part> parts, Function<String, ? extends Loaded<GroupByServing>> formOf) {
    for (int p = 0; p < loaded.length; p++) {
      if (formOf.apply(parts.get(p).groupBy()) != loaded[p]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether two GroupBys, keyed by codecs {@code a} and {@code b} whose key columns are fed by the
   * left columns {@code leftOfA} and {@code leftOfB} (key column to left column), have the same
   * normalized key and key bytes for every request: they encode alike and each key column is fed
   * by the same left column.
   */
  static boolean sameKey(
      KeyCodec a, Map<String, String> leftOfA, KeyCodec b, Map<String, String> leftOfB) {
    return a.encodesLike(b) && leftOfA.equals(leftOfB);
  }

  /** Part {@code p}'s serving form, or null when it could not be loaded. */
  GroupByServing serving(int p) {
    return servings[p];
  }

  /** Part {@code p}'s loaded serving form, or why it could not be loaded. */
  Loaded<GroupByServing> loaded(int p) {
    return loaded[p];
  }

  /** Whether part {@code p}'s columns match the join's names for them (when it was loaded). */
  boolean columnsMatch(int p) {
    return columnsMatch[p];
  }

  /** Part {@code p}'s key columns to the left columns feeding them; null when the same names. */
  Map<String, String> leftOf(int p) {
    return leftOf[p];
  }

  /** The earlier part whose normalized key and key bytes part {@code p} has, or -1. */
  int sameKeyAs(int p) {
    return sameKeyAs[p];
  }
}
