package org.chrononbeam.runners;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.LoadedConfig;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.validate.ConfigValidator;
import org.chrononbeam.transforms.upload.MetadataUpload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronon metadata-upload --conf PATH --kv SPEC}: Chronon's {@code metadata-upload}. Stores
 * each Join's and GroupBy's JSON under its key in {@code ZIPLINE_METADATA} (a Join's parts'
 * GroupBys too) and lists the keys by team in {@code CHRONON_ENTITY_BY_TEAM} (see {@link
 * MetadataUpload}), so {@code fetch --type join} serves the join by its request name.
 *
 * <pre>{@code
 * bin/chronon metadata-upload --conf production/joins/team/checkouts.v1 --kv embedded:kv
 * bin/chronon metadata-upload --conf production --kv embedded:kv     # every config of a folder
 * }</pre>
 */
@Command(
    name = "metadata-upload",
    mixinStandardHelpOptions = true,
    description = {
      "Store Join and GroupBy configs (a file, or every config of a folder; a Join's GroupBys",
      "too) in ZIPLINE_METADATA under joins/<team>/<name> and group_bys/<team>/<name>, and list",
      "them by team in CHRONON_ENTITY_BY_TEAM."
    })
final class MetadataUploadCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--conf", required = true, paramLabel = "PATH",
      description = "A compiled Join or GroupBy config file, or a folder of them.")
  private Path conf;

  @Option(names = "--kv", required = true, paramLabel = "SPEC",
      description = "The KV store: embedded:DIR, bigtable:PROJECT/INSTANCE[@HOST:PORT] or"
          + " mongo:URI.")
  private String kv;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.exists(conf)) {
      err.println("metadata-upload: no such file or folder: " + conf);
      err.flush();
      return 2;
    }
    try {
      List<Path> files = Files.isDirectory(conf) ? ConfigFiles.list(conf) : List.of(conf);
      MetadataUpload upload = MetadataUpload.create();
      for (Path file : files) {
        LoadedConfig loaded = ConfigValidator.loadValid(file);
        if (loaded.kind() == ConfigKind.JOIN) {
          upload = upload.withJoin((Join) loaded.config());
        } else if (loaded.kind() == ConfigKind.GROUP_BY) {
          upload = upload.withGroupBy((GroupBy) loaded.config());
        }
      }
      int written;
      try (KvStore store = KvStores.open(kv)) {
        written = upload.upload(store, System.currentTimeMillis());
      }
      for (String key : upload.keys()) {
        out.println(key);
      }
      out.printf("uploaded %d configs into %s%n", written, KvLayout.METADATA_DATASET);
      out.flush();
      return 0;
    } catch (ConfigException | IllegalArgumentException | KvStoreException e) {
      err.println("metadata-upload: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
