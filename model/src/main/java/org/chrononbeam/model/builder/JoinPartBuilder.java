package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import java.util.LinkedHashMap;
import java.util.Map;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.JoinPart;

/**
 * Builds a {@link JoinPart}: a GroupBy joined to the left side of a join, with the left columns
 * that feed its keys and an optional prefix for its output columns.
 *
 * <pre>{@code
 * JoinPartBuilder.of(userFeatures)
 *     .keyMapping("buyer_id", "user_id")   // left column buyer_id feeds the GroupBy key user_id
 *     .prefix("buyer");                    // columns become buyer_<groupBy>_<feature>
 * }</pre>
 *
 * <p>Keys without a mapping are matched to the left column of the same name.
 */
public final class JoinPartBuilder {

  private final GroupBy groupBy;
  private final Map<String, String> keyMapping = new LinkedHashMap<>();
  private String prefix;

  private JoinPartBuilder(GroupBy groupBy) {
    this.groupBy = StructCopy.of(requireNonNull(groupBy, "group-by of a join part"));
  }

  /** A part joining {@code groupBy}, which is copied. */
  public static JoinPartBuilder of(GroupBy groupBy) {
    return new JoinPartBuilder(groupBy);
  }

  /** Feeds the GroupBy key {@code groupByKey} from the left column {@code leftColumn}. */
  public JoinPartBuilder keyMapping(String leftColumn, String groupByKey) {
    requireText(leftColumn, "left column of a key mapping");
    requireText(groupByKey, "group-by key of a key mapping");
    if (groupBy.getKeyColumns() == null || !groupBy.getKeyColumns().contains(groupByKey)) {
      throw new IllegalArgumentException("'" + groupByKey + "' is not a key of GroupBy "
          + groupBy.getMetaData().getName() + "; its keys are " + groupBy.getKeyColumns());
    }
    putNew(keyMapping, leftColumn, groupByKey, "left column of a key mapping");
    return this;
  }

  /** Maps every {@code leftColumn -> groupByKey} entry, in the map's iteration order. */
  public JoinPartBuilder keyMapping(Map<String, String> leftColumnsToGroupByKeys) {
    requireNonNull(leftColumnsToGroupByKeys, "key mapping").forEach(this::keyMapping);
    return this;
  }

  /** Prefixes the part's output columns with {@code <prefix>_}, to join one GroupBy twice. */
  public JoinPartBuilder prefix(String prefix) {
    this.prefix = requireText(prefix, "join part prefix");
    return this;
  }

  /** Returns a new {@link JoinPart} of what was given so far. */
  public JoinPart build() {
    JoinPart part = new JoinPart().setGroupBy(StructCopy.of(groupBy)).setPrefix(prefix);
    if (!keyMapping.isEmpty()) {
      part.setKeyMapping(new LinkedHashMap<>(keyMapping));
    }
    return part;
  }
}
