package org.chrononbeam.transforms.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableNameAndPartitionDatesTest {

  @Test
  void tableNamesAreNamespaceDotName() {
    assertEquals(new TableName("data", "purchases"), TableName.parse("data.purchases"));
    assertEquals("data.purchases", TableName.parse("data.purchases").toString());
    for (String bad : new String[] {"purchases", "a.b.c", ".b", "a.", "a/b.c", "a.b c", "../x.y"}) {
      assertThrows(IllegalArgumentException.class, () -> TableName.parse(bad), bad);
    }
  }

  @Test
  void partitionDatesAreUtcDays() {
    assertEquals("2023-12-01", PartitionDates.ofEpochMillis(TableImportTest.LAST_MS_OF_DEC_1));
    assertEquals("2023-12-02", PartitionDates.ofEpochMillis(TableImportTest.FIRST_MS_OF_DEC_2));
    assertEquals("1969-12-31", PartitionDates.ofEpochMillis(-1));
    assertEquals("2024-02-29", PartitionDates.check("2024-02-29"));
    for (String bad : new String[] {"2023-02-29", "2023-1-01", "20231201", "2023-12-01/..", ""}) {
      assertThrows(IllegalArgumentException.class, () -> PartitionDates.check(bad), bad);
    }
  }

  @Test
  void onlyDateFoldersArePartitions() {
    assertEquals(
        Optional.of("2023-12-01"), Warehouse.partitionOf("/w/data/t/ds=2023-12-01/part-0.parquet"));
    assertEquals(
        Optional.of("2023-12-01"),
        Warehouse.partitionOf("gs://bucket/w/data/t/ds=2023-12-01/part-0.parquet"));
    assertEquals(Optional.empty(), Warehouse.partitionOf("/w/data/t/ds=latest/part-0.parquet"));
    assertEquals(Optional.empty(), Warehouse.partitionOf("/w/data/t/part-0.parquet"));
  }

  @Test
  void dayArithmeticCrossesMonthsAndYears() {
    assertEquals("2024-01-01", PartitionDates.plusDays("2023-12-31", 1));
    assertEquals("2024-02-29", PartitionDates.plusDays("2024-03-01", -1));
    assertEquals(1_701_388_800_000L, PartitionDates.startMillis("2023-12-01"));
    assertEquals(
        "2023-12-01", PartitionDates.ofEpochMillis(PartitionDates.startMillis("2023-12-01")));
    assertEquals(
        List.of("2023-12-30", "2023-12-31", "2024-01-01"),
        PartitionDates.range("2023-12-30", "2024-01-01"));
    assertEquals(List.of(), PartitionDates.range("2023-12-02", "2023-12-01"));
    assertThrows(IllegalArgumentException.class, () -> PartitionDates.plusDays("2023-02-30", 1));
  }
}
