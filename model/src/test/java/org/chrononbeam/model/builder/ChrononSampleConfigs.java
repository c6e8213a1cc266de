package org.chrononbeam.model.builder;

import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.StagingQuery;

/**
 * Chronon's sample configs ({@code api/py/test/sample}) written with the builders, one method per
 * compiled file. The metadata compile.py derives (customJson, dependencies, team properties) is
 * given explicitly, as the package documentation describes.
 */
final class ChrononSampleConfigs {

  static final String GROUP_BY_CUSTOM_JSON = "{\"lag\": 0, \"groupby_tags\": null, \"column_tags\": {}}";
  static final String JOIN_CUSTOM_JSON =
      "{\"check_consistency\": false, \"lag\": 0, \"join_tags\": null, \"join_part_tags\": {}}";

  static final String EVENT_TABLE = "sample_namespace.sample_table_group_by";
  static final String SNAPSHOT_TABLE = "sample_table.sample_entity_snapshot";
  static final String MUTATION_TABLE = "sample_table.sample_entity_mutations/hr=00:00";
  static final String STAGING_TABLE = "sample_namespace.sample_team_sample_staging_query_v1";

  static final String EVENT_DEPENDENCY = Dependencies.onTable(EVENT_TABLE, "2021-04-09", null);
  static final String SNAPSHOT_DEPENDENCY = Dependencies.onTable(SNAPSHOT_TABLE, "2021-03-01", null);
  static final String MUTATION_DEPENDENCY = Dependencies.onTable(MUTATION_TABLE, "2021-03-01", null);
  static final String STAGING_DEPENDENCY = Dependencies.onTable(STAGING_TABLE, "2021-03-01", null);
  static final String OLD_EVENT_DEPENDENCY = Dependencies.onTable(EVENT_TABLE, "2021-03-01", "2021-04-09");
  static final String ANOTHER_EVENT_DEPENDENCY =
      Dependencies.onTable("sample_namespace.another_sample_table_group_by", "2021-03-01", null);

  private ChrononSampleConfigs() {}

  // sources/test_sources.py

  /** {@code test_sources.event_source}: the events left side of most sample joins. */
  static EventSourceBuilder eventSource() {
    return Sources.events(EVENT_TABLE)
        .selectAs("event", "event_expr")
        .selectAs("group_by_subject", "group_by_expr")
        .select("ts")
        .startPartition("2021-04-09")
        .timeColumn("ts");
  }

  /** The events source of the sample group-bys (the left side without {@code ts}). */
  static EventSourceBuilder groupByEventSource() {
    return Sources.events(EVENT_TABLE)
        .selectAs("event", "event_expr")
        .selectAs("group_by_subject", "group_by_expr")
        .startPartition("2021-04-09")
        .timeColumn("ts");
  }

  /** {@code test_sources.entity_source}: snapshots with a mutation table and topic. */
  static EntitySourceBuilder entitySource() {
    return Sources.entities(SNAPSHOT_TABLE)
        .mutationTable(MUTATION_TABLE)
        .mutationTopic("sample_topic")
        .selectAs("group_by_subject", "group_by_subject_expr")
        .selectAs("entity", "entity_expr")
        .startPartition("2021-03-01")
        .timeColumn("ts");
  }

  /** {@code test_sources.staging_entities}: the output of the sample staging query. */
  static EntitySourceBuilder stagingEntities() {
    return Sources.entities(STAGING_TABLE)
        .select("impressed_unique_count_1d", "viewed_unique_count_1d", "s2CellId", "place_id")
        .startPartition("2021-03-01");
  }

  // group_bys/sample_team

  static GroupBy eventSampleGroupBy() {
    return GroupByBuilder.create("sample_team.event_sample_group_by.v1")
        .source(groupByEventSource())
        .keys("group_by_subject")
        .aggregation(Aggregations.of("event", Operation.SUM).windows(Windows.days(7)))
        .aggregation(Aggregations.of("event", Operation.SUM))
        .aggregation(Aggregations.approxPercentile("event", List.of(0.99, 0.95, 0.5), 200))
        .online(true)
        .customJson("{\"lag\": 0, \"groupby_tags\": {\"TO_DEPRECATE\": true}, \"column_tags\":"
            + " {\"event_sum_7d\": {\"DETAILED_TYPE\": \"CONTINUOUS\"}}}")
        .dependencies(EVENT_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  static GroupBy entitySampleGroupBy() {
    return GroupByBuilder.create("sample_team.entity_sample_group_by_from_module.v1")
        .source(entitySource())
        .keys("group_by_subject")
        .aggregation(Aggregations.of("entity", Operation.LAST))
        .aggregation(Aggregations.of("entity", Operation.LAST).windows(Windows.days(7)))
        .online(true)
        .customJson(GROUP_BY_CUSTOM_JSON)
        .dependencies(SNAPSHOT_DEPENDENCY, MUTATION_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team")
        .build();
  }

  static GroupBy groupByWithKwargs() {
    return groupByWithKwargs("sample_team.group_by_with_kwargs.v1").build();
  }

  /** {@code group_bys/sample_team/sample_deprecation_group_by.py}: the same GroupBy, deprecated. */
  static GroupBy deprecationGroupBy() {
    return groupByWithKwargs("sample_team.sample_deprecation_group_by.v1").deprecationDate("2023-01-01").build();
  }

  private static GroupByBuilder groupByWithKwargs(String name) {
    return GroupByBuilder.create(name)
        .source(Sources.events(EVENT_TABLE)
            .selectAs("group_by_subject", "group_by_subject_expr_old_version")
            .selectAs("event", "event_expr_old_version")
            .startPartition("2021-03-01")
            .endPartition("2021-04-09")
            .timeColumn("UNIX_TIMESTAMP(ts) * 1000"))
        .source(Sources.events("sample_namespace.another_sample_table_group_by")
            .selects(Map.of("group_by_subject", "possibly_different_group_by_subject_expr"))
            .selectAs("event", "possibly_different_event_expr")
            .startPartition("2021-03-01")
            .timeColumn("__timestamp"))
        .keys("group_by_subject")
        .aggregation(Aggregations.of("event", Operation.SUM))
        .aggregation(Aggregations.approxPercentile("event", 0.5))
        .aggregation(Aggregations.of("event", Operation.SUM).windows(Windows.days(7)))
        .online(true)
        .customJson("{\"additional_argument\": \"To be placed in customJson\", \"lag\": 0,"
            + " \"groupby_tags\": null, \"column_tags\": {}}")
        .dependencies(OLD_EVENT_DEPENDENCY, ANOTHER_EVENT_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team");
  }

  static GroupBy sampleGroupBy() {
    return GroupByBuilder.create("sample_team.sample_group_by.v1")
        .source(stagingEntities())
        .keys("s2CellId", "place_id")
        .aggregation(Aggregations.of("impressed_unique_count_1d", Operation.SUM))
        .aggregation(Aggregations.of("viewed_unique_count_1d", Operation.SUM))
        .production(false)
        .customJson(GROUP_BY_CUSTOM_JSON)
        .dependencies(STAGING_DEPENDENCY)
        .tableProperty("sample_config_json", "{\"sample_key\": \"sample_value\"}")
        .tableProperty("description", "sample description")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  static GroupBy groupByOfGroupBy() {
    String table = "sample_namespace.sample_team_sample_group_by_group_by_require_backfill";
    return GroupByBuilder.create("sample_team.sample_group_by_group_by.v1")
        .source(Sources.events(table)
            .selectAs("event", "event_expr")
            .selectAs("group_by_subject", "group_by_expr")
            .select("s2CellId", "place_id", "impressed_unique_count_1d_sum")
            .startPartition("2021-04-09")
            .timeColumn("ts"))
        .keys("s2CellId", "place_id")
        .aggregation(Aggregations.of("impressed_unique_count_1d_sum", Operation.LAST))
        .backfillStartDate("2022-01-01")
        .production(false)
        .customJson(GROUP_BY_CUSTOM_JSON)
        .dependencies(Dependencies.onTable(table, "2021-04-09", null))
        .tableProperties(orderedMap("sample_config_json", "{\"sample_key\": \"sample_value\"}",
            "description", "sample description"))
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  /** {@code group_bys/sample_team/sample_chaining_group_by.py}: a GroupBy over a join's output. */
  static GroupBy chainingGroupBy() {
    return GroupByBuilder.create("sample_team.sample_chaining_group_by")
        .source(Sources.joinSource(chainingParentJoin())
            .selectAs("event", "event_expr")
            .selectAs("group_by_subject", "group_by_expr")
            .select("user_id")
            .startPartition("2023-04-15")
            .timeColumn("ts"))
        .keys("user_id")
        .aggregation(Aggregations.of("event", Operation.LAST))
        .accuracy(Accuracy.TEMPORAL)
        .online(true)
        .production(true)
        .customJson(GROUP_BY_CUSTOM_JSON)
        .dependencies(Dependencies.onTable(
            "chronon_db.sample_team_sample_chaining_join_parent_join", "2023-04-15", null))
        .tableProperty("sample_config_json", "{\"sample_key\": \"sample_value\"}")
        .tableProperty("description", "sample description")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  // joins/sample_team

  static Join chainingParentJoin() {
    return JoinBuilder.create("sample_team.sample_chaining_join.parent_join")
        .left(eventSource().topic("sample_topic"))
        .part(JoinPartBuilder.of(eventSampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(entitySampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .online(true)
        .customJson("{\"check_consistency\": true, \"lag\": 0, \"join_tags\": null, \"join_part_tags\": {}}")
        .dependencies(EVENT_DEPENDENCY, SNAPSHOT_DEPENDENCY, MUTATION_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team")
        .consistencySamplePercent(5.0)
        .historicalBackfill(false)
        .build();
  }

  static Join sampleJoin() {
    return JoinBuilder.create("sample_team.sample_join.v1")
        .left(stagingEntities())
        .part(sampleGroupBy())
        .customJson("{\"check_consistency\": false, \"lag\": 0, \"join_tags\": {\"business_relevance\":"
            + " \"personalization\"}, \"join_part_tags\": {\"sample_team.sample_group_by.v1\":"
            + " {\"experimental\": true}}}")
        .dependencies(STAGING_DEPENDENCY)
        .tableProperty("config_json", "{\"sample_key\": \"sample_value\"}")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .modeEnvironment("backfill", Map.of("EXECUTOR_MEMORY", "9G"))
        .build();
  }

  static Join bootstrapJoin() {
    return JoinBuilder.create("sample_team.sample_join_bootstrap.v1")
        .left(eventSource())
        .part(JoinPartBuilder.of(eventSampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(entitySampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .bootstrapPart(BootstrapPartBuilder.table("chronon_db.test_bootstrap_table")
            .select("field_a", "field_b")
            .startPartition("2022-01-01")
            .endPartition("2022-02-01")
            .keyColumns("request_id"))
        .bootstrapPart(BootstrapPartBuilder.table("chronon_db.sample_team_sample_join_bootstrap_v1_logged"))
        .rowIds("request_id")
        .online(true)
        .customJson(JOIN_CUSTOM_JSON)
        .dependencies(EVENT_DEPENDENCY, SNAPSHOT_DEPENDENCY, MUTATION_DEPENDENCY,
            Dependencies.onTable("chronon_db.test_bootstrap_table", "2022-01-01", "2022-02-01"),
            Dependencies.onTable("chronon_db.sample_team_sample_join_bootstrap_v1_logged", null, null))
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team")
        .build();
  }

  static Join bootstrapJoinV2() {
    return JoinBuilder.create("sample_team.sample_join_bootstrap.v2")
        .left(eventSource())
        .part(JoinPartBuilder.of(eventSampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(entitySampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(groupByWithKwargs()).keyMapping(Map.of("subject", "group_by_subject")))
        .bootstrapPart(BootstrapPartBuilder.table("chronon_db.sample_team_sample_join_bootstrap_v1")
            .endPartition("2023-01-01"))
        .bootstrapPart(BootstrapPartBuilder.table("chronon_db.sample_team_sample_join_bootstrap_v2_logged"))
        .rowIds("request_id")
        .online(true)
        .customJson(JOIN_CUSTOM_JSON)
        .dependencies(EVENT_DEPENDENCY, SNAPSHOT_DEPENDENCY, MUTATION_DEPENDENCY, OLD_EVENT_DEPENDENCY,
            ANOTHER_EVENT_DEPENDENCY,
            Dependencies.onTable("chronon_db.sample_team_sample_join_bootstrap_v1", null, "2023-01-01"),
            Dependencies.onTable("chronon_db.sample_team_sample_join_bootstrap_v2_logged", null, null))
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team")
        .build();
  }

  static Join labelJoin() {
    GroupBy labels = GroupByBuilder.create("sample_label_group_by")
        .source(Sources.entities(SNAPSHOT_TABLE)
            .selectAs("group_by_subject", "group_by_subject_expr")
            .selectAs("entity", "entity_expr")
            .startPartition("2021-03-01")
            .timeColumn("ts"))
        .keys("group_by_subject")
        .online(false)
        .customJson(GROUP_BY_CUSTOM_JSON)
        .dependencies(SNAPSHOT_DEPENDENCY)
        .team("sample_team")
        .build();
    return JoinBuilder.create("sample_team.sample_label_join.v1")
        .left(eventSource())
        .part(JoinPartBuilder.of(eventSampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(groupByWithKwargs()).keyMapping("subject", "group_by_subject"))
        .labelPart(LabelPartBuilder.create()
            .label(labels)
            .leftOffsets(30, 10)
            .dependencies(EVENT_DEPENDENCY, SNAPSHOT_DEPENDENCY,
                "{\"name\": \"wait_for_sample_namespace.sample_team_sample_label_join_v1\", \"spec\":"
                    + " \"sample_namespace.sample_team_sample_label_join_v1/ds={{ ds }}\"}")
            .offlineSchedule("@weekly"))
        .customJson("{\"check_consistency\": false, \"lag\": 0, \"additional_args\": {\"custom_arg\":"
            + " \"custom_value\"}, \"additional_env\": {\"custom_env\": \"custom_env_value\"},"
            + " \"join_tags\": null, \"join_part_tags\": {}}")
        .dependencies(EVENT_DEPENDENCY, OLD_EVENT_DEPENDENCY, ANOTHER_EVENT_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  static Join derivationJoin() {
    return JoinBuilder.create("sample_team.sample_join_derivation.v1")
        .left(eventSource())
        .part(JoinPartBuilder.of(eventSampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .part(JoinPartBuilder.of(entitySampleGroupBy()).keyMapping("subject", "group_by_subject"))
        .derivation("derived_field", "sample_team_event_sample_group_by_v1_event_sum_7d"
            + " / sample_team_entity_sample_group_by_from_module_v1_entity_last")
        .derivation("group_by_subject", "group_by_subject")
        .derivation("ds", "ds")
        .customJson(JOIN_CUSTOM_JSON)
        .dependencies(EVENT_DEPENDENCY, SNAPSHOT_DEPENDENCY, MUTATION_DEPENDENCY)
        .tableProperty("source", "chronon")
        .outputNamespace("chronon_db")
        .team("sample_team")
        .build();
  }

  static Join externalPartsJoin() {
    return JoinBuilder.create("sample_team.sample_join_external_parts.v1")
        .left(stagingEntities())
        .part(sampleGroupBy())
        .externalPart(ExternalSourceBuilder.create("test_external_source", "chronon")
            .keyField("key", DataKind.LONG)
            .valueField("value_str", DataKind.STRING)
            .valueField("value_long", DataKind.LONG)
            .valueField("value_bool", DataKind.BOOLEAN)
            .build())
        .externalPart(ExternalSourceBuilder.contextual("chronon")
            .keyField("context_str", DataKind.STRING)
            .keyField("context_long", DataKind.LONG)
            .build())
        .customJson(JOIN_CUSTOM_JSON)
        .dependencies(STAGING_DEPENDENCY)
        .tableProperty("config_json", "{\"sample_key\": \"sample_value\"}")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  static Join contextualDerivationJoin() {
    return JoinBuilder.create("sample_team.sample_join_external_parts.v2")
        .left(stagingEntities())
        .part(sampleGroupBy())
        .externalPart(ExternalSourceBuilder.contextual().keyField("place_id", DataKind.STRING).build())
        .derivation("*", "*")
        .derivation("place_id", "ext_contextual_place_id")
        .customJson(JOIN_CUSTOM_JSON)
        .dependencies(STAGING_DEPENDENCY)
        .tableProperty("config_json", "{\"sample_key\": \"sample_value\"}")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  // staging_queries/sample_team

  static StagingQuery sampleStagingQuery() {
    return StagingQueryBuilder.create("sample_team.sample_staging_query.v1")
        .query("""

            SELECT
                id_listing,
                place_id,
                S2_CELL(lat, lng, 12) AS s2CellId,
                impressed_unique_count_1d,
                viewed_unique_count_1d,
                ds
            FROM sample_namespace.sample_table
            WHERE ds BETWEEN '{{ start_date }}' AND '{{ end_date }}'
            """)
        .startPartition("2020-03-01")
        .setups("CREATE TEMPORARY FUNCTION S2_CELL AS 'com.sample.hive.udf.S2CellId'")
        .dependencies("sample_namespace.sample_table/ds={{ ds }}")
        .tableProperty("sample_config_json", "{\"sample_key\": \"sample value}")
        .outputNamespace("sample_namespace")
        .team("sample_team")
        .build();
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
