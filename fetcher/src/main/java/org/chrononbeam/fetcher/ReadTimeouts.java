package org.chrononbeam.fetcher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Answers the fetcher's KV calls that are not answered within their timeout as timed out, without
 * scheduling and cancelling a timer task per call (which wakes the JDK's delayer thread on every
 * call) and without a future stage per call.
 *
 * <p>A {@link Call} is answered once: by the thread that completes it ({@link Call#claim} then
 * {@link Call#release}) or, past its deadline, by {@link Call#timedOut} on the sweeper thread. An
 * armed call is an entry in the queue of its timeout; calls with one timeout are queued in deadline
 * order, so only queue heads are examined. A released call drops the answered entries at the head of
 * its queue. One daemon thread for all fetchers sleeps until the earliest pending head's deadline
 * and is woken by a caller only when a new deadline is earlier than that, so under steady traffic it
 * wakes about once per timeout period. A call answered before it would be armed is not armed.
 */
final class ReadTimeouts {

  /** The timeouts of all fetchers in this JVM. */
  static final ReadTimeouts SHARED = new ReadTimeouts("chronon-fetch-timeouts");

  /** {@link #wakeAt} while the sweeper scans or has nothing to wait for. */
  private static final long AWAKE = Long.MIN_VALUE;

  private final ConcurrentMap<Long, Queue<Call>> queues = new ConcurrentHashMap<>();
  private final Thread sweeper;
  /** The {@link System#nanoTime} the sweeper sleeps until, or {@link #AWAKE}. */
  private volatile long wakeAt = AWAKE;

  /** A call answered once, by its result or as timed out. */
  abstract static class Call {
    private static final VarHandle ANSWERED;

    static {
      try {
        ANSWERED = MethodHandles.lookup().findVarHandle(Call.class, "answered", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile boolean answered;
    private long deadline;
    /** The queue the call is in once armed; null before. */
    private Queue<Call> queue;

    /** Whether this thread is the one to answer the call (true once per call). */
    final boolean claim() {
      return !answered && ANSWERED.compareAndSet(this, false, true);
    }

    /** After a successful {@link #claim}: lets the queue drop the call. */
    final void release() {
      Queue<Call> armed = queue;
      if (armed != null) {
        for (Call head = armed.peek(); head != null && head.answered; head = armed.peek()) {
          armed.remove(head);
        }
      }
    }

    /**
     * Answers the call as timed out; called once, on the sweeper thread, after a claim. It must
     * not throw: the sweeper serves every fetcher.
     */
    abstract void timedOut();
  }

  ReadTimeouts(String threadName) {
    sweeper = new Thread(this::sweep, threadName);
    sweeper.setDaemon(true);
    sweeper.start();
  }

  /**
   * Has {@code call} answered as {@link Call#timedOut} if it is not claimed {@code timeout} from
   * now. Called once per call, before whatever completes it can see it.
   */
  void arm(Call call, Duration timeout) {
    long nanos = timeout.toNanos();
    Queue<Call> queue = queues.computeIfAbsent(nanos, n -> new ConcurrentLinkedQueue<>());
    call.deadline = System.nanoTime() + nanos;
    call.queue = queue;
    queue.add(call);
    long sleepsUntil = wakeAt;
    if (sleepsUntil == AWAKE || sleepsUntil - call.deadline > 0) {
      LockSupport.unpark(sweeper);
    }
  }

  private void sweep() {
    while (true) {
      wakeAt = AWAKE;
      long now = System.nanoTime();
      long earliest = 0;
      boolean waiting = false;
      for (Queue<Call> queue : queues.values()) {
        for (Call head = queue.peek(); head != null; head = queue.peek()) {
          if (!head.answered && head.deadline - now > 0) {
            if (!waiting || head.deadline - earliest < 0) {
              earliest = head.deadline;
              waiting = true;
            }
            break;
          }
          if (head.claim()) {
            head.timedOut();
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
