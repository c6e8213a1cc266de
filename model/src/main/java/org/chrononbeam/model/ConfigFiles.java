package org.chrononbeam.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.chrononbeam.model.json.ThriftJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads configs from files in compile.py's layout. A file's kind comes from its folder under
 * {@code production/} ({@code group_bys}, {@code joins}, {@code staging_queries}) or, outside that
 * layout, from its fields.
 */
public final class ConfigFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);

  private ConfigFiles() {}

  public static LoadedConfig load(Path file) {
    return load(file, null);
  }

  /** Loads one file; unknown fields go to {@code warnings} (to the log when it is null). */
  public static LoadedConfig load(Path file, Consumer<String> warnings) {
    String source = file.toString();
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read: " + e);
    }
    JsonNode tree = ThriftJson.parseObject(json, source);
    ConfigKind kind = ConfigKind.fromPath(file).orElseGet(() -> kindFromContent(source, tree));
    var config = ThriftJson.read(tree, kind.type(), source,
        warnings == null ? w -> LOG.warn(w) : warnings);
    return new LoadedConfig(source, kind, config);
  }

  /** Every regular file under {@code dir} except hidden ones, sorted by path. */
  public static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ConfigKind kindFromContent(String source, JsonNode tree) {
    return ConfigKind.fromContent(tree).orElseThrow(() -> new ConfigException(source, "",
        "cannot tell the config's kind: put it under production/{group_bys,joins,staging_queries}/"
            + " or give it joinParts (join), keyColumns (group-by) or a query string (staging query)"));
  }
}
