package org.chrononbeam.fetcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.expressions.CompiledDerivations;
import org.chrononbeam.expressions.DerivationCompiler;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.model.naming.TableNames;

/**
 * A join's config with what every fetch of it needs, worked out once when it is loaded: per part,
 * its GroupBy, its column names and its exception column; the join's output columns; its compiled
 * derivations.
 */
final class JoinConfig {

  /** One join part: its GroupBy and column names, and its left columns per serving form. */
  static final class Part {

    private final JoinPart joinPart;
    private final String groupBy;
    private final List<String> columns;
    private final String exceptionColumn;
    private final AtomicReference<LeftColumns> leftColumns = new AtomicReference<>();

    private Part(JoinPart joinPart) {
      this.joinPart = joinPart;
      this.groupBy = joinPart.getGroupBy().getMetaData().getName();
      this.exceptionColumn = (joinPart.getPrefix() == null ? "" : joinPart.getPrefix() + "_")
          + TableNames.sanitize(groupBy) + "_exception";
      List<String> named;
      try {
        named = OutputColumns.of(joinPart);
      } catch (IllegalArgumentException e) {
        named = List.of();
      }
      this.columns = named;
    }

    /** The name of the part's GroupBy. */
    String groupBy() {
      return groupBy;
    }

    /**
     * The part's feature column names, {@code [<prefix>_]<groupBy>_<column>}; empty when they
     * cannot be named.
     */
    List<String> columns() {
      return columns;
    }

    /** {@code [<prefix>_]<groupBy>_exception}. */
    String exceptionColumn() {
      return exceptionColumn;
    }

    /**
     * GroupBy key column to the left column that feeds it: its {@code keyMapping} source, else
     * itself. Worked out once per serving form.
     */
    Map<String, String> leftColumns(GroupByServing serving) {
      return leftColumnsOf(serving).leftOf();
    }

    /**
     * Whether each of {@code serving}'s key columns is fed by the left column of its own name (no
     * {@code keyMapping} renames one), so that a request's keys are the GroupBy's keys.
     */
    boolean keysAreLeftColumns(GroupByServing serving) {
      return leftColumnsOf(serving).sameNames();
    }

    private LeftColumns leftColumnsOf(GroupByServing serving) {
      LeftColumns known = leftColumns.get();
      if (known != null && known.serving() == serving) {
        return known;
      }
      Map<String, String> leftOf = new LinkedHashMap<>();
      for (String key : serving.keyColumns()) {
        leftOf.put(key, key);
      }
      if (joinPart.isSetKeyMapping()) {
        joinPart.getKeyMapping().forEach((left, key) -> {
          if (leftOf.containsKey(key)) {
            leftOf.put(key, left);
          }
        });
      }
      boolean sameNames =
          leftOf.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()));
      LeftColumns worked = new LeftColumns(serving, leftOf, sameNames);
      leftColumns.set(worked);
      return worked;
    }
  }

  /** A part's left columns as worked out for {@code serving}. */
  private record LeftColumns(
      GroupByServing serving, Map<String, String> leftOf, boolean sameNames) {}

  private final Join join;
  private final List<Part> parts;
  private final Set<String> groupBys;
  private final ColumnValues.Columns featureColumns;
  private final List<String> outputColumns;
  private final IllegalArgumentException outputColumnsError;
  private final Map<RowSchema, CompiledDerivations> derivations = new ConcurrentHashMap<>();
  /** The plan of the serving forms last planned over. */
  private final AtomicReference<JoinPlan> plan = new AtomicReference<>();

  JoinConfig(Join join) {
    this.join = join;
    this.parts = new ArrayList<>();
    this.groupBys = new LinkedHashSet<>();
    List<String> features = new ArrayList<>();
    for (JoinPart joinPart : join.getJoinParts()) {
      Part part = new Part(joinPart);
      parts.add(part);
      groupBys.add(part.groupBy());
      features.addAll(part.columns());
    }
    this.featureColumns = ColumnValues.Columns.of(features);
    List<String> outputs = null;
    IllegalArgumentException error = null;
    try {
      outputs = OutputColumns.of(join);
    } catch (IllegalArgumentException e) {
      error = e;
    }
    this.outputColumns = outputs;
    this.outputColumnsError = error;
  }

  /** The config. */
  Join join() {
    return join;
  }

  /** The join's name, as its derivations are named. */
  String name() {
    return join.getMetaData() != null && join.getMetaData().isSetName()
        ? join.getMetaData().getName()
        : "join";
  }

  /** The parts, in order. */
  List<Part> parts() {
    return parts;
  }

  /** The names of the parts' GroupBys. */
  Set<String> groupBys() {
    return groupBys;
  }

  /**
   * The feature columns of every part, in order; null when a name repeats. A join without
   * derivations whose parts all succeed answers these.
   */
  ColumnValues.Columns featureColumns() {
    return featureColumns;
  }

  /** Whether the join has derivations. */
  boolean hasDerivations() {
    return join.isSetDerivations() && !join.getDerivations().isEmpty();
  }

  /**
   * The join's output columns ({@link OutputColumns#of(Join)}).
   *
   * @throws IllegalArgumentException if they cannot be named
   */
  List<String> outputColumns() {
    if (outputColumns == null) {
      throw new IllegalArgumentException(outputColumnsError.getMessage(), outputColumnsError);
    }
    return outputColumns;
  }

  /**
   * The plan over the serving forms {@code servings} (GroupBy name to loaded form): the last one
   * when it was worked out from the same loaded forms.
   */
  JoinPlan plan(Map<String, Loaded<GroupByServing>> servings) {
    JoinPlan known = plan.get();
    if (known != null && known.isFor(parts, servings::get)) {
      return known;
    }
    JoinPlan worked = JoinPlan.of(this, servings);
    plan.set(worked);
    return worked;
  }

  /** The plan last worked out by {@link #plan}, or null. */
  JoinPlan lastPlan() {
    return plan.get();
  }

  /** The derivations compiled over {@code base} (compiled once per base schema). */
  CompiledDerivations derivations(RowSchema base) {
    return derivations.computeIfAbsent(
        base, schema -> DerivationCompiler.compile(name(), join.getDerivations(), schema));
  }
}
