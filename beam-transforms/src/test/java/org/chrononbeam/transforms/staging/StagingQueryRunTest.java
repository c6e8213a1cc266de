package org.chrononbeam.transforms.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.transforms.warehouse.PartitionRows;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingQueryRunTest {

  private static final Schema EVENTS =
      SchemaBuilder.record("event")
          .fields()
          .optionalString("user")
          .optionalString("item_id")
          .optionalLong("amount")
          .optionalLong("ts")
          .requiredString("ds")
          .endRecord();

  private static final Schema ITEMS =
      SchemaBuilder.record("item")
          .fields()
          .optionalString("item_id")
          .optionalString("category")
          .optionalDouble("price")
          .requiredString("ds")
          .endRecord();

  /** Events of 2023-12-01 to 2023-12-04: ts is epoch milliseconds within the day. */
  private static final long DEC_1 = 1701388800000L;

  private static final long DAY = 86_400_000L;

  @TempDir Path root;
  Warehouse warehouse;

  @BeforeEach
  void setUp() {
    warehouse = Warehouse.at(root.toString());
    write(
        "data.events",
        EVENTS,
        List.of(
            event("alice", "i1", 5L, DEC_1 + 3_600_000L, "2023-12-01"),
            event("alice", "i2", 2L, DEC_1 + 7_200_000L, "2023-12-01"),
            event("bob", "i1", 7L, DEC_1 + 60_000L, "2023-12-01"),
            event("bob", "i9", null, DEC_1 + DAY + 1_000L, "2023-12-02"),
            event("carol", "i2", 4L, DEC_1 + DAY + 2_000L, "2023-12-02"),
            event("alice", "i1", 1L, DEC_1 + 2 * DAY, "2023-12-03"),
            event("bob", "i2", 3L, DEC_1 + 3 * DAY + 5_000L, "2023-12-04"),
            event(null, "i2", 8L, DEC_1 + 3 * DAY + 6_000L, "2023-12-04")));
    write(
        "data.items",
        ITEMS,
        List.of(
            item("i1", "old", 1.0, "2023-11-30"),
            item("i1", "books", 10.0, "2023-12-02"),
            item("i2", "pens", 0.5, "2023-12-02")));
  }

  @Test
  void groupsByUserAndDayWithSparkDivisionAndFillsOnlyWhatIsMissing() throws IOException {
    StagingQuery conf =
        conf(
            "team.daily_spend.v1",
            """
            SELECT user, COUNT(*) AS events, SUM(amount) AS total,
                   SUM(amount) / COUNT(*) AS mean_amount, AVG(amount) AS avg_amount, ds
            FROM data.events
            WHERE ds BETWEEN '{{ start_date }}' AND '{{ end_date }}'
            GROUP BY user, ds
            """);
    StagingQueryRun run = StagingQueryRun.of(conf, warehouse);
    assertEquals("out.team_daily_spend_v1", run.outputTable());

    StagingQueryRun.Summary first = run.run("2023-12-02", Optional.empty(), direct());

    assertEquals(
        Optional.of(new StagingQueryRun.PartitionRange("2023-12-01", "2023-12-02")), first.range());
    assertEquals(List.of("2023-12-01", "2023-12-02"), first.partitionsWritten());
    assertEquals(4, first.rowsWritten());
    assertEquals(0, first.rowsOutsideRange());
    assertEquals(
        Map.of("data.events", List.of("2023-12-01", "2023-12-02")), first.partitionsRead());
    assertEquals(
        Map.of(
            "2023-12-01", List.of("alice|2|7|3.5|3.5|2023-12-01", "bob|1|7|7.0|7.0|2023-12-01"),
            "2023-12-02",
                List.of("bob|1|null|null|null|2023-12-02", "carol|1|4|4.0|4.0|2023-12-02")),
        output(run.outputTable()));

    // Changing a filled day's input does not recompute it: only missing days are filled.
    write("data.events", EVENTS, List.of(event("zed", "i1", 100L, DEC_1, "2023-12-01")));
    StagingQueryRun.Summary second = run.run("2023-12-04", Optional.empty(), direct());

    assertEquals(
        Optional.of(new StagingQueryRun.PartitionRange("2023-12-03", "2023-12-04")),
        second.range());
    assertEquals(List.of("2023-12-03", "2023-12-04"), second.partitionsWritten());
    assertEquals(
        Map.of("data.events", List.of("2023-12-03", "2023-12-04")), second.partitionsRead());
    Map<String, List<String>> out = output(run.outputTable());
    assertEquals(
        List.of("alice|2|7|3.5|3.5|2023-12-01", "bob|1|7|7.0|7.0|2023-12-01"),
        out.get("2023-12-01"));
    assertEquals(List.of("alice|1|1|1.0|1.0|2023-12-03"), out.get("2023-12-03"));
    assertEquals(
        List.of("bob|1|3|3.0|3.0|2023-12-04", "null|1|8|8.0|8.0|2023-12-04"),
        out.get("2023-12-04"));

    StagingQueryRun.Summary upToDate = run.run("2023-12-04", Optional.empty(), direct());
    assertEquals(Optional.empty(), upToDate.range());
    assertEquals(List.of(), upToDate.partitionsWritten());

    // A start date recomputes its range even where the output exists.
    StagingQueryRun.Summary rerun = run.run("2023-12-01", Optional.of("2023-12-01"), direct());
    assertEquals(List.of("2023-12-01"), rerun.partitionsWritten());
    assertEquals(
        List.of("zed|1|100|100.0|100.0|2023-12-01"), output(run.outputTable()).get("2023-12-01"));
    assertEquals(4, output(run.outputTable()).size());
  }

  @Test
  void joinsTwoTablesAtTheSnapshotOfMaxDate() throws IOException {
    StagingQuery conf =
        conf(
            "team.spend_by_category.v1",
            """
            SELECT e.item_id,
                   coalesce(i.category, 'unknown') AS category,
                   IF(i.price IS NULL, NULL, i.price * e.amount) AS spend,
                   concat(e.item_id, '@',
                          from_unixtime(CAST(e.ts / 1000 AS BIGINT), 'HH:mm')) AS tag,
                   datediff(e.ds, '{{ max_date(table=data.items) }}') AS days_after_snapshot,
                   `e`.`ds`
            FROM data.events AS e
            LEFT JOIN (
              SELECT item_id, category, price FROM data.items
              WHERE ds = '{{ max_date(table=data.items) }}'
            ) AS i ON e.item_id = i.item_id
            WHERE e.ds BETWEEN '{{ start_date }}' AND '{{ end_date }}' AND e.user == 'bob'
            """);
    StagingQueryRun run = StagingQueryRun.of(conf, warehouse);

    StagingQueryRun.Summary summary = run.run("2023-12-04", Optional.empty(), direct());

    assertEquals(List.of("2023-12-01", "2023-12-02", "2023-12-04"), summary.partitionsWritten());
    assertEquals(List.of("2023-12-02"), summary.partitionsRead().get("data.items"));
    assertEquals(
        Map.of(
            "2023-12-01", List.of("i1|books|70.0|i1@00:01|-1|2023-12-01"),
            "2023-12-02", List.of("i9|unknown|null|i9@00:00|0|2023-12-02"),
            "2023-12-04", List.of("i2|pens|1.5|i2@00:00|2|2023-12-04")),
        output(run.outputTable()));
  }

  @Test
  void runsWindowsSubqueriesAndSparkFunctionsWithSparkTypes() throws IOException {
    StagingQuery conf =
        conf(
            "team.ranked.v1",
            """
            SELECT user,
                   ROW_NUMBER() OVER (PARTITION BY ds ORDER BY amount DESC) AS rank_in_day,
                   CAST(date_sub(ds, 1) AS STRING) AS day_before,
                   CAST(date_add(to_date(ds), 1) AS STRING) AS day_after,
                   half + 1 AS half_plus_one,
                   amount % 3 AS remainder,
                   concat('ü-', user) AS tagged,
                   ds
            FROM (SELECT user, amount, amount / 2 AS half, ds FROM data.events
                  WHERE ds BETWEEN '{{ start_date }}' AND '{{ end_date }}')
            WHERE user IN (SELECT user FROM data.events WHERE amount >= 5)
            """);

    StagingQueryRun run = StagingQueryRun.of(conf, warehouse);
    StagingQueryRun.Summary summary = run.run("2023-12-01", Optional.empty(), direct());

    assertEquals(List.of("2023-12-01"), summary.partitionsWritten());
    assertEquals(
        Map.of(
            "2023-12-01",
            List.of(
                "alice|2|2023-11-30|2023-12-02|3.5|2|ü-alice|2023-12-01",
                "alice|3|2023-11-30|2023-12-02|2.0|2|ü-alice|2023-12-01",
                "bob|1|2023-11-30|2023-12-02|4.5|1|ü-bob|2023-12-01")),
        output(run.outputTable()));
    Schema written = warehouse.schema(run.outputTable());
    assertEquals(
        List.of("STRING", "LONG", "STRING", "STRING", "DOUBLE", "LONG", "STRING", "STRING"),
        written.getFields().stream()
            .map(f -> f.schema().isUnion() ? f.schema().getTypes().get(1) : f.schema())
            .map(t -> t.getType().toString())
            .toList());
  }

  @Test
  void acceptsADateDs() throws IOException {
    StagingQuery conf =
        conf(
            "team.date_ds.v1",
            "SELECT item_id, to_date(ds) AS ds FROM data.events WHERE ds = '{{ start_date }}'");

    StagingQueryRun.Summary summary =
        StagingQueryRun.of(conf, warehouse).run("2023-12-03", Optional.of("2023-12-03"), direct());

    assertEquals(List.of("2023-12-03"), summary.partitionsWritten());
    assertEquals(Map.of("2023-12-03", List.of("i1|2023-12-03")), output("out.team_date_ds_v1"));
  }

  @Test
  void writesOnlyTheRangeAndSaysWhatWasLeftOut() throws IOException {
    StagingQuery conf =
        conf(
            "team.all_days.v1",
            "SELECT item_id, COUNT(*) AS n, ds FROM data.events WHERE ds <= '{{ latest_date }}'"
                + " GROUP BY item_id, ds");

    StagingQueryRun.Summary summary =
        StagingQueryRun.of(conf, warehouse).run("2023-12-03", Optional.of("2023-12-02"), direct());

    assertEquals(List.of("2023-12-02", "2023-12-03"), summary.partitionsWritten());
    assertEquals(3, summary.rowsWritten());
    assertEquals(2, summary.rowsOutsideRange());
    assertEquals(
        Map.of(
            "2023-12-02", List.of("i2|1|2023-12-02", "i9|1|2023-12-02"),
            "2023-12-03", List.of("i1|1|2023-12-03")),
        output("out.team_all_days_v1"));
  }

  @Test
  void failsClearlyOnBadQueriesAndConfigs() {
    assertEquals(
        "team.no_ds.v1: query: the result has no ds column, the output partition (yyyy-MM-dd);"
            + " its columns are [user, n]",
        runFailure(
            conf("team.no_ds.v1", "SELECT user, COUNT(*) AS n FROM data.events GROUP BY user")));
    assertEquals(
        "team.no_alias.v1: query: column 'EXPR$1' needs a plain name: give it an alias (AS name)",
        runFailure(
            conf(
                "team.no_alias.v1",
                "SELECT user, COUNT(*), ds FROM data.events GROUP BY user, ds")));
    assertTrue(
        runFailure(conf("team.date.v1", "SELECT to_date(ds) AS first_day, ds FROM data.events"))
            .contains(
                "column first_day is DATE, which the warehouse cannot store (format it as a"
                    + " string"));
    assertEquals(
        "team.table.v1: query: the query is invalid: Object 'nope' not found within 'data'; the"
            + " tables are [data.events] (at line 1, column 37)",
        runFailure(
            conf(
                "team.table.v1",
                "SELECT e.ds FROM data.events e JOIN data.nope n ON e.ds = n.ds")));
    assertEquals(
        "team.fn.v1: query: the query is invalid: unsupported function (or argument types):"
            + " s2_cell(<CHARACTER>) (at line 1, column 8)",
        runFailure(conf("team.fn.v1", "SELECT s2_cell(user) AS c, ds FROM data.events")));
    assertEquals(
        "team.clock.v1: query: CURRENT_DATE is not supported: a feature must not depend on when it"
            + " is computed",
        runFailure(
            conf("team.clock.v1", "SELECT CAST(current_date AS STRING) AS ds FROM data.events")));
    assertTrue(
        runFailure(conf("team.macro.v1", "SELECT ds FROM data.events WHERE ds = '{{ ds }}'"))
            .contains("unknown macro 'ds'"));

    StagingQuery setups = conf("team.setups.v1", "SELECT ds FROM data.events");
    setups.addToSetups("CREATE TEMPORARY FUNCTION S2_CELL AS 'com.sample.S2CellId'");
    ConfigException e =
        assertThrows(ConfigException.class, () -> StagingQueryRun.of(setups, warehouse));
    assertTrue(e.getMessage().startsWith("team.setups.v1: setups: "), e.getMessage());

    StagingQuery noStart = conf("team.no_start.v1", "SELECT ds FROM data.events");
    noStart.unsetStartPartition();
    e =
        assertThrows(
            ConfigException.class,
            () -> StagingQueryRun.of(noStart, warehouse).range("2023-12-04", Optional.empty()));
    assertTrue(e.getMessage().startsWith("team.no_start.v1: startPartition: "), e.getMessage());
  }

  private String runFailure(StagingQuery conf) {
    return assertThrows(
            ConfigException.class,
            () -> StagingQueryRun.of(conf, warehouse).run("2023-12-04", Optional.empty(), direct()))
        .getMessage();
  }

  private static StagingQuery conf(String name, String query) {
    return new StagingQuery()
        .setMetaData(new MetaData().setName(name).setOutputNamespace("out"))
        .setQuery(query)
        .setStartPartition("2023-12-01");
  }

  private static PipelineOptions direct() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
  }

  private void write(String table, Schema schema, List<GenericRecord> rows) {
    Pipeline pipeline = Pipeline.create(direct());
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(schema)))
        .apply(WarehouseIO.write(warehouse, table));
    pipeline.run().waitUntilFinish();
  }

  /** The table's rows by partition, each as its values joined by {@code |}, sorted. */
  private Map<String, List<String>> output(String table) throws IOException {
    Map<String, List<String>> byDay = new TreeMap<>();
    List<String> days = warehouse.partitions(table);
    try (PartitionRows rows = PartitionRows.open(warehouse, table, days, warehouse.schema(table))) {
      while (rows.hasNext()) {
        GenericRecord row = rows.next();
        List<String> values = new ArrayList<>();
        for (Schema.Field field : row.getSchema().getFields()) {
          values.add(String.valueOf(row.get(field.pos())));
        }
        byDay
            .computeIfAbsent(row.get("ds").toString(), d -> new ArrayList<>())
            .add(String.join("|", values));
      }
    }
    byDay.values().forEach(list -> list.sort(null));
    return byDay;
  }

  private static GenericRecord event(String user, String item, Long amount, long ts, String ds) {
    GenericRecord r = new GenericData.Record(EVENTS);
    r.put("user", user);
    r.put("item_id", item);
    r.put("amount", amount);
    r.put("ts", ts);
    r.put("ds", ds);
    return r;
  }

  private static GenericRecord item(String id, String category, double price, String ds) {
    GenericRecord r = new GenericData.Record(ITEMS);
    r.put("item_id", id);
    r.put("category", category);
    r.put("price", price);
    r.put("ds", ds);
    return r;
  }
}
