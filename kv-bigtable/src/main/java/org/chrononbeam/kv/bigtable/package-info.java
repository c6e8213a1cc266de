/**
 * A {@link org.chrononbeam.model.kv.KvStore} on Google Cloud Bigtable: {@code
 * bigtable:PROJECT/INSTANCE} for Cloud Bigtable with application default credentials, {@code
 * bigtable:PROJECT/INSTANCE@HOST:PORT} for an emulator.
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li><b>A dataset is a table</b> (see {@link org.chrononbeam.kv.bigtable.DatasetTables} for the
 *       name rule) with one column family {@code v} and one column {@code v}, and no garbage
 *       collection rule: every version stays until an operator adds one (e.g. a maximum age on
 *       {@code _STREAMING} tables).
 *   <li><b>The row key is the key bytes</b>, as written.
 *   <li><b>A version is a cell</b>: its timestamp is the version's ts in microseconds ({@code
 *       tsMillis * 1000}, the millisecond granularity Bigtable tables use by default), its value
 *       the value bytes. Writing the same key and ts again replaces the cell, which makes puts
 *       idempotent. Since every mutation carries its timestamp (never "server time"), the client
 *       may and does retry failed ones.
 * </ul>
 *
 * <h2>Why tables and cell versions</h2>
 *
 * <p>Timestamps as cell versions keep every version of a key in one row, so a batched read of many
 * keys is one {@code ReadRows} call per dataset (per thousand keys) with a filter: {@code
 * cellsPerColumn(1)} for the latest version, a timestamp range for {@code afterTsMillis}. Bigtable
 * returns cells newest first, the order the SPI promises. A timestamp suffix on the row key would
 * make each key's versions a row range instead, and "the latest version" a separate limited scan
 * per key: no single call could answer a batch.
 *
 * <p>A table per dataset keeps datasets apart in every respect that matters operationally: a
 * dataset can get its own garbage collection rule, be dropped or restored alone, and a read of a
 * dataset never created fails with Bigtable's {@code NOT_FOUND} instead of silently finding
 * nothing. The cost is Bigtable's limit of 1,000 tables per instance, i.e. about 500 GroupBys (each
 * has a {@code _BATCH} and a {@code _STREAMING} dataset) per instance; a row-key prefix in one
 * shared table would lift it but lose the per-dataset rules and the missing-dataset error.
 */
package org.chrononbeam.kv.bigtable;
