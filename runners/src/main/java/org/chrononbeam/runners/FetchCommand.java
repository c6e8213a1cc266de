package org.chrononbeam.runners;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronon fetch --type join|group-by --name NAME -k JSON [--at-millis N] --kv SPEC}: fetches
 * the online features of one key, as Chronon's {@code run.py --mode fetch} does, and prints them
 * as a JSON object (a join's failed parts as {@code <part>_exception} entries). A GroupBy is named
 * by its config name ({@code team.purchases.v1}), a join by its request name ({@code
 * team/checkout.v1}). Exits with status 1 when the fetch fails, 2 on bad arguments.
 *
 * <pre>{@code
 * chronon fetch --type join --name quickstart/training_set.v2 -k '{"user_id":"5"}' \
 *     --kv embedded:/var/chronon/kv
 * }</pre>
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch the online features of a join or GroupBy for one key from a KV store.",
      "Prints the features as JSON; a failed fetch prints its error (exit status 1)."
    })
final class FetchCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(names = "--type", required = true, paramLabel = "join|group-by",
      description = "What NAME is: a join (request name team/rest) or a GroupBy (config name).")
  private String type;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "The join's request name (team/rest) or the GroupBy's name (team.rest).")
  private String name;

  @Option(names = {"-k", "--keys"}, required = true, paramLabel = "JSON",
      description = "The keys as a JSON object, e.g. '{\"user_id\":\"5\"}'.")
  private String keys;

  @Option(names = "--at-millis", paramLabel = "N",
      description = "The query time in epoch milliseconds (default: now).")
  private Long atMillis;

  @Option(names = "--kv", required = true, paramLabel = "SPEC",
      description = "The KV store, e.g. embedded:/var/chronon/kv.")
  private String kv;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean join = type.equals("join");
    if (!join && !type.equals("group-by")) {
      err.println("fetch: --type is join or group-by, not " + type);
      return 2;
    }
    Map<String, Object> keyValues;
    try {
      keyValues = JSON.readValue(keys, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      err.println("fetch: -k is a JSON object of keys, e.g. '{\"user_id\":\"5\"}': "
          + e.getOriginalMessage());
      return 2;
    }
    Request request = new Request(name, keyValues, atMillis);
    Response response;
    try (KvStore store = KvStores.open(kv)) {
      Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
      List<Request> requests = List.of(request);
      response = (join ? fetcher.fetchJoin(requests) : fetcher.fetchGroupBys(requests))
          .join().get(0);
    } catch (IllegalArgumentException | KvStoreException e) {
      err.println("fetch: " + e.getMessage());
      return 2;
    }
    if (response.failure().isPresent()) {
      err.println("fetch: " + response.failure().get().getMessage());
      return 1;
    }
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(response.values()));
    out.flush();
    return 0;
  }
}
