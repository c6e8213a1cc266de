/**
 * Staging queries: Spark SQL over warehouse tables, written as a table partitioned by {@code ds}.
 *
 * <pre>{@code
 * StagingQuery conf = (StagingQuery) ConfigFiles.load(path).config();
 * StagingQueryRun.Summary summary =
 *     StagingQueryRun.of(conf, Warehouse.at("./warehouse"))
 *         .run("2023-12-07", Optional.empty(), pipelineOptions);
 * }</pre>
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>staging query
 *   <dd>A {@code StagingQuery} config: {@code metaData} (name, {@code outputNamespace}), {@code
 *       query} (one Spark SQL {@code SELECT}), {@code startPartition}, {@code setups} and {@code
 *       createView}. Its output table is {@code <outputNamespace>.<name with non-alphanumerics as
 *       _>} ({@link org.chrononbeam.model.naming.TableNames#outputTable}).
 *   <dt>end date
 *   <dd>The last partition a run fills, given by the caller ({@code chronon backfill --end-date}).
 *       It is the value of {@code {{ latest_date }}}.
 *   <dt>range
 *   <dd>The partitions a run computes, {@code [start, end]}, the values of {@code {{ start_date }}}
 *       and {@code {{ end_date }}}. Fill what is missing: on the first run (no output partition
 *       yet) the range starts at {@code startPartition}, later at the day after the latest output
 *       partition; given a start date, a run recomputes {@code [start date, end date]} whatever
 *       exists. A range that would start after the end date means the output is complete. A missing
 *       partition before the latest one is not filled (Chronon fills such holes); give a start date
 *       to recompute it.
 *   <dt>macros
 *   <dd>{@code {{ start_date }}}, {@code {{ end_date }}}, {@code {{ latest_date }}} and {@code {{
 *       max_date(table=ns.t) }}} (the latest partition of {@code ns.t}); their rules live in {@link
 *       org.chrononbeam.transforms.staging.StagingQueryMacros}.
 *   <dt>output rows
 *   <dd>The query's result needs a {@code ds} column: a {@code yyyy-MM-dd} string (a {@code DATE}
 *       is formatted as one), never {@code NULL}. Each distinct {@code ds} in the range is one
 *       output partition, replaced as a whole; rows whose {@code ds} falls outside the range are
 *       dropped and counted ({@link org.chrononbeam.transforms.staging.StagingQueryRun.Summary}). A
 *       day the result has no rows for gets no partition, so the next run computes it again. Other
 *       columns need plain names (alias computed columns) and scalar types: booleans, integers
 *       ({@code TINYINT} to {@code INTEGER} stored as Avro {@code int}), {@code BIGINT}, {@code
 *       REAL}, {@code DOUBLE} (and {@code DECIMAL}, as a double), strings and bytes; each is stored
 *       nullable.
 * </dl>
 *
 * <h2>Engine: Calcite in one JVM</h2>
 *
 * <p>A staging query is arbitrary SQL: joins, {@code GROUP BY}, window functions, {@code UNION},
 * subqueries. It is planned by {@link org.chrononbeam.expressions.SparkQueryPlanner}, which shares
 * the expressions module's parser settings, Spark function table and Spark-semantics rewrites (so
 * {@code /} is double division, {@code NULL} for a zero divisor, {@code concat}, {@code
 * from_unixtime}, {@code to_date}, {@code date_add}, {@code date_sub}, {@code IF}, {@code
 * coalesce}, backticks and {@code ==} behave as in Spark, and string {@code ds} values compare as
 * strings), and run by Calcite's own engine (the Enumerable convention) in the JVM that calls
 * {@link org.chrononbeam.transforms.staging.StagingQueryRun#run}. Each table the query names
 * ({@code namespace.name}) is a Calcite table reading the warehouse's Parquet files directly,
 * partition by partition; a condition on {@code ds} alone, such as {@code ds BETWEEN '{{ start_date
 * }}' AND '{{ end_date }}'}, prunes the partitions read. The result rows are collected and written
 * with {@link org.chrononbeam.transforms.warehouse.WarehouseIO#write} by a small Beam pipeline on
 * the caller's runner, which gives the warehouse's layout and its atomic per-partition swap.
 *
 * <p>Why not Beam transforms: translating arbitrary SQL to Beam means Beam SQL, which vendors
 * another Calcite (without Spark's functions) and adds about 90 MB; a hand-written translation
 * would have to cover all of SQL. Running Calcite directly reuses the Spark semantics the feature
 * expressions already have, and gives identical results whichever runner writes them.
 *
 * <p>Limits: the query runs on one machine. Scans stream, but joins, aggregations, sorts and window
 * functions hold their inputs in memory, and the result rows are held in memory and travel into the
 * writing pipeline as its input, so inputs and output must fit the JVM's heap (staging queries are
 * typically a filter or a roll-up of a few days). {@code setups} (Spark statements such as {@code
 * CREATE TEMPORARY FUNCTION}) and {@code createView} are rejected: there are no Spark UDFs and the
 * warehouse has no views. A window function's result keeps the type Calcite gives it.
 */
package org.chrononbeam.transforms.staging;
