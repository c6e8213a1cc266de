package org.chrononbeam.model.validate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.ExternalPart;
import org.chrononbeam.api.ExternalSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.InferredAccuracy;
import org.chrononbeam.model.SourceFields;

/** One walk over one top-level config, collecting errors and warnings with their field paths. */
final class ConfigChecker {
  /** Chronon fills {@code ts} from the query's timeColumn, so an aggregation may read it unselected. */
  private static final String TIME_COLUMN = "ts";

  /** What a source's rows are; a join source's rows are its left's. */
  private enum DataModel {
    EVENTS, ENTITIES;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String config;
  private final List<ConfigError> errors = new ArrayList<>();
  /** The operations whose IRs can retract an input: the only ones that can read entity mutations. */
  private static final Set<Operation> DELETABLE =
      EnumSet.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.HISTOGRAM);

  private final List<ConfigError> warnings = new ArrayList<>();

  ConfigChecker(String config) {
    this.config = config;
  }

  ValidationReport report() {
    return new ValidationReport(errors, warnings);
  }

  void stagingQuery(StagingQuery query) {
    named("", query.getMetaData(), "StagingQuery");
    if (query.getQuery() == null || query.getQuery().isBlank()) {
      error("query", "missing: a StagingQuery needs its SQL");
    }
  }

  void groupBy(String path, GroupBy groupBy) {
    named(path, groupBy.getMetaData(), "GroupBy");
    List<Source> sources = groupBy.isSetSources() ? groupBy.getSources() : List.of();
    if (sources.isEmpty()) {
      error(at(path, "sources"), "a GroupBy needs at least one source");
    }
    List<Optional<Set<String>>> selects = new ArrayList<>();
    DataModel firstModel = null;
    for (int i = 0; i < sources.size(); i++) {
      String sourcePath = at(path, "sources[" + i + "]");
      source(sourcePath, sources.get(i));
      selects.add(selected(sources.get(i)));
      DataModel model = dataModel(sources.get(i));
      if (firstModel == null) {
        firstModel = model;
      } else if (model != null && !model.equals(firstModel)) {
        error(sourcePath, "all sources of a GroupBy are events or all are entities; the first is "
            + firstModel + ", this one " + model);
      }
    }
    keys(path, groupBy, selects);
    if (groupBy.isSetAggregations()) {
      Set<String> selectedByAny = selectedByAny(selects);
      Accuracy accuracy = sources.isEmpty() && !groupBy.isSetAccuracy() ? null : InferredAccuracy.of(groupBy);
      boolean readsMutations =
          accuracy == Accuracy.TEMPORAL && sources.stream().anyMatch(ConfigChecker::hasMutations);
      List<Aggregation> aggregations = groupBy.getAggregations();
      for (int i = 0; i < aggregations.size(); i++) {
        String aggregationPath = at(path, "aggregations[" + i + "]");
        aggregation(aggregationPath, aggregations.get(i), accuracy, selectedByAny);
        Operation operation = aggregations.get(i).getOperation();
        if (readsMutations && operation != null && !DELETABLE.contains(operation)) {
          warning(at(aggregationPath, "operation"), operation + " cannot retract the before-images of"
              + " entity mutations (only SUM, COUNT, AVERAGE and HISTOGRAM can): Chronon ignores them,"
              + " Chronon-Beam refuses to run this GroupBy with TEMPORAL accuracy");
        }
      }
    } else if (sources.stream().anyMatch(ConfigChecker::hasEventsOrMutations)) {
      error(at(path, "aggregations"), "a GroupBy without aggregations needs entity sources without"
          + " mutations; events and mutations must be aggregated");
    }
    derivations(at(path, "derivations"), groupBy.getDerivations());
  }

  void join(String path, Join join) {
    named(path, join.getMetaData(), "Join");
    Set<String> leftSelects = null;
    if (!join.isSetLeft()) {
      error(at(path, "left"), "missing: a Join needs a left source");
    } else {
      source(at(path, "left"), join.getLeft());
      leftSelects = selected(join.getLeft()).orElse(null);
    }
    List<JoinPart> parts = join.isSetJoinParts() ? join.getJoinParts() : List.of();
    for (int i = 0; i < parts.size(); i++) {
      joinPart(at(path, "joinParts[" + i + "]"), parts.get(i), leftSelects);
    }
    if (join.isSetLabelPart() && join.getLabelPart().isSetLabels()) {
      List<JoinPart> labels = join.getLabelPart().getLabels();
      for (int i = 0; i < labels.size(); i++) {
        joinPart(at(path, "labelPart.labels[" + i + "]"), labels.get(i), leftSelects);
      }
    }
    if (join.isSetOnlineExternalParts()) {
      List<ExternalPart> externals = join.getOnlineExternalParts();
      for (int i = 0; i < externals.size(); i++) {
        externalPart(at(path, "onlineExternalParts[" + i + "]"), externals.get(i));
      }
    }
    derivations(at(path, "derivations"), join.getDerivations());
  }

  private void source(String path, Source source) {
    if (source.getSetField() == null) {
      error(path, "a source sets one of events, entities or joinSource");
    } else if (source.isSetJoinSource()) {
      Join join = source.getJoinSource().getJoin();
      if (join == null) {
        error(at(path, "joinSource.join"), "missing: a join source names the join whose output it reads");
      } else {
        join(at(path, "joinSource.join"), join);
      }
    }
  }

  private void keys(String path, GroupBy groupBy, List<Optional<Set<String>>> selects) {
    List<String> keys = groupBy.isSetKeyColumns() ? groupBy.getKeyColumns() : List.of();
    if (keys.isEmpty()) {
      error(at(path, "keyColumns"), "a GroupBy needs at least one key column");
    }
    for (int k = 0; k < keys.size(); k++) {
      for (int s = 0; s < selects.size(); s++) {
        Optional<Set<String>> selected = selects.get(s);
        if (selected.isPresent() && !selected.get().contains(keys.get(k))) {
          error(at(path, "keyColumns[" + k + "]"), "key '" + keys.get(k) + "' is not selected by sources["
              + s + "], which selects " + selected.get());
        }
      }
    }
  }

  private void aggregation(String path, Aggregation aggregation, Accuracy accuracy, Set<String> selected) {
    if (!aggregation.isSetInputColumn()) {
      error(at(path, "inputColumn"), "missing: an aggregation needs an input column");
    } else {
      column(at(path, "inputColumn"), aggregation.getInputColumn(), selected);
    }
    if (!aggregation.isSetOperation()) {
      error(at(path, "operation"), "missing: an aggregation needs an operation");
    } else {
      for (OperationArguments.Problem p :
          OperationArguments.check(aggregation.getOperation(), aggregation.getArgMap())) {
        error(at(path, "argMap." + p.argument()), p.message());
      }
    }
    if (aggregation.isSetWindows()) {
      List<Window> windows = aggregation.getWindows();
      if (windows.isEmpty()) {
        error(at(path, "windows"), "an empty list gives no columns; leave windows unset for one unbounded window");
      }
      for (int w = 0; w < windows.size(); w++) {
        window(at(path, "windows[" + w + "]"), windows.get(w), accuracy);
      }
    }
    if (aggregation.isSetBuckets()) {
      List<String> buckets = aggregation.getBuckets();
      if (buckets.isEmpty()) {
        error(at(path, "buckets"), "an empty list gives no columns; leave buckets unset for none");
      }
      for (int b = 0; b < buckets.size(); b++) {
        column(at(path, "buckets[" + b + "]"), buckets.get(b), selected);
      }
    }
  }

  private void column(String path, String column, Set<String> selected) {
    if (selected != null && !selected.contains(column) && !TIME_COLUMN.equals(column)) {
      error(path, "'" + column + "' is not selected by any source, which select " + selected);
    }
  }

  private void window(String path, Window window, Accuracy accuracy) {
    if (!window.isSetLength() || window.getLength() <= 0) {
      error(at(path, "length"), window.isSetLength()
          ? "a window's length must be positive, found " + window.getLength()
          : "missing: a window needs a length");
    }
    if (!window.isSetTimeUnit()) {
      error(at(path, "timeUnit"), "missing: a window needs a timeUnit (HOURS or DAYS)");
    } else if (accuracy == Accuracy.SNAPSHOT && window.getTimeUnit() == TimeUnit.HOURS) {
      error(at(path, "timeUnit"), "a SNAPSHOT GroupBy aggregates whole days, so its windows are in DAYS;"
          + " found " + window.getLength() + "h (set accuracy TEMPORAL or give the window in days)");
    }
  }

  private void joinPart(String path, JoinPart part, Set<String> leftSelects) {
    GroupBy groupBy = part.getGroupBy();
    if (groupBy == null) {
      error(at(path, "groupBy"), "missing: a join part needs a GroupBy");
      return;
    }
    groupBy(at(path, "groupBy"), groupBy);
    List<String> keys = groupBy.isSetKeyColumns() ? groupBy.getKeyColumns() : List.of();
    Map<String, String> mapping = part.isSetKeyMapping() ? part.getKeyMapping() : Map.of();
    for (Map.Entry<String, String> e : mapping.entrySet()) {
      if (!keys.isEmpty() && !keys.contains(e.getValue())) {
        error(at(path, "keyMapping." + e.getKey()), "maps left column '" + e.getKey() + "' to '"
            + e.getValue() + "', which is not a key of " + name(groupBy.getMetaData()) + " (keys " + keys + ")");
      }
    }
    if (leftSelects == null) {
      return;
    }
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      if (!mapping.containsValue(key) && !leftSelects.contains(key)) {
        warning(at(path, "groupBy.keyColumns[" + k + "]"), "key '" + key + "' is neither a keyMapping target"
            + " nor selected by the left, which selects " + leftSelects
            + "; Chronon compiles this, but the join fails when it runs");
      }
    }
  }

  private void externalPart(String path, ExternalPart part) {
    ExternalSource source = part.getSource();
    if (source == null) {
      error(at(path, "source"), "missing: an external part needs a source");
      return;
    }
    if (source.getMetadata() == null || !source.getMetadata().isSetName()) {
      error(at(path, "source.metadata.name"), "missing: an external source's name names its columns");
    }
    if (part.isSetKeyMapping() && source.getKeySchema() != null && source.getKeySchema().isSetParams()) {
      Set<String> keyFields = new LinkedHashSet<>();
      source.getKeySchema().getParams().stream().map(DataField::getName).forEach(keyFields::add);
      for (Map.Entry<String, String> e : part.getKeyMapping().entrySet()) {
        if (!keyFields.contains(e.getValue())) {
          error(at(path, "keyMapping." + e.getKey()), "maps left column '" + e.getKey() + "' to '"
              + e.getValue() + "', which is not a field of the source's keySchema " + keyFields);
        }
      }
    }
    if (source.getOfflineGroupBy() != null) {
      groupBy(at(path, "source.offlineGroupBy"), source.getOfflineGroupBy());
    }
  }

  private void derivations(String path, List<Derivation> derivations) {
    if (derivations == null) {
      return;
    }
    for (int i = 0; i < derivations.size(); i++) {
      Derivation d = derivations.get(i);
      if (d.getName() == null || d.getName().isBlank()) {
        error(at(path, "[" + i + "].name"), "missing: a derivation names its output column");
      }
      if (d.getExpression() == null || d.getExpression().isBlank()) {
        error(at(path, "[" + i + "].expression"), "missing: a derivation needs a Spark SQL expression");
      }
    }
  }

  private void named(String path, MetaData metaData, String kind) {
    if (metaData == null || metaData.getName() == null || metaData.getName().isBlank()) {
      error(at(path, "metaData.name"), "missing: a " + kind + " needs a name");
    }
  }

  private static String name(MetaData metaData) {
    return metaData != null && metaData.isSetName() ? metaData.getName() : "the GroupBy";
  }

  /** The columns a source selects, or empty when it gives no selects (it passes every column on). */
  private static Optional<Set<String>> selected(Source source) {
    return SourceFields.query(source)
        .filter(Query::isSetSelects)
        .map(q -> new LinkedHashSet<>(q.getSelects().keySet()));
  }

  /** Every column some source selects, or null when there are no sources or one gives no selects. */
  private static Set<String> selectedByAny(List<Optional<Set<String>>> selects) {
    if (selects.isEmpty()) {
      return null;
    }
    Set<String> all = new LinkedHashSet<>();
    for (Optional<Set<String>> s : selects) {
      if (s.isEmpty()) {
        return null;
      }
      all.addAll(s.get());
    }
    return all;
  }

  /** The source's data model; a join source has its left's; null when it cannot be told. */
  private static DataModel dataModel(Source source) {
    if (source.isSetEvents()) {
      return DataModel.EVENTS;
    }
    if (source.isSetEntities()) {
      return DataModel.ENTITIES;
    }
    if (source.isSetJoinSource() && source.getJoinSource().getJoin() != null
        && source.getJoinSource().getJoin().isSetLeft()) {
      return dataModel(source.getJoinSource().getJoin().getLeft());
    }
    return null;
  }

  private static boolean hasEventsOrMutations(Source source) {
    return source.isSetEvents() || hasMutations(source);
  }

  private static boolean hasMutations(Source source) {
    return source.isSetEntities()
        && (source.getEntities().isSetMutationTable() || source.getEntities().isSetMutationTopic());
  }

  private void error(String path, String message) {
    errors.add(new ConfigError(config, path, message));
  }

  private void warning(String path, String message) {
    warnings.add(new ConfigError(config, path, message));
  }

  private static String at(String path, String field) {
    if (path.isEmpty()) {
      return field;
    }
    return field.startsWith("[") ? path + field : path + "." + field;
  }
}
