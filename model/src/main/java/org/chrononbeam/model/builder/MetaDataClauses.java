package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireJsonObject;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.MetaData;

/**
 * The {@link MetaData} every top-level config carries: its name, owner, output namespace, serving
 * flags, schedule and free-form properties.
 *
 * <p>Only what is given is written, plus the defaults each builder documents. compile.py also
 * derives {@code customJson} (from {@code lag} and tags), {@code dependencies} (from the sources)
 * and {@code tableProperties} / {@code outputNamespace} (from {@code teams.json}); give these
 * explicitly when a config must match compile.py's output, e.g. with {@link Dependencies}.
 *
 * @param <B> the concrete builder, returned by every method for chaining
 */
public abstract sealed class MetaDataClauses<B extends MetaDataClauses<B>>
    permits GroupByBuilder, JoinBuilder, StagingQueryBuilder {

  /** The offline schedule compile.py gives every GroupBy and Join unless told otherwise. */
  public static final String DEFAULT_OFFLINE_SCHEDULE = "@daily";

  private final MetaData metaData = new MetaData();
  private final List<String> dependencies = new ArrayList<>();
  private final Map<String, String> tableProperties = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> modeToEnv = new LinkedHashMap<>();

  MetaDataClauses(String name) {
    metaData.setName(requireText(name, "config name"));
  }

  /** The team that owns the config; Chronon's name is {@code <team>.<file>.<variable>}. */
  public B team(String team) {
    metaData.setTeam(requireText(team, "team"));
    return self();
  }

  /** The warehouse namespace (database) the output tables are written to. */
  public B outputNamespace(String namespace) {
    metaData.setOutputNamespace(requireText(namespace, "output namespace"));
    return self();
  }

  /** Whether the config is served online (uploaded to the KV store). */
  public B online(boolean online) {
    metaData.setOnline(online);
    return self();
  }

  /** Whether the config is in production, so its failures page its owners. */
  public B production(boolean production) {
    metaData.setProduction(production);
    return self();
  }

  /** Free-form JSON kept as a string; it must parse as a JSON object. */
  public B customJson(String json) {
    metaData.setCustomJson(requireJsonObject(json, "custom JSON"));
    return self();
  }

  /**
   * Adds upstream dependencies the scheduler waits for, each a string as compile.py writes it
   * (see {@link Dependencies#onTable(String, String, String)}).
   */
  public B dependencies(String... dependencies) {
    this.dependencies.addAll(List.of(requireTexts(dependencies, "dependency")));
    return self();
  }

  /** Adds one property of the output tables. */
  public B tableProperty(String key, String value) {
    putNew(tableProperties, requireText(key, "table property"), requireNonNull(value, "table property value"),
        "table property");
    return self();
  }

  /** Adds every property of the output tables, in the map's iteration order. */
  public B tableProperties(Map<String, String> properties) {
    requireNonNull(properties, "table properties").forEach(this::tableProperty);
    return self();
  }

  /** Environment variables for one run mode, e.g. {@code "backfill" -> {"EXECUTOR_MEMORY": "9G"}}. */
  public B modeEnvironment(String mode, Map<String, String> environment) {
    requireNonNull(environment, "environment of mode " + mode);
    environment.forEach((name, value) -> {
      requireText(name, "environment variable name");
      requireNonNull(value, "environment variable " + name);
    });
    putNew(modeToEnv, requireText(mode, "run mode"), new LinkedHashMap<>(environment), "run mode");
    return self();
  }

  /** The cron expression or preset ({@code @daily}, {@code @weekly}, {@code @never}) of offline runs. */
  public B offlineSchedule(String schedule) {
    metaData.setOfflineSchedule(requireText(schedule, "offline schedule"));
    return self();
  }

  /** The date (yyyy-MM-dd) after which the config is deprecated. */
  public B deprecationDate(String date) {
    metaData.setDeprecationDate(requireText(date, "deprecation date"));
    return self();
  }

  /** A human-readable description of the config. */
  public B description(String description) {
    metaData.setDescription(requireText(description, "description"));
    return self();
  }

  /** The metadata being built, for the subclasses' own fields and defaults. */
  MetaData metaData() {
    return metaData;
  }

  /** A new {@link MetaData} of what was given so far. */
  MetaData buildMetaData() {
    MetaData built = new MetaData(metaData);
    if (!dependencies.isEmpty()) {
      built.setDependencies(new ArrayList<>(dependencies));
    }
    if (!tableProperties.isEmpty()) {
      built.setTableProperties(new LinkedHashMap<>(tableProperties));
    }
    if (!modeToEnv.isEmpty()) {
      Map<String, Map<String, String>> copy = new LinkedHashMap<>();
      modeToEnv.forEach((mode, env) -> copy.put(mode, new LinkedHashMap<>(env)));
      built.setModeToEnvMap(copy);
    }
    return built;
  }

  @SuppressWarnings("unchecked")
  B self() {
    return (B) this;
  }
}
