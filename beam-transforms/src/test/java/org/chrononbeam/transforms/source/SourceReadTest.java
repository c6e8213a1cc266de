package org.chrononbeam.transforms.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.JoinSource;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.transforms.BackfillTables;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReadTest {

  static final Map<String, List<String>> READ = new ConcurrentHashMap<>();
  static final Schema CLICKS =
      SchemaBuilder.record("click")
          .fields()
          .optionalString("user")
          .optionalLong("millis")
          .requiredString("ds")
          .endRecord();

  @TempDir Path root;

  static Source clicks(Query query, boolean cumulative) {
    return Source.events(
        new EventSource().setTable("data.clicks").setQuery(query).setIsCumulative(cumulative));
  }

  @Test
  void readsTheIntersectionOfItsRangeAndTheQueryBoundsThroughTheQuery() {
    Warehouse warehouse = Warehouse.at(root.toString());
    List<GenericRecord> rows = new ArrayList<>();
    for (String ds : PartitionDates.range("2023-12-01", "2023-12-05")) {
      for (String user : List.of("a", "b")) {
        GenericRecord row = new GenericData.Record(CLICKS);
        row.put("user", user);
        row.put("millis", PartitionDates.startMillis(ds) + 1);
        row.put("ds", ds);
        rows.add(row);
      }
    }
    BackfillTables.write(warehouse, "data.clicks", CLICKS, rows);
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("who", "upper(user)");
    Query query =
        new Query()
            .setSelects(selects)
            .setWheres(List.of("user = 'a'"))
            .setTimeColumn("millis")
            .setStartPartition("2023-12-02");
    SourceRead read =
        SourceRead.of(warehouse, clicks(query, false)).withPartitions(null, "2023-12-04");

    assertEquals(List.of("2023-12-02", "2023-12-03", "2023-12-04"), read.selectedPartitions());
    assertEquals(List.of("who", "ts", "ds"), read.rowSchema().names());
    assertEquals(
        List.of("2023-12-04"),
        SourceRead.of(warehouse, clicks(query, true))
            .withPartitions(null, "2023-12-04")
            .selectedPartitions());

    Pipeline pipeline = Pipeline.create(BackfillTables.direct());
    READ.put("run", Collections.synchronizedList(new ArrayList<>()));
    pipeline.apply(read).apply(ParDo.of(new Collect()));
    pipeline.run().waitUntilFinish();
    List<String> got = new ArrayList<>(READ.remove("run"));
    got.sort(null);
    assertEquals(
        List.of(
            "A " + (PartitionDates.startMillis("2023-12-02") + 1) + " 2023-12-02",
            "A " + (PartitionDates.startMillis("2023-12-03") + 1) + " 2023-12-03",
            "A " + (PartitionDates.startMillis("2023-12-04") + 1) + " 2023-12-04"),
        got);
  }

  @Test
  void checksItsArgumentsAtOnce() {
    Warehouse warehouse = Warehouse.at(root.toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> SourceRead.of(warehouse, Source.joinSource(new JoinSource())));
    SourceRead read = SourceRead.of(warehouse, clicks(new Query(), false));
    assertThrows(
        IllegalArgumentException.class, () -> read.withPartitions("2023-12-02", "2023-12-01"));
    assertThrows(IllegalArgumentException.class, () -> read.withPartitions("2023-12-32", null));
  }

  static final class Collect extends DoFn<Object[], Void> {
    @ProcessElement
    public void process(@Element Object[] row) {
      READ.get("run").add(row[0] + " " + row[1] + " " + row[2]);
    }
  }
}
