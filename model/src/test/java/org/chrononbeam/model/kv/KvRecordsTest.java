package org.chrononbeam.model.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvRecordsTest {

  @Test
  void byteArrayRecordsCompareContents() {
    assertEquals(
        new GetRequest(new byte[] {1, 2}, "D", 5L), new GetRequest(new byte[] {1, 2}, "D", 5L));
    assertEquals(
        new GetRequest(new byte[] {1, 2}, "D", null).hashCode(),
        new GetRequest(new byte[] {1, 2}, "D", null).hashCode());
    assertNotEquals(
        GetRequest.latest(new byte[] {1}, "D"), GetRequest.since(new byte[] {1}, "D", 0));
    assertEquals(
        new PutRequest(new byte[] {1}, new byte[] {9}, "D", 3L),
        new PutRequest(new byte[] {1}, new byte[] {9}, "D", 3L));
    assertEquals(
        new PutRequest(new byte[] {1}, new byte[] {9}, "D", null).hashCode(),
        new PutRequest(new byte[] {1}, new byte[] {9}, "D", null).hashCode());
    assertNotEquals(
        new PutRequest(new byte[] {1}, new byte[] {9}, "D", 3L),
        new PutRequest(new byte[] {1}, new byte[] {8}, "D", 3L));
    assertEquals(new TimedValue(new byte[] {7}, 1), new TimedValue(new byte[] {7}, 1));
    assertEquals(
        new TimedValue(new byte[] {7}, 1).hashCode(), new TimedValue(new byte[] {7}, 1).hashCode());
    assertNotEquals(new TimedValue(new byte[] {7}, 1), new TimedValue(new byte[] {7}, 2));
  }

  @Test
  void toStringShowsBytesInHexAndShortensLongOnes() {
    assertEquals(
        "TimedValue[bytes=00ff, millis=3]",
        new TimedValue(new byte[] {0, (byte) 0xff}, 3).toString());
    assertEquals(
        "GetRequest[keyBytes=0a, dataset=D, afterTsMillis=null]",
        GetRequest.latest(new byte[] {10}, "D").toString());
    assertTrue(new TimedValue(new byte[100], 0).toString().contains("...(100 bytes)"));
  }

  @Test
  void requestsRejectEmptyKeysAndNegativeTimestamps() {
    assertThrows(IllegalArgumentException.class, () -> GetRequest.latest(new byte[0], "D"));
    assertThrows(
        IllegalArgumentException.class, () -> new PutRequest(new byte[0], new byte[0], "D", 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PutRequest(new byte[] {1}, new byte[0], "D", -1L));
    assertEquals(42, new PutRequest(new byte[] {1}, new byte[0], "D", null).tsMillisOr(42));
    assertEquals(7, new PutRequest(new byte[] {1}, new byte[0], "D", 7L).tsMillisOr(42));
  }
}
