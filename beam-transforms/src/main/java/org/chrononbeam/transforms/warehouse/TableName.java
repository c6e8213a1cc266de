package org.chrononbeam.transforms.warehouse;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A table's name, {@code namespace.name}: a source table of a config ({@code data.purchases}) or an
 * output table, as {@link org.chrononbeam.model.naming.TableNames#outputTable(String, String)}
 * names it. Both parts are letters, digits and underscores, so a name maps to a folder on every
 * filesystem.
 *
 * @param namespace the folder under the warehouse root
 * @param name the table's folder under its namespace
 */
public record TableName(String namespace, String name) implements Serializable {

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_]+");

  /** Checks both parts. */
  public TableName {
    checkPart(namespace, "namespace");
    checkPart(name, "name");
  }

  /** Parses {@code namespace.name}; anything else is an {@link IllegalArgumentException}. */
  public static TableName parse(String table) {
    if (table == null) {
      throw new IllegalArgumentException("table name is null; expected namespace.name");
    }
    int dot = table.indexOf('.');
    if (dot < 0 || table.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException(
          "table name '" + table + "' must be namespace.name, with exactly one dot");
    }
    return new TableName(table.substring(0, dot), table.substring(dot + 1));
  }

  /** {@code namespace.name}. */
  @Override
  public String toString() {
    return namespace + "." + name;
  }

  private static void checkPart(String part, String what) {
    if (part == null || !PART.matcher(part).matches()) {
      throw new IllegalArgumentException(
          "table " + what + " '" + part + "' must be letters, digits and underscores");
    }
  }
}
