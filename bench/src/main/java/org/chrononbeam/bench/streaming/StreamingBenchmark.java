package org.chrononbeam.bench.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.stream.StreamDeclaration;
import org.chrononbeam.runners.ChrononCli;
import org.chrononbeam.testing.kafka.EmbeddedKafka;
import org.chrononbeam.transforms.streaming.StreamingProjection;
import org.chrononbeam.transforms.upload.ServingColumns;

/**
 * Throughput and freshness of {@code chronon streaming} on the Flink runner (a local mini cluster),
 * from a real Kafka broker ({@link EmbeddedKafka}) into the embedded KV store, tiled and untiled.
 * Each measurement runs in a JVM of its own holding the job and the fetcher, with the broker in a
 * child JVM of that one ({@link BrokerProcess}), so that the job's CPU time is measured apart from
 * the broker's (in production the brokers run on other machines): the job
 * is the command line's, started by {@link ChrononCli#run} with {@code --runner flink
 * --streaming=true} and any {@code --name=value} arguments given here (Beam and Flink pipeline
 * options), reading the topic unbounded as in production until that JVM exits.
 *
 * <p>The GroupBy: JSON events {@code {"user": "u17", "amount": 42, "ts": ...}} (the JSON decoder,
 * amount null one time in sixteen) keyed by {@code user_id}; SUM and COUNT of amount over 1h, 1d
 * and 7d, AVERAGE and MAX over 1d (5-minute tiles).
 *
 * <ul>
 *   <li><b>throughput</b>: {@code events} events over {@code keys} users, their times ascending
 *       over one hour, are produced to a topic of {@code partitions} partitions before the job
 *       starts. Measured through a timing wrapper around the store ({@link TimedKvStore}): wall
 *       time from the first {@code multiPut} starting to the last one ending (the job is done
 *       when no put came for {@code quiet} seconds), and over the same span the CPU time of the
 *       job's process (Kafka consumer, decoding, Flink, state, encoding, RocksDB: all of the
 *       pipeline, and nothing else runs then) and of the broker's. Reported: events/s over that
 *       wall time, both CPU times, cores used (job CPU ÷ wall) and events/s per core (events ÷
 *       CPU seconds), of the job alone and of the job and broker together. Then 200 random
 *       users are fetched after the last event and their {@code amount_count_1d} and {@code
 *       amount_sum_1h} compared with a brute-force pass over the produced events: a mismatch
 *       fails the run, as does an untiled run whose puts are not one per event. The same
 *       figures are also given for the steady state: from when {@code settle} puts are stored
 *       (the JIT has compiled the hot paths by then) to the last put, counting the events of
 *       that span as its puts times events per put of the whole run; a streaming job runs for
 *       days, so that is its throughput, while the whole-run figure adds start-up costs that
 *       shrink as the run grows.
 *   <li><b>freshness</b>: while a producer sends {@code rate} events/s (in 10 ms ticks) with
 *       times = now, it sends {@code markers} marker events per second, each for a user of its
 *       own; a poller fetches each outstanding marker's user through {@link
 *       Fetcher#fetchGroupBys} (every 5 ms) until its {@code amount_count_1d} is 1.
 *       Freshness = visible − before the send, over the markers of the {@code seconds} measured
 *       after {@code warmup} seconds; percentiles are nearest-rank. The schedule starts once a
 *       probe event is visible (the job is up), so Flink's start-up is not counted.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.chrononbeam.bench.streaming.StreamingBenchmark \
 *     [modes=tiled,untiled] [phases=throughput,freshness] [events=3000000] [keys=100000] \
 *     [settle=1000000] [partitions=2] [rate=5000] [markers=5] [warmup=15] [seconds=60] [quiet=10] [dir=TEMP] \
 *     [--parallelism=2 --maxBundleTimeMills=100 ...]
 * </pre>
 */
public final class StreamingBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROW = "ROW ";
  private static final long HOUR = 3_600_000L;
  private static final long TICK_MILLIS = 10;
  private static final long POLL_MILLIS = 5;
  private static final int CHECKED_KEYS = 200;
  private static final long MARKER_TIMEOUT_NANOS = 60_000_000_000L;
  static final String SCHEMA = """
      {"type": "record", "name": "Purchase", "fields": [
        {"name": "user", "type": "string"},
        {"name": "amount", "type": ["null", "long"], "default": null},
        {"name": "ts", "type": "long"}]}""";

  private StreamingBenchmark() {}

  /** How much to run; {@code name=value} arguments, and {@code --name=value} job options. */
  private record Settings(List<String> modes, List<String> phases, int events, int keys,
      int settle, int partitions, int rate, int markers, int warmup, int seconds, int quiet, Path dir,
      String run, List<String> jobOptions) {

    static Settings parse(String[] args) throws Exception {
      Map<String, String> values = new HashMap<>();
      String[] defaults = {"modes", "tiled,untiled", "phases", "throughput,freshness",
          "events", "3000000", "keys", "100000", "settle", "1000000", "partitions", "2", "rate", "5000", "markers", "5",
          "warmup", "15", "seconds", "60", "quiet", "10", "dir", "", "run", ""};
      for (int i = 0; i < defaults.length; i += 2) {
        values.put(defaults[i], defaults[i + 1]);
      }
      List<String> jobOptions = new ArrayList<>();
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("--")) {
          jobOptions.add(arg);
        } else if (eq < 0 || !values.containsKey(arg.substring(0, eq))) {
          throw new IllegalArgumentException("unknown argument " + arg + "; expected name=value"
              + " with a name among " + values.keySet() + ", or a --name=value job option");
        } else {
          values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
      }
      if (jobOptions.stream().noneMatch(o -> o.startsWith("--streaming"))) {
        jobOptions.add(0, "--streaming=true");
      }
      int rate = Integer.parseInt(values.get("rate"));
      if (rate % (1000 / TICK_MILLIS) != 0) {
        throw new IllegalArgumentException("rate must be a multiple of " + 1000 / TICK_MILLIS);
      }
      String dir = values.get("dir");
      return new Settings(List.of(values.get("modes").split(",")),
          List.of(values.get("phases").split(",")), Integer.parseInt(values.get("events")),
          Integer.parseInt(values.get("keys")), Integer.parseInt(values.get("settle")),
          Integer.parseInt(values.get("partitions")), rate,
          Integer.parseInt(values.get("markers")), Integer.parseInt(values.get("warmup")),
          Integer.parseInt(values.get("seconds")), Integer.parseInt(values.get("quiet")),
          dir.isEmpty() ? Files.createTempDirectory("stream-bench") : Path.of(dir),
          values.get("run"), List.copyOf(jobOptions));
    }
  }

  /** Generated events, column by column: user index, amount (null as {@code Long.MIN_VALUE}), ts. */
  private record Events(int[] users, long[] amounts, long[] ts) {

    static Events generate(int count, int keys, long start, long span, Random random) {
      int[] users = new int[count];
      long[] amounts = new long[count];
      long[] ts = new long[count];
      for (int i = 0; i < count; i++) {
        users[i] = random.nextInt(keys);
        amounts[i] = random.nextInt(16) == 0 ? Long.MIN_VALUE : random.nextInt(1000);
        ts[i] = start + (long) ((double) i * span / count);
      }
      return new Events(users, amounts, ts);
    }

    byte[] json(int i) {
      return message("u" + users[i], amounts[i] == Long.MIN_VALUE ? null : amounts[i], ts[i]);
    }
  }

  /**
   * Runs each phase of each mode in a JVM of its own (the job runs until that JVM exits) and
   * prints the tables; with {@code run=MODE:PHASE}, is that JVM.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    if (!settings.run().isEmpty()) {
      String[] run = settings.run().split(":");
      try (BrokerProcess kafka = BrokerProcess.start(settings.dir().resolve("broker"))) {
        TimedKvStore.timeAlso(kafka::cpuNanos);
        TimedKvStore.markAfter(settings.settle());
        System.out.println(ROW + (run[1].equals("throughput")
            ? throughput(kafka, settings, run[0]) : freshness(kafka, settings, run[0])));
      }
      // The job never ends by itself: it reads an unbounded topic, as in production.
      System.exit(0);
    }
    System.out.printf("JVM %s, %d cpus, job options %s, dir %s, load %s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), settings.jobOptions(), settings.dir(), load());
    List<String> throughputs = new ArrayList<>();
    List<String> freshnesses = new ArrayList<>();
    try {
      for (String phase : settings.phases()) {
        for (String mode : settings.modes()) {
          String row = child(args, settings.dir().resolve(mode + "-" + phase), mode + ":" + phase);
          (phase.equals("throughput") ? throughputs : freshnesses).add(row);
        }
      }
    } finally {
      if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("dir="))) {
        deleteTree(settings.dir());
      }
    }
    if (!throughputs.isEmpty()) {
      System.out.printf("%n| mode | events | puts | first→last put (s) | events/s |"
          + " job CPU (s) | broker CPU (s) | cores used (job) | job µs/event |"
          + " job events/s per core | job + broker µs/event | job + broker events/s per core |"
          + " steady: job µs/event | steady: job events/s per core | load (1/5/15 min) |%n");
      System.out.println(
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
      throughputs.forEach(System.out::println);
    }
    if (!freshnesses.isEmpty()) {
      System.out.printf("%n| mode | events/s | markers | p50 (ms) | p90 (ms) | p99 (ms) |"
          + " max (ms) | not visible in 60 s | cores used (job JVM) | load (1/5/15 min) |%n");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
      freshnesses.forEach(System.out::println);
    }
  }

  /** Deletes the temporary directory {@code dir} made for this run (brokers' logs, stores). */
  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Runs {@code run} in a child JVM with this one's flags and class path; its table row. */
  private static String child(String[] args, Path dir, String run) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        StreamingBenchmark.class.getName()));
    for (String arg : args) {
      if (!arg.startsWith("dir=") && !arg.startsWith("run=")) {
        command.add(arg);
      }
    }
    command.add("dir=" + dir);
    command.add("run=" + run);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String row = null;
    try (BufferedReader out = process.inputReader()) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(ROW)) {
          row = line.substring(ROW.length());
        } else {
          System.out.println("  [" + run + "] " + line);
        }
      }
    }
    if (process.waitFor() != 0 || row == null) {
      throw new IllegalStateException(run + " failed (exit status " + process.exitValue() + ")");
    }
    return row;
  }

  private static String throughput(BrokerProcess kafka, Settings settings, String mode)
      throws Exception {
    boolean tiled = mode.equals("tiled");
    long batchEnd = batchEnd();
    long start = batchEnd + HOUR;
    Events events = Events.generate(settings.events(), settings.keys(), start, HOUR, new Random(11));
    String topic = "throughput-" + mode;
    kafka.createTopic(topic, settings.partitions());
    long produceStart = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 20)) {
      for (int i = 0; i < settings.events(); i++) {
        producer.send(new ProducerRecord<>(topic, events.json(i)));
      }
      producer.flush();
    }
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
    System.out.printf("%s throughput: produced %d events in %.1f s%n",
        mode, settings.events(), produceSeconds);

    String name = "bench.throughput_" + mode;
    GroupBy groupBy = groupBy(name, topic, tiled);
    String inner = "embedded:" + settings.dir().resolve("kv-throughput-" + mode);
    startJob(settings, kafka, groupBy, tiled, "timed:" + inner, topic, "bench-throughput-" + mode);
    TimedKvStore.Clock clock = TimedKvStore.clock(inner);
    long quietNanos = settings.quiet() * 1_000_000_000L;
    long reported = System.nanoTime();
    while (clock.idleNanos() < quietNanos || clock.puts() == 0) {
      Thread.sleep(100);
      if (System.nanoTime() - reported > 10_000_000_000L) {
        System.out.printf("%s throughput: %,d puts so far%n", mode, clock.puts());
        reported = System.nanoTime();
      }
    }
    if (!tiled && clock.puts() != settings.events()) {
      throw new IllegalStateException("untiled: " + clock.puts() + " puts for "
          + settings.events() + " events");
    }
    double wall = clock.wallNanos() / 1e9;
    double cpu = clock.cpuNanos() / 1e9;
    double brokerCpu = clock.otherCpuNanos() / 1e9;
    String steadyMicros = "—";
    String steadyPerCore = "—";
    if (clock.markedPuts() > 0 && clock.puts() > clock.markedPuts()) {
      double steadyEvents = (clock.puts() - clock.markedPuts())
          * (double) settings.events() / clock.puts();
      double steadyCpu = clock.cpuNanosSinceMark() / 1e9;
      steadyMicros = String.format(Locale.ROOT, "%.1f", steadyCpu * 1e6 / steadyEvents);
      steadyPerCore = String.format(Locale.ROOT, "**%,.0f**", steadyEvents / steadyCpu);
    }
    System.out.printf("%s throughput: %,d puts in %.1f s (produced in %.1f s)%n",
        mode, clock.puts(), wall, produceSeconds);
    checkAgainstBruteForce(inner, groupBy, events, settings.keys(), start + HOUR + 1);
    return String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,.0f | %.1f | %.1f | %.2f |"
        + " %.1f | **%,.0f** | %.1f | %,.0f | %s | %s | %s |",
        mode, settings.events(), clock.puts(), wall, settings.events() / wall, cpu, brokerCpu,
        cpu / wall, cpu * 1e6 / settings.events(), settings.events() / cpu,
        (cpu + brokerCpu) * 1e6 / settings.events(), settings.events() / (cpu + brokerCpu),
        steadyMicros, steadyPerCore, load());
  }

  private static String freshness(BrokerProcess kafka, Settings settings, String mode)
      throws Exception {
    boolean tiled = mode.equals("tiled");
    String topic = "freshness-" + mode;
    kafka.createTopic(topic, settings.partitions());
    String name = "bench.freshness_" + mode;
    GroupBy groupBy = groupBy(name, topic, tiled);
    String spec = "embedded:" + settings.dir().resolve("kv-freshness-" + mode);
    serve(spec, groupBy);

    int ticksPerSecond = (int) (1000 / TICK_MILLIS);
    int perTick = settings.rate() / ticksPerSecond;
    int ticks = (settings.warmup() + settings.seconds()) * ticksPerSecond;
    int markerEvery = ticksPerSecond / settings.markers();
    int markerCount = (ticks + markerEvery - 1) / markerEvery;
    startJob(settings, kafka, groupBy, tiled, spec, topic, "bench-freshness-" + mode);
    awaitRunning(kafka, topic, spec, name);

    ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();
    List<Double> measured = new ArrayList<>();
    int[] lost = new int[1];
    int warmupTicks = settings.warmup() * ticksPerSecond;
    FutureTask<Void> poller = new FutureTask<>(() -> {
      poll(spec, name, sent, measured, lost, markerCount);
      return null;
    });
    new Thread(poller, "freshness-poller").start();

    Random random = new Random(13);
    long cpuStart = 0;
    long wallStart = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 0)) {
      long begin = System.nanoTime();
      int marker = 0;
      for (int tick = 0; tick < ticks; tick++) {
        if (tick == warmupTicks) {
          cpuStart = TimedKvStore.processCpuNanos();
          wallStart = System.nanoTime();
        }
        long due = begin + tick * TICK_MILLIS * 1_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < perTick; i++) {
          long amount = random.nextInt(16) == 0 ? Long.MIN_VALUE : random.nextInt(1000);
          producer.send(new ProducerRecord<>(topic, message("u" + random.nextInt(settings.keys()),
              amount == Long.MIN_VALUE ? null : amount, now)));
        }
        if (tick % markerEvery == 0) {
          long ts = System.currentTimeMillis();
          long sentNanos = System.nanoTime();
          producer.send(new ProducerRecord<>(topic, message("m" + marker, 1L, ts)));
          sent.add(new long[] {marker, ts, sentNanos, tick >= warmupTicks ? 1 : 0});
          marker++;
        }
      }
      producer.flush();
    }
    double cores = (TimedKvStore.processCpuNanos() - cpuStart)
        / (double) (System.nanoTime() - wallStart);
    waitFor(poller);
    double[] m = measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "| %s | %,d | %d | %.0f | %.0f | %.0f | %.0f | %d | %.2f | %s |",
        mode, settings.rate(), m.length, percentile(m, 0.5), percentile(m, 0.9),
        percentile(m, 0.99), m.length == 0 ? Double.NaN : m[m.length - 1], lost[0], cores, load());
  }

  /** Sends a probe event a second until the fetcher sees it: the job is up and reading. */
  private static void awaitRunning(BrokerProcess kafka, String topic, String spec, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 0);
        KvStore store = KvStores.open(spec)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      long sent = 0;
      while (System.nanoTime() < deadline) {
        long now = System.currentTimeMillis();
        if (now - sent >= 1000) {
          producer.send(new ProducerRecord<>(topic, message("probe", 1L, now)));
          sent = now;
        }
        Response response = fetcher.fetchGroupBys(List.of(new Request(name,
            Map.of("user_id", "probe"), now + 1))).join().get(0);
        if (response.succeeded() && response.values().get("amount_count_1d") != null) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the streaming job wrote nothing in 5 minutes");
  }

  /**
   * Fetches each sent marker's user until its count is 1; records the delay of the measured ones
   * in {@code measured} and counts in {@code lost} those not visible within a minute.
   */
  private static void poll(String spec, String name, ConcurrentLinkedQueue<long[]> sent,
      List<Double> measured, int[] lost, int markerCount) throws InterruptedException {
    try (KvStore store = KvStores.open(spec)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      List<long[]> outstanding = new ArrayList<>();
      int done = 0;
      while (done < markerCount) {
        for (long[] m = sent.poll(); m != null; m = sent.poll()) {
          outstanding.add(m);
        }
        for (int i = outstanding.size() - 1; i >= 0; i--) {
          long[] m = outstanding.get(i);
          Response response = fetcher.fetchGroupBys(List.of(new Request(name,
              Map.of("user_id", "m" + m[0]), m[1] + 1))).join().get(0);
          long now = System.nanoTime();
          boolean visible = response.succeeded()
              && Long.valueOf(1L).equals(response.values().get("amount_count_1d"));
          if (visible || now - m[2] > MARKER_TIMEOUT_NANOS) {
            if (m[3] == 1) {
              if (visible) {
                measured.add((now - m[2]) / 1e6);
              } else {
                lost[0]++;
              }
            }
            outstanding.remove(i);
            done++;
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
    }
  }

  /**
   * Starts {@code chronon streaming} on Flink in a thread of this JVM; it runs until the JVM exits.
   * A job that fails ends the JVM with status 1.
   */
  private static void startJob(Settings settings, BrokerProcess kafka, GroupBy groupBy,
      boolean tiled, String spec, String topic, String group) throws IOException {
    String[] parts = groupBy.getMetaData().getName().split("\\.", 2);
    Path conf = settings.dir().resolve("production/group_bys/" + parts[0] + "/" + parts[1]);
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, ThriftJson.write(groupBy));
    List<String> args = new ArrayList<>(List.of("streaming", "--conf", conf.toString(),
        "--kv", spec, "--kafka", kafka.bootstrapServers(), "--topic", topic, "--group", group,
        "--runner", "flink"));
    if (tiled) {
      args.add("--tiled");
    }
    args.addAll(settings.jobOptions());
    Thread job = new Thread(() -> {
      int status = ChrononCli.run(args.toArray(String[]::new));
      System.err.println("the streaming job ended with status " + status);
      System.exit(1);
    }, "streaming-job");
    job.setDaemon(true);
    job.start();
  }

  /** SUM and COUNT of amount over 1h, 1d and 7d, AVERAGE and MAX over 1d, read from topic. */
  private static GroupBy groupBy(String name, String topic, boolean tiled) throws Exception {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("stream_format", "json");
    custom.put("stream_schema", JSON.readTree(SCHEMA));
    if (tiled) {
      custom.put("enable_tiling", true);
    }
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("user_id", "user");
    selects.put("amount", "amount");
    List<Window> three = List.of(new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS),
        new Window(7, TimeUnit.DAYS));
    List<Window> day = List.of(new Window(1, TimeUnit.DAYS));
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setTeam("bench").setOutputNamespace("features")
            .setCustomJson(JSON.writeValueAsString(custom)))
        .setSources(List.of(Source.events(new EventSource().setTable("data.purchases")
            .setTopic(topic).setQuery(new Query().setSelects(selects).setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(List.of(
            new Aggregation().setInputColumn("amount").setOperation(Operation.SUM)
                .setWindows(three),
            new Aggregation().setInputColumn("amount").setOperation(Operation.COUNT)
                .setWindows(three),
            new Aggregation().setInputColumn("amount").setOperation(Operation.AVERAGE)
                .setWindows(day),
            new Aggregation().setInputColumn("amount").setOperation(Operation.MAX)
                .setWindows(day)));
  }

  static byte[] message(String user, Long amount, long ts) {
    String value = amount == null ? "" : ", \"amount\": " + amount;
    return ("{\"user\": \"" + user + "\"" + value + ", \"ts\": " + ts + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Midnight UTC today: the batch end of an upload through yesterday. */
  private static long batchEnd() {
    return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Stores the serving info of an upload through yesterday, with no batch values. */
  private static void serve(String spec, GroupBy groupBy) {
    StreamingProjection projection =
        StreamingProjection.of(groupBy, StreamDeclaration.of(groupBy).decoder());
    String endDs = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    try (KvStore store = KvStores.open(spec)) {
      store.create(KvLayout.batchDataset(groupBy.getMetaData().getName()));
      store.multiPut(List.of(ServingInfoCodec.put(
          ServingColumns.of(groupBy, projection.rowSchema()).servingInfo(endDs)))).join();
    }
  }

  /**
   * Fetches {@value #CHECKED_KEYS} random users at {@code q} and compares amount_count_1d and
   * amount_sum_1h with a brute-force pass over the events.
   */
  private static void checkAgainstBruteForce(String spec, GroupBy groupBy, Events events, int keys,
      long q) {
    serve(spec, groupBy);
    long sumFrom = Math.floorDiv(q - HOUR, 300_000L) * 300_000L;
    Random random = new Random(17);
    try (KvStore store = KvStores.open(spec)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      for (int k = 0; k < CHECKED_KEYS; k++) {
        int user = random.nextInt(keys);
        long count = 0;
        Long sum = null;
        for (int i = 0; i < events.users().length; i++) {
          long amount = events.amounts()[i];
          if (events.users()[i] == user && amount != Long.MIN_VALUE && events.ts()[i] < q) {
            count++;
            if (events.ts()[i] >= sumFrom) {
              sum = (sum == null ? 0 : sum) + amount;
            }
          }
        }
        Response response = fetcher.fetchGroupBys(List.of(new Request(
            groupBy.getMetaData().getName(), Map.of("user_id", "u" + user), q))).join().get(0);
        Object fetchedCount = response.succeeded() ? response.values().get("amount_count_1d") : null;
        Object fetchedSum = response.succeeded() ? response.values().get("amount_sum_1h") : null;
        boolean countMatches = count == 0 ? fetchedCount == null || Long.valueOf(0).equals(fetchedCount)
            : Long.valueOf(count).equals(fetchedCount);
        if (!countMatches || !Objects.equals(sum, fetchedSum)) {
          throw new IllegalStateException("user u" + user + ": fetched count " + fetchedCount
              + " sum " + fetchedSum + ", brute force " + count + " and " + sum + " ("
              + (response.succeeded() ? "" : response.failure()) + ")");
        }
      }
    }
    System.out.printf("checked %d users against brute force: all match%n", CHECKED_KEYS);
  }

  private static KafkaProducer<byte[], byte[]> producer(BrokerProcess kafka, int lingerMillis) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, lingerMillis,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  private static void waitFor(Future<Void> task) throws Exception {
    try {
      task.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", Arrays.copyOf(parts, 3));
    } catch (IOException e) {
      return "?";
    }
  }
}
