package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

/**
 * Dependency strings for {@link MetaDataClauses#dependencies(String...)}, written exactly as
 * compile.py writes the dependency it derives from a source table.
 *
 * <pre>{@code
 * Dependencies.onTable("data.purchases", "2023-11-01", null);
 * // {"name": "wait_for_data.purchases_ds", "spec": "data.purchases/ds={{ ds }}", "start": "2023-11-01", "end": null}
 * }</pre>
 */
public final class Dependencies {

  private Dependencies() {}

  /**
   * Waits for each daily {@code ds} partition of {@code table} between {@code startPartition} and
   * {@code endPartition} (each null when open). A sub-partition spec after the table name, as in
   * {@code db.mutations/hr=00:00}, is kept after the {@code ds} spec.
   */
  public static String onTable(String table, String startPartition, String endPartition) {
    requireText(table, "dependency table");
    int slash = table.indexOf('/');
    String name = slash < 0 ? table : table.substring(0, slash);
    String subPartitions = slash < 0 ? "" : table.substring(slash);
    return "{\"name\": " + pythonJsonString("wait_for_" + name + "_ds")
        + ", \"spec\": " + pythonJsonString(name + "/ds={{ ds }}" + subPartitions)
        + ", \"start\": " + (startPartition == null ? "null" : pythonJsonString(startPartition))
        + ", \"end\": " + (endPartition == null ? "null" : pythonJsonString(endPartition)) + "}";
  }

  /** {@code value} as a JSON string literal as Python's {@code json.dumps} writes it (ASCII only). */
  static String pythonJsonString(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
