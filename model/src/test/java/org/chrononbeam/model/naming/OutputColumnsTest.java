package org.chrononbeam.model.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputColumnsTest {

  private static Aggregation aggregation(String input, Operation op, Map<String, String> args, Window... windows) {
    Aggregation a = new Aggregation().setInputColumn(input).setOperation(op).setArgMap(args);
    return windows.length == 0 ? a : a.setWindows(List.of(windows));
  }

  private static Derivation derivation(String name, String expression) {
    return new Derivation().setName(name).setExpression(expression);
  }

  /** Chronon's column word for each operation: the lower-case enum name, k-operations with their k. */
  @ParameterizedTest
  @CsvSource({
      "MIN, price_min", "MAX, price_max", "FIRST, price_first", "LAST, price_last",
      "UNIQUE_COUNT, price_unique_count", "APPROX_UNIQUE_COUNT, price_approx_unique_count",
      "COUNT, price_count", "SUM, price_sum", "AVERAGE, price_average", "VARIANCE, price_variance",
      "SKEW, price_skew", "KURTOSIS, price_kurtosis", "APPROX_PERCENTILE, price_approx_percentile",
      "LAST_K, price_last10", "FIRST_K, price_first10", "TOP_K, price_top10", "BOTTOM_K, price_bottom10",
      "HISTOGRAM, price_histogram", "APPROX_HISTOGRAM_K, price_approx_histogram_k",
      "BOUNDED_UNIQUE_COUNT, price_bounded_unique_count",
  })
  void everyOperationHasItsWord(Operation op, String column) {
    assertEquals(List.of(column), OutputColumns.of(aggregation("price", op, Map.of("k", "10"))));
  }

  @Test
  void everyOperationIsCoveredAbove() {
    assertEquals(20, Operation.values().length);
  }

  @ParameterizedTest
  @CsvSource({
      "7, DAYS, _7d", "12, HOURS, _12h", "1, DAYS, _1d", "30, DAYS, _30d",
      "0, DAYS, ''", "-1, HOURS, ''", "2147483647, DAYS, ''",
  })
  void windowSuffixes(int length, TimeUnit unit, String suffix) {
    assertEquals(suffix, OutputColumns.windowSuffix(new Window(length, unit)));
  }

  @Test
  void noWindowMeansUnboundedWithoutSuffix() {
    assertEquals("", OutputColumns.windowSuffix(null));
    assertEquals(List.of("purchase_price_last10"),
        OutputColumns.of(aggregation("purchase_price", Operation.LAST_K, Map.of("k", "10"))));
  }

  @Test
  void examplesFromChrononsDocs() {
    assertEquals(List.of("purchase_price_sum_7d", "purchase_price_sum_14d"),
        OutputColumns.of(aggregation("purchase_price", Operation.SUM, null,
            new Window(7, TimeUnit.DAYS), new Window(14, TimeUnit.DAYS))));
    assertEquals(List.of("listing_view_last30"),
        OutputColumns.of(aggregation("listing_view", Operation.LAST_K, Map.of("k", "30"))));
  }

  /** Chronon's unpack loops buckets outermost and windows inside. */
  @Test
  void partsAreBucketMajorThenWindow() {
    Aggregation a = aggregation("price", Operation.AVERAGE, null,
        new Window(1, TimeUnit.DAYS), new Window(12, TimeUnit.HOURS)).setBuckets(List.of("country", "device"));
    assertEquals(List.of("price_average_1d_by_country", "price_average_12h_by_country",
            "price_average_1d_by_device", "price_average_12h_by_device"), OutputColumns.of(a));
    var parts = OutputColumns.parts(a);
    assertEquals("device", parts.get(3).getBucket());
    assertEquals(new Window(12, TimeUnit.HOURS), parts.get(3).getWindow());
    assertEquals(Operation.AVERAGE, parts.get(3).getOperation());
  }

  @Test
  void anUnboundedPartHasNoWindowAndKeepsArguments() {
    var part = OutputColumns.parts(aggregation("x", Operation.TOP_K, Map.of("k", "3"))).get(0);
    assertEquals(null, part.getWindow());
    assertEquals(Map.of("k", "3"), part.getArgMap());
    assertEquals("x_top3", OutputColumns.name(part));
  }

  @Test
  void aKOperationWithoutKCannotBeNamed() {
    assertThrows(IllegalArgumentException.class, () -> OutputColumns.of(aggregation("x", Operation.LAST_K, Map.of())));
    assertThrows(IllegalArgumentException.class,
        () -> OutputColumns.of(aggregation("x", Operation.FIRST_K, Map.of("k", "ten"))));
  }

  @Test
  void aGroupByWithoutAggregationsOutputsItsSelectedNonKeyColumns() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "id");
    selects.put("country", "country");
    selects.put("age", "age");
    GroupBy users = new GroupBy()
        .setMetaData(new MetaData().setName("team.users.v1"))
        .setSources(List.of(Source.entities(new EntitySource().setQuery(new Query().setSelects(selects)))))
        .setKeyColumns(List.of("user_id"));
    assertEquals(List.of("country", "age"), OutputColumns.of(users));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // base columns | derivations (name=expression;...) | output
      "a,b,c | *=*;x=a        | b,c,x",
      "a,b   | d=a / b        | d",
      "a,b   | *=*;b=b * 2    | a,b",
      "a,b,c | y=c;*=*        | y,a,b",
      "a,b   | *=*            | a,b",
  })
  void derivations(String base, String derivations, String output) {
    List<Derivation> list = new ArrayList<>();
    for (String d : derivations.split(";")) {
      String[] nameAndExpression = d.split("=", 2);
      list.add(derivation(nameAndExpression[0], nameAndExpression[1]));
    }
    assertEquals(List.of(output.split(",")), OutputColumns.derive(List.of(base.split(",")), list));
  }

  @Test
  void noDerivationsKeepTheBaseColumns() {
    assertEquals(List.of("a"), OutputColumns.derive(List.of("a"), null));
    assertEquals(List.of("a"), OutputColumns.derive(List.of("a"), List.of()));
  }

  @Test
  void joinPartColumnsArePrefixedWithThePrefixAndTheSanitizedGroupByName() {
    GroupBy purchases = new GroupBy().setMetaData(new MetaData().setName("quickstart.purchases.v1"))
        .setAggregations(List.of(aggregation("purchase_price", Operation.SUM, null, new Window(14, TimeUnit.DAYS))));
    assertEquals(List.of("quickstart_purchases_v1_purchase_price_sum_14d"),
        OutputColumns.of(new JoinPart().setGroupBy(purchases)));
    assertEquals(List.of("user_quickstart_purchases_v1_purchase_price_sum_14d"),
        OutputColumns.of(new JoinPart().setGroupBy(purchases).setPrefix("user")));
  }

  // ---- Chronon's compiled samples: the names their authors wrote are facts.

  private static Object sample(String path) {
    return TableNamesTest.config(path);
  }

  @Test
  void theSampleTagsAColumnByItsName() throws IOException {
    GroupBy groupBy = (GroupBy) sample("group_bys/sample_team/event_sample_group_by.v1");
    JsonNode tags = new ObjectMapper().readTree(groupBy.getMetaData().getCustomJson()).get("column_tags");
    List<String> columns = OutputColumns.of(groupBy);
    for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
      String tagged = it.next();
      assertTrue(columns.contains(tagged), () -> tagged + " is one of " + columns);
    }
    assertEquals(List.of("event_sum_7d", "event_sum", "event_approx_percentile"), columns);
  }

  /** This sample renames every join column to its bare feature name, so its expressions list them all. */
  @Test
  void theKeyMappingDerivationSampleRenamesEveryJoinColumn() {
    Join join = (Join) sample("joins/sample_team/sample_join_derivation_key_mapping.v1");
    List<String> renamed = join.getDerivations().stream().skip(1).map(Derivation::getExpression).toList();
    List<String> joinColumns = new ArrayList<>();
    join.getJoinParts().forEach(part -> joinColumns.addAll(OutputColumns.of(part)));
    assertEquals(renamed, joinColumns);
    assertEquals(List.of("derived_field", "event_sum_7d", "event_sum", "event_approx_percentile", "entity_last",
        "entity_last_7d"), OutputColumns.of(join));
  }

  @Test
  void externalPartColumnsAsTheSamplesDeriveFromThem() {
    Join join = (Join) sample("joins/sample_team/sample_join_with_derivations_on_external_parts.v1");
    assertEquals(List.of("ext_test_external_source_value_str", "ext_test_external_source_value_long",
        "ext_test_external_source_value_bool"), OutputColumns.of(join.getOnlineExternalParts().get(0)));
    assertEquals(List.of("ext_contextual_context_str", "ext_contextual_context_long"),
        OutputColumns.of(join.getOnlineExternalParts().get(1)));
    assertEquals(List.of("value_str", "value_long", "value_bool", "context_str", "context_long",
        "sample_team_event_sample_group_by_v1_event_sum_7d", "sample_team_event_sample_group_by_v1_event_sum",
        "sample_team_event_sample_group_by_v1_event_approx_percentile",
        "sample_team_entity_sample_group_by_from_module_v1_entity_last",
        "sample_team_entity_sample_group_by_from_module_v1_entity_last_7d"), OutputColumns.of(join));
  }

  @Test
  void starKeepsEveryColumnNotRenamed() {
    Join join = (Join) sample("joins/sample_team/sample_join_external_parts.v2");
    assertEquals(List.of("sample_team_sample_group_by_v1_impressed_unique_count_1d_sum",
        "sample_team_sample_group_by_v1_viewed_unique_count_1d_sum", "place_id"), OutputColumns.of(join));
  }

  @Test
  void aLabelGroupByWithoutAggregationsOutputsItsSelects() {
    Join join = (Join) sample("joins/sample_team/sample_label_join.v1");
    assertEquals(List.of("entity"), OutputColumns.of(join.getLabelPart().getLabels().get(0).getGroupBy()));
  }

  @Test
  void aJoinWithoutPartsHasNoColumns() {
    assertEquals(List.of(), OutputColumns.of((Join) sample("joins/sample_team/sample_join_without_join_parts.v1")));
  }
}
