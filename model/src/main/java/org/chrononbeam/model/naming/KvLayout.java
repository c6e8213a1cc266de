package org.chrononbeam.model.naming;

import java.util.Locale;
import java.util.Objects;
import org.chrononbeam.model.ConfigKind;

/**
 * Names in the KV store: the datasets a GroupBy's values live in and the keys of the metadata store.
 *
 * <p>A GroupBy named {@code team.x.v1} writes its batch upload to {@code TEAM_X_V1_BATCH} and its
 * streaming rows to {@code TEAM_X_V1_STREAMING} (the sanitized name, upper-cased). The batch dataset
 * also holds the GroupBy's serving info under the key {@value #SERVING_INFO_KEY}. {@code
 * metadata-upload} writes each config's JSON to {@value #METADATA_DATASET} under {@code
 * <folder>/<team>/<rest of name>}, and the list of a team's config keys to {@value
 * #ENTITY_BY_TEAM_DATASET} under {@code <folder>/<team>}:
 *
 * <pre>{@code
 * KvLayout.batchDataset("team.x.v1");                                        // TEAM_X_V1_BATCH
 * KvLayout.metadataKey(ConfigKind.JOIN, "quickstart.training_set.v2");      // joins/quickstart/training_set.v2
 * KvLayout.requestName("quickstart.training_set.v2");                        // quickstart/training_set.v2
 * KvLayout.teamKey(ConfigKind.JOIN, "quickstart");                           // joins/quickstart
 * }</pre>
 */
public final class KvLayout {

  /** The dataset holding every uploaded config's JSON. */
  public static final String METADATA_DATASET = "ZIPLINE_METADATA";

  /** The dataset listing each team's config keys. */
  public static final String ENTITY_BY_TEAM_DATASET = "CHRONON_ENTITY_BY_TEAM";

  /** The key, in a GroupBy's batch dataset, of its {@code GroupByServingInfo} JSON. */
  public static final String SERVING_INFO_KEY = "group_by_serving_info";

  private KvLayout() {}

  /** {@code <SANITIZED NAME>_BATCH}: a GroupBy's batch values and serving info. */
  public static String batchDataset(String groupByName) {
    return datasetStem(groupByName) + "_BATCH";
  }

  /** {@code <SANITIZED NAME>_STREAMING}: a GroupBy's streamed input rows or tiles. */
  public static String streamingDataset(String groupByName) {
    return datasetStem(groupByName) + "_STREAMING";
  }

  /**
   * The name a fetch request uses for a config: its name with the first {@code .} (between team and
   * the rest) turned into {@code /}, e.g. {@code quickstart/training_set.v2}.
   */
  public static String requestName(String configName) {
    Objects.requireNonNull(configName, "configName");
    int dot = configName.indexOf('.');
    if (dot <= 0 || dot == configName.length() - 1) {
      throw new IllegalArgumentException(
          "a config name is <team>.<rest>, e.g. quickstart.training_set.v2; found '" + configName + "'");
    }
    return configName.substring(0, dot) + "/" + configName.substring(dot + 1);
  }

  /** The config's key in {@value #METADATA_DATASET}: {@code <folder>/<team>/<rest of name>}. */
  public static String metadataKey(ConfigKind kind, String configName) {
    return kind.folder() + "/" + requestName(configName);
  }

  /** The key in {@value #ENTITY_BY_TEAM_DATASET} listing a team's configs of one kind: {@code <folder>/<team>}. */
  public static String teamKey(ConfigKind kind, String team) {
    Objects.requireNonNull(team, "team");
    return kind.folder() + "/" + team;
  }

  private static String datasetStem(String groupByName) {
    return TableNames.sanitize(groupByName).toUpperCase(Locale.ROOT);
  }
}
