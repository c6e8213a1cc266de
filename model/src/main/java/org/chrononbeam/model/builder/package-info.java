/**
 * Fluent Java builders for Chronon's configs — GroupBys, Joins and StagingQueries — the Java
 * counterpart of Chronon's Python API. They return the Thrift structs of {@code
 * org.chrononbeam.api}, which {@link org.chrononbeam.model.json.ThriftJson#write} turns into the
 * JSON compile.py writes.
 *
 * <pre>{@code
 * GroupBy purchases = GroupByBuilder.create("quickstart.purchases.v1")
 *     .source(Sources.events("data.purchases")
 *         .select("user_id", "purchase_price")
 *         .timeColumn("ts")
 *         .startPartition("2023-11-01"))
 *     .keys("user_id")
 *     .aggregation(Aggregations.of("purchase_price", Operation.SUM)
 *         .windows(Windows.days(3), Windows.days(14)))
 *     .aggregation(Aggregations.lastK("purchase_price", 10))
 *     .online(true)
 *     .outputNamespace("data")
 *     .team("quickstart")
 *     .build();
 *
 * Join training = JoinBuilder.create("quickstart.training_set.v1")
 *     .left(Sources.events("data.checkouts").select("user_id", "ts").timeColumn("ts"))
 *     .part(JoinPartBuilder.of(purchases).keyMapping("buyer_id", "user_id").prefix("buyer"))
 *     .team("quickstart")
 *     .build();
 *
 * String json = ThriftJson.write(training);
 * }</pre>
 *
 * <h2>Terms</h2>
 * <ul>
 *   <li>A <em>source</em> is events (immutable facts in a ds-partitioned table and, for realtime,
 *       a topic), entities (daily snapshots and their mutations) or a join's output (chaining).
 *   <li>A <em>window</em> bounds an aggregation in time ({@code Windows.days(7)}); none means all
 *       time.
 *   <li>A <em>join part</em> is a GroupBy joined to the left rows; its <em>key mapping</em> maps
 *       left columns to GroupBy keys and its <em>prefix</em> names its columns apart.
 * </ul>
 *
 * <h2>Defaults</h2>
 * The builders write what compile.py writes for every config of a kind, whatever the source or
 * team, and nothing else:
 * <ul>
 *   <li>every query: {@code setups: []} (the IDL default);
 *   <li>every aggregation: {@code argMap}, {@code {}} when the operation takes no argument;
 *   <li>a GroupBy: {@code offlineSchedule: "@daily"};
 *   <li>a Join: {@code online: 0}, {@code production: 0}, {@code samplePercent: 100.0},
 *       {@code offlineSchedule: "@daily"} and {@code joinParts} (possibly {@code []});
 *   <li>a StagingQuery: nothing.
 * </ul>
 * compile.py also writes values that it derives from outside the config or from Python-only
 * arguments: {@code customJson} (lag and tags), {@code dependencies} (one per source table),
 * and {@code tableProperties} and {@code outputNamespace} (from {@code teams.json}). The builders
 * do not guess these; give them with {@code customJson(...)}, {@code dependencies(...)} (see
 * {@link org.chrononbeam.model.builder.Dependencies}), {@code tableProperty(...)} and {@code
 * outputNamespace(...)} when a config must be byte-identical to compile.py's.
 *
 * <h2>Checks and copies</h2>
 * Every method checks its arguments at once and throws an {@link IllegalArgumentException} that
 * names the argument (a non-positive k or window length, a blank column, a key mapping to a column
 * that is not a key, a column selected twice); {@code build()} throws an {@link
 * IllegalStateException} when a required part (a GroupBy's sources and keys, a Join's left side, a
 * StagingQuery's query) is missing. Builders copy the structs they are given and {@code build()}
 * returns a new struct each time, keeping the order of every map, so a built config never shares
 * state with its inputs, its builder or another built config.
 */
package org.chrononbeam.model.builder;
