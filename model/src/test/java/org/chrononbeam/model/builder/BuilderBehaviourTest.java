package org.chrononbeam.model.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.model.json.ThriftJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the builders write, beyond the compiled samples: defaults, copies and each helper's args. */
class BuilderBehaviourTest {

  /** The example of the package documentation. */
  private static GroupBy purchases() {
    return GroupByBuilder.create("quickstart.purchases.v1")
        .source(Sources.events("data.purchases")
            .select("user_id", "purchase_price")
            .timeColumn("ts")
            .startPartition("2023-11-01"))
        .keys("user_id")
        .aggregation(Aggregations.of("purchase_price", Operation.SUM)
            .windows(Windows.days(3), Windows.days(14)))
        .aggregation(Aggregations.lastK("purchase_price", 10))
        .online(true)
        .outputNamespace("data")
        .team("quickstart")
        .build();
  }

  @Test
  void theDocumentedGroupByHasTheExpectedShape() {
    GroupBy gb = purchases();
    Query query = gb.getSources().get(0).getEvents().getQuery();
    assertEquals(List.of("user_id", "purchase_price"), List.copyOf(query.getSelects().keySet()));
    assertEquals("user_id", query.getSelects().get("user_id"));
    assertEquals(List.of(), query.getSetups());
    assertEquals(List.of(new Window(3, TimeUnit.DAYS), new Window(14, TimeUnit.DAYS)),
        gb.getAggregations().get(0).getWindows());
    assertEquals(Map.of(), gb.getAggregations().get(0).getArgMap());
    assertEquals(Map.of("k", "10"), gb.getAggregations().get(1).getArgMap());
    assertEquals(Operation.LAST_K, gb.getAggregations().get(1).getOperation());
    MetaData md = gb.getMetaData();
    assertEquals("@daily", md.getOfflineSchedule());
    assertTrue(md.isOnline());
    assertFalse(md.isSetProduction(), "production is written only when given");
    assertFalse(md.isSetCustomJson() || md.isSetDependencies() || md.isSetTableProperties());
    assertEquals(gb, ThriftJson.read(ThriftJson.write(gb), GroupBy.class, "purchases"));
  }

  @Test
  void selectsKeepTheirOrderAndPairColumnsWithExpressions() {
    Map<String, String> more = new LinkedHashMap<>();
    more.put("z", "z_expr");
    more.put("a", "a_expr");
    Query query = Sources.events("db.t")
        .select("m", "b")
        .selectAs("big", "price > 100")
        .selects(more)
        .where("price IS NOT NULL", "country = 'US'")
        .build().getEvents().getQuery();
    assertEquals(List.of("m", "b", "big", "z", "a"), List.copyOf(query.getSelects().keySet()));
    assertEquals("price > 100", query.getSelects().get("big"));
    assertEquals(List.of("price IS NOT NULL", "country = 'US'"), query.getWheres());
    assertTrue(ThriftJson.write(Sources.events("db.t").select("m", "b").build())
        .contains("\"m\": \"m\",\n        \"b\": \"b\""));
  }

  @Test
  void eventAndEntitySourcesCarryTheirOwnFields() {
    Source events = Sources.events("db.e").topic("events").cumulative(true).select("id").build();
    assertEquals("events", events.getEvents().getTopic());
    assertTrue(events.getEvents().isIsCumulative());
    Source entities = Sources.entities("db.snap")
        .mutationTable("db.mut")
        .mutationTopic("cdc")
        .select("id")
        .timeColumn("ts")
        .mutationTimeColumn("mutated_at")
        .reversalColumn("is_before")
        .partitionColumn("dt")
        .build();
    assertEquals("db.mut", entities.getEntities().getMutationTable());
    assertEquals("cdc", entities.getEntities().getMutationTopic());
    Query query = entities.getEntities().getQuery();
    assertEquals("mutated_at", query.getMutationTimeColumn());
    assertEquals("is_before", query.getReversalColumn());
    assertEquals("dt", query.getPartitionColumn());
  }

  @Test
  void aSourceWithoutClausesStillWritesItsQuery() {
    assertEquals(new Query(), Sources.entities("db.snap").build().getEntities().getQuery());
  }

  @Test
  void aGroupByWithoutAggregationsIsNoAgg() {
    GroupBy gb = GroupByBuilder.create("t.dims.v1")
        .source(Sources.entities("db.users").select("user_id", "country"))
        .keys("user_id")
        .build();
    assertFalse(gb.isSetAggregations());
  }

  @Test
  void helpersWriteTheirArgumentsAsCompilePyDoes() {
    assertEquals(Map.of("k", "5"), Aggregations.firstK("x", 5).build().getArgMap());
    assertEquals(Operation.TOP_K, Aggregations.topK("x", 3).build().getOperation());
    assertEquals(Operation.BOTTOM_K, Aggregations.bottomK("x", 3).build().getOperation());
    assertEquals(Map.of("k", "12"), Aggregations.approxUniqueCount("x", 12).build().getArgMap());
    assertEquals(Map.of("k", "50"), Aggregations.boundedUniqueCount("x", 50).build().getArgMap());
    assertEquals(Operation.HISTOGRAM, Aggregations.histogram("x", 20).build().getOperation());
    assertEquals(Operation.APPROX_HISTOGRAM_K, Aggregations.approxHistogram("x", 8).build().getOperation());
    Aggregation percentile = Aggregations.approxPercentile("x", 0.5, 0.99, 0.0, 1.0).build();
    assertEquals(List.of("k", "percentiles"), List.copyOf(percentile.getArgMap().keySet()));
    assertEquals("128", percentile.getArgMap().get("k"));
    assertEquals("[0.5, 0.99, 0.0, 1.0]", percentile.getArgMap().get("percentiles"));
  }

  @ParameterizedTest
  @CsvSource({"0.5, 0.5", "1.0, 1.0", "0.0, 0.0", "0.95, 0.95", "0.001, 0.001", "0.0001, 0.0001",
      "0.00001, 1e-05", "0.000015, 1.5e-05", "0.123456789, 0.123456789"})
  void percentilesAreWrittenAsPythonWritesFloats(double value, String python) {
    assertEquals(python, Aggregations.pythonFloat(value));
  }

  @Test
  void bucketsWindowsAndElementWiseAreWrittenWhenGiven() {
    Aggregation agg = Aggregations.of("x", Operation.AVERAGE)
        .windows(Windows.hours(12), Windows.of(1, TimeUnit.DAYS))
        .buckets("country")
        .elementWise(true)
        .build();
    assertEquals(List.of(new Window(12, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS)), agg.getWindows());
    assertEquals(List.of("country"), agg.getBuckets());
    assertTrue(agg.isElementWise());
    Aggregation plain = Aggregations.of("x", Operation.COUNT).build();
    assertFalse(plain.isSetWindows() || plain.isSetBuckets() || plain.isSetElementWise());
  }

  @Test
  void aJoinPartCarriesItsKeyMappingAndPrefix() {
    GroupBy gb = purchases();
    Join join = JoinBuilder.create("quickstart.training_set.v1")
        .left(Sources.events("data.checkouts").select("buyer_id", "seller_id", "ts").timeColumn("ts"))
        .part(JoinPartBuilder.of(gb).keyMapping("buyer_id", "user_id").prefix("buyer"))
        .part(JoinPartBuilder.of(gb).keyMapping("seller_id", "user_id").prefix("seller"))
        .team("quickstart")
        .build();
    JoinPart buyer = new JoinPart().setGroupBy(gb).setKeyMapping(Map.of("buyer_id", "user_id")).setPrefix("buyer");
    assertEquals(buyer, join.getJoinParts().get(0));
    assertEquals("seller", join.getJoinParts().get(1).getPrefix());
    assertTrue(ThriftJson.write(join).contains(
        "\"keyMapping\": {\n        \"buyer_id\": \"user_id\"\n      },\n      \"prefix\": \"buyer\""));
  }

  @Test
  void aJoinWritesCompilePyDefaultsUnlessOverridden() {
    Join join = JoinBuilder.create("t.j.v1").left(Sources.events("db.e").select("id")).build();
    MetaData md = join.getMetaData();
    assertEquals(new MetaData().setName("t.j.v1").setOnline(false).setProduction(false)
        .setSamplePercent(100.0).setOfflineSchedule("@daily"), md);
    assertEquals(List.of(), join.getJoinParts());
    Join tuned = JoinBuilder.create("t.j.v1")
        .left(Sources.events("db.e").select("id"))
        .online(true)
        .production(true)
        .samplePercent(5.0)
        .offlineSchedule("@never")
        .consistencyCheck(true)
        .skewKeys("id", "0", "-1")
        .build();
    assertTrue(tuned.getMetaData().isOnline() && tuned.getMetaData().isProduction());
    assertEquals(5.0, tuned.getMetaData().getSamplePercent());
    assertEquals("@never", tuned.getMetaData().getOfflineSchedule());
    assertTrue(tuned.getMetaData().isConsistencyCheck());
    assertEquals(Map.of("id", List.of("0", "-1")), tuned.getSkewKeys());
  }

  @Test
  void aStagingQueryHasNoDefaults() {
    StagingQuery staging = StagingQueryBuilder.create("t.sq.v1").query("SELECT 1").createView(true).build();
    assertEquals(new MetaData().setName("t.sq.v1"), staging.getMetaData());
    assertFalse(staging.isSetSetups() || staging.isSetStartPartition());
    assertTrue(staging.isCreateView());
  }

  @Test
  void aBootstrapPartWritesAQueryOnlyWhenGivenClauses() {
    assertNull(BootstrapPartBuilder.table("db.logged").build().getQuery());
    assertEquals("2023-01-01", BootstrapPartBuilder.table("db.t").endPartition("2023-01-01").build()
        .getQuery().getEndPartition());
  }

  @Test
  void buildReturnsAFreshStructEachTime() {
    GroupByBuilder builder = GroupByBuilder.create("t.g.v1")
        .source(Sources.events("db.e").select("id", "x"))
        .keys("id")
        .aggregation(Aggregations.of("x", Operation.SUM));
    GroupBy first = builder.build();
    GroupBy second = builder.build();
    assertEquals(first, second);
    assertNotSame(first, second);
    first.getKeyColumns().add("other");
    first.getSources().get(0).getEvents().getQuery().getSelects().put("y", "y");
    first.getMetaData().setTeam("changed");
    assertEquals(second, builder.build());
  }

  @Test
  void inputsAreCopiedWhenGiven() {
    GroupBy gb = purchases();
    JoinBuilder builder = JoinBuilder.create("t.j.v1").left(Sources.events("db.e").select("user_id")).part(gb);
    Join before = builder.build();
    gb.getMetaData().setName("renamed");
    gb.getKeyColumns().clear();
    assertEquals(before, builder.build());
    assertEquals("quickstart.purchases.v1", builder.build().getJoinParts().get(0).getGroupBy().getMetaData().getName());
  }

  @Test
  void copiesKeepMapOrder() {
    Map<String, String> selects = new LinkedHashMap<>();
    for (int i = 20; i > 0; i--) {
      selects.put("column_" + i, "expr_" + i);
    }
    Source source = Sources.events("db.e").selects(selects).build();
    GroupBy gb = GroupByBuilder.create("t.g.v1").source(source).keys("column_1").build();
    assertEquals(List.copyOf(selects.keySet()),
        List.copyOf(gb.getSources().get(0).getEvents().getQuery().getSelects().keySet()));
  }

  @Test
  void externalSourcesFollowPythonsSchemaNaming() {
    var source = ExternalSourceBuilder.create("payments", "risk")
        .keyField("user_id", DataKind.LONG)
        .valueField("tags", DataTypes.list(DataTypes.of(DataKind.STRING)))
        .customJson("{\"pii\": false}")
        .factory("http", Map.of("url", "http://payments"))
        .build();
    assertEquals("ext_payments_keys", source.getKeySchema().getName());
    assertEquals("ext_payments_values", source.getValueSchema().getName());
    assertEquals(new MetaData().setName("payments").setTeam("risk").setCustomJson("{\"pii\": false}"),
        source.getMetadata());
    assertEquals("http", source.getFactoryConfig().getFactoryName());
    var contextual = ExternalSourceBuilder.contextual().keyField("amount", DataKind.DOUBLE).build();
    assertEquals("default", contextual.getMetadata().getTeam());
    assertEquals(contextual.getKeySchema().getParams(), contextual.getValueSchema().getParams());
    assertEquals("contextual_values", contextual.getValueSchema().getName());
    Join join = JoinBuilder.create("t.j.v1")
        .left(Sources.events("db.e").select("buyer_id"))
        .externalPart(ExternalPartBuilder.of(source).keyMapping("buyer_id", "user_id").prefix("buyer"))
        .build();
    assertEquals(Map.of("buyer_id", "user_id"), join.getOnlineExternalParts().get(0).getKeyMapping());
    assertEquals("buyer", join.getOnlineExternalParts().get(0).getPrefix());
  }

  @Test
  void dataTypesHaveChrononsParameterNames() {
    TDataType map = DataTypes.map(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.LONG));
    assertEquals(List.of("key", "value"), map.getParams().stream().map(DataField::getName).toList());
    TDataType list = DataTypes.list(DataTypes.of(DataKind.INT));
    assertEquals("elem", list.getParams().get(0).getName());
    TDataType struct = DataTypes.struct("Address", DataTypes.field("city", DataTypes.of(DataKind.STRING)));
    assertEquals("Address", struct.getName());
    assertEquals(DataKind.STRUCT, struct.getKind());
  }

  @Test
  void dependenciesAreWrittenAsPythonJsonDumps() {
    assertEquals("{\"name\": \"wait_for_db.t_ds\", \"spec\": \"db.t/ds={{ ds }}\", \"start\": \"2023-01-01\","
        + " \"end\": null}", Dependencies.onTable("db.t", "2023-01-01", null));
    assertEquals("{\"name\": \"wait_for_db.m_ds\", \"spec\": \"db.m/ds={{ ds }}/hr=00:00\", \"start\": null,"
        + " \"end\": \"2023-02-01\"}", Dependencies.onTable("db.m/hr=00:00", null, "2023-02-01"));
    assertEquals("\"a\\\"b\\\\c\\u00e9\\n\"", Dependencies.pythonJsonString("a\"b\\c\u00e9\n"));
  }

  @Test
  void aLabelPartWritesMetadataOnlyWhenGiven() {
    GroupBy labels = GroupByBuilder.create("t.labels.v1")
        .source(Sources.entities("db.labels").select("user_id", "is_fraud"))
        .keys("user_id")
        .build();
    var part = LabelPartBuilder.create().label(labels).leftOffsets(30, 10).build();
    assertFalse(part.isSetMetaData());
    assertEquals(30, part.getLeftStartOffset());
    assertEquals(10, part.getLeftEndOffset());
    var scheduled = LabelPartBuilder.create().label(labels).leftOffsets(1, 0).offlineSchedule("@weekly").build();
    assertEquals(new MetaData().setOfflineSchedule("@weekly"), scheduled.getMetaData());
  }

  @Test
  void everyRemainingFieldIsWrittenWhenGiven() {
    GroupBy gb = GroupByBuilder.create("t.g.v1")
        .source(Sources.events("db.e")
            .select("id", "x")
            .setups("CREATE TEMPORARY FUNCTION f AS 'F'")
            .setups("ADD JAR x.jar"))
        .keys("id")
        .aggregation(Aggregations.of("x", Operation.SUM))
        .derivation("x_doubled", "x_sum * 2")
        .incremental(true)
        .deprecationDate("2024-01-01")
        .description("test features")
        .build();
    assertEquals(List.of("CREATE TEMPORARY FUNCTION f AS 'F'", "ADD JAR x.jar"),
        gb.getSources().get(0).getEvents().getQuery().getSetups());
    assertEquals("x_sum * 2", gb.getDerivations().get(0).getExpression());
    assertTrue(gb.isIsIncremental());
    assertEquals("2024-01-01", gb.getMetaData().getDeprecationDate());
    assertEquals("test features", gb.getMetaData().getDescription());
    var source = ExternalSourceBuilder.create("svc", "team")
        .keyField("id", DataKind.LONG)
        .valueField("x_sum", DataKind.LONG)
        .offlineGroupBy(gb)
        .build();
    assertEquals(gb, source.getOfflineGroupBy());
  }
}
