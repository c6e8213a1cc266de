package org.chrononbeam.transforms.staging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.TableName;

/**
 * The macros of a staging query's text, and their values for one computed range. This class is the
 * one home of the macro rules.
 *
 * <table>
 *   <caption>Macros</caption>
 *   <tr><th>macro</th><th>value</th></tr>
 *   <tr><td>{@code {{ start_date }}}</td><td>the first partition of the range computed
 *       </td></tr>
 *   <tr><td>{@code {{ end_date }}}</td><td>the last partition of the range computed
 *       </td></tr>
 *   <tr><td>{@code {{ latest_date }}}</td><td>the end partition of the run, whatever the range
 *       </td></tr>
 *   <tr><td>{@code {{ max_date(table=ns.t) }}}</td><td>the latest partition of table {@code ns.t}
 *       </td></tr>
 * </table>
 *
 * <p>Spaces inside the braces are optional. Arguments are {@code key=value} pairs, written {@code
 * max_date(table=ns.t)} or, as Chronon's own {@code ParametricMacro} writes them, {@code
 * max_date:table=ns.t}. Values are {@code yyyy-MM-dd} strings, inserted bare: quote them in the SQL
 * ({@code WHERE ds BETWEEN '{{ start_date }}' AND '{{ end_date }}'}). Anything else between {@code
 * {{ }}} — an unknown macro, an argument the macro does not take, {@code max_date} without a table
 * or of a table with no partitions — fails with a {@link ConfigException} naming the config and the
 * {@code query} field.
 *
 * <pre>{@code
 * StagingQueryMacros macros =
 *     new StagingQueryMacros("2023-12-01", "2023-12-07", "2023-12-07", warehouse::latestPartition);
 * String sql = macros.expand("team.daily.v1", "SELECT ... WHERE ds >= '{{ start_date }}'");
 * }</pre>
 *
 * @param startDate the value of {@code start_date}
 * @param endDate the value of {@code end_date}
 * @param latestDate the value of {@code latest_date}
 * @param latestPartition the latest partition of a table ({@code namespace.name}), if it has any
 */
public record StagingQueryMacros(
    String startDate,
    String endDate,
    String latestDate,
    Function<String, Optional<String>> latestPartition) {

  /** The field of a staging query the macros live in. */
  static final String FIELD = "query";

  private static final Pattern BRACES = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

  private static final Pattern MACRO =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*"
              + "(?:\\((?<paren>[^)]*)\\)|(?<colon>(?::[^:\\s]*)+))?\\s*");

  private static final Pattern ARGUMENT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)");

  private static final List<String> NAMES =
      List.of("start_date", "end_date", "latest_date", "max_date");

  /** Checks the three dates. */
  public StagingQueryMacros {
    PartitionDates.check(startDate);
    PartitionDates.check(endDate);
    PartitionDates.check(latestDate);
    if (latestPartition == null) {
      throw new IllegalArgumentException("latestPartition is null");
    }
  }

  /**
   * {@code query} with every macro replaced by its value.
   *
   * @param config the staging query's name, for errors
   * @throws ConfigException listing every bad macro
   */
  public String expand(String config, String query) {
    List<ConfigError> errors = new ArrayList<>();
    StringBuilder out = new StringBuilder(query.length());
    Matcher braces = BRACES.matcher(query);
    int from = 0;
    while (braces.find()) {
      out.append(query, from, braces.start());
      String macro = braces.group(0);
      try {
        out.append(value(braces.group(1)));
      } catch (IllegalArgumentException e) {
        errors.add(new ConfigError(config, FIELD, "macro " + macro + ": " + e.getMessage()));
        out.append(macro);
      }
      from = braces.end();
    }
    out.append(query.substring(from));
    if (errors.isEmpty() && out.indexOf("{{") >= 0) {
      errors.add(new ConfigError(config, FIELD, "a macro opened with {{ is never closed with }}"));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return out.toString();
  }

  private String value(String inside) {
    Matcher m = MACRO.matcher(inside);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "is not a macro; expected one of " + NAMES + ", as {{ name }} or {{ name(key=value) }}");
    }
    String name = m.group(1);
    Map<String, String> args = arguments(m.group("paren"), m.group("colon"));
    switch (name) {
      case "start_date":
        return noArguments(name, args, startDate);
      case "end_date":
        return noArguments(name, args, endDate);
      case "latest_date":
        return noArguments(name, args, latestDate);
      case "max_date":
        return maxDate(args);
      default:
        throw new IllegalArgumentException("unknown macro '" + name + "'; known: " + NAMES);
    }
  }

  private String maxDate(Map<String, String> args) {
    String table = args.get("table");
    if (table == null || table.isEmpty()) {
      throw new IllegalArgumentException("max_date needs the table: {{ max_date(table=ns.t) }}");
    }
    if (args.size() > 1) {
      List<String> others = new ArrayList<>(args.keySet());
      others.remove("table");
      throw new IllegalArgumentException("max_date takes only 'table', not " + others);
    }
    TableName.parse(table);
    return latestPartition
        .apply(table)
        .orElseThrow(() -> new IllegalArgumentException("table " + table + " has no partitions"));
  }

  private static String noArguments(String name, Map<String, String> args, String value) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException(name + " takes no arguments, not " + args.keySet());
    }
    return value;
  }

  private static Map<String, String> arguments(String paren, String colon) {
    Map<String, String> args = new LinkedHashMap<>();
    String text = paren != null ? paren : colon;
    if (text == null || text.isBlank()) {
      return args;
    }
    String separator = paren != null ? "," : ":";
    for (String part : text.split(separator, -1)) {
      if (colon != null && part.isEmpty()) {
        continue;
      }
      Matcher m = ARGUMENT.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("argument '" + part.strip() + "' is not key=value");
      }
      String value = m.group(2).strip();
      if (value.length() >= 2
          && (value.charAt(0) == '\'' || value.charAt(0) == '"')
          && value.charAt(value.length() - 1) == value.charAt(0)) {
        value = value.substring(1, value.length() - 1);
      }
      if (args.put(m.group(1), value) != null) {
        throw new IllegalArgumentException("argument '" + m.group(1) + "' is given twice");
      }
    }
    return args;
  }
}
