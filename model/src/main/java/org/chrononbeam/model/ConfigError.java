package org.chrononbeam.model;

/**
 * One problem with one config: which config, which field (a path such as
 * {@code joinParts[0].groupBy.aggregations[1].operation}), and what is wrong.
 */
public record ConfigError(String config, String field, String message) {

  @Override
  public String toString() {
    return config + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
