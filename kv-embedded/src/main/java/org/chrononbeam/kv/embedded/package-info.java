/**
 * The default KV store: RocksDB inside the JVM, persisted in a local directory. It needs no server,
 * survives restarts, and is what the quickstart uses ({@code embedded:DIR}).
 *
 * <h2>Why RocksDB</h2>
 *
 * <p>Chronon's reads are "latest version of a key" and "every version of a key since a time". On a
 * store of sorted keys both are one seek and a short forward scan, so the layout below answers them
 * without indexes. RocksDB is such a store: an LSM tree with a write-ahead log, crash-safe, fast
 * for the write-heavy streaming path, and proven as the embedded state store of Flink and Kafka
 * Streams. It ships as one jar ({@code rocksdbjni}) with its native library for the common
 * platforms. A B-tree file (H2, SQLite) would need SQL and a schema for the same two reads; a plain
 * file format would need our own compaction and crash recovery.
 *
 * <h2>On-disk layout (a persisted format: change it only with a new format version)</h2>
 *
 * <ul>
 *   <li>One RocksDB database per directory. Each dataset is a <em>column family</em> named by the
 *       dataset's UTF-8 bytes: datasets are isolated, {@code create} is a column family creation,
 *       and a dataset that was never created is detectably absent. The name {@code default} is
 *       RocksDB's own column family; it holds {@code chronon-beam.kv.format -> "1"} and cannot be a
 *       dataset.
 *   <li>A version's RocksDB key is {@code len(key) (4 bytes, big-endian) | key | (Long.MAX_VALUE -
 *       ts) (8 bytes, big-endian)}; its RocksDB value is the value bytes as written. The length
 *       prefix makes a key's versions one contiguous run that no other key (e.g. one that starts
 *       with the same bytes) interleaves; the inverted timestamp sorts them newest first. Writing
 *       the same key and ts again replaces the entry, which makes puts idempotent.
 *   <li>A latest read seeks to {@code len | key} and takes the first entry in that run; a range
 *       read with {@code afterTsMillis = t} walks the run until a timestamp below {@code t}.
 * </ul>
 *
 * <h2>Processes and durability</h2>
 *
 * <p>RocksDB locks its directory, so one process at a time may open it (the quickstart runs upload,
 * then fetch). Within a JVM, every {@link org.chrononbeam.kv.embedded.EmbeddedKvStore#open} of the
 * same directory shares one database, closed when its last handle is. Writes go to the write-ahead
 * log before they are acknowledged, so they survive a crash of the process; they are not synced to
 * the device on every write, so an operating-system crash may lose the last ones.
 */
package org.chrononbeam.kv.embedded;
