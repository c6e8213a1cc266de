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
   * Two kinds of warning, neither an error because Chronon compiles and runs these configs: a join
   * part's key that reaches the left neither by keyMapping nor by selects (the deprecation join),
   * and LAST over entity mutations with TEMPORAL accuracy, whose before-images Chronon ignores
   * (every sample that uses {@code entity_sample_group_by_from_module.v1} or
   * {@code mutation_sample_group_by.v0}).
   */
  @Test
  void warningsAreTheUnmappedKeyAndLastOverMutations() {
    Map<String, List<String>> warnings = new TreeMap<>();
    for (Path file : ChrononSamples.files()) {
      List<ConfigError> found = ConfigValidator.check(ConfigFiles.load(file)).warnings();
      if (!found.isEmpty()) {
        warnings.put(file.getFileName().toString(), found.stream().map(ConfigError::field).toList());
      }
    }
    Map<String, List<String>> expected = new TreeMap<>();
    expected.put("sample_deprecation_join.v1", List.of("joinParts[0].groupBy.keyColumns[0]"));
    expected.put("entity_sample_group_by_from_module.v1", lastOverMutations(""));
    expected.put("sample_backfill_mutation_join.v0", List.of("joinParts[0].groupBy.aggregations[0].operation"));
    expected.put("sample_chaining_group_by", lastOverMutations("sources[0].joinSource.join.joinParts[1].groupBy."));
    expected.put("sample_chaining_join.v1",
        lastOverMutations("joinParts[0].groupBy.sources[0].joinSource.join.joinParts[1].groupBy."));
    for (String join : List.of("sample_chaining_join.parent_join", "sample_join_bootstrap.v1",
        "sample_join_bootstrap.v2", "sample_join_derivation.v1", "sample_join_derivation_key_mapping.v1",
        "sample_join_from_module.v1", "sample_join_with_derivations_on_external_parts.v1",
        "sample_online_join.v1")) {
      expected.put(join, lastOverMutations("joinParts[1].groupBy."));
    }
    assertEquals(expected, warnings);
  }

  /** The two LAST aggregations of {@code entity_sample_group_by_from_module.v1} under {@code prefix}. */
  private static List<String> lastOverMutations(String prefix) {
    return List.of(prefix + "aggregations[0].operation", prefix + "aggregations[1].operation");
  }
}
