package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.junit.jupiter.api.Test;

/**
 * Deduplicated reads (compared one by one up to {@link BatchedReads#SCANNED}, hashed beyond)
 * against a list searched with {@code indexOf}, the naive reference, on random requests with
 * repeats, below, at and past the switch; and the one-stage {@code multiGet} against what each
 * kind of store answer must become, the answer function running exactly once.
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

  /** How the stub store answers a {@code multiGet}. */
  private enum Answer { AT_ONCE, LATER, FAILS_AT_ONCE, FAILS_LATER, THROWS, TOO_FEW, NEVER }

  @Test
  void multiGetAnswersEveryReadOnceWhateverTheStoreDoes() {
    Random random = new Random(3);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      for (int n = 0; n < 300; n++) {
        Answer answer = Answer.values()[random.nextInt(Answer.values().length)];
        List<GetRequest> requests = new ArrayList<>();
        for (int r = random.nextInt(4); r > 0; r--) {
          requests.add(randomRequest(random));
        }
        List<GetResponse> stored = new ArrayList<>();
        for (GetRequest request : requests) {
          stored.add(GetResponse.of(request,
              List.of(new TimedValue(new byte[] {(byte) random.nextInt()}, random.nextInt(9)))));
        }
        KvStore store = new StubStore(requests.isEmpty() ? List.of() : stored, answer, pool);
        AtomicInteger calls = new AtomicInteger();
        // only a store that never answers meets the timeout; the others get one no scheduling
        // delay of the stub's thread on a loaded machine reaches
        Duration timeout = Duration.ofMillis(answer == Answer.NEVER ? 30 : 10_000);
        List<GetResponse> got = BatchedReads.multiGet(store, requests, timeout,
            responses -> {
              calls.incrementAndGet();
              return responses;
            }).join();
        assertEquals(1, calls.get(), answer.toString());
        assertEquals(requests.size(), got.size(), answer.toString());
        boolean ok = requests.isEmpty() || answer == Answer.AT_ONCE || answer == Answer.LATER;
        for (int i = 0; i < got.size(); i++) {
          assertSame(requests.get(i), got.get(i).request());
          if (ok) {
            assertSame(stored.get(i), got.get(i), answer.toString());
          } else {
            KvStoreException error = assertInstanceOf(
                GetResponse.Failure.class, got.get(i).outcome()).error();
            assertEquals("BACKEND_FAILURE: " + expectedMessage(answer, requests.size()),
                error.getMessage());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAnswerThatThrowsFailsTheResult() {
    IllegalStateException thrown = new IllegalStateException("answer failed");
    Function<List<GetResponse>, Object> failing = responses -> {
      throw thrown;
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      List<GetRequest> requests = List.of(GetRequest.latest(new byte[] {1}, "A"));
      for (Answer answer : List.of(Answer.AT_ONCE, Answer.LATER, Answer.NEVER)) {
        StubStore store = new StubStore(
            List.of(GetResponse.of(requests.get(0), List.of())), answer, pool);
        CompletionException error = assertThrows(CompletionException.class,
            () -> BatchedReads.multiGet(store, requests,
                Duration.ofMillis(answer == Answer.NEVER ? 30 : 10_000), failing).join());
        assertSame(thrown, error.getCause(), answer.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String expectedMessage(Answer answer, int reads) {
    return switch (answer) {
      case FAILS_AT_ONCE, FAILS_LATER -> "injected";
      case THROWS -> "the KV read failed: java.lang.IllegalStateException: thrown";
      case TOO_FEW -> "the KV store answered " + (reads - 1) + " responses to " + reads + " reads";
      case NEVER -> "the KV store did not answer within 30 ms";
      default -> throw new IllegalArgumentException(answer.toString());
    };
  }

  /** A store that answers {@code responses} as {@code answer} says, later ones on {@code pool}. */
  private record StubStore(List<GetResponse> responses, Answer answer, ExecutorService pool)
      implements KvStore {

    @Override
    public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
      KvStoreException injected =
          new KvStoreException(KvStoreException.Reason.BACKEND_FAILURE, "injected");
      return switch (answer) {
        case AT_ONCE -> CompletableFuture.completedFuture(responses);
        case LATER -> CompletableFuture.supplyAsync(() -> responses, pool);
        case FAILS_AT_ONCE -> CompletableFuture.failedFuture(injected);
        case FAILS_LATER -> CompletableFuture.supplyAsync(() -> {
          throw injected;
        }, pool);
        case THROWS -> throw new IllegalStateException("thrown");
        case TOO_FEW -> CompletableFuture.completedFuture(responses.subList(1, responses.size()));
        case NEVER -> new CompletableFuture<>();
      };
    }

    @Override
    public void create(String dataset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
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
