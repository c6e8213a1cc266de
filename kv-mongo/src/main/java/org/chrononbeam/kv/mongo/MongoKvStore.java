package org.chrononbeam.kv.mongo;

import static com.mongodb.client.model.Accumulators.first;
import static com.mongodb.client.model.Aggregates.group;
import static com.mongodb.client.model.Aggregates.match;
import static com.mongodb.client.model.Aggregates.sort;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Indexes.ascending;
import static com.mongodb.client.model.Indexes.compoundIndex;
import static com.mongodb.client.model.Indexes.descending;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStoreException.Reason;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;

/**
 * A {@link KvStore} on MongoDB. Open it with {@code
 * KvStores.open("mongo:mongodb://localhost:27017/chronon")} or directly:
 *
 * <pre>{@code
 * try (KvStore store = MongoKvStore.open("mongodb://localhost:27017/chronon")) {
 *   store.create("TEAM_X_V1_STREAMING");   // the collection and its (k, ts) index
 *   ...
 * }
 * }</pre>
 *
 * <p>See the {@linkplain org.chrononbeam.kv.mongo package documentation} for the layout.
 */
public final class MongoKvStore implements KvStore {

  /** The database used when the connection string names none. */
  public static final String DEFAULT_DATABASE = "chronon";

  /** The name of the unique {@code {k: 1, ts: -1}} index of every dataset collection. */
  public static final String INDEX_NAME = "k_ts";

  private static final String KEY = "k";
  private static final String TS = "ts";
  private static final String VALUE = "v";
  private static final int NAMESPACE_EXISTS = 48;

  private final String description;
  private final MongoClient client;
  private final MongoDatabase database;
  private final ExecutorService executor;
  private final Set<String> knownDatasets = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoKvStore(String description, MongoClient client, MongoDatabase database) {
    this.description = description;
    this.client = client;
    this.database = database;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
            task -> {
              Thread thread = new Thread(task, "chronon-kv-mongo-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Connects to the MongoDB deployment of {@code connectionString} ({@code mongodb://...} or {@code
   * mongodb+srv://...}) and uses its database, {@value #DEFAULT_DATABASE} if it names none.
   *
   * @throws IllegalArgumentException if the connection string is malformed
   */
  public static MongoKvStore open(String connectionString) {
    ConnectionString parsed = new ConnectionString(connectionString);
    String databaseName = parsed.getDatabase() != null ? parsed.getDatabase() : DEFAULT_DATABASE;
    MongoClient client = MongoClients.create(parsed);
    String hosts = String.join(",", parsed.getHosts());
    return new MongoKvStore(hosts + "/" + databaseName, client, client.getDatabase(databaseName));
  }

  @Override
  public void create(String dataset) {
    if (closed.get()) {
      throw closedError();
    }
    checkName(dataset);
    try {
      if (!database
          .listCollectionNames()
          .filter(new Document("name", dataset))
          .iterator()
          .hasNext()) {
        try {
          database.createCollection(dataset);
        } catch (MongoCommandException e) {
          if (e.getErrorCode() != NAMESPACE_EXISTS) {
            throw e;
          }
        }
      }
      database
          .getCollection(dataset)
          .createIndex(
              compoundIndex(ascending(KEY), descending(TS)),
              new IndexOptions().unique(true).name(INDEX_NAME));
      knownDatasets.add(dataset);
    } catch (MongoException e) {
      throw new KvStoreException(
          Reason.BACKEND_FAILURE, "cannot create dataset " + dataset + " in " + description, e);
    }
  }

  @Override
  public CompletableFuture<List<GetResponse>> multiGet(List<GetRequest> requests) {
    return submit(
        () -> read(requests),
        () -> CompletableFuture.completedFuture(failAll(requests, closedError())));
  }

  @Override
  public CompletableFuture<Void> multiPut(List<PutRequest> requests) {
    long nowMillis = System.currentTimeMillis();
    return submit(
        () -> {
          write(requests, nowMillis);
          return null;
        },
        () -> CompletableFuture.failedFuture(closedError()));
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdown();
      client.close();
    }
  }

  /**
   * Runs {@code work} on the store's threads; {@code whenClosed} answers once the store is closed.
   */
  private <T> CompletableFuture<T> submit(
      Supplier<T> work, Supplier<CompletableFuture<T>> whenClosed) {
    if (closed.get()) {
      return whenClosed.get();
    }
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException e) {
      return whenClosed.get();
    }
  }

  /** The requests of one dataset and read kind, answered by one query. */
  private record ReadKind(String dataset, Long afterTsMillis) {
    static ReadKind of(GetRequest request) {
      return new ReadKind(request.dataset(), request.afterTsMillis());
    }
  }

  private List<GetResponse> read(List<GetRequest> requests) {
    Map<ReadKind, List<Binary>> keysByKind = new LinkedHashMap<>();
    for (GetRequest request : requests) {
      keysByKind
          .computeIfAbsent(ReadKind.of(request), k -> new ArrayList<>())
          .add(new Binary(request.keyBytes()));
    }
    Map<ReadKind, Map<ByteBuffer, List<TimedValue>>> found = new HashMap<>();
    Map<ReadKind, KvStoreException> failed = new HashMap<>();
    keysByKind.forEach(
        (kind, keys) -> {
          try {
            found.put(kind, read(kind, keys));
          } catch (KvStoreException e) {
            failed.put(kind, e);
          } catch (RuntimeException e) {
            failed.put(kind, backendError("reading " + kind.dataset(), e));
          }
        });
    List<GetResponse> responses = new ArrayList<>(requests.size());
    for (GetRequest request : requests) {
      ReadKind kind = ReadKind.of(request);
      KvStoreException error = failed.get(kind);
      responses.add(
          error != null
              ? GetResponse.failed(request, error)
              : GetResponse.of(
                  request,
                  found.get(kind).getOrDefault(ByteBuffer.wrap(request.keyBytes()), List.of())));
    }
    return responses;
  }

  private Map<ByteBuffer, List<TimedValue>> read(ReadKind kind, List<Binary> keys) {
    MongoCollection<Document> collection = collection(kind.dataset());
    Iterable<Document> documents =
        kind.afterTsMillis() == null
            ? collection.aggregate(
                List.of(
                    match(in(KEY, keys)),
                    sort(compoundIndex(ascending(KEY), descending(TS))),
                    group("$" + KEY, first(TS, "$" + TS), first(VALUE, "$" + VALUE))))
            : collection
                .find(and(in(KEY, keys), gte(TS, kind.afterTsMillis())))
                .sort(compoundIndex(ascending(KEY), descending(TS)));
    String keyField = kind.afterTsMillis() == null ? "_id" : KEY;
    Map<ByteBuffer, List<TimedValue>> byKey = new HashMap<>();
    for (Document document : documents) {
      byKey
          .computeIfAbsent(
              ByteBuffer.wrap(document.get(keyField, Binary.class).getData()),
              k -> new ArrayList<>())
          .add(new TimedValue(document.get(VALUE, Binary.class).getData(), document.getLong(TS)));
    }
    return byKey;
  }

  private void write(List<PutRequest> puts, long nowMillis) {
    Map<String, List<WriteModel<Document>>> upserts = new LinkedHashMap<>();
    for (PutRequest put : puts) {
      long ts = put.tsMillisOr(nowMillis);
      Binary key = new Binary(put.keyBytes());
      // The filter is a plain equality document on the index's fields (Filters.and would render an
      // $and, which mongo-java-server cannot answer from the index).
      upserts
          .computeIfAbsent(put.dataset(), d -> new ArrayList<>())
          .add(
              new ReplaceOneModel<>(
                  new Document(KEY, key).append(TS, ts),
                  new Document(KEY, key).append(TS, ts).append(VALUE, new Binary(put.valueBytes())),
                  new ReplaceOptions().upsert(true)));
    }
    for (String dataset : upserts.keySet()) {
      collection(dataset);
    }
    upserts.forEach(
        (dataset, models) -> {
          try {
            database
                .getCollection(dataset)
                .bulkWrite(models, new BulkWriteOptions().ordered(false));
          } catch (RuntimeException e) {
            throw backendError("writing " + dataset, e);
          }
        });
  }

  /** The collection of a dataset that exists, or a {@code DATASET_NOT_FOUND} failure. */
  private MongoCollection<Document> collection(String dataset) {
    if (!knownDatasets.contains(dataset)) {
      checkName(dataset);
      try {
        database.listCollectionNames().forEach(knownDatasets::add);
      } catch (RuntimeException e) {
        throw backendError("listing the datasets", e);
      }
      if (!knownDatasets.contains(dataset)) {
        throw new KvStoreException(
            Reason.DATASET_NOT_FOUND,
            "dataset " + dataset + " was never created in " + description);
      }
    }
    return database.getCollection(dataset);
  }

  private static void checkName(String dataset) {
    if (dataset.isEmpty()
        || dataset.contains("$")
        || dataset.indexOf('\0') >= 0
        || dataset.startsWith("system.")) {
      throw new KvStoreException(
          Reason.INVALID_REQUEST, "'" + dataset + "' cannot be a MongoDB collection name");
    }
  }

  private KvStoreException backendError(String what, RuntimeException e) {
    if (e instanceof KvStoreException kv) {
      return kv;
    }
    if (closed.get()) {
      return new KvStoreException(
          Reason.STORE_CLOSED, what + ": the MongoDB store " + description + " was closed", e);
    }
    return new KvStoreException(
        Reason.BACKEND_FAILURE, what + " in MongoDB " + description + " failed", e);
  }

  private KvStoreException closedError() {
    return new KvStoreException(
        Reason.STORE_CLOSED, "the MongoDB store " + description + " is closed");
  }

  private static List<GetResponse> failAll(List<GetRequest> requests, KvStoreException error) {
    return requests.stream().map(request -> GetResponse.failed(request, error)).toList();
  }
}
