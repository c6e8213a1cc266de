package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.model.ConfigError;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.chrononbeam.model.naming.OutputColumns;
import org.chrononbeam.model.naming.TableNames;
import org.chrononbeam.model.validate.ConfigValidator;
import org.chrononbeam.model.validate.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronon validate --conf PATH}: loads and validates one config file, or every file under a
 * folder in compile.py's {@code production/} layout. For each valid config it prints its kind,
 * name, output table and feature columns; for each invalid one, every error on its own line. Exits
 * with status 1 when any config is invalid.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Load and validate configs in compile.py's JSON format.",
      "PATH is a file, or a folder validated file by file (e.g. production/).",
      "Prints each config's kind, output table and feature columns, or its errors (exit status 1)."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--conf", required = true, paramLabel = "PATH", description = "A config file or a folder of them.")
  private Path conf;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.exists(conf)) {
      spec.commandLine().getErr().println("validate: no such file or folder: " + conf);
      return 2;
    }
    List<Path> files = Files.isDirectory(conf) ? ConfigFiles.list(conf) : List.of(conf);
    int invalid = 0;
    for (Path file : files) {
      if (!report(file, out)) {
        invalid++;
      }
    }
    out.printf("%d config%s: %d valid, %d invalid%n",
        files.size(), files.size() == 1 ? "" : "s", files.size() - invalid, invalid);
    out.flush();
    return invalid == 0 ? 0 : 1;
  }

  /** Prints one config's summary or errors; returns whether it is valid. */
  private static boolean report(Path file, PrintWriter out) {
    List<String> warnings = new ArrayList<>();
    List<ConfigError> errors;
    LoadedConfig loaded = null;
    try {
      loaded = ConfigFiles.load(file, warnings::add);
      ValidationReport report = ConfigValidator.check(loaded);
      errors = report.errors();
      report.warnings().forEach(w -> warnings.add(w.toString()));
    } catch (ConfigException e) {
      errors = e.errors();
    }
    String kind = (loaded != null ? Optional.of(loaded.kind()) : ConfigKind.fromPath(file))
        .map(k -> k.name().toLowerCase(Locale.ROOT))
        .orElse("config");
    if (!errors.isEmpty()) {
      out.printf("INVALID %s %s%n", kind, loaded == null ? file : loaded.name());
      errors.forEach(e -> out.println("  error: " + e));
      warnings.forEach(w -> out.println("  warning: " + w));
      return false;
    }
    out.printf("%s %s%n", kind, loaded.name());
    out.println("  file:         " + file);
    MetaData md = loaded.metaData();
    if (md != null && md.isSetOutputNamespace()) {
      out.println("  output table: " + TableNames.outputTable(md));
    }
    switch (loaded.kind()) {
      case GROUP_BY -> printColumns(out, OutputColumns.of((GroupBy) loaded.config()));
      case JOIN -> printColumns(out, OutputColumns.of((Join) loaded.config()));
      case STAGING_QUERY -> out.println("  columns:      whatever its query selects");
    }
    warnings.forEach(w -> out.println("  warning: " + w));
    return true;
  }

  private static void printColumns(PrintWriter out, List<String> columns) {
    out.println("  features (" + columns.size() + "):");
    columns.forEach(c -> out.println("    " + c));
  }
}
