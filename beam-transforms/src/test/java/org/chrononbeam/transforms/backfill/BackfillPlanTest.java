package org.chrononbeam.transforms.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.transforms.backfill.BackfillPlan.Chunk;
import org.chrononbeam.transforms.warehouse.PartitionDates;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillPlanTest {

  @TempDir Path root;

  static GroupBy groupBy(String team, Operation op) {
    return new GroupBy()
        .setMetaData(new MetaData().setName("t.gb").setOutputNamespace("f").setTeam(team))
        .setSources(
            List.of(
                Source.events(
                    new EventSource()
                        .setTable("data.e")
                        .setQuery(new Query().setSelects(Map.of("a", "a", "k", "k"))))))
        .setKeyColumns(List.of("k"))
        .setAggregations(List.of(new Aggregation().setInputColumn("a").setOperation(op)));
  }

  @Test
  void semanticHashIgnoresOwnershipButNotDefinitions() {
    String hash = SemanticHash.of(groupBy("a", Operation.SUM));
    assertEquals(64, hash.length());
    assertEquals(hash, SemanticHash.of(groupBy("b", Operation.SUM)));
    assertNotEquals(hash, SemanticHash.of(groupBy("a", Operation.COUNT)));
  }

  @Test
  void computesMissingDaysInChunksAndEverythingAfterAChange() throws Exception {
    Warehouse warehouse = Warehouse.at(root.toString());
    List<String> wanted = PartitionDates.range("2023-12-01", "2023-12-10");
    BackfillPlan fresh = BackfillPlan.of(warehouse, "f.t", "h1", wanted, 4);
    assertFalse(fresh.definitionChanged());
    assertEquals(
        List.of(
            new Chunk("2023-12-01", "2023-12-04"),
            new Chunk("2023-12-05", "2023-12-08"),
            new Chunk("2023-12-09", "2023-12-10")),
        fresh.chunks());

    for (String ds : List.of("2023-12-01", "2023-12-02", "2023-12-05")) {
      Path partition = root.resolve("f/t/ds=" + ds);
      Files.createDirectories(partition);
      Files.writeString(partition.resolve("part-0.parquet"), "x");
    }
    BackfillPlan unknownWriter = BackfillPlan.of(warehouse, "f.t", "h1", wanted, 30);
    assertTrue(unknownWriter.definitionChanged(), "partitions without a stored hash");
    unknownWriter.commit();
    assertEquals("h1", BackfillPlan.storedHash(warehouse, "f.t").orElseThrow());

    BackfillPlan incremental = BackfillPlan.of(warehouse, "f.t", "h1", wanted, 30);
    assertFalse(incremental.definitionChanged());
    assertEquals(
        List.of(new Chunk("2023-12-03", "2023-12-04"), new Chunk("2023-12-06", "2023-12-10")),
        incremental.chunks());

    BackfillPlan changed = BackfillPlan.of(warehouse, "f.t", "h2", wanted, 30);
    assertTrue(changed.definitionChanged());
    assertEquals(List.of(new Chunk("2023-12-01", "2023-12-10")), changed.chunks());
    assertThrows(
        IllegalArgumentException.class, () -> BackfillPlan.of(warehouse, "f.t", "h", wanted, 0));
  }
}
