package org.chrononbeam.model.validate;

import java.nio.file.Path;
import java.util.List;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates Chronon configs as they are loaded, reporting every problem at once.
 *
 * <p>Each problem is a {@link ConfigError} naming the config (its metadata name, else its file) and
 * the field path from the config's root, e.g. {@code joinParts[0].groupBy.aggregations[1].argMap.k}.
 * Nested configs are checked with the same rules: join parts, label parts, external parts'
 * {@code offlineGroupBy}, and the joins that chaining sources ({@code joinSource}) read.
 *
 * <p>Errors:
 * <ul>
 *   <li>A GroupBy, Join or StagingQuery without {@code metaData.name}; a StagingQuery without
 *       {@code query}; a Join without {@code left}; a join part without {@code groupBy}.
 *   <li>A GroupBy without sources, a source that sets none of events / entities / joinSource, a
 *       GroupBy mixing events and entities sources.
 *   <li>A GroupBy without {@code keyColumns}; a key that a source with {@code selects} does not select.
 *   <li>An aggregation without input column or operation; an input column or bucket that no source
 *       selects (checked only when every source gives {@code selects}; {@code ts} is always there).
 *   <li>A window whose length is not positive, without a time unit, or in HOURS on a GroupBy whose
 *       (inferred) accuracy is SNAPSHOT, which Chronon computes at daily resolution; an empty
 *       {@code windows} or {@code buckets} list, which would give no columns at all.
 *   <li>An {@code argMap} the operation cannot use: k-operations without a positive {@code k}, sketch
 *       sizes out of range, {@code percentiles} that are not a JSON list of numbers in [0, 1] or are
 *       given to another operation. Unknown operation numbers never get this far: loading rejects
 *       them, naming the field.
 *   <li>A GroupBy without aggregations whose sources are events or have mutations.
 *   <li>A join part {@code keyMapping} ({@code {leftColumn: groupByKey}}) to a column that is not
 *       a key of the GroupBy; an external part {@code keyMapping} to a field not in its key schema.
 *   <li>A derivation without a name or an expression.
 * </ul>
 *
 * <p>Warnings: a join part's GroupBy key that is neither a {@code keyMapping} target nor selected by
 * a left that gives {@code selects}. Chronon compiles such joins (its own sample {@code
 * sample_team.sample_deprecation_join.v1} is one) but cannot run them.
 *
 * <pre>{@code
 * LoadedConfig join = ConfigValidator.loadValid(Path.of("production/joins/team/training_set.v1"));
 *
 * ValidationReport report = ConfigValidator.check(ConfigFiles.load(file));
 * report.errors().forEach(System.err::println);   // "team.x.v1: keyColumns[0]: key 'id' is not selected ..."
 * }</pre>
 */
public final class ConfigValidator {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigValidator.class);

  private ConfigValidator() {}

  /** Errors and warnings of a loaded config. */
  public static ValidationReport check(LoadedConfig loaded) {
    ConfigChecker checker = new ConfigChecker(loaded.name());
    switch (loaded.kind()) {
      case GROUP_BY -> checker.groupBy("", (GroupBy) loaded.config());
      case JOIN -> checker.join("", (Join) loaded.config());
      case STAGING_QUERY -> checker.stagingQuery((StagingQuery) loaded.config());
    }
    return checker.report();
  }

  /** The errors of a loaded config; empty when it is valid. */
  public static List<ConfigError> validate(LoadedConfig loaded) {
    return check(loaded).errors();
  }

  /** The errors of a GroupBy, named by its metadata name. */
  public static List<ConfigError> validate(GroupBy groupBy) {
    return validate(new LoadedConfig(nameOf(groupBy.getMetaData(), "GroupBy"), ConfigKind.GROUP_BY, groupBy));
  }

  /** The errors of a Join, named by its metadata name. */
  public static List<ConfigError> validate(Join join) {
    return validate(new LoadedConfig(nameOf(join.getMetaData(), "Join"), ConfigKind.JOIN, join));
  }

  /** The errors of a StagingQuery, named by its metadata name. */
  public static List<ConfigError> validate(StagingQuery query) {
    return validate(
        new LoadedConfig(nameOf(query.getMetaData(), "StagingQuery"), ConfigKind.STAGING_QUERY, query));
  }

  /** Throws a {@link ConfigException} listing every error of {@code loaded}; logs its warnings. */
  public static LoadedConfig requireValid(LoadedConfig loaded) {
    ValidationReport report = check(loaded);
    report.warnings().forEach(w -> LOG.warn("{}", w));
    if (!report.isValid()) {
      throw new ConfigException(report.errors());
    }
    return loaded;
  }

  /**
   * Loads a compiled config file and validates it. A file that does not load (bad JSON, a value of
   * the wrong type, an unknown enum number) or does not validate throws a {@link ConfigException}
   * naming the file or config and the field.
   */
  public static LoadedConfig loadValid(Path file) {
    return requireValid(ConfigFiles.load(file));
  }

  private static String nameOf(MetaData metaData, String kind) {
    return metaData != null && metaData.isSetName() ? metaData.getName() : "<unnamed " + kind + ">";
  }
}
