package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chrononbeam.runners.CliRun.chronon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

  @Test
  void importsACsvIntoDailyPartitionsOfTs(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("purchases.csv");
    Files.writeString(csv, String.join("\n",
        "user_id,purchase_price,ts",
        "1,10.5,1701475199999",
        "2,3.25,1701475200000",
        "1,7,1701561600000",
        ""));
    String warehouse = dir.resolve("warehouse").toString();

    CliRun run = chronon("import", "--table", "data.purchases", "--from", csv.toString(),
        "--warehouse", warehouse, "--type", "user_id=string");

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("3 partitions (2023-12-01 to 2023-12-03)"), run.out());
    Warehouse wh = Warehouse.at(warehouse);
    assertEquals(List.of("2023-12-01", "2023-12-02", "2023-12-03"), wh.partitions("data.purchases"));
    Schema schema = wh.schema("data.purchases");
    assertEquals(Schema.Type.STRING, nonNull(schema.getField("user_id").schema()));
    assertEquals(Schema.Type.DOUBLE, nonNull(schema.getField("purchase_price").schema()));
    assertEquals(Schema.Type.LONG, nonNull(schema.getField("ts").schema()));
  }

  @Test
  void aBadRowFailsNamingTheFileAndLineAndWritesNothing(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "user_id,ts\n1,1701475199999\n2,yesterday\n");
    String warehouse = dir.resolve("warehouse").toString();

    CliRun run = chronon("import", "--table", "data.bad", "--from", csv.toString(), "--warehouse", warehouse);

    assertEquals(1, run.status());
    assertTrue(run.err().contains("bad.csv line 3"), run.err());
    assertEquals(List.of(), Warehouse.at(warehouse).partitions("data.bad"));
  }

  private static Schema.Type nonNull(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        ? schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow().getType()
        : schema.getType();
  }
}
