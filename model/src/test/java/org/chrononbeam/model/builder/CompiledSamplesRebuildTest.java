package org.chrononbeam.model.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.thrift.TBase;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.json.ThriftJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chronon's samples, rebuilt with the builders, write exactly the text compile.py wrote. */
class CompiledSamplesRebuildTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        sample("group_bys/sample_team/event_sample_group_by.v1", ChrononSampleConfigs::eventSampleGroupBy),
        sample("group_bys/sample_team/entity_sample_group_by_from_module.v1",
            ChrononSampleConfigs::entitySampleGroupBy),
        sample("group_bys/sample_team/group_by_with_kwargs.v1", ChrononSampleConfigs::groupByWithKwargs),
        sample("group_bys/sample_team/sample_deprecation_group_by.v1", ChrononSampleConfigs::deprecationGroupBy),
        sample("group_bys/sample_team/sample_group_by_group_by.v1", ChrononSampleConfigs::groupByOfGroupBy),
        sample("group_bys/sample_team/sample_chaining_group_by", ChrononSampleConfigs::chainingGroupBy),
        sample("joins/sample_team/sample_chaining_join.parent_join", ChrononSampleConfigs::chainingParentJoin),
        sample("joins/sample_team/sample_join.v1", ChrononSampleConfigs::sampleJoin),
        sample("joins/sample_team/sample_join_bootstrap.v1", ChrononSampleConfigs::bootstrapJoin),
        sample("joins/sample_team/sample_join_bootstrap.v2", ChrononSampleConfigs::bootstrapJoinV2),
        sample("joins/sample_team/sample_label_join.v1", ChrononSampleConfigs::labelJoin),
        sample("joins/sample_team/sample_join_derivation.v1", ChrononSampleConfigs::derivationJoin),
        sample("joins/sample_team/sample_join_external_parts.v1", ChrononSampleConfigs::externalPartsJoin),
        sample("joins/sample_team/sample_join_external_parts.v2",
            ChrononSampleConfigs::contextualDerivationJoin),
        sample("staging_queries/sample_team/sample_staging_query.v1", ChrononSampleConfigs::sampleStagingQuery));
  }

  private static Arguments sample(String file, Supplier<? extends TBase<?, ?>> config) {
    return Arguments.of(file, config);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void writesTheCompiledText(String file, Supplier<? extends TBase<?, ?>> config) throws IOException {
    String compiled = Files.readString(ChrononSamples.dir().resolve(file), StandardCharsets.UTF_8).strip();
    assertEquals(compiled, ThriftJson.write(config.get()));
  }
}
