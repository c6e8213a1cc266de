package org.chrononbeam.model.naming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.AggregationPart;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.ExternalPart;
import org.chrononbeam.api.ExternalSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.model.SourceFields;

/**
 * The output columns of aggregations, GroupBys and Joins, named as Chronon names them.
 *
 * <p><b>Aggregation parts.</b> An {@link Aggregation} expands into one {@link AggregationPart} per
 * bucket and window, buckets outermost (for each bucket, for each window), in the order they are
 * listed. No {@code windows} means one unbounded window, which a part leaves unset; no {@code
 * buckets} means one part per window without a bucket. A part's column is {@code
 * <input>_<op>[_<n><h|d>][_by_<bucket>]}, where {@code op} is the operation's lower-case name, except
 * {@code last<k>}, {@code first<k>}, {@code top<k>} and {@code bottom<k>} for the k-operations (k
 * from {@code argMap}):
 *
 * <pre>{@code
 * purchase_price SUM over 7 days          -> purchase_price_sum_7d
 * listing_view LAST_K k=30, no window     -> listing_view_last30
 * price AVERAGE over 12 hours by country  -> price_average_12h_by_country
 * }</pre>
 *
 * <p><b>GroupBy.</b> The parts of every aggregation in order; a GroupBy without aggregations outputs
 * the columns its first source selects, less its keys. Its derivations, if any, then reshape the
 * list (see {@link #derive}).
 *
 * <p><b>Join.</b> Each join part's GroupBy columns as {@code [<prefix>_]<sanitized GroupBy
 * name>_<column>}, then each external part's value fields as {@code ext_[<prefix>_]<sanitized
 * source name>_<field>}, reshaped by the join's derivations.
 */
public final class OutputColumns {

  /** The leading word of an external part's columns. */
  public static final String EXTERNAL_PREFIX = "ext";

  /** The derivation name that keeps every base column not used as a rename source. */
  public static final String STAR = "*";

  private OutputColumns() {}

  /** The parts of an aggregation: for each bucket (or none), for each window (or unbounded). */
  public static List<AggregationPart> parts(Aggregation aggregation) {
    List<String> buckets = aggregation.isSetBuckets()
        ? aggregation.getBuckets()
        : Collections.singletonList(null);
    List<Window> windows = aggregation.isSetWindows()
        ? aggregation.getWindows()
        : Collections.singletonList(null);
    List<AggregationPart> parts = new ArrayList<>(buckets.size() * windows.size());
    for (String bucket : buckets) {
      for (Window window : windows) {
        AggregationPart part = new AggregationPart()
            .setInputColumn(aggregation.getInputColumn())
            .setOperation(aggregation.getOperation())
            .setArgMap(aggregation.getArgMap())
            .setWindow(window)
            .setBucket(bucket);
        if (aggregation.isSetElementWise()) {
          part.setElementWise(aggregation.isElementWise());
        }
        parts.add(part);
      }
    }
    return parts;
  }

  /** The column name of one aggregation part. */
  public static String name(AggregationPart part) {
    String name = part.getInputColumn() + "_" + operationName(part.getOperation(), part.getArgMap())
        + windowSuffix(part.getWindow());
    return part.isSetBucket() ? name + "_by_" + part.getBucket() : name;
  }

  /**
   * The operation's word in a column name: its lower-case enum name, or {@code last<k>}, {@code
   * first<k>}, {@code top<k>}, {@code bottom<k>} for the k-operations, which need {@code argMap.k}.
   */
  public static String operationName(Operation operation, Map<String, String> argMap) {
    return switch (operation) {
      case LAST_K -> "last" + k(operation, argMap);
      case FIRST_K -> "first" + k(operation, argMap);
      case TOP_K -> "top" + k(operation, argMap);
      case BOTTOM_K -> "bottom" + k(operation, argMap);
      default -> operation.name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * {@code _<n>d} or {@code _<n>h}; empty for an unbounded window: a null window, or, as in Chronon, a
   * length that is not positive or is {@link Integer#MAX_VALUE}.
   */
  public static String windowSuffix(Window window) {
    if (window == null || window.getLength() <= 0 || window.getLength() == Integer.MAX_VALUE) {
      return "";
    }
    return "_" + window.getLength() + (window.getTimeUnit() == TimeUnit.HOURS ? "h" : "d");
  }

  /** The column names of an aggregation's parts, in {@link #parts} order. */
  public static List<String> of(Aggregation aggregation) {
    return parts(aggregation).stream().map(OutputColumns::name).toList();
  }

  /** A GroupBy's value columns (keys excluded), after its derivations. */
  public static List<String> of(GroupBy groupBy) {
    return derive(beforeDerivations(groupBy), groupBy.getDerivations());
  }

  /**
   * A GroupBy's value columns before derivations: its aggregations' parts, or, without aggregations,
   * the columns its first source selects that are not keys.
   */
  public static List<String> beforeDerivations(GroupBy groupBy) {
    if (groupBy.isSetAggregations()) {
      List<String> columns = new ArrayList<>();
      for (Aggregation aggregation : groupBy.getAggregations()) {
        columns.addAll(of(aggregation));
      }
      return columns;
    }
    Query query = groupBy.isSetSources() && !groupBy.getSources().isEmpty()
        ? SourceFields.query(groupBy.getSources().get(0)).orElse(null)
        : null;
    if (query == null || !query.isSetSelects()) {
      throw new IllegalArgumentException("GroupBy " + name(groupBy)
          + " has no aggregations, so its columns are its first source's selects, which it does not give");
    }
    List<String> keys = groupBy.isSetKeyColumns() ? groupBy.getKeyColumns() : List.of();
    return query.getSelects().keySet().stream().filter(c -> !keys.contains(c)).toList();
  }

  /** A join part's feature columns: {@code [<prefix>_]<sanitized GroupBy name>_<GroupBy column>}. */
  public static List<String> of(JoinPart joinPart) {
    String prefix = prefix(joinPart.getPrefix()) + TableNames.sanitize(name(joinPart.getGroupBy())) + "_";
    return of(joinPart.getGroupBy()).stream().map(c -> prefix + c).toList();
  }

  /** An external part's columns: {@code ext_[<prefix>_]<sanitized source name>_<value field>}. */
  public static List<String> of(ExternalPart externalPart) {
    ExternalSource source = externalPart.getSource();
    if (source == null || source.getMetadata() == null || !source.getMetadata().isSetName()) {
      throw new IllegalArgumentException("an external part needs source.metadata.name to name its columns");
    }
    String prefix = EXTERNAL_PREFIX + "_" + prefix(externalPart.getPrefix())
        + TableNames.sanitize(source.getMetadata().getName()) + "_";
    if (source.getValueSchema() == null || !source.getValueSchema().isSetParams()) {
      return List.of();
    }
    return source.getValueSchema().getParams().stream().map(DataField::getName).map(f -> prefix + f).toList();
  }

  /** A join's value columns: join parts in order, then external parts, after the join's derivations. */
  public static List<String> of(Join join) {
    List<String> base = new ArrayList<>();
    if (join.isSetJoinParts()) {
      join.getJoinParts().forEach(part -> base.addAll(of(part)));
    }
    if (join.isSetOnlineExternalParts()) {
      join.getOnlineExternalParts().forEach(part -> base.addAll(of(part)));
    }
    return derive(base, join.getDerivations());
  }

  /**
   * The columns after derivations. Without derivations (null or empty) the base columns are kept.
   * Otherwise the output is one column per derivation, in order, where a derivation named {@code *}
   * stands for every base column that no derivation uses as its whole expression (a rename source)
   * and that no other derivation replaces by name.
   *
   * <pre>{@code
   * derive([a, b, c], [*, x = a])     -> [b, c, x]   (a was renamed to x)
   * derive([a, b],    [d = a / b])    -> [d]         (no star: only derived columns)
   * derive([a, b],    [*, b = b * 2]) -> [a, b]      (b replaced by name)
   * }</pre>
   */
  public static List<String> derive(List<String> base, List<Derivation> derivations) {
    if (derivations == null || derivations.isEmpty()) {
      return List.copyOf(base);
    }
    Set<String> hidden = new HashSet<>();
    for (Derivation d : derivations) {
      if (!STAR.equals(d.getName())) {
        hidden.add(d.getName());
        hidden.add(d.getExpression());
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (Derivation d : derivations) {
      if (STAR.equals(d.getName())) {
        base.stream().filter(c -> !hidden.contains(c)).forEach(out::add);
      } else {
        out.add(d.getName());
      }
    }
    return List.copyOf(out);
  }

  private static String prefix(String prefix) {
    return prefix == null ? "" : prefix + "_";
  }

  private static String name(GroupBy groupBy) {
    if (groupBy == null || groupBy.getMetaData() == null || !groupBy.getMetaData().isSetName()) {
      throw new IllegalArgumentException("a GroupBy needs metaData.name to name its join columns");
    }
    return groupBy.getMetaData().getName();
  }

  private static int k(Operation operation, Map<String, String> argMap) {
    String k = argMap == null ? null : argMap.get("k");
    if (k == null) {
      throw new IllegalArgumentException(operation + " needs argMap.k to name its column");
    }
    try {
      return Integer.parseInt(k);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(operation + " needs an integer argMap.k, found '" + k + "'", e);
    }
  }
}
