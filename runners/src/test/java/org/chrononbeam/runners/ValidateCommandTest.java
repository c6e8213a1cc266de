package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chrononbeam.runners.CliRun.chronon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private static final Path QUICKSTART = Path.of("..", "quickstart", "production");

  @Test
  void quickstartConfigsAreValidAndDescribed() {
    CliRun run = chronon("validate", "--conf", QUICKSTART.toString());
    assertEquals(0, run.status(), run.out());
    assertTrue(run.out().contains("group_by quickstart.purchases.v1"), run.out());
    assertTrue(run.out().contains("output table: quickstart.quickstart_purchases_v1"), run.out());
    assertTrue(run.out().contains("features (10):\n    purchase_price_sum_3d\n    purchase_price_sum_14d\n"), run.out());
    assertTrue(run.out().contains("purchase_price_last10"), run.out());
    assertTrue(run.out().contains("join quickstart.training_set.v1"), run.out());
    assertTrue(run.out().contains("quickstart_purchases_v1_purchase_price_average_30d"), run.out());
    assertTrue(run.out().strip().endsWith("4 configs: 4 valid, 0 invalid"), run.out());
  }

  @Test
  void everyChrononSampleValidates() {
    CliRun run = chronon("validate", "--conf", System.getProperty("chronon.samples.dir"));
    assertEquals(0, run.status(), run.out());
    assertTrue(run.out().strip().endsWith("41 configs: 41 valid, 0 invalid"), run.out());
  }

  @Test
  void anInvalidConfigExitsWithOneAndNamesTheField(@TempDir Path dir) throws IOException {
    Path groupBys = Files.createDirectories(dir.resolve("group_bys").resolve("team"));
    String purchases = Files.readString(QUICKSTART.resolve("group_bys/quickstart/purchases.v1"));
    Files.writeString(groupBys.resolve("purchases.v1"), purchases.replace("\"operation\": 7", "\"operation\": 42"));
    Files.writeString(groupBys.resolve("returns.v1"),
        Files.readString(QUICKSTART.resolve("group_bys/quickstart/returns.v1")));

    CliRun run = chronon("validate", "--conf", dir.toString());

    assertEquals(1, run.status(), run.out());
    assertTrue(run.out().contains("INVALID group_by"), run.out());
    assertTrue(run.out().contains("aggregations[0].operation: unknown Operation number 42"), run.out());
    assertTrue(run.out().strip().endsWith("2 configs: 1 valid, 1 invalid"), run.out());
  }

  @Test
  void aMissingPathIsAUsageError() {
    CliRun run = chronon("validate", "--conf", "no/such/place");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("no such file or folder: no/such/place"), run.err());
  }
}
