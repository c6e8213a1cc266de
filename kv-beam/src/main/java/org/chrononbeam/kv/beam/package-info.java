/**
 * The Beam side of the KV store: {@link org.chrononbeam.kv.beam.KvStoreWrite}, the sink uploads and
 * streaming jobs write {@link org.chrononbeam.model.kv.PutRequest}s with, and {@link
 * org.chrononbeam.kv.beam.PutRequestCoder}, registered for {@code PutRequest} so pipelines infer
 * it.
 *
 * <p>The sink opens its store from a spec ({@code embedded:DIR}, {@code
 * bigtable:PROJECT/INSTANCE[@HOST:PORT]}, {@code mongo:URI}) through {@link
 * org.chrononbeam.model.kv.KvStores}, so this module depends on no store and no store depends on
 * Beam: a pipeline adds this module and the store's module, the online fetcher only the store's.
 * Each store's {@code multiPut} already takes its backend's bulk path (a RocksDB write batch,
 * Bigtable {@code MutateRows}, a MongoDB unordered bulk write), so one sink serves all of them.
 */
package org.chrononbeam.kv.beam;
