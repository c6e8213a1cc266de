package org.chrononbeam.model;

import org.apache.thrift.TBase;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.StagingQuery;

/** A config read from a file, with its kind. */
public record LoadedConfig(String source, ConfigKind kind, TBase<?, ?> config) {

  public LoadedConfig {
    if (!kind.type().isInstance(config)) {
      throw new IllegalArgumentException(kind + " config must be a " + kind.type().getSimpleName());
    }
  }

  /** The config's metadata, or {@code null} when it has none. */
  public MetaData metaData() {
    return switch (kind) {
      case GROUP_BY -> ((GroupBy) config).getMetaData();
      case JOIN -> ((Join) config).getMetaData();
      case STAGING_QUERY -> ((StagingQuery) config).getMetaData();
    };
  }

  /** The config's name from its metadata, or the file it came from when it has none. */
  public String name() {
    MetaData md = metaData();
    return md != null && md.isSetName() ? md.getName() : source;
  }
}
