package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.kv.KvStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronon local-streaming --conf GROUPBY --kafka BOOTSTRAP}: the streaming job on the
 * Direct runner in this process, printing each write to standard output as it happens:
 *
 * <pre>{@code
 * put TEAM_PURCHASES_V1_STREAMING keys={user_id=u1} values={amount=2.5} ts=2023-11-14T22:13:20Z
 * put TEAM_PURCHASES_V1_STREAMING keys={user_id=u1} tile=2023-11-14T22:10:00Z values={amount_sum=2.5} ts=2023-11-14T22:13:20Z
 * }</pre>
 *
 * <p>A tiled write shows each aggregation column of the tile alone. It writes to a KV store only
 * with {@code --kv}, and dead letters to a topic only with {@code --dead-letter-topic}; the other
 * options are those of {@code streaming}.
 */
@Command(
    name = "local-streaming",
    mixinStandardHelpOptions = true,
    description = {
      "Run a GroupBy's streaming job on the Direct runner and print each write (dataset, keys,",
      "values, ts in UTC). Writes to a KV store only with --kv."
    })
final class LocalStreamingCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private StreamingOptions options;

  @Option(names = "--kv", paramLabel = "SPEC", description = "Also write to this KV store.")
  private String kv;

  @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
      description = "Where malformed messages go (default: they are only counted).")
  private String deadLetterTopic;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(options.conf)) {
      err.println("local-streaming: no such file: " + options.conf);
      err.flush();
      return 2;
    }
    try {
      StreamingJob job = options.job(kv, deadLetterTopic, true);
      job.prepare();
      job.pipeline(BeamRunner.DIRECT.options(List.of())).run().waitUntilFinish();
      return 0;
    } catch (ConfigException | IllegalArgumentException | UnsupportedOperationException
        | KvStoreException | UncheckedIOException e) {
      err.println("local-streaming: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
