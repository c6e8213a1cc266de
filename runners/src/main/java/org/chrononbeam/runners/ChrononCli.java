package org.chrononbeam.runners;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chronon} command line: one subcommand per run mode, as in Chronon's {@code run.py}.
 * {@code bin/chronon} builds the project when needed and starts this class.
 *
 * <pre>{@code
 * bin/chronon quickstart
 * bin/chronon validate --conf production/joins/team/training_set.v1
 * bin/chronon import --table data.purchases --from purchases.csv --warehouse ./warehouse
 * bin/chronon backfill --conf production/joins/team/training_set.v1 --end-ds 2023-12-07
 * bin/chronon fetch --type join --name team/training_set.v1 -k '{"user_id":"5"}' --kv embedded:kv
 * bin/chronon --help
 * }</pre>
 */
@Command(
    name = "chronon",
    mixinStandardHelpOptions = true,
    versionProvider = ChrononCli.Version.class,
    description = "Chronon feature definitions run on Apache Beam.",
    subcommands = {
      QuickstartCommand.class,
      ValidateCommand.class,
      ImportCommand.class,
      BackfillCommand.class,
      FetchCommand.class,
      UploadCommand.class,
      MetadataUploadCommand.class,
      StreamingCommand.class,
      LocalStreamingCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ChrononCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for callers that redirect its output. */
  static CommandLine commandLine() {
    return new CommandLine(new ChrononCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ChrononCli.class.getPackage().getImplementationVersion();
      return new String[] {"chronon-beam " + (version == null ? "(development build)" : version)};
    }
  }
}
