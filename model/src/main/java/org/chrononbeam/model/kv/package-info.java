/**
 * The KV store SPI: where batch uploads and streaming jobs write feature values, and where the
 * online fetcher reads them. It is Chronon's {@code KVStore} contract in Java.
 *
 * <h2>Model</h2>
 *
 * <p>A store holds named <em>datasets</em> (e.g. {@code TEAM_X_V1_BATCH}, {@code
 * TEAM_X_V1_STREAMING}; see {@link org.chrononbeam.model.naming.KvLayout}). A dataset maps a key
 * (opaque bytes, in practice Avro binary of the GroupBy's key record) to <em>versions</em>: values
 * tagged with a timestamp in epoch milliseconds. Versions are kept per {@code (key, ts)}, never
 * collapsed to the latest, because Chronon's streaming writes one value per event (or, tiled, one
 * value per tile keyed by the tile's latest event ts) and the fetcher reads all of them since the
 * batch end.
 *
 * <ul>
 *   <li><b>Write</b> ({@link org.chrononbeam.model.kv.KvStore#multiPut}, {@link
 *       org.chrononbeam.model.kv.KvStore#bulkPut}): a put sets the version {@code (key, ts)} of a
 *       dataset. Puts are idempotent: the same key, dataset and ts overwrite, so a restarted
 *       streaming job or a re-run upload rewrites the same versions instead of adding new ones.
 *   <li><b>Point read</b> ({@link org.chrononbeam.model.kv.GetRequest} without {@code
 *       afterTsMillis}): the latest version only, as Chronon reads {@code _BATCH} values.
 *   <li><b>Range read</b> (with {@code afterTsMillis}): every version with {@code ts >=
 *       afterTsMillis} (inclusive), newest first, as Chronon reads {@code _STREAMING} rows since
 *       {@code batchEnd}.
 *   <li><b>Errors</b>: a read that fails carries a {@link
 *       org.chrononbeam.model.kv.KvStoreException} with a {@link
 *       org.chrononbeam.model.kv.KvStoreException.Reason} in its {@link
 *       org.chrononbeam.model.kv.GetResponse}; a missing key is an empty success. The two cannot be
 *       confused: {@link org.chrononbeam.model.kv.GetResponse#values()} throws on a failure.
 * </ul>
 *
 * <h2>Stores</h2>
 *
 * <p>{@link org.chrononbeam.model.kv.KvStores#open(String)} opens a store from a spec string
 * through the {@link org.chrononbeam.model.kv.KvStoreProvider}s on the class path, so this module
 * depends on no store:
 *
 * <ul>
 *   <li>{@code embedded:DIR} ({@code kv-embedded}): RocksDB in the JVM, persisted in DIR.
 *   <li>{@code bigtable:PROJECT/INSTANCE[@HOST:PORT]} ({@code kv-bigtable}): Cloud Bigtable, or its
 *       emulator at HOST:PORT.
 *   <li>{@code mongo:URI} ({@code kv-mongo}): MongoDB, e.g. {@code
 *       mongo:mongodb://host:27017/chronon}.
 * </ul>
 *
 * <p>The test jar of this module holds {@code KvStoreContract}, the JUnit suite every store passes.
 */
package org.chrononbeam.model.kv;
