package org.chrononbeam.kv.bigtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.chrononbeam.kv.bigtable.BigtableKvStore.Location;
import org.junit.jupiter.api.Test;

class LocationTest {

  @Test
  void parsesCloudAndEmulatorLocations() {
    assertEquals(new Location("p", "i", null, 0), Location.parse("p/i"));
    assertEquals(new Location("p", "i", "localhost", 8086), Location.parse("p/i@localhost:8086"));
    assertEquals("p/i@localhost:8086", Location.parse("p/i@localhost:8086").toString());
  }

  @Test
  void rejectsOtherShapes() {
    for (String bad :
        new String[] {"p", "p/", "/i", "p/i/x", "p/i@localhost", "p/i@localhost:port"}) {
      assertThrows(IllegalArgumentException.class, () -> Location.parse(bad), bad);
    }
  }
}
