package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.naming.KvLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chronon streaming --conf GROUPBY --kv SPEC --kafka BOOTSTRAP}: Chronon's {@code
 * group-by-streaming}. Reads the GroupBy's topic ({@code events.topic} or {@code
 * entities.mutationTopic}, or {@code --topic}) with KafkaIO as a consumer group, resuming from its
 * committed offsets; decodes each message with the declared stream schema and format ({@code
 * stream_schema} and {@code stream_format} in the GroupBy's customJson, or {@code --schema FILE});
 * applies the GroupBy's query; writes {@code <NAME>_STREAMING}: each row at its ts, or with {@code
 * --tiled} each tile on every update. Malformed messages go to {@code --dead-letter-topic} (default
 * {@code <topic>.dead-letters}) with their reason. It runs until stopped, or for {@code
 * --max-records} messages.
 *
 * <pre>{@code
 * bin/chronon streaming --conf production/group_bys/team/purchases.v1 --kv embedded:kv \
 *     --kafka 127.0.0.1:9092 --runner flink
 * }</pre>
 */
@Command(
    name = "streaming",
    mixinStandardHelpOptions = true,
    description = {
      "Stream a GroupBy's topic into <NAME>_STREAMING of a KV store: rows at their event time,",
      "or tiles with --tiled. Malformed messages go to a dead-letter topic. Further --name=value",
      "arguments are Beam pipeline options."
    })
final class StreamingCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private StreamingOptions options;

  @Option(names = "--kv", required = true, paramLabel = "SPEC",
      description = "The KV store: embedded:DIR, bigtable:PROJECT/INSTANCE[@HOST:PORT] or mongo:URI.")
  private String kv;

  @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", defaultValue = "",
      description = "Where malformed messages go (default: <topic>.dead-letters).")
  private String deadLetterTopic;

  @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "direct",
      description = "direct, spark or flink (default: ${DEFAULT-VALUE}).")
  private BeamRunner runner;

  @Unmatched private List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(options.conf)) {
      err.println("streaming: no such file: " + options.conf);
      err.flush();
      return 2;
    }
    try {
      StreamingJob job = options.job(kv, deadLetterTopic, false);
      job.prepare();
      String name = job.groupBy().getMetaData().getName();
      out.printf("streaming GroupBy %s from %s at %s into %s (%s), dead letters to %s%n",
          name, job.topic(), job.bootstrapServers(), KvLayout.streamingDataset(name),
          job.tiled() ? "tiles" : "rows", job.deadLetterTopic());
      out.flush();
      job.pipeline(runner.streamingOptions(beamArgs)).run().waitUntilFinish();
      return 0;
    } catch (ConfigException | IllegalArgumentException | UnsupportedOperationException
        | KvStoreException | UncheckedIOException e) {
      err.println("streaming: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
