package org.chrononbeam.model.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Chronon's own compiled samples are valid Chronon configs, so they validate without errors. */
class SamplesValidateTest {

  static Stream<Path> samples() {
    return ChrononSamples.files().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleLoadsAndValidatesWithoutErrors(Path file) {
    assertEquals(List.of(), ConfigValidator.validate(ConfigFiles.load(file)));
    ConfigValidator.loadValid(file);
  }

  @Test
  void allFortyOneSamplesAreChecked() {
    assertEquals(ChrononSamples.COUNT, samples().count());
  }

  /**
   * The one sample whose join part's key reaches the left neither by keyMapping nor by selects is
   * reported as a warning, not an error: Chronon compiles it.
   */
  @Test
  void onlyTheDeprecationJoinHasAWarning() {
    Map<String, List<String>> warnings = new TreeMap<>();
    for (Path file : ChrononSamples.files()) {
      List<ConfigError> found = ConfigValidator.check(ConfigFiles.load(file)).warnings();
      if (!found.isEmpty()) {
        warnings.put(file.getFileName().toString(), found.stream().map(ConfigError::field).toList());
      }
    }
    assertEquals(Map.of("sample_deprecation_join.v1", List.of("joinParts[0].groupBy.keyColumns[0]")), warnings);
  }
}
