package org.chrononbeam.model.validate;

import java.util.List;
import org.chrononbeam.model.ConfigError;

/**
 * What validating one config found: errors make it invalid, warnings do not.
 *
 * @param errors problems Chronon rejects or cannot run
 * @param warnings problems Chronon's compiler accepts but that fail at run time
 */
public record ValidationReport(List<ConfigError> errors, List<ConfigError> warnings) {

  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** True when there are no errors. */
  public boolean isValid() {
    return errors.isEmpty();
  }
}
