package org.chrononbeam.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every compiled Chronon sample loads and writes back to the very text compile.py wrote. */
class ThriftJsonRoundTripTest {

  static Stream<Path> samples() {
    return ChrononSamples.files().stream();
  }

  @Test
  void allFortyOneSamplesAreFound() {
    Map<ConfigKind, Integer> byKind = new EnumMap<>(ConfigKind.class);
    for (Path p : ChrononSamples.files()) {
      byKind.merge(ConfigFiles.load(p).kind(), 1, Integer::sum);
    }
    assertEquals(Map.of(ConfigKind.GROUP_BY, 11, ConfigKind.JOIN, 28, ConfigKind.STAGING_QUERY, 2), byKind);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void writesBackTheCompiledTextExactly(Path file) throws IOException {
    List<String> warnings = new ArrayList<>();
    LoadedConfig loaded = ConfigFiles.load(file, warnings::add);
    assertEquals(List.of(), warnings, "a compiled sample has no unknown fields");
    String original = Files.readString(file, StandardCharsets.UTF_8).strip();
    assertEquals(original, ThriftJson.write(loaded.config()));
  }

  @Test
  void copyKeepsTheOrderOfMapsWhereThriftsDeepCopyDoesNot() {
    java.util.Map<String, String> selects = new java.util.LinkedHashMap<>();
    for (String column : List.of("zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa")) {
      selects.put(column, column);
    }
    org.chrononbeam.api.Query query = new org.chrononbeam.api.Query().setSelects(selects);

    org.chrononbeam.api.Query copy = ThriftJson.copy(query);

    assertEquals(query, copy);
    assertEquals(List.copyOf(selects.keySet()), List.copyOf(copy.getSelects().keySet()));
    copy.getSelects().put("extra", "1");
    assertEquals(7, query.getSelects().size(), "the copy is deep");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void readingWhatWasWrittenGivesAnEqualStruct(Path file) {
    LoadedConfig loaded = ConfigFiles.load(file);
    Object again = ThriftJson.read(ThriftJson.write(loaded.config()), loaded.kind().type(), file.toString());
    assertEquals(loaded.config(), again);
    assertTrue(loaded.name().contains("."), "samples carry their metadata name");
  }
}
