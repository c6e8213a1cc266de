package org.chrononbeam.model.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;

/** Small valid configs, built fresh on every call so that a test may break exactly one rule. */
final class SmallConfigs {
  static final String GROUP_BY = "shop.purchases.v1";
  static final String JOIN = "shop.training_set.v1";

  private SmallConfigs() {}

  static Map<String, String> selects(String... columns) {
    Map<String, String> selects = new LinkedHashMap<>();
    for (String c : columns) {
      selects.put(c, c);
    }
    return selects;
  }

  static Map<String, String> args(String... keyValues) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put(keyValues[i], keyValues[i + 1]);
    }
    return args;
  }

  /** Streamed purchase events keyed by user: TEMPORAL, so hour windows are fine. */
  static Source purchaseEvents() {
    return Source.events(new EventSource()
        .setTable("shop.purchases")
        .setTopic("purchases")
        .setQuery(new Query().setSelects(selects("user_id", "price", "merchant")).setTimeColumn("ts")));
  }

  /**
   * {@code shop.purchases.v1}: aggregations[0] SUM(price) over 7d and 12h, [1] LAST_K(price, k=10),
   * [2] APPROX_PERCENTILE(price, k=128, [0.5, 0.99]).
   */
  static GroupBy purchases() {
    List<Aggregation> aggregations = new ArrayList<>(List.of(
        new Aggregation().setInputColumn("price").setOperation(Operation.SUM)
            .setWindows(new ArrayList<>(List.of(new Window(7, TimeUnit.DAYS), new Window(12, TimeUnit.HOURS)))),
        new Aggregation().setInputColumn("price").setOperation(Operation.LAST_K).setArgMap(args("k", "10")),
        new Aggregation().setInputColumn("price").setOperation(Operation.APPROX_PERCENTILE)
            .setArgMap(args("k", "128", "percentiles", "[0.5, 0.99]"))));
    return new GroupBy()
        .setMetaData(new MetaData().setName(GROUP_BY).setTeam("shop").setOutputNamespace("features"))
        .setSources(new ArrayList<>(List.of(purchaseEvents())))
        .setKeyColumns(new ArrayList<>(List.of("user_id")))
        .setAggregations(aggregations);
  }

  /** {@code shop.training_set.v1}: checkout events on the left (selecting user_id), one part: purchases. */
  static Join trainingSet() {
    Source left = Source.events(new EventSource()
        .setTable("shop.checkouts")
        .setQuery(new Query().setSelects(selects("user_id", "ts")).setTimeColumn("ts")));
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setTeam("shop").setOutputNamespace("features"))
        .setLeft(left)
        .setJoinParts(new ArrayList<>(List.of(new JoinPart().setGroupBy(purchases()))));
  }
}
