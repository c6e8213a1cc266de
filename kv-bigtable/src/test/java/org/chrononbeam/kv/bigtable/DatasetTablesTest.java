package org.chrononbeam.kv.bigtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chrononbeam.model.kv.KvStoreException;
import org.junit.jupiter.api.Test;

class DatasetTablesTest {

  @Test
  void aValidShortNameIsItsOwnTableId() {
    assertEquals("TEAM_X_V1_BATCH", DatasetTables.tableId("TEAM_X_V1_BATCH"));
  }

  @Test
  void aLongNameKeepsItsStartAndAHashOfTheWhole() {
    String stem = "QUICKSTART_PURCHASES_WITH_A_VERY_LONG_DESCRIPTIVE_NAME_V1";
    String batch = DatasetTables.tableId(stem + "_BATCH");
    String streaming = DatasetTables.tableId(stem + "_STREAMING");

    assertEquals(DatasetTables.MAX_TABLE_ID_LENGTH, batch.length());
    assertTrue(batch.startsWith(stem.substring(0, 33) + "-"), batch);
    assertNotEquals(batch, streaming);
    assertEquals(batch, DatasetTables.tableId(stem + "_BATCH"));
  }

  @Test
  void aNameWithCharactersATableIdCannotHoldIsRejected() {
    KvStoreException thrown =
        assertThrows(KvStoreException.class, () -> DatasetTables.tableId("team/x"));

    assertEquals(KvStoreException.Reason.INVALID_REQUEST, thrown.reason());
  }
}
