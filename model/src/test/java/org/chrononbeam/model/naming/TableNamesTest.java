package org.chrononbeam.model.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableNamesTest {

  static Object config(String relativePath) {
    return ConfigFiles.load(ChrononSamples.dir().resolve(relativePath)).config();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sample_team.sample_join.v1 | sample_team_sample_join_v1",
      "quickstart.purchases.v1    | quickstart_purchases_v1",
      "a-b c/d:e                  | a_b_c_d_e",
      "already_clean_42           | already_clean_42",
      "Mixed.Case.V2              | Mixed_Case_V2",
      "caf\u00e9.v1               | caf__v1",
  })
  void sanitizeReplacesEveryCharacterOutsideAsciiLettersDigitsAndUnderscore(String name, String sanitized) {
    assertEquals(sanitized, TableNames.sanitize(name));
  }

  @Test
  void outputTableIsNamespaceDotSanitizedName() {
    assertEquals("chronon_db.sample_team_sample_join_v1", TableNames.outputTable("chronon_db", "sample_team.sample_join.v1"));
    MetaData md = new MetaData().setName("quickstart.purchases.v1").setOutputNamespace("data");
    assertEquals("data.quickstart_purchases_v1", TableNames.outputTable(md));
    assertEquals("data.quickstart_purchases_v1_upload", TableNames.uploadTable(md));
  }

  @Test
  void outputTableNeedsANamespace() {
    assertThrows(IllegalArgumentException.class, () -> TableNames.outputTable(new MetaData().setName("a.b")));
  }

  /** Chronon's samples read other samples' output tables, so the tables they name are facts. */
  @Test
  void samplesReadTheTablesOtherSamplesWrite() {
    Join bootstrapV1 = (Join) config("joins/sample_team/sample_join_bootstrap.v1");
    Join bootstrapV2 = (Join) config("joins/sample_team/sample_join_bootstrap.v2");
    assertEquals(bootstrapV2.getBootstrapParts().get(0).getTable(), TableNames.outputTable(bootstrapV1.getMetaData()));

    StagingQuery staging = (StagingQuery) config("staging_queries/sample_team/sample_staging_query.v1");
    Join deprecation = (Join) config("joins/sample_team/sample_deprecation_join.v1");
    assertEquals(deprecation.getLeft().getEntities().getSnapshotTable(), TableNames.outputTable(staging.getMetaData()));

    for (String chaining : List.of("group_bys/sample_team/sample_chaining_group_by",
        "group_bys/unit_test/sample_chaining_group_by.chaining_group_by_v1")) {
      GroupBy groupBy = (GroupBy) config(chaining);
      String parentTable = TableNames.outputTable(groupBy.getSources().get(0).getJoinSource().getJoin().getMetaData());
      assertTrue(groupBy.getMetaData().getDependencies().get(0).contains("\"spec\": \"" + parentTable + "/ds="),
          () -> chaining + " waits for " + parentTable);
    }
  }
}
