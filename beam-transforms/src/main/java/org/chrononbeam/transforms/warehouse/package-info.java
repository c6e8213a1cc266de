/**
 * The embedded warehouse: Parquet tables, partitioned by day, that backfills read and write.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>warehouse
 *   <dd>A root folder, given as a local path or as a URI that Beam's {@link
 *       org.apache.beam.sdk.io.FileSystems} understands ({@code gs://bucket/warehouse}, …). The
 *       default is {@value org.chrononbeam.transforms.warehouse.Warehouse#DEFAULT_ROOT}; the
 *       command line overrides it with {@code --warehouse}. See {@link
 *       org.chrononbeam.transforms.warehouse.Warehouse}.
 *   <dt>table
 *   <dd>Named {@code namespace.name}; its data lives under {@code <warehouse>/<namespace>/<name>/}.
 *       A table has no metadata file: its partitions are its {@code ds=} folders and its schema is
 *       the one in its Parquet files' footers. See {@link
 *       org.chrononbeam.transforms.warehouse.TableName}.
 *   <dt>partition
 *   <dd>One day of a table, the folder {@code ds=yyyy-MM-dd} (a UTC date) holding {@code
 *       part-*.parquet} files (Hive style). The {@code ds} value lives in the folder name only,
 *       never inside the files; readers add it back as a string column. A partition is replaced as
 *       a whole, never appended to. See {@link
 *       org.chrononbeam.transforms.warehouse.PartitionDates}.
 *   <dt>{@code ts}
 *   <dd>Event time columns are epoch milliseconds ({@code long}). When a table is imported without
 *       a {@code ds} column, a row's partition is the UTC date of its {@code ts}.
 * </dl>
 *
 * <h2>Rows</h2>
 *
 * <p>Rows are Avro {@link org.apache.avro.generic.GenericRecord}s carried by an {@link
 * org.apache.beam.sdk.extensions.avro.coders.AvroCoder} built from the table's Avro schema. This is
 * Parquet's native row model: {@code parquet-avro} reads and writes it without conversion, the
 * schema stored in each file's footer is exactly the Avro schema that wrote it, and the writer
 * ({@code ParquetSink}, parquet-avro without a dictionary for floating-point columns) takes it as
 * is. The aggregator already states its intermediate results in Avro
 * ({@code AvroForm}), so GroupBy, Join and the KV upload can keep one row model from the warehouse
 * to the store. A Beam {@code Row} is one {@code AvroUtils.toBeamRowStrict} away for schema-aware
 * transforms when one is wanted. Every column except {@code ds} is nullable ({@code ["null", T]});
 * strings read back as {@link java.lang.CharSequence} (Avro's {@code Utf8}), so compare them with
 * {@code toString()}. The backfills write columnar {@link
 * org.chrononbeam.transforms.source.RowChunk}s instead, to the same files, without a record per
 * row ({@code ChunkFileWriter}).
 *
 * <h2>What to use</h2>
 *
 * <ul>
 *   <li>{@link org.chrononbeam.transforms.warehouse.WarehouseIO#read} reads the partitions of a
 *       date range, listing only the folders in range;
 *   <li>{@link org.chrononbeam.transforms.warehouse.WarehouseIO#write} replaces the partitions its
 *       rows fall in, each as a whole, through a staging folder; {@link
 *       org.chrononbeam.transforms.warehouse.WarehouseIO#writeChunks} does the same for chunks;
 *   <li>{@link org.chrononbeam.transforms.warehouse.TableImport} loads a CSV, JSON-lines or Parquet
 *       file into a table ({@code chronon import});
 *   <li>{@link org.chrononbeam.transforms.warehouse.Warehouse} answers questions about tables
 *       outside a pipeline: partitions, latest partition, schema.
 * </ul>
 */
package org.chrononbeam.transforms.warehouse;
