package org.chrononbeam.fetcher;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails the fetcher's KV calls that do not complete within their timeout, as {@link
 * CompletableFuture#orTimeout} does, without scheduling and cancelling a timer task per call (which
 * wakes the JDK's delayer thread on every call).
 *
 * <p>A call is an entry in the queue of its timeout; calls with one timeout are queued in deadline
 * order, so only queue heads are examined. A completing call drops the completed entries at the head
 * of its queue. One daemon thread for all fetchers sleeps until the earliest pending head's
 * deadline and is woken by a caller only when a new deadline is earlier than that, so under steady
 * traffic it wakes about once per timeout period. A call already complete when it is armed is not
 * queued.
 */
final class ReadTimeouts {

  /** The timeouts of all fetchers in this JVM. */
  static final ReadTimeouts SHARED = new ReadTimeouts("chronon-fetch-timeouts");

  /** {@link #wakeAt} while the sweeper scans or has nothing to wait for. */
  private static final long AWAKE = Long.MIN_VALUE;

  private final ConcurrentMap<Long, Queue<Pending>> queues = new ConcurrentHashMap<>();
  private final Thread sweeper;
  /** The {@link System#nanoTime} the sweeper sleeps until, or {@link #AWAKE}. */
  private volatile long wakeAt = AWAKE;

  /** A pending call and its deadline; {@code call} is cleared when the call completes. */
  private static final class Pending {
    private final long deadline;
    private volatile CompletableFuture<?> call;

    private Pending(long deadline, CompletableFuture<?> call) {
      this.deadline = deadline;
      this.call = call;
    }
  }

  ReadTimeouts(String threadName) {
    sweeper = new Thread(this::sweep, threadName);
    sweeper.setDaemon(true);
    sweeper.start();
  }

  /**
   * {@code call}, completed with a {@link TimeoutException} if it is not complete {@code timeout}
   * from now.
   */
  <T> CompletableFuture<T> within(CompletableFuture<T> call, Duration timeout) {
    if (call.isDone()) {
      return call;
    }
    long nanos = timeout.toNanos();
    Queue<Pending> queue = queues.computeIfAbsent(nanos, n -> new ConcurrentLinkedQueue<>());
    Pending pending = new Pending(System.nanoTime() + nanos, call);
    queue.add(pending);
    call.whenComplete((value, error) -> {
      pending.call = null;
      dropCompletedHeads(queue);
    });
    long sleepsUntil = wakeAt;
    if (sleepsUntil == AWAKE || sleepsUntil - pending.deadline > 0) {
      LockSupport.unpark(sweeper);
    }
    return call;
  }

  private static void dropCompletedHeads(Queue<Pending> queue) {
    for (Pending head = queue.peek(); head != null && head.call == null; head = queue.peek()) {
      queue.remove(head);
    }
  }

  private void sweep() {
    while (true) {
      wakeAt = AWAKE;
      long now = System.nanoTime();
      long earliest = 0;
      boolean waiting = false;
      for (Queue<Pending> queue : queues.values()) {
        for (Pending head = queue.peek(); head != null; head = queue.peek()) {
          CompletableFuture<?> call = head.call;
          if (call != null && !call.isDone() && head.deadline - now > 0) {
            if (!waiting || head.deadline - earliest < 0) {
              earliest = head.deadline;
              waiting = true;
            }
            break;
          }
          if (call != null) {
            call.completeExceptionally(new TimeoutException());
          }
          queue.remove(head);
        }
      }
      if (waiting) {
        wakeAt = earliest;
        LockSupport.parkNanos(this, earliest - now);
      } else {
        LockSupport.park(this);
      }
    }
  }
}
