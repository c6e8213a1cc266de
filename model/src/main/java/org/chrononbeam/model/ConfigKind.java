package org.chrononbeam.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.thrift.TBase;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.StagingQuery;

/** The three kinds of top-level config, each with its folder under compile.py's {@code production/}. */
public enum ConfigKind {
  GROUP_BY("group_bys", GroupBy.class),
  JOIN("joins", Join.class),
  STAGING_QUERY("staging_queries", StagingQuery.class);

  private final String folder;
  private final Class<? extends TBase<?, ?>> type;

  ConfigKind(String folder, Class<? extends TBase<?, ?>> type) {
    this.folder = folder;
    this.type = type;
  }

  /** The folder under {@code production/} that holds configs of this kind. */
  public String folder() {
    return folder;
  }

  public Class<? extends TBase<?, ?>> type() {
    return type;
  }

  /** The kind named by the nearest {@code group_bys}, {@code joins} or {@code staging_queries} folder. */
  public static Optional<ConfigKind> fromPath(Path path) {
    for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      Path name = p.getFileName();
      for (ConfigKind kind : values()) {
        if (name != null && name.toString().equals(kind.folder)) {
          return Optional.of(kind);
        }
      }
    }
    return Optional.empty();
  }

  /** The kind a config's top-level fields imply, for files outside a {@code production/} layout. */
  public static Optional<ConfigKind> fromContent(JsonNode config) {
    if (config.has("joinParts") || config.has("left")) {
      return Optional.of(JOIN);
    }
    if (config.has("keyColumns") || config.has("aggregations") || config.has("sources")) {
      return Optional.of(GROUP_BY);
    }
    if (config.path("query").isTextual()) {
      return Optional.of(STAGING_QUERY);
    }
    return Optional.empty();
  }
}
