package org.chrononbeam.model.validate;

import static org.chrononbeam.model.validate.SmallConfigs.GROUP_BY;
import static org.chrononbeam.model.validate.SmallConfigs.JOIN;
import static org.chrononbeam.model.validate.SmallConfigs.purchases;
import static org.chrononbeam.model.validate.SmallConfigs.selects;
import static org.chrononbeam.model.validate.SmallConfigs.trainingSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.ExternalPart;
import org.chrononbeam.api.ExternalSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.JoinSource;
import org.chrononbeam.api.LabelPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.model.ChrononSamples;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each test breaks exactly one rule of a small valid config and expects exactly that error. */
class ConfigValidatorTest {

  private static void assertOneError(List<ConfigError> errors, String config, String field, String fragment) {
    assertEquals(1, errors.size(), () -> "expected one error, found " + errors);
    ConfigError error = errors.get(0);
    assertEquals(config, error.config());
    assertEquals(field, error.field());
    assertTrue(error.message().contains(fragment), () -> "'" + error.message() + "' lacks '" + fragment + "'");
  }

  private static List<ConfigError> groupByWith(Consumer<GroupBy> change) {
    GroupBy groupBy = purchases();
    change.accept(groupBy);
    return ConfigValidator.validate(groupBy);
  }

  private static ValidationReport joinWith(Consumer<Join> change) {
    Join join = trainingSet();
    change.accept(join);
    return ConfigValidator.check(new LoadedConfig("training_set.json", ConfigKind.JOIN, join));
  }

  private static Aggregation agg(GroupBy groupBy, int i) {
    return groupBy.getAggregations().get(i);
  }

  @Test
  void theSmallConfigsAreValid() {
    assertEquals(List.of(), ConfigValidator.validate(purchases()));
    assertEquals(new ValidationReport(List.of(), List.of()), joinWith(j -> { }));
  }

  // ---- GroupBy: names, sources, keys

  @Test
  void aConfigNeedsAName() {
    assertOneError(groupByWith(g -> g.getMetaData().unsetName()), "<unnamed GroupBy>", "metaData.name", "needs a name");
  }

  @Test
  void aGroupByNeedsSources() {
    assertOneError(groupByWith(g -> g.setSources(new ArrayList<>())), GROUP_BY, "sources", "at least one source");
  }

  @Test
  void aSourceSetsOneKind() {
    assertOneError(groupByWith(g -> g.getSources().add(new Source())), GROUP_BY, "sources[1]",
        "one of events, entities or joinSource");
  }

  @Test
  void sourcesDoNotMixEventsAndEntities() {
    Source entities = Source.entities(new EntitySource().setSnapshotTable("shop.users")
        .setQuery(new Query().setSelects(selects("user_id", "price", "merchant"))));
    assertOneError(groupByWith(g -> g.getSources().add(entities)), GROUP_BY, "sources[1]",
        "the first is events, this one entities");
  }

  @Test
  void aGroupByNeedsKeyColumns() {
    assertOneError(groupByWith(GroupBy::unsetKeyColumns), GROUP_BY, "keyColumns", "at least one key column");
  }

  @Test
  void everyKeyIsSelectedByEverySourceWithSelects() {
    assertOneError(groupByWith(g -> g.getKeyColumns().add("country")), GROUP_BY, "keyColumns[1]",
        "key 'country' is not selected by sources[0]");
  }

  // ---- aggregations: columns

  @Test
  void anAggregationReadsASelectedColumn() {
    assertOneError(groupByWith(g -> agg(g, 1).setInputColumn("amount")), GROUP_BY,
        "aggregations[1].inputColumn", "'amount' is not selected by any source");
  }

  @Test
  void columnsAreNotCheckedWhenASourceSelectsEverything() {
    assertEquals(List.of(), groupByWith(g -> {
      g.getSources().get(0).getEvents().getQuery().unsetSelects();
      agg(g, 1).setInputColumn("amount");
    }));
  }

  @Test
  void tsNeedsNoSelect() {
    assertEquals(List.of(), groupByWith(g -> agg(g, 1).setInputColumn("ts")));
  }

  @Test
  void aBucketIsASelectedColumn() {
    assertOneError(groupByWith(g -> agg(g, 0).setBuckets(new ArrayList<>(List.of("merchant", "country")))),
        GROUP_BY, "aggregations[0].buckets[1]", "'country' is not selected");
  }

  @Test
  void anAggregationNeedsAnOperation() {
    assertOneError(groupByWith(g -> agg(g, 0).unsetOperation()), GROUP_BY, "aggregations[0].operation", "missing");
  }

  @Test
  void noAggregationsOnlyForEntitiesWithoutMutations() {
    assertOneError(groupByWith(GroupBy::unsetAggregations), GROUP_BY, "aggregations",
        "entity sources without mutations");
  }

  @Test
  void noAggregationsOverASnapshotTableIsValid() {
    Source snapshots = Source.entities(new EntitySource().setSnapshotTable("shop.users")
        .setQuery(new Query().setSelects(selects("user_id", "price"))));
    assertEquals(List.of(), groupByWith(g -> {
      g.unsetAggregations();
      g.setSources(new ArrayList<>(List.of(snapshots)));
    }));
  }

  // ---- windows

  @Test
  void aWindowLengthIsPositive() {
    assertOneError(groupByWith(g -> agg(g, 0).getWindows().get(0).setLength(0)), GROUP_BY,
        "aggregations[0].windows[0].length", "must be positive, found 0");
  }

  @Test
  void aWindowNeedsATimeUnit() {
    assertOneError(groupByWith(g -> agg(g, 0).getWindows().get(0).unsetTimeUnit()), GROUP_BY,
        "aggregations[0].windows[0].timeUnit", "missing");
  }

  @Test
  void anInferredSnapshotGroupByTakesNoHourWindows() {
    assertOneError(groupByWith(g -> g.getSources().get(0).getEvents().unsetTopic()), GROUP_BY,
        "aggregations[0].windows[1].timeUnit", "SNAPSHOT GroupBy aggregates whole days");
  }

  @Test
  void anExplicitSnapshotGroupByTakesNoHourWindowsEvenOf24Hours() {
    assertOneError(groupByWith(g -> {
      g.setAccuracy(Accuracy.SNAPSHOT);
      agg(g, 0).getWindows().get(1).setLength(24);
    }), GROUP_BY, "aggregations[0].windows[1].timeUnit", "found 24h");
  }

  @Test
  void anExplicitTemporalGroupByTakesHourWindowsWithoutATopic() {
    assertEquals(List.of(), groupByWith(g -> {
      g.getSources().get(0).getEvents().unsetTopic();
      g.setAccuracy(Accuracy.TEMPORAL);
    }));
  }

  @Test
  void anEmptyWindowListIsAnError() {
    assertOneError(groupByWith(g -> agg(g, 0).setWindows(new ArrayList<>())), GROUP_BY,
        "aggregations[0].windows", "empty list gives no columns");
  }

  // ---- argMap

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(Operation.LAST_K, Map.of(), "k", "needs argMap.k"),
        Arguments.of(Operation.FIRST_K, Map.of("k", "ten"), "k", "found 'ten'"),
        Arguments.of(Operation.TOP_K, Map.of("k", "0"), "k", "a positive integer, found 0"),
        Arguments.of(Operation.BOTTOM_K, Map.of("k", "-3"), "k", "found -3"),
        Arguments.of(Operation.APPROX_UNIQUE_COUNT, Map.of("k", "30"), "k", "lgK, from 4 to 26"),
        Arguments.of(Operation.BOUNDED_UNIQUE_COUNT, Map.of("k", "1.5"), "k", "found '1.5'"),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("k", "4"), "k", "from 8 to 65535"),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("percentiles", "[0.5, 1.5]"), "percentiles", "from 0 to 1"),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("percentiles", "0.5"), "percentiles", "JSON list"),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("percentiles", "[0.5,"), "percentiles", "JSON list"),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("percentiles", "[\"p50\"]"), "percentiles", "numbers"),
        Arguments.of(Operation.HISTOGRAM, Map.of("k", "-1"), "k", "at least 0"),
        Arguments.of(Operation.APPROX_HISTOGRAM_K, Map.of("k", "0"), "k", "a positive integer"),
        Arguments.of(Operation.SUM, Map.of("percentiles", "[0.5]"), "percentiles", "only APPROX_PERCENTILE"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void argumentsThatDoNotParseAreErrors(Operation op, Map<String, String> argMap, String argument, String fragment) {
    assertOneError(groupByWith(g -> agg(g, 1).setOperation(op).setArgMap(new HashMap<>(argMap))),
        GROUP_BY, "aggregations[1].argMap." + argument, fragment);
  }

  static Stream<Arguments> goodArguments() {
    return Stream.of(
        Arguments.of(Operation.APPROX_UNIQUE_COUNT, Map.of()),
        Arguments.of(Operation.APPROX_UNIQUE_COUNT, Map.of("k", "12")),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("percentiles", "[]")),
        Arguments.of(Operation.APPROX_PERCENTILE, Map.of("k", "200", "percentiles", "[0, 0.95, 1]")),
        Arguments.of(Operation.HISTOGRAM, Map.of("k", "0")),
        Arguments.of(Operation.BOUNDED_UNIQUE_COUNT, Map.of("k", "8")),
        Arguments.of(Operation.SUM, Map.of("k", "3")));
  }

  @ParameterizedTest
  @MethodSource("goodArguments")
  void argumentsThatParseAreFine(Operation op, Map<String, String> argMap) {
    assertEquals(List.of(), groupByWith(g -> agg(g, 1).setOperation(op).setArgMap(new HashMap<>(argMap))));
  }

  @Test
  void argMapMayBeAbsentWhereNothingIsRequired() {
    assertEquals(List.of(), groupByWith(g -> agg(g, 2).unsetArgMap()));
  }

  // ---- derivations

  @Test
  void aDerivationNeedsAnExpression() {
    assertOneError(groupByWith(g -> g.setDerivations(new ArrayList<>(List.of(
        new Derivation().setName("*").setExpression("*"), new Derivation().setName("double_price"))))),
        GROUP_BY, "derivations[1].expression", "missing");
  }

  // ---- joins

  @Test
  void aJoinNeedsALeft() {
    assertOneError(joinWith(Join::unsetLeft).errors(), JOIN, "left", "needs a left source");
  }

  @Test
  void aJoinPartNeedsAGroupBy() {
    assertOneError(joinWith(j -> j.getJoinParts().get(0).unsetGroupBy()).errors(), JOIN,
        "joinParts[0].groupBy", "missing");
  }

  @Test
  void aKeyMappingTargetsAGroupByKey() {
    assertOneError(joinWith(j -> j.getJoinParts().get(0).setKeyMapping(Map.of("buyer", "buyer_id"))).errors(),
        JOIN, "joinParts[0].keyMapping.buyer", "'buyer_id', which is not a key of shop.purchases.v1");
  }

  /** As in Chronon's user.sample_join_inline_group_by.v1: a mapped left column is not checked. */
  @Test
  void aMappedLeftColumnNeedNotBeSelected() {
    ValidationReport report = joinWith(j -> {
      j.getLeft().getEvents().getQuery().setSelects(selects("ts"));
      j.getJoinParts().get(0).setKeyMapping(Map.of("buyer", "user_id"));
    });
    assertEquals(new ValidationReport(List.of(), List.of()), report);
  }

  @Test
  void aKeyNeitherMappedNorSelectedOnTheLeftIsAWarning() {
    ValidationReport report = joinWith(j -> j.getLeft().getEvents().getQuery().setSelects(selects("buyer", "ts")));
    assertEquals(List.of(), report.errors());
    assertOneError(report.warnings(), JOIN, "joinParts[0].groupBy.keyColumns[0]",
        "key 'user_id' is neither a keyMapping target nor selected by the left");
  }

  @Test
  void onlyDeletableOperationsReadTemporalMutationsWithoutAWarning() {
    GroupBy users = new GroupBy()
        .setMetaData(new MetaData().setName("shop.users.v1").setOutputNamespace("features"))
        .setSources(new ArrayList<>(List.of(Source.entities(new EntitySource()
            .setSnapshotTable("shop.users").setMutationTable("shop.users_mutations")
            .setQuery(new Query().setSelects(selects("user_id", "balance")))))))
        .setKeyColumns(new ArrayList<>(List.of("user_id")))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(new ArrayList<>(List.of(
            new Aggregation().setInputColumn("balance").setOperation(Operation.SUM),
            new Aggregation().setInputColumn("balance").setOperation(Operation.MAX))));

    ValidationReport temporal = ConfigValidator.check(new LoadedConfig("users", ConfigKind.GROUP_BY, users));
    assertEquals(List.of(), temporal.errors());
    assertOneError(temporal.warnings(), "shop.users.v1", "aggregations[1].operation",
        "MAX cannot retract the before-images of entity mutations");

    users.setAccuracy(Accuracy.SNAPSHOT);
    assertEquals(new ValidationReport(List.of(), List.of()),
        ConfigValidator.check(new LoadedConfig("users", ConfigKind.GROUP_BY, users)));
  }

  @Test
  void leftKeysAreNotCheckedWhenTheLeftSelectsEverything() {
    assertEquals(new ValidationReport(List.of(), List.of()), joinWith(j -> {
      j.getLeft().getEvents().getQuery().unsetSelects();
      j.getJoinParts().get(0).getGroupBy().getKeyColumns().set(0, "merchant");
    }));
  }

  @Test
  void joinPartGroupBysAreValidatedWithTheirPath() {
    assertOneError(joinWith(j -> agg(j.getJoinParts().get(0).getGroupBy(), 1).getArgMap().put("k", "many")).errors(),
        JOIN, "joinParts[0].groupBy.aggregations[1].argMap.k", "found 'many'");
  }

  @Test
  void labelPartsAreValidatedLikeJoinParts() {
    GroupBy labels = purchases();
    labels.unsetKeyColumns();
    assertOneError(joinWith(j -> j.setLabelPart(new LabelPart()
            .setLabels(new ArrayList<>(List.of(new JoinPart().setGroupBy(labels)))))).errors(),
        JOIN, "labelPart.labels[0].groupBy.keyColumns", "at least one key column");
  }

  /** The parent's left topic makes the chained GroupBy TEMPORAL, so its 12h window is fine. */
  @Test
  void chainedJoinsAreValidatedWithTheirPath() {
    Join parent = trainingSet();
    parent.getLeft().getEvents().setTopic("checkouts");
    agg(parent.getJoinParts().get(0).getGroupBy(), 0).getWindows().get(0).setLength(-7);
    Source chained = Source.joinSource(new JoinSource().setJoin(parent)
        .setQuery(new Query().setSelects(selects("user_id", "price", "merchant"))));
    assertOneError(groupByWith(g -> g.setSources(new ArrayList<>(List.of(chained)))), GROUP_BY,
        "sources[0].joinSource.join.joinParts[0].groupBy.aggregations[0].windows[0].length", "found -7");
  }

  private static ExternalPart external(GroupBy offline) {
    TDataType keys = new TDataType(DataKind.STRUCT)
        .setParams(new ArrayList<>(List.of(new DataField().setName("user_id").setDataType(new TDataType(DataKind.STRING)))));
    TDataType values = new TDataType(DataKind.STRUCT)
        .setParams(new ArrayList<>(List.of(new DataField().setName("score").setDataType(new TDataType(DataKind.DOUBLE)))));
    return new ExternalPart().setSource(new ExternalSource()
        .setMetadata(new MetaData().setName("risk_score"))
        .setKeySchema(keys)
        .setValueSchema(values)
        .setOfflineGroupBy(offline));
  }

  @Test
  void anExternalPartIsValid() {
    assertEquals(new ValidationReport(List.of(), List.of()),
        joinWith(j -> j.setOnlineExternalParts(new ArrayList<>(List.of(external(purchases()))))));
  }

  @Test
  void externalOfflineGroupBysAreValidated() {
    GroupBy offline = purchases();
    agg(offline, 2).getArgMap().put("percentiles", "[2]");
    assertOneError(joinWith(j -> j.setOnlineExternalParts(new ArrayList<>(List.of(external(offline))))).errors(),
        JOIN, "onlineExternalParts[0].source.offlineGroupBy.aggregations[2].argMap.percentiles", "from 0 to 1");
  }

  @Test
  void anExternalKeyMappingTargetsAKeySchemaField() {
    ExternalPart part = external(null).setKeyMapping(Map.of("buyer", "account_id"));
    assertOneError(joinWith(j -> j.setOnlineExternalParts(new ArrayList<>(List.of(part)))).errors(),
        JOIN, "onlineExternalParts[0].keyMapping.buyer", "not a field of the source's keySchema [user_id]");
  }

  @Test
  void anExternalSourceNeedsAName() {
    ExternalPart part = external(null);
    part.getSource().getMetadata().unsetName();
    assertOneError(joinWith(j -> j.setOnlineExternalParts(new ArrayList<>(List.of(part)))).errors(),
        JOIN, "onlineExternalParts[0].source.metadata.name", "names its columns");
  }

  // ---- staging queries

  @Test
  void aStagingQueryNeedsItsSql() {
    StagingQuery query = new StagingQuery().setMetaData(new MetaData().setName("shop.daily_users.v1"));
    assertOneError(ConfigValidator.validate(query), "shop.daily_users.v1", "query", "needs its SQL");
    assertEquals(List.of(), ConfigValidator.validate(query.setQuery("SELECT * FROM t WHERE ds = '{{ ds }}'")));
  }

  // ---- load + validate

  private static Path sample(String relative) {
    return ChrononSamples.dir().resolve(relative);
  }

  @Test
  void loadingRejectsAnUnknownOperationNumberNamingTheField(@TempDir Path dir) throws IOException {
    String json = Files.readString(sample("group_bys/sample_team/event_sample_group_by.v1"), StandardCharsets.UTF_8)
        .replaceFirst("\"operation\": 7", "\"operation\": 42");
    Path file = Files.writeString(dir.resolve("bad_operation.v1"), json);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigValidator.loadValid(file));
    assertOneError(e.errors(), file.toString(), "aggregations[0].operation", "unknown Operation number 42");
  }

  @Test
  void loadValidListsEveryError(@TempDir Path dir) throws IOException {
    String json = Files.readString(sample("group_bys/sample_team/event_sample_group_by.v1"), StandardCharsets.UTF_8)
        .replace("\"length\": 7", "\"length\": 0")
        .replace("\"k\": \"200\"", "\"k\": \"lots\"");
    Path file = Files.writeString(dir.resolve("two_errors.v1"), json);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigValidator.loadValid(file));
    assertEquals(List.of("aggregations[0].windows[0].length", "aggregations[2].argMap.k"),
        e.errors().stream().map(ConfigError::field).toList());
    assertTrue(e.errors().stream().allMatch(err -> err.config().equals("sample_team.event_sample_group_by.v1")));
    assertTrue(e.getMessage().contains("sample_team.event_sample_group_by.v1: aggregations[2].argMap.k: "));
  }

  /** Chronon's sample has no topic and no accuracy: it is SNAPSHOT, so an hour window is an error. */
  @Test
  void aSnapshotSampleRejectsAnHourWindow() {
    GroupBy gb = (GroupBy) ConfigValidator.loadValid(sample("group_bys/sample_team/event_sample_group_by.v1")).config();
    gb.getAggregations().get(0).getWindows().set(0, new Window(12, TimeUnit.HOURS));
    assertOneError(ConfigValidator.validate(gb), "sample_team.event_sample_group_by.v1",
        "aggregations[0].windows[0].timeUnit", "SNAPSHOT");
  }
}
