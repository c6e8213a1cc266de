package org.chrononbeam.model.kv;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvStoresTest {

  @Test
  void aSpecWithoutSchemeIsRejected() {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> KvStores.open("/tmp/kv"));

    assertTrue(thrown.getMessage().contains("scheme:location"), thrown.getMessage());
  }

  @Test
  void anUnknownSchemeNamesTheSchemesOnTheClassPath() {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> KvStores.open("cassandra:localhost"));

    assertTrue(thrown.getMessage().contains("'cassandra'"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("kv-embedded"), thrown.getMessage());
  }
}
