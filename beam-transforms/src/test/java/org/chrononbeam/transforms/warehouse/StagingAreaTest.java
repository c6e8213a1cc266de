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

  @Test
  void onlyPlacedPendingFilesAreCommittedAndARetriedPlaceSkipsThem() throws IOException {
    Warehouse warehouse = Warehouse.at(root.toString());
    Path table = root.resolve("data/t");
    StagingArea staging = StagingArea.create(warehouse.tableDirectory("data.t"));
    Path done = Path.of(staging.pendingFile("part-done.parquet").toString());
    Path failed = Path.of(staging.pendingFile("part-failed.parquet").toString());
    Files.createDirectories(done.getParent());
    Files.writeString(done, "done");
    Files.writeString(failed, "of a failed attempt");
    Path inPlace = Path.of(staging.directory().toString()).resolve("ds=2023-12-01/part-0.parquet");
    Files.createDirectories(inPlace.getParent());
    Files.writeString(inPlace, "staged by FileIO");

    staging.place("2023-12-01", List.of(done.toString(), inPlace.toString()));
    staging.commit("2023-12-01");
    staging.place("2023-12-01", List.of(done.toString(), inPlace.toString()));
    staging.commit("2023-12-01");

    assertEquals(
        List.of("part-0.parquet", "part-done.parquet"), children(table.resolve("ds=2023-12-01")));
    assertEquals("done", Files.readString(table.resolve("ds=2023-12-01/part-done.parquet")));
    staging.delete();
    assertEquals(List.of("ds=2023-12-01"), children(table));
  }
}
