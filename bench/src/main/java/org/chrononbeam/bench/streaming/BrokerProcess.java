package org.chrononbeam.bench.streaming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.chrononbeam.testing.kafka.EmbeddedKafka;

/**
 * A Kafka broker ({@link EmbeddedKafka}) in a JVM of its own, so that the streaming benchmark's
 * process CPU time is the job's alone, as in production where the brokers run elsewhere; the
 * broker's own CPU time is read from the operating system ({@link #cpuNanos()}). The child JVM
 * stops when its standard input closes, so it ends with the JVM that started it.
 */
final class BrokerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String BOOTSTRAP_FILE = "bootstrap";

  private final Process process;
  private final String bootstrapServers;

  private BrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker on {@code dir} in a child JVM (this JVM's class path, a 1 GB heap; its output
   * goes to {@code dir/broker.log}) and returns once it answers.
   */
  static BrokerProcess start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path bootstrap = dir.resolve(BOOTSTRAP_FILE);
    Files.deleteIfExists(bootstrap);
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("broker.log").toFile())
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(bootstrap)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroy();
        throw new IllegalStateException("the Kafka broker process did not start; see "
            + dir.resolve("broker.log"));
      }
      Thread.sleep(50);
    }
    return new BrokerProcess(process, Files.readString(bootstrap).trim());
  }

  /** {@code 127.0.0.1:<port>}, for clients' {@code bootstrap.servers}. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker process's CPU time so far (user and system), in nanoseconds. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
  }

  /** Creates {@code topic} with {@code partitions} partitions and waits until it exists. */
  void createTopic(String topic, int partitions) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | InterruptedException | TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " failed", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
  }

  /**
   * The child JVM: starts a broker on {@code args[0]}, writes its bootstrap servers to the file
   * {@code bootstrap} there, and runs until standard input closes.
   *
   * @param args the broker's directory
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      Path written = dir.resolve(BOOTSTRAP_FILE + ".tmp");
      Files.writeString(written, kafka.bootstrapServers(), StandardCharsets.UTF_8);
      Files.move(written, dir.resolve(BOOTSTRAP_FILE), StandardCopyOption.ATOMIC_MOVE);
      while (System.in.read() >= 0) {
        continue;
      }
    }
    System.exit(0);
  }
}
