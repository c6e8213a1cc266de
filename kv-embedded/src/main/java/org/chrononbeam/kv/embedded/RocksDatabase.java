package org.chrononbeam.kv.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStoreException;
import org.chrononbeam.model.kv.KvStoreException.Reason;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.kv.TimedValue;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One open RocksDB directory, shared by every {@link EmbeddedKvStore} handle on it in this JVM and
 * closed with the last one. A read-write lock keeps the native database from closing under a
 * running read or write: operations hold the read lock, closing takes the write lock.
 */
final class RocksDatabase {

  private static final byte[] FORMAT_KEY = "chronon-beam.kv.format".getBytes(UTF_8);
  private static final byte[] FORMAT_VERSION = "1".getBytes(UTF_8);
  private static final String DEFAULT_FAMILY = new String(RocksDB.DEFAULT_COLUMN_FAMILY, UTF_8);

  /** The open databases by real path; guarded by itself, as is each database's handle count. */
  private static final Map<Path, RocksDatabase> OPEN = new HashMap<>();

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultFamily;
  private final Map<String, ColumnFamilyHandle> datasets = new ConcurrentHashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final ExecutorService executor;
  private boolean closed;
  private int handles;

  private RocksDatabase(
      Path dir,
      DBOptions dbOptions,
      ColumnFamilyOptions familyOptions,
      RocksDB db,
      List<ColumnFamilyDescriptor> descriptors,
      List<ColumnFamilyHandle> opened)
      throws RocksDBException {
    this.dir = dir;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.db = db;
    ColumnFamilyHandle defaults = null;
    for (int i = 0; i < descriptors.size(); i++) {
      String name = new String(descriptors.get(i).getName(), UTF_8);
      if (name.equals(DEFAULT_FAMILY)) {
        defaults = opened.get(i);
      } else {
        datasets.put(name, opened.get(i));
      }
    }
    this.defaultFamily = defaults;
    checkFormat();
    this.writeOptions = new WriteOptions();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            task -> {
              Thread thread = new Thread(task, "chronon-kv-embedded-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Opens the database in {@code dir} with every column family it has; frees what it made if that
   * fails.
   */
  private static RocksDatabase open(Path dir) throws RocksDBException {
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true);
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    RocksDB db = null;
    try {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : existingFamilies(dir)) {
        descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
      }
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, opened);
      return new RocksDatabase(dir, dbOptions, familyOptions, db, descriptors, opened);
    } catch (RocksDBException | KvStoreException e) {
      opened.forEach(ColumnFamilyHandle::close);
      if (db != null) {
        db.close();
      }
      familyOptions.close();
      dbOptions.close();
      throw e;
    }
  }

  /** The database in {@code dir} (created if absent), one more handle on it counted. */
  static RocksDatabase acquire(Path dir) {
    Path real;
    try {
      real = Files.createDirectories(dir).toRealPath();
    } catch (IOException e) {
      throw new KvStoreException(
          Reason.BACKEND_FAILURE, "cannot create the store directory " + dir, e);
    }
    synchronized (OPEN) {
      RocksDatabase database = OPEN.get(real);
      if (database == null) {
        try {
          database = open(real);
        } catch (RocksDBException e) {
          throw new KvStoreException(
              Reason.BACKEND_FAILURE,
              "cannot open the embedded store in "
                  + real
                  + " (one process at a time may open it; is another one using it?)",
              e);
        }
        OPEN.put(real, database);
      }
      database.handles++;
      return database;
    }
  }

  /** Counts one handle less; the last one closes the database. */
  void release() {
    synchronized (OPEN) {
      if (--handles > 0) {
        return;
      }
      OPEN.remove(dir);
    }
    executor.shutdown();
    lock.writeLock().lock();
    try {
      closed = true;
      datasets.values().forEach(ColumnFamilyHandle::close);
      if (defaultFamily != null) {
        defaultFamily.close();
      }
      db.close();
      writeOptions.close();
      familyOptions.close();
      dbOptions.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The threads reads and writes run on. */
  ExecutorService executor() {
    return executor;
  }

  void create(String dataset) {
    if (dataset.isEmpty() || dataset.equals(DEFAULT_FAMILY)) {
      throw new KvStoreException(
          Reason.INVALID_REQUEST, "'" + dataset + "' cannot be a dataset name");
    }
    lock.readLock().lock();
    try {
      checkOpen();
      synchronized (datasets) {
        if (!datasets.containsKey(dataset)) {
          datasets.put(
              dataset,
              db.createColumnFamily(
                  new ColumnFamilyDescriptor(dataset.getBytes(UTF_8), familyOptions)));
        }
      }
    } catch (RocksDBException e) {
      throw new KvStoreException(Reason.BACKEND_FAILURE, "cannot create dataset " + dataset, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  List<GetResponse> read(List<GetRequest> requests) {
    lock.readLock().lock();
    try {
      if (closed) {
        return EmbeddedKvStore.closedResponses(requests);
      }
      Map<String, RocksIterator> iterators = new HashMap<>();
      try {
        List<GetResponse> responses = new ArrayList<>(requests.size());
        for (GetRequest request : requests) {
          responses.add(read(request, iterators));
        }
        return responses;
      } finally {
        iterators.values().forEach(RocksIterator::close);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private GetResponse read(GetRequest request, Map<String, RocksIterator> iterators) {
    ColumnFamilyHandle family = datasets.get(request.dataset());
    if (family == null) {
      return GetResponse.failed(request, notFound(request.dataset()));
    }
    RocksIterator versions =
        iterators.computeIfAbsent(request.dataset(), d -> db.newIterator(family));
    byte[] prefix = VersionKey.prefix(request.keyBytes());
    List<TimedValue> values = new ArrayList<>(1);
    for (versions.seek(prefix); versions.isValid(); versions.next()) {
      byte[] versionKey = versions.key();
      if (!VersionKey.hasPrefix(versionKey, prefix)) {
        break;
      }
      long ts = VersionKey.tsMillis(versionKey);
      if (request.isRangeRead() && ts < request.afterTsMillis()) {
        break;
      }
      values.add(new TimedValue(versions.value(), ts));
      if (!request.isRangeRead()) {
        break;
      }
    }
    try {
      versions.status();
    } catch (RocksDBException e) {
      return GetResponse.failed(
          request,
          new KvStoreException(Reason.BACKEND_FAILURE, "RocksDB read failed in " + dir, e));
    }
    return GetResponse.of(request, values);
  }

  void write(List<PutRequest> puts, long nowMillis) {
    lock.readLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      checkOpen();
      for (PutRequest put : puts) {
        ColumnFamilyHandle family = datasets.get(put.dataset());
        if (family == null) {
          throw notFound(put.dataset());
        }
        batch.put(
            family, VersionKey.of(put.keyBytes(), put.tsMillisOr(nowMillis)), put.valueBytes());
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new KvStoreException(Reason.BACKEND_FAILURE, "RocksDB write failed in " + dir, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new KvStoreException(
          Reason.STORE_CLOSED, "the embedded store in " + dir + " is closed");
    }
  }

  private void checkFormat() throws RocksDBException {
    byte[] format = db.get(defaultFamily, FORMAT_KEY);
    if (format == null) {
      db.put(defaultFamily, FORMAT_KEY, FORMAT_VERSION);
    } else if (!Arrays.equals(format, FORMAT_VERSION)) {
      throw new KvStoreException(
          Reason.INVALID_REQUEST,
          dir
              + " holds embedded store format "
              + new String(format, UTF_8)
              + "; this version reads format 1");
    }
  }

  private KvStoreException notFound(String dataset) {
    return new KvStoreException(
        Reason.DATASET_NOT_FOUND,
        "dataset " + dataset + " was never created in the embedded store in " + dir);
  }

  private static List<byte[]> existingFamilies(Path dir) throws RocksDBException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
    }
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, dir.toString());
    }
  }
}
