package org.chrononbeam.model.builder;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every builder rejects a bad argument at once, with a message naming it. */
class BuilderArgumentChecksTest {

  private static void assertRejected(String messagePart, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(messagePart),
        "expected '" + messagePart + "' in the message: " + e.getMessage());
  }

  private static void assertIncomplete(String messagePart, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertTrue(e.getMessage().contains(messagePart),
        "expected '" + messagePart + "' in the message: " + e.getMessage());
  }

  private static GroupBy userGroupBy() {
    return GroupByBuilder.create("team.users.v1")
        .source(Sources.entities("db.users").select("user_id", "age"))
        .keys("user_id")
        .build();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void everyKMustBePositive(int k) {
    List<IntFunction<AggregationBuilder>> withK = List.of(
        n -> Aggregations.lastK("x", n),
        n -> Aggregations.firstK("x", n),
        n -> Aggregations.topK("x", n),
        n -> Aggregations.bottomK("x", n),
        n -> Aggregations.boundedUniqueCount("x", n),
        n -> Aggregations.histogram("x", n),
        n -> Aggregations.approxHistogram("x", n),
        n -> Aggregations.approxPercentile("x", List.of(0.5), n));
    for (IntFunction<AggregationBuilder> helper : withK) {
      assertRejected("must be positive, was " + k, () -> helper.apply(k));
    }
  }

  @Test
  void theKMessageNamesTheOperation() {
    assertRejected("k of LAST_K must be positive, was 0", () -> Aggregations.lastK("x", 0));
  }

  @ParameterizedTest
  @EnumSource(value = Operation.class, names = {"LAST_K", "FIRST_K", "TOP_K", "BOTTOM_K"})
  void operationsWithoutADefaultKPointToTheirHelper(Operation operation) {
    assertRejected("needs k", () -> Aggregations.of("x", operation));
  }

  @Test
  void ofPointsToTheMatchingHelper() {
    assertRejected("Aggregations.topK(column, k)", () -> Aggregations.of("x", Operation.TOP_K));
  }

  @ParameterizedTest
  @EnumSource(value = Operation.class, names = {"LAST_K", "FIRST_K", "TOP_K", "BOTTOM_K"}, mode = EnumSource.Mode.EXCLUDE)
  void everyOtherOperationHasDefaults(Operation operation) {
    assertDoesNotThrow(() -> Aggregations.of("x", operation));
  }

  @Test
  void aggregationNeedsAColumnAndAnOperation() {
    assertRejected("input column", () -> Aggregations.of(" ", Operation.SUM));
    assertRejected("input column", () -> Aggregations.lastK(null, 3));
    assertRejected("operation must not be null", () -> Aggregations.of("x", null));
  }

  @Test
  void percentilesLieInTheUnitInterval() {
    assertRejected("at least one percentile", () -> Aggregations.approxPercentile("x"));
    assertRejected("at least one percentile", () -> Aggregations.approxPercentile("x", List.of(), 128));
    assertRejected("[0, 1], was 1.5", () -> Aggregations.approxPercentile("x", 0.5, 1.5));
    assertRejected("[0, 1], was -0.1", () -> Aggregations.approxPercentile("x", -0.1));
    assertRejected("[0, 1], was NaN", () -> Aggregations.approxPercentile("x", Double.NaN));
    assertRejected("[0, 1], was null", () -> Aggregations.approxPercentile("x", Arrays.asList(0.5, null), 8));
    assertDoesNotThrow(() -> Aggregations.approxPercentile("x", 0.0, 1.0));
  }

  @Test
  void lgKIsWithinTheCpcSketchRange() {
    assertRejected("[4, 26], was 3", () -> Aggregations.approxUniqueCount("x", 3));
    assertRejected("[4, 26], was 27", () -> Aggregations.approxUniqueCount("x", 27));
    assertDoesNotThrow(() -> Aggregations.approxUniqueCount("x", 4));
    assertDoesNotThrow(() -> Aggregations.approxUniqueCount("x", 26));
  }

  @Test
  void windowLengthMustBePositive() {
    assertRejected("window length must be positive, was 0", () -> Windows.days(0));
    assertRejected("window length must be positive, was -2", () -> Windows.hours(-2));
    assertRejected("window time unit", () -> Windows.of(1, null));
  }

  @Test
  void aggregationWindowsAreCheckedToo() {
    AggregationBuilder sum = Aggregations.of("x", Operation.SUM);
    assertRejected("at least one window", sum::windows);
    assertRejected("positive length", () -> sum.windows(new Window(0, TimeUnit.DAYS)));
    assertRejected("window must not be null", () -> sum.windows((Window) null));
    sum.windows(Windows.days(7));
    assertRejected("given twice", () -> sum.windows(Windows.days(7)));
    assertRejected("bucket column", () -> sum.buckets(""));
  }

  @Test
  void queryClausesRejectBlanksAndRepeats() {
    EventSourceBuilder source = Sources.events("db.events");
    assertRejected("event table", () -> Sources.events(" "));
    assertRejected("at least one selected column", source::select);
    assertRejected("selected column", () -> source.select("a", null));
    assertRejected("select expression", () -> source.selectAs("a", ""));
    source.select("a");
    assertRejected("selected column 'a' is given twice", () -> source.selectAs("a", "b + 1"));
    assertRejected("where predicate", () -> source.where((String) null));
    assertRejected("time column", () -> source.timeColumn(""));
    assertRejected("start partition", () -> source.startPartition(null));
    assertRejected("selects must not be null", () -> source.selects(null));
    assertRejected("join of a join source", () -> Sources.joinSource(null));
    assertRejected("snapshot table", () -> Sources.entities(""));
    assertRejected("mutation topic", () -> Sources.entities("db.x").mutationTopic(" "));
  }

  @Test
  void groupByChecksItsParts() {
    assertRejected("config name", () -> GroupByBuilder.create(""));
    GroupByBuilder builder = GroupByBuilder.create("team.gb.v1");
    assertIncomplete("needs at least one source", builder::build);
    builder.source(Sources.events("db.events").select("user_id"));
    assertIncomplete("needs at least one key column", builder::build);
    builder.keys("user_id");
    assertRejected("key column 'user_id' is given twice", () -> builder.keys("user_id"));
    assertRejected("source must not be null", () -> builder.source((SourceBuilder<?>) null));
    assertRejected("accuracy", () -> builder.accuracy(null));
    assertDoesNotThrow(builder::build);
  }

  @Test
  void metadataIsChecked() {
    GroupByBuilder builder = GroupByBuilder.create("team.gb.v1");
    assertRejected("custom JSON is not valid JSON", () -> builder.customJson("{lag: 0"));
    assertRejected("custom JSON must be a JSON object", () -> builder.customJson("[1, 2]"));
    assertRejected("team", () -> builder.team(" "));
    assertRejected("at least one dependency", builder::dependencies);
    builder.tableProperty("source", "chronon");
    assertRejected("table property 'source' is given twice", () -> builder.tableProperty("source", "x"));
    assertRejected("table property value", () -> builder.tableProperty("owner", null));
    builder.modeEnvironment("backfill", Map.of("EXECUTOR_MEMORY", "9G"));
    assertRejected("run mode 'backfill' is given twice", () -> builder.modeEnvironment("backfill", Map.of()));
  }

  @Test
  void derivationsKeepRawColumnsOnlyAsStarStar() {
    assertRejected("\"*\"", () -> JoinBuilder.create("t.j.v1").derivation("*", "a + b"));
    assertRejected("\"*\"", () -> GroupByBuilder.create("t.g.v1").derivation("all", "*"));
    assertRejected("derivation expression", () -> JoinBuilder.create("t.j.v1").derivation("a", ""));
  }

  @Test
  void joinChecksItsParts() {
    JoinBuilder join = JoinBuilder.create("team.join.v1");
    assertIncomplete("needs a left source", join::build);
    assertRejected("[0, 100], was 100.5", () -> join.samplePercent(100.5));
    assertRejected("[0, 100], was -1.0", () -> join.consistencySamplePercent(-1));
    assertRejected("[0, 100], was NaN", () -> join.samplePercent(Double.NaN));
    assertRejected("at least one skew key value", () -> join.skewKeys("user_id"));
    join.rowIds("request_id");
    assertRejected("row id column 'request_id' is given twice", () -> join.rowIds("request_id"));
    assertRejected("join part must not be null", () -> join.part((JoinPartBuilder) null));
  }

  @Test
  void keyMappingMustTargetAGroupByKey() {
    JoinPartBuilder part = JoinPartBuilder.of(userGroupBy());
    assertRejected("'age' is not a key of GroupBy team.users.v1; its keys are [user_id]",
        () -> part.keyMapping("buyer_age", "age"));
    part.keyMapping("buyer_id", "user_id");
    assertRejected("given twice", () -> part.keyMapping("buyer_id", "user_id"));
    assertRejected("join part prefix", () -> part.prefix(""));
    assertRejected("group-by of a join part", () -> JoinPartBuilder.of(null));
  }

  @Test
  void labelOffsetsRunForwards() {
    LabelPartBuilder labels = LabelPartBuilder.create();
    assertRejected("must not be later than the end offset", () -> labels.leftOffsets(10, 30));
    assertRejected("left start offset must not be negative", () -> labels.leftOffsets(-1, 0));
    assertRejected("left end offset must not be negative", () -> labels.leftOffsets(3, -1));
    assertIncomplete("at least one label", labels::build);
    labels.label(userGroupBy());
    assertIncomplete("left offsets", labels::build);
    labels.leftOffsets(7, 7);
    assertDoesNotThrow(labels::build);
  }

  @Test
  void externalSourcesAreChecked() {
    assertRejected("'contextual' is reserved", () -> ExternalSourceBuilder.create("contextual", "t"));
    assertRejected("team of external source", () -> ExternalSourceBuilder.create("svc", ""));
    assertRejected("values are its keys", () -> ExternalSourceBuilder.contextual().valueField("v", DataKind.LONG));
    ExternalSourceBuilder source = ExternalSourceBuilder.create("svc", "team").keyField("id", DataKind.LONG);
    assertRejected("key field 'id' is given twice", () -> source.keyField("id", DataKind.STRING));
    assertRejected("has parameters", () -> source.valueField("m", DataKind.MAP));
    ExternalPartBuilder part = ExternalPartBuilder.of(source.build());
    assertRejected("'user_id' is not a key of external source svc; its keys are [id]",
        () -> part.keyMapping("buyer", "user_id"));
  }

  @Test
  void dataTypesAreChecked() {
    assertRejected("use DataTypes.struct(...)", () -> DataTypes.of(DataKind.STRUCT));
    assertRejected("key type must be STRING, was INT",
        () -> DataTypes.map(DataTypes.of(DataKind.INT), DataTypes.of(DataKind.LONG)));
    assertRejected("field of struct S 'a' is given twice", () -> DataTypes.struct("S",
        DataTypes.field("a", DataTypes.of(DataKind.INT)), DataTypes.field("a", DataTypes.of(DataKind.LONG))));
    assertRejected("field name", () -> DataTypes.field(" ", DataTypes.of(DataKind.INT)));
  }

  @Test
  void stagingQueryNeedsItsQuery() {
    StagingQueryBuilder staging = StagingQueryBuilder.create("team.sq.v1");
    assertIncomplete("needs a query", staging::build);
    assertRejected("staging query SQL", () -> staging.query("  "));
    assertRejected("at least one setup statement", staging::setups);
  }

  @Test
  void bootstrapPartsAreChecked() {
    assertRejected("bootstrap table", () -> BootstrapPartBuilder.table(""));
    BootstrapPartBuilder part = BootstrapPartBuilder.table("db.t").keyColumns("request_id");
    assertRejected("bootstrap key column 'request_id' is given twice", () -> part.keyColumns("request_id"));
  }

  @Test
  void dependencyNeedsATable() {
    assertRejected("dependency table", () -> Dependencies.onTable(null, "2023-01-01", null));
  }
}
