package org.chrononbeam.kv.bigtable;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.Batcher;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.Filters;
import com.google.cloud.bigtable.data.v2.models.MutateRowsException;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutationEntry;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStoreException.Reason;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;

/**
 * A {@link KvStore} on Cloud Bigtable or its emulator. Open it with {@code
 * KvStores.open("bigtable:my-project/my-instance")} or directly:
 *
 * <pre>{@code
 * try (KvStore store = BigtableKvStore.open(Location.parse("p/i@localhost:8086"))) {
 *   store.create("TEAM_X_V1_BATCH"); // creates the table if absent
 *   ...
 * }
 * }</pre>
 *
 * <p>A {@link #multiGet} sends one {@code ReadRows} per dataset, read kind (latest, or since one
 * {@code afterTsMillis}) and {@value #KEYS_PER_READ} keys, all in parallel; a {@link #multiPut}
 * sends {@code MutateRows} calls of at most {@value #MUTATIONS_PER_CALL} rows; {@link #bulkPut}
 * streams through the client's mutation batcher. See the {@linkplain org.chrononbeam.kv.bigtable
 * package documentation} for the layout.
 */
public final class BigtableKvStore implements KvStore {

  /** The column family, and the column, holding values. */
  public static final String FAMILY = "v";

  /**
   * The most rows one {@code MutateRows} call of {@link #multiPut} carries (Bigtable allows 100,000
   * mutations).
   */
  public static final int MUTATIONS_PER_CALL = 10_000;

  /**
   * The most row keys one {@code ReadRows} call of {@link #multiGet} asks for; a larger batch is
   * split into calls sent in parallel.
   */
  public static final int KEYS_PER_READ = 1_000;

  private static final ByteString QUALIFIER = ByteString.copyFromUtf8(FAMILY);
  private static final long MAX_TS_MILLIS = Long.MAX_VALUE / 1000;

  private final Location location;
  private final BigtableDataClient data;
  private final BigtableTableAdminClient admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Where a store lives: a project and instance, and for an emulator its host and port.
   *
   * @param projectId the Google Cloud project
   * @param instanceId the Bigtable instance
   * @param emulatorHost the emulator's host, or null for Cloud Bigtable
   * @param emulatorPort the emulator's port (ignored without a host)
   */
  public record Location(
      String projectId, String instanceId, String emulatorHost, int emulatorPort) {

    /** Checks that project and instance are present. */
    public Location {
      Objects.requireNonNull(projectId, "projectId");
      Objects.requireNonNull(instanceId, "instanceId");
    }

    /**
     * Parses {@code PROJECT/INSTANCE} or {@code PROJECT/INSTANCE@HOST:PORT}.
     *
     * @throws IllegalArgumentException if {@code spec} has another shape
     */
    public static Location parse(String spec) {
      String usage =
          "a Bigtable location is PROJECT/INSTANCE or PROJECT/INSTANCE@HOST:PORT; found '"
              + spec
              + "'";
      int at = spec.indexOf('@');
      String instancePath = at < 0 ? spec : spec.substring(0, at);
      String[] parts = instancePath.split("/", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new IllegalArgumentException(usage);
      }
      if (at < 0) {
        return new Location(parts[0], parts[1], null, 0);
      }
      String hostPort = spec.substring(at + 1);
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(usage);
      }
      try {
        return new Location(
            parts[0],
            parts[1],
            hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(usage, e);
      }
    }

    @Override
    public String toString() {
      return projectId
          + "/"
          + instanceId
          + (emulatorHost == null ? "" : "@" + emulatorHost + ":" + emulatorPort);
    }
  }

  private BigtableKvStore(
      Location location, BigtableDataClient data, BigtableTableAdminClient admin) {
    this.location = location;
    this.data = data;
    this.admin = admin;
  }

  /**
   * Connects to the instance at {@code location}.
   *
   * @throws KvStoreException if the clients cannot be created (e.g. no credentials)
   */
  public static BigtableKvStore open(Location location) {
    BigtableDataSettings.Builder dataSettings =
        location.emulatorHost() == null
            ? BigtableDataSettings.newBuilder()
            : BigtableDataSettings.newBuilderForEmulator(
                location.emulatorHost(), location.emulatorPort());
    BigtableTableAdminSettings.Builder adminSettings =
        location.emulatorHost() == null
            ? BigtableTableAdminSettings.newBuilder()
            : BigtableTableAdminSettings.newBuilderForEmulator(
                location.emulatorHost(), location.emulatorPort());
    BigtableDataClient data = null;
    try {
      data =
          BigtableDataClient.create(
              dataSettings
                  .setProjectId(location.projectId())
                  .setInstanceId(location.instanceId())
                  .build());
      BigtableTableAdminClient admin =
          BigtableTableAdminClient.create(
              adminSettings
                  .setProjectId(location.projectId())
                  .setInstanceId(location.instanceId())
                  .build());
      return new BigtableKvStore(location, data, admin);
    } catch (IOException | RuntimeException e) {
      if (data != null) {
        data.close();
      }
      throw new KvStoreException(
          Reason.BACKEND_FAILURE, "cannot connect to Bigtable " + location, e);
    }
  }

  @Override
  public void create(String dataset) {
    checkOpen();
    String table = DatasetTables.tableId(dataset);
    try {
      if (!admin.exists(table)) {
        admin.createTable(CreateTableRequest.of(table).addFamily(FAMILY));
      }
    } catch (AlreadyExistsException e) {
      // Another caller created it between the check and the creation: the table exists, as asked.
    } catch (ApiException e) {
      throw new KvStoreException(
          Reason.BACKEND_FAILURE, "cannot create table " + table + " in " + location, e);
    }
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    if (closed.get()) {
      return CompletableFuture.completedFuture(failAll(requests, closedError()));
    }
    Map<ReadKind, List<ByteString>> keysByKind = new LinkedHashMap<>();
    for (GetRequest request : requests) {
      keysByKind
          .computeIfAbsent(ReadKind.of(request), k -> new ArrayList<>())
          .add(ByteString.copyFrom(request.keyBytes()));
    }
    Map<ReadKind, List<CompletableFuture<ReadResult>>> reads = new HashMap<>();
    List<CompletableFuture<ReadResult>> all = new ArrayList<>();
    keysByKind.forEach(
        (kind, keys) -> {
          for (int from = 0; from < keys.size(); from += KEYS_PER_READ) {
            CompletableFuture<ReadResult> read =
                read(kind, keys.subList(from, Math.min(keys.size(), from + KEYS_PER_READ)));
            reads.computeIfAbsent(kind, k -> new ArrayList<>()).add(read);
            all.add(read);
          }
        });
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              Map<ReadKind, ReadResult> results = new HashMap<>();
              reads.forEach((kind, parts) -> results.put(kind, ReadResult.merge(parts)));
              List<GetResponse> responses = new ArrayList<>(requests.size());
              for (GetRequest request : requests) {
                ReadResult result = results.get(ReadKind.of(request));
                responses.add(
                    result.error() != null
                        ? GetResponse.failed(request, result.error())
                        : GetResponse.of(
                            request,
                            values(
                                result.rows().get(ByteString.copyFrom(request.keyBytes())),
                                request)));
              }
              return responses;
            });
  }

  /** One {@code ReadRows} call answers every request of one dataset and read kind. */
  private record ReadKind(String dataset, Long afterTsMillis) {
    static ReadKind of(GetRequest request) {
      return new ReadKind(request.dataset(), request.afterTsMillis());
    }
  }

  /** The rows one or more {@code ReadRows} calls found by key, or why one failed. */
  private record ReadResult(Map<ByteString, Row> rows, KvStoreException error) {

    /** The rows of every part, or the first part's error. */
    static ReadResult merge(List<CompletableFuture<ReadResult>> parts) {
      Map<ByteString, Row> rows = new HashMap<>();
      for (CompletableFuture<ReadResult> part : parts) {
        ReadResult result = part.join();
        if (result.error() != null) {
          return result;
        }
        rows.putAll(result.rows());
      }
      return new ReadResult(rows, null);
    }
  }

  /** Never completes exceptionally: a failure is a {@link ReadResult} with an error. */
  private CompletableFuture<ReadResult> read(ReadKind kind, List<ByteString> keys) {
    Query query;
    try {
      query = Query.create(TableId.of(DatasetTables.tableId(kind.dataset())));
    } catch (KvStoreException e) {
      return CompletableFuture.completedFuture(new ReadResult(null, e));
    }
    keys.forEach(query::rowKey);
    Filters.ChainFilter filter =
        Filters.FILTERS.chain().filter(Filters.FILTERS.family().exactMatch(FAMILY));
    if (kind.afterTsMillis() == null) {
      filter.filter(Filters.FILTERS.limit().cellsPerColumn(1));
    } else if (kind.afterTsMillis() > MAX_TS_MILLIS) {
      return CompletableFuture.completedFuture(new ReadResult(Map.of(), null));
    } else if (kind.afterTsMillis() > 0) {
      filter.filter(Filters.FILTERS.timestamp().range().startClosed(kind.afterTsMillis() * 1000));
    }
    query.filter(filter);
    return completable(data.readRowsCallable().all().futureCall(query))
        .handle(
            (rows, failure) -> {
              if (failure != null) {
                return new ReadResult(null, readError(failure, kind.dataset()));
              }
              Map<ByteString, Row> byKey = new HashMap<>(rows.size() * 2);
              rows.forEach(row -> byKey.put(row.getKey(), row));
              return new ReadResult(byKey, null);
            });
  }

  private static List<TimedValue> values(Row row, GetRequest request) {
    if (row == null) {
      return List.of();
    }
    List<RowCell> cells = row.getCells(FAMILY, QUALIFIER);
    List<TimedValue> values = new ArrayList<>(cells.size());
    for (RowCell cell : cells) {
      values.add(new TimedValue(cell.getValue().toByteArray(), cell.getTimestamp() / 1000));
      if (!request.isRangeRead()) {
        break;
      }
    }
    return values;
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedError());
    }
    long nowMillis = System.currentTimeMillis();
    Map<String, List<RowMutationEntry>> entriesByDataset = new LinkedHashMap<>();
    try {
      for (PutRequest put : requests) {
        entriesByDataset
            .computeIfAbsent(put.dataset(), d -> new ArrayList<>())
            .add(entry(put, nowMillis));
      }
    } catch (KvStoreException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    entriesByDataset.forEach(
        (dataset, entries) -> {
          TableId table = TableId.of(DatasetTables.tableId(dataset));
          for (int from = 0; from < entries.size(); from += MUTATIONS_PER_CALL) {
            BulkMutation call = BulkMutation.create(table);
            entries
                .subList(from, Math.min(entries.size(), from + MUTATIONS_PER_CALL))
                .forEach(call::add);
            sent.add(
                completable(data.bulkMutateRowsAsync(call))
                    .exceptionallyCompose(
                        e -> CompletableFuture.failedFuture(writeError(e, dataset))));
          }
        });
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  /**
   * Streams the rows through one mutation batcher per dataset, which sends full {@code MutateRows}
   * calls, several in flight, and retries transient failures.
   */
  @Override
  public long bulkPut(Iterator<PutRequest> rows) {
    checkOpen();
    long nowMillis = System.currentTimeMillis();
    Map<String, Batcher<RowMutationEntry, Void>> batchers = new LinkedHashMap<>();
    long written = 0;
    KvStoreException failure = null;
    try {
      while (rows.hasNext()) {
        PutRequest put = rows.next();
        RowMutationEntry entry = entry(put, nowMillis);
        batchers
            .computeIfAbsent(
                put.dataset(),
                d -> data.newBulkMutationBatcher(TableId.of(DatasetTables.tableId(d))))
            .add(entry);
        written++;
      }
    } catch (KvStoreException e) {
      failure = e;
    }
    for (Map.Entry<String, Batcher<RowMutationEntry, Void>> batcher : batchers.entrySet()) {
      try {
        batcher.getValue().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : writeError(e, batcher.getKey());
      } catch (RuntimeException e) {
        failure = failure != null ? failure : writeError(e, batcher.getKey());
      }
    }
    if (failure != null) {
      throw failure;
    }
    return written;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      data.close();
      admin.close();
    }
  }

  private static RowMutationEntry entry(PutRequest put, long nowMillis) {
    long tsMillis = put.tsMillisOr(nowMillis);
    if (tsMillis > MAX_TS_MILLIS) {
      throw new KvStoreException(
          Reason.INVALID_REQUEST, "tsMillis " + tsMillis + " is beyond Bigtable's timestamps");
    }
    return RowMutationEntry.create(ByteString.copyFrom(put.keyBytes()))
        .setCell(FAMILY, QUALIFIER, tsMillis * 1000, ByteString.copyFrom(put.valueBytes()));
  }

  private void checkOpen() {
    if (closed.get()) {
      throw closedError();
    }
  }

  private KvStoreException closedError() {
    return new KvStoreException(
        Reason.STORE_CLOSED, "the Bigtable store " + location + " is closed");
  }

  private KvStoreException readError(Throwable e, String dataset) {
    Throwable cause = unwrap(e);
    if (isNotFound(cause)) {
      return notFound(dataset, cause);
    }
    if (closed.get()) {
      return new KvStoreException(
          Reason.STORE_CLOSED, "the Bigtable store " + location + " closed during a read", cause);
    }
    return new KvStoreException(
        Reason.BACKEND_FAILURE,
        "reading " + dataset + " from Bigtable " + location + " failed",
        cause);
  }

  private KvStoreException writeError(Throwable e, String dataset) {
    Throwable cause = unwrap(e);
    if (cause instanceof KvStoreException kv) {
      return kv;
    }
    if (isNotFound(cause)) {
      return notFound(dataset, cause);
    }
    return new KvStoreException(
        Reason.BACKEND_FAILURE,
        "writing " + dataset + " to Bigtable " + location + " failed",
        cause);
  }

  private KvStoreException notFound(String dataset, Throwable cause) {
    return new KvStoreException(
        Reason.DATASET_NOT_FOUND,
        "dataset "
            + dataset
            + " (table "
            + DatasetTables.tableId(dataset)
            + ") does not exist in "
            + location,
        cause);
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MutateRowsException rows) {
        return !rows.getFailedMutations().isEmpty()
            && rows.getFailedMutations().stream().allMatch(f -> isNotFound(f.getError()));
      }
      if (t instanceof ApiException api
          && api.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <T> CompletableFuture<T> completable(ApiFuture<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ApiFutures.addCallback(
        future,
        new ApiFutureCallback<T>() {
          @Override
          public void onFailure(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onSuccess(T value) {
            result.complete(value);
          }
        },
        MoreExecutors.directExecutor());
    return result;
  }

  private static List<GetResponse> failAll(List<GetRequest> requests, KvStoreException error) {
    return requests.stream().map(request -> GetResponse.failed(request, error)).toList();
  }
}
