package org.chrononbeam.model;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be loaded or does not validate. The message lists every error, one per line. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public ConfigException(String config, String field, String message) {
    this(List.of(new ConfigError(config, field, message)));
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
