package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.WarehouseIOTest.children;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {

  @TempDir Path root;

  @Test
  void commitSwapsWholeFoldersAndARetryChangesNothing() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    Path table = root.resolve("data/t");
    Files.createDirectories(table.resolve("ds=2023-12-01"));
    Files.writeString(table.resolve("ds=2023-12-01/part-00000-of-00002.parquet"), "old 0");
    Files.writeString(table.resolve("ds=2023-12-01/part-00001-of-00002.parquet"), "old 1");
    StagingArea staging = StagingArea.create(warehouse.tableDirectory("data.t"));
    Path staged = Path.of(staging.directory().toString()).resolve("ds=2023-12-01");
    Files.createDirectories(staged);
    Files.writeString(staged.resolve("part-00000-of-00001.parquet"), "new 0");

    staging.commit("2023-12-01");
    staging.commit("2023-12-01");

    assertEquals(List.of("part-00000-of-00001.parquet"), children(table.resolve("ds=2023-12-01")));
    assertEquals(
        "new 0", Files.readString(table.resolve("ds=2023-12-01/part-00000-of-00001.parquet")));
    staging.delete();
    assertEquals(List.of("ds=2023-12-01"), children(table));
    assertFalse(Files.exists(staged));
  }
}
