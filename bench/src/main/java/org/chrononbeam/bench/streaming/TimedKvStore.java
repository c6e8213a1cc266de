package org.chrononbeam.bench.streaming;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreProvider;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;

/**
 * A KV store that forwards to another and records, per spec, when the first {@code multiPut}
 * started and the last one finished (wall clock, this process's CPU time and that of another
 * process, the Kafka broker's, given by {@link #timeAlso}), how many puts it carried, and the
 * same clocks when the puts stored first reached {@link #markAfter}: the streaming benchmark's
 * clock, read without touching the pipeline. Opened as
 * {@code timed:<inner spec>}, e.g. {@code timed:embedded:/tmp/kv}; every handle on one inner spec
 * shares one {@link Clock}.
 */
public final class TimedKvStore implements KvStore {

  private static final Map<String, Clock> CLOCKS = new ConcurrentHashMap<>();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static volatile LongSupplier otherCpuNanos = () -> 0;
  private static volatile long markAfterPuts = Long.MAX_VALUE;

  private final KvStore inner;
  private final Clock clock;

  private TimedKvStore(KvStore inner, Clock clock) {
    this.inner = inner;
    this.clock = clock;
  }

  /** The clock of the stores opened on {@code innerSpec} (created empty when none was). */
  static Clock clock(String innerSpec) {
    return CLOCKS.computeIfAbsent(innerSpec, s -> new Clock());
  }

  /** Records {@code cpuNanos} (another process's CPU time) with this process's in every clock. */
  static void timeAlso(LongSupplier cpuNanos) {
    otherCpuNanos = cpuNanos;
  }

  /** Marks every clock when the puts stored first reach {@code puts} (0: never). */
  static void markAfter(long puts) {
    markAfterPuts = puts > 0 ? puts : Long.MAX_VALUE;
  }

  /** This process's CPU time so far, in nanoseconds. */
  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }

  @Override
  public void create(String dataset) {
    inner.create(dataset);
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    return inner.multiGet(requests);
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    clock.started();
    return inner.multiPut(requests).thenRun(() -> clock.finished(requests.size()));
  }

  @Override
  public void close() {
    inner.close();
  }

  /** When the puts into one store began and ended, and how many there were. */
  static final class Clock {
    private final AtomicLong firstStartNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long firstStartCpuNanos;
    private volatile long firstStartOtherCpuNanos;
    private volatile long lastEndNanos;
    private volatile long lastEndCpuNanos;
    private volatile long lastEndOtherCpuNanos;
    private final AtomicLong puts = new AtomicLong();
    private long markedPuts;
    private long markCpuNanos;

    private void started() {
      if (firstStartNanos.get() == Long.MIN_VALUE) {
        long cpu = processCpuNanos();
        long otherCpu = otherCpuNanos.getAsLong();
        if (firstStartNanos.compareAndSet(Long.MIN_VALUE, System.nanoTime())) {
          firstStartCpuNanos = cpu;
          firstStartOtherCpuNanos = otherCpu;
        }
      }
    }

    private synchronized void finished(int count) {
      long stored = puts.addAndGet(count);
      lastEndNanos = System.nanoTime();
      lastEndCpuNanos = processCpuNanos();
      lastEndOtherCpuNanos = otherCpuNanos.getAsLong();
      if (markedPuts == 0 && stored >= markAfterPuts) {
        markedPuts = stored;
        markCpuNanos = lastEndCpuNanos;
      }
    }

    /** The puts stored so far. */
    long puts() {
      return puts.get();
    }

    /** Nanoseconds since the last put ended ({@link Long#MAX_VALUE} before any). */
    synchronized long idleNanos() {
      return puts.get() == 0 ? Long.MAX_VALUE : System.nanoTime() - lastEndNanos;
    }

    /** Wall time from the first put's start to the last put's end, in nanoseconds. */
    synchronized long wallNanos() {
      return lastEndNanos - firstStartNanos.get();
    }

    /** This process's CPU time over {@link #wallNanos()}, in nanoseconds. */
    synchronized long cpuNanos() {
      return lastEndCpuNanos - firstStartCpuNanos;
    }

    /** The puts stored when the mark was made ({@link #markAfter}); 0 before it. */
    synchronized long markedPuts() {
      return markedPuts;
    }

    /** This process's CPU time from the mark to the last put's end, in nanoseconds. */
    synchronized long cpuNanosSinceMark() {
      return lastEndCpuNanos - markCpuNanos;
    }

    /** The other process's CPU time over {@link #wallNanos()}, in nanoseconds. */
    synchronized long otherCpuNanos() {
      return lastEndOtherCpuNanos - firstStartOtherCpuNanos;
    }
  }

  /** Opens {@code timed:<inner spec>}. */
  public static final class Provider implements KvStoreProvider {

    @Override
    public String scheme() {
      return "timed";
    }

    @Override
    public KvStore open(String location) {
      return new TimedKvStore(KvStores.open(location), clock(location));
    }
  }
}
