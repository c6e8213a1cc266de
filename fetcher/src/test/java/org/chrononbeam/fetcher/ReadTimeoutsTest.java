package org.chrononbeam.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shared timeouts against {@link CompletableFuture#orTimeout} semantics: calls that complete in
 * time keep their value, calls that do not fail with a {@link TimeoutException} no earlier than
 * their timeout, whatever the mix of timeouts and the order of arming and completion; a call is
 * answered once, also when its completion races its timeout.
 */
class ReadTimeoutsTest {

  private final ReadTimeouts timeouts = new ReadTimeouts("read-timeouts-test");

  /** A call answered through a future: by {@link #complete}, or with a TimeoutException. */
  private static final class FutureCall<T> extends ReadTimeouts.Call {
    final CompletableFuture<T> future = new CompletableFuture<>();
    final AtomicInteger answers = new AtomicInteger();

    void complete(T value) {
      if (claim()) {
        answers.incrementAndGet();
        future.complete(value);
        release();
      }
    }

    @Override
    void timedOut() {
      answers.incrementAndGet();
      future.completeExceptionally(new TimeoutException());
    }
  }

  private <T> CompletableFuture<T> within(FutureCall<T> call, Duration timeout) {
    timeouts.arm(call, timeout);
    return call.future;
  }

  @Test
  void anAnsweredCallIsNotTimedOut() throws Exception {
    FutureCall<String> call = new FutureCall<>();
    within(call, Duration.ofMillis(20));
    call.complete("value");
    sleep(100);
    assertEquals("value", call.future.join());
    assertEquals(1, call.answers.get());
  }

  @Test
  void aCallCompletedAsItTimesOutIsAnsweredOnce() throws Exception {
    Random random = new Random(5);
    ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
    try {
      List<FutureCall<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        FutureCall<Integer> call = new FutureCall<>();
        within(call, Duration.ofMillis(1));
        calls.add(call);
        int index = i;
        completer.schedule(() -> call.complete(index), random.nextInt(2_000), TimeUnit.MICROSECONDS);
      }
      for (int i = 0; i < calls.size(); i++) {
        FutureCall<Integer> call = calls.get(i);
        try {
          assertEquals(i, call.future.get(5, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          assertInstanceOf(TimeoutException.class, e.getCause());
        }
        assertEquals(1, call.answers.get(), "call " + i);
      }
    } finally {
      completer.shutdownNow();
    }
  }

  @Test
  void callsThatCompleteKeepTheirValueAndSilentCallsFailAfterTheirTimeout() throws Exception {
    Random random = new Random(11);
    long[] timeoutMillis = {200, 400, 800};
    ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
    try {
      List<FutureCall<Integer>> calls = new ArrayList<>();
      List<Boolean> silent = new ArrayList<>();
      List<Long> armedAt = new ArrayList<>();
      List<Long> timeouts = new ArrayList<>();
      List<Long> failedAt = new ArrayList<>();
      // the stages that record failedAt: they run after the call's future completes, so a
      // caller woken by that future must wait for them before reading failedAt
      List<CompletableFuture<Integer>> recorded = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        long timeout = timeoutMillis[random.nextInt(timeoutMillis.length)];
        FutureCall<Integer> call = new FutureCall<>();
        boolean quiet = random.nextInt(4) == 0;
        int index = i;
        failedAt.add(0L);
        armedAt.add(System.nanoTime());
        recorded.add(within(call, Duration.ofMillis(timeout)).whenComplete((value, error) -> {
          if (error != null) {
            synchronized (failedAt) {
              failedAt.set(index, System.nanoTime());
            }
          }
        }));
        calls.add(call);
        silent.add(quiet);
        timeouts.add(timeout);
        if (!quiet) {
          completer.schedule(
              () -> call.complete(index), random.nextInt((int) timeout / 4), TimeUnit.MILLISECONDS);
        }
        if (random.nextInt(20) == 0) {
          sleep(random.nextInt(20));
        }
      }
      for (int i = 0; i < calls.size(); i++) {
        CompletableFuture<Integer> call = calls.get(i).future;
        try {
          Integer value = call.get(5, TimeUnit.SECONDS);
          assertFalse(silent.get(i), "a silent call completed");
          assertEquals(i, value);
        } catch (ExecutionException e) {
          assertTrue(silent.get(i), "call " + i + " failed: " + e.getCause());
          assertInstanceOf(TimeoutException.class, e.getCause());
          recorded.get(i).handle((value, error) -> null).get(5, TimeUnit.SECONDS);
          long waited;
          synchronized (failedAt) {
            waited = failedAt.get(i) - armedAt.get(i);
          }
          assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(timeouts.get(i)),
              "call " + i + " failed after " + waited + " ns, before its " + timeouts.get(i)
                  + " ms");
        }
      }
    } finally {
      completer.shutdownNow();
    }
  }

  @Test
  void aLongPendingCallDoesNotDelayAShorterTimeout() {
    CompletableFuture<String> slow = within(new FutureCall<>(), Duration.ofHours(1));
    long start = System.nanoTime();
    CompletableFuture<String> fast = within(new FutureCall<>(), Duration.ofMillis(50));
    CompletionException error = assertThrows(
        CompletionException.class, fast::join);
    assertInstanceOf(TimeoutException.class, error.getCause());
    long waited = System.nanoTime() - start;
    assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(50), "failed after " + waited + " ns");
    assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "failed after " + waited + " ns");
    assertFalse(slow.isDone());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
