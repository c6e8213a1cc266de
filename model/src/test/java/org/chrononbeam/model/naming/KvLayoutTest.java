package org.chrononbeam.model.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KvLayoutTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "team.x.v1                            | TEAM_X_V1_BATCH                           | TEAM_X_V1_STREAMING",
      "quickstart.purchases.v1              | QUICKSTART_PURCHASES_V1_BATCH             | QUICKSTART_PURCHASES_V1_STREAMING",
      "sample_team.event_sample_group_by.v1 | SAMPLE_TEAM_EVENT_SAMPLE_GROUP_BY_V1_BATCH | SAMPLE_TEAM_EVENT_SAMPLE_GROUP_BY_V1_STREAMING",
  })
  void datasetsAreTheUpperCasedSanitizedName(String groupBy, String batch, String streaming) {
    assertEquals(batch, KvLayout.batchDataset(groupBy));
    assertEquals(streaming, KvLayout.streamingDataset(groupBy));
  }

  @Test
  void metadataStoreNames() {
    assertEquals("ZIPLINE_METADATA", KvLayout.METADATA_DATASET);
    assertEquals("CHRONON_ENTITY_BY_TEAM", KvLayout.ENTITY_BY_TEAM_DATASET);
    assertEquals("group_by_serving_info", KvLayout.SERVING_INFO_KEY);
    assertEquals("joins/quickstart/training_set.v2", KvLayout.metadataKey(ConfigKind.JOIN, "quickstart.training_set.v2"));
    assertEquals("quickstart/training_set.v2", KvLayout.requestName("quickstart.training_set.v2"));
    assertEquals("joins/quickstart", KvLayout.teamKey(ConfigKind.JOIN, "quickstart"));
  }

  @ParameterizedTest
  @CsvSource({"no_team", ".leading", "trailing."})
  void aNameWithoutTeamAndRestIsRejected(String name) {
    assertThrows(IllegalArgumentException.class, () -> KvLayout.requestName(name));
  }

  static Stream<Path> samples() {
    return ChrononSamples.files().stream();
  }

  /** compile.py writes {@code <folder>/<team>/<rest of name>}; metadata-upload keys a config by that path. */
  @ParameterizedTest
  @MethodSource("samples")
  void aSamplesMetadataKeyIsItsPathUnderProduction(Path file) {
    LoadedConfig loaded = ConfigFiles.load(file);
    String path = ChrononSamples.dir().relativize(file).toString().replace('\\', '/');
    assertEquals(path, KvLayout.metadataKey(loaded.kind(), loaded.name()));
  }
}
