package org.chrononbeam.runners;

import static org.chrononbeam.runners.CliRun.chronon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
  private static final String CONFIGS = Path.of("..", "quickstart", "production").toString();

  @Test
  void runsEveryStepAndPrintsTheFetchedFeatures(@TempDir Path dir) {
    Path run = dir.resolve("run");

    CliRun result = chronon("quickstart", "--dir", run.toString(), "--configs", CONFIGS);

    assertEquals(0, result.status(), result.out() + result.err());
    for (String step : List.of("$ bin/chronon import --table data.checkouts", "$ bin/chronon validate",
        "$ bin/chronon backfill", "$ bin/chronon upload", "$ bin/chronon metadata-upload")) {
      assertTrue(result.out().contains(step), "missing step " + step + " in\n" + result.out());
    }
    assertTrue(result.out().contains("user  purchases 3d  spent 3d"), result.out());
    assertTrue(result.out().contains("Try next:"), result.out());
    assertTrue(Files.isDirectory(run.resolve("warehouse").resolve("quickstart")), "the join was backfilled");
  }

  @Test
  void refusesAFolderItDidNotMake(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("precious.txt"), "keep me");

    CliRun result = chronon("quickstart", "--dir", dir.toString(), "--configs", CONFIGS);

    assertEquals(1, result.status());
    assertTrue(result.err().contains("was not made by the quickstart"), result.err());
    assertTrue(Files.exists(dir.resolve("precious.txt")));
  }
}
