package org.chrononbeam.it.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Stopping and restarting a job on the Flink runner's local mini cluster, as an operator stops a
 * production job: the test gives the mini cluster a Flink configuration directory ({@code
 * --flinkConfDir}: a fixed REST port, checkpoints retained on cancellation, and the savepoint to
 * restore from), finds the running job with Flink's REST API and stops it with a savepoint
 * ({@code POST /jobs/<id>/stop}) or cancels it as a crash would, keeping its last checkpoint.
 *
 * <p>Beam's {@code --savepointPath} is applied to remote clusters only; on the local mini cluster
 * Flink reads the savepoint to restore from its configuration ({@code execution.savepoint.path}),
 * which is what {@link #confDir} writes.
 */
final class LocalFlinkJobs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final int restPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalFlinkJobs(int restPort) {
    this.restPort = restPort;
  }

  /** Jobs whose mini cluster will listen for REST calls on a free port. */
  static LocalFlinkJobs onFreePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new LocalFlinkJobs(socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code dir/flink-conf.yaml}: this REST port, checkpoints under {@code checkpoints}
   * retained on cancellation, and, unless null, the savepoint to restore from.
   *
   * @return {@code dir}, for {@code --flinkConfDir}
   */
  Path confDir(Path dir, Path checkpoints, String savepoint) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "rest.bind-address: 127.0.0.1",
        "rest.address: 127.0.0.1",
        "rest.bind-port: " + restPort,
        "rest.port: " + restPort,
        "state.checkpoints.dir: " + checkpoints.toUri(),
        "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION"));
    if (savepoint != null) {
      lines.add("execution.savepoint.path: " + savepoint);
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve("flink-conf.yaml"), lines);
    return dir;
  }

  /** The id of the one running job, waiting until there is one. */
  String runningJob() throws Exception {
    String[] id = new String[1];
    await("a running Flink job", () -> {
      JsonNode jobs = getOrNull("/jobs");
      if (jobs == null) {
        return false;
      }
      for (JsonNode job : jobs.path("jobs")) {
        if ("RUNNING".equals(job.path("status").asText())) {
          id[0] = job.path("id").asText();
          return true;
        }
      }
      return false;
    });
    return id[0];
  }

  /**
   * Stops {@code job} with a savepoint in {@code directory} (without draining: event-time timers
   * stay pending) and returns the savepoint's location once it is complete.
   */
  String stopWithSavepoint(String job, Path directory) throws Exception {
    JsonNode trigger = post("/jobs/" + job + "/stop",
        Map.of("targetDirectory", directory.toUri().toString(), "drain", false));
    String request = trigger.path("request-id").asText();
    String[] location = new String[1];
    await("the savepoint of job " + job, () -> {
      JsonNode status = getOrNull("/jobs/" + job + "/savepoints/" + request);
      if (status == null || !"COMPLETED".equals(status.path("status").path("id").asText())) {
        return false;
      }
      JsonNode operation = status.path("operation");
      if (operation.has("failure-cause")) {
        throw new IllegalStateException("the savepoint failed: " + operation.get("failure-cause"));
      }
      location[0] = operation.path("location").asText();
      return true;
    });
    return location[0];
  }

  /**
   * Cancels {@code job}, as a crash ends it: what it processed after its last completed checkpoint
   * is in the KV store but not in the checkpoint, which Flink keeps (retained on cancellation).
   */
  void cancel(String job) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/jobs/" + job
            + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("cancelling job " + job + ": " + response.statusCode() + " "
          + response.body());
    }
  }

  /** The newest checkpoint Flink retained of {@code job} under {@code checkpoints}. */
  static String retainedCheckpoint(Path checkpoints, String job) throws IOException {
    try (Stream<Path> taken = Files.list(checkpoints.resolve(job))) {
      return taken
          .filter(c -> c.getFileName().toString().startsWith("chk-")
              && Files.exists(c.resolve("_metadata")))
          .max(Comparator.comparingLong(
              c -> Long.parseLong(c.getFileName().toString().substring("chk-".length()))))
          .orElseThrow(() -> new IllegalStateException("job " + job + " retained no checkpoint"))
          .toUri().toString();
    }
  }

  /** Polls {@code condition} every 200 ms until it holds, failing after two minutes. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private JsonNode getOrNull(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (ConnectException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " "
          + response.body());
    }
    return JSON.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + restPort + path);
  }
}
