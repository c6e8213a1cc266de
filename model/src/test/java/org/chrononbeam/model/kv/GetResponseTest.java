package org.chrononbeam.model.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetResponseTest {

  private static final GetRequest REQUEST = GetRequest.latest("k".getBytes(UTF_8), "D_BATCH");

  @Test
  void aSuccessWithNoValuesIsEmptyNotFailed() {
    GetResponse response = GetResponse.of(REQUEST, List.of());

    assertTrue(response.succeeded());
    assertEquals(List.of(), response.values());
    assertEquals(Optional.empty(), response.latest());
    assertEquals(Optional.empty(), response.failure());
  }

  @Test
  void latestIsTheFirstValue() {
    TimedValue newest = new TimedValue(new byte[] {2}, 20);
    GetResponse response =
        GetResponse.of(REQUEST, List.of(newest, new TimedValue(new byte[] {1}, 10)));

    assertEquals(Optional.of(newest), response.latest());
  }

  @Test
  void aFailureThrowsItsReasonFromEveryValueAccessor() {
    KvStoreException error =
        new KvStoreException(KvStoreException.Reason.BACKEND_FAILURE, "timeout");
    GetResponse response = GetResponse.failed(REQUEST, error);

    assertFalse(response.succeeded());
    assertSame(error, response.failure().orElseThrow());
    KvStoreException thrown = assertThrows(KvStoreException.class, response::values);
    assertEquals(KvStoreException.Reason.BACKEND_FAILURE, thrown.reason());
    assertSame(error, thrown.getCause());
    assertThrows(KvStoreException.class, response::latest);
    assertTrue(error.getMessage().startsWith("BACKEND_FAILURE: "), error.getMessage());
  }

  @Test
  void theOutcomeIsOneOfTwoCases() {
    GetResponse.Outcome outcome = GetResponse.of(REQUEST, List.of()).outcome();

    assertTrue(outcome instanceof GetResponse.Values values && values.values().isEmpty());
  }
}
