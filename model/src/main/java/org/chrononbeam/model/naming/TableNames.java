package org.chrononbeam.model.naming;

import java.util.Objects;
import org.chrononbeam.api.MetaData;

/**
 * Names of the tables a config writes.
 *
 * <p>A config's output table is {@code <outputNamespace>.<sanitized name>}, where sanitizing turns
 * every character other than an ASCII letter, digit or underscore into {@code _}:
 *
 * <pre>{@code
 * TableNames.sanitize("sample_team.sample_join.v1");                  // sample_team_sample_join_v1
 * TableNames.outputTable("chronon_db", "sample_team.sample_join.v1"); // chronon_db.sample_team_sample_join_v1
 * }</pre>
 */
public final class TableNames {

  private TableNames() {}

  /** {@code name} with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}. */
  public static String sanitize(String name) {
    Objects.requireNonNull(name, "name");
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      out.append(kept ? c : '_');
    }
    return out.toString();
  }

  /** {@code <outputNamespace>.<sanitized name>}. */
  public static String outputTable(String outputNamespace, String name) {
    Objects.requireNonNull(outputNamespace, "outputNamespace");
    return outputNamespace + "." + sanitize(name);
  }

  /** The output table of the config with this metadata; it needs a name and an output namespace. */
  public static String outputTable(MetaData metaData) {
    if (metaData == null || !metaData.isSetName() || !metaData.isSetOutputNamespace()) {
      throw new IllegalArgumentException("an output table needs metaData.name and metaData.outputNamespace");
    }
    return outputTable(metaData.getOutputNamespace(), metaData.getName());
  }

  /** The table a GroupBy upload writes before its bulk load into the KV store: {@code <output table>_upload}. */
  public static String uploadTable(MetaData metaData) {
    return outputTable(metaData) + "_upload";
  }
}
