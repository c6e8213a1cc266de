package org.chrononbeam.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Chronon's own 41 compiled sample configs, which the build finds through the system property
 * {@code chronon.samples.dir} (set by surefire to {@code ../shared/chronon-samples/production}).
 */
public final class ChrononSamples {
  public static final int COUNT = 41;

  private ChrononSamples() {}

  public static Path dir() {
    String dir = System.getProperty("chronon.samples.dir");
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException("Chronon's compiled samples are missing: set -Dchronon.samples.dir"
          + " to a production/ folder (the build uses ../shared/chronon-samples/production); was " + dir);
    }
    return Path.of(dir);
  }

  public static List<Path> files() {
    return ConfigFiles.list(dir());
  }
}
