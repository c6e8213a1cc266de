package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chrononbeam.model.kv.GetRequest;
import org.junit.jupiter.api.Test;

/**
 * Deduplicated reads (compared one by one up to {@link BatchedReads#SCANNED}, hashed beyond)
 * against a list searched with {@code indexOf}, the naive reference, on random requests with
 * repeats, below, at and past the switch.
 */
class BatchedReadsTest {

  @Test
  void indexesAreThoseOfTheFirstEqualRequest() {
    Random random = new Random(11);
    for (int n = 0; n < 2_000; n++) {
      int adds = random.nextInt(4 * BatchedReads.SCANNED);
      BatchedReads reads = new BatchedReads(random.nextInt(2 * BatchedReads.SCANNED));
      List<GetRequest> reference = new ArrayList<>();
      for (int a = 0; a < adds; a++) {
        GetRequest request = randomRequest(random);
        int expected = reference.indexOf(request);
        if (expected < 0) {
          reference.add(request);
          expected = reference.size() - 1;
        }
        assertEquals(expected, reads.add(request), "add " + a + " of " + request);
      }
      assertEquals(reference, reads.requests());
    }
  }

  /** A request among few keys, datasets and times, so that repeats (equal, not same) are common. */
  private static GetRequest randomRequest(Random random) {
    byte[] key = new byte[1 + random.nextInt(2)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) random.nextInt(3);
    }
    String dataset = new String(new char[] {(char) ('A' + random.nextInt(2))});
    return random.nextBoolean()
        ? GetRequest.latest(key, dataset)
        : GetRequest.since(key, dataset, random.nextInt(2));
  }
}
