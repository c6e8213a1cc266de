/**
 * A {@link org.chrononbeam.model.kv.KvStore} on MongoDB: {@code mongo:mongodb://HOST:PORT/DATABASE}
 * (any MongoDB connection string; the database defaults to {@code chronon}).
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li><b>A dataset is a collection</b> of the same name. {@code create} makes the collection and
 *       its index; reading or writing a collection that does not exist fails with {@code
 *       DATASET_NOT_FOUND} rather than letting MongoDB create an unindexed one on the fly.
 *   <li><b>A version is a document</b> {@code {k: BinData(key), ts: NumberLong(tsMillis), v:
 *       BinData(value)}}.
 *   <li><b>A unique compound index</b> {@code k_ts} on {@code {k: 1, ts: -1}} makes {@code (key,
 *       ts)} the identity of a version: a put is an upsert on it, so writing the same key and ts
 *       again replaces the value (puts are idempotent), and both reads walk the index newest first.
 * </ul>
 *
 * <h2>Reads and writes</h2>
 *
 * <p>A {@code multiGet} sends one query per dataset and read kind: latest reads are an aggregation
 * ({@code $match k in [...]}, {@code $sort {k: 1, ts: -1}}, {@code $group} taking the {@code
 * $first} version per key), range reads a {@code find} of {@code k in [...]} and {@code ts >= t}. A
 * {@code multiPut} is one unordered bulk write of upserts per dataset, which the driver splits into
 * server-sized batches. The driver is synchronous; the store runs its calls on its own threads and
 * completes the futures from there.
 *
 * <h2>Servers</h2>
 *
 * <p>Tested against {@code de.bwaldvogel:mongo-java-server} (an in-JVM server speaking the wire
 * protocol) and, when {@code CHRONON_MONGO_URI} is set, a real {@code mongod}. Driver 5.4 is the
 * newest that talks to mongo-java-server 1.46.
 */
package org.chrononbeam.kv.mongo;
