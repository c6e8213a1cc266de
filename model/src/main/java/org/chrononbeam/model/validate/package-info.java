/**
 * Checks that a loaded config is one Chronon would run, reporting every problem at once.
 *
 * <p>{@link org.chrononbeam.model.validate.ConfigValidator} is the entry point: it walks a GroupBy,
 * Join or StagingQuery, including every nested config (join parts, label parts, external parts'
 * offline GroupBys, and the joins of chaining sources), and reports each problem as one {@link
 * org.chrononbeam.model.ConfigError} naming the top-level config and the <em>field path</em> from its
 * root, such as {@code joinParts[0].groupBy.aggregations[1].argMap.k}: dot-separated field names, a
 * list index in brackets, a map entry as {@code .<key>}.
 *
 * <p>An <em>error</em> is a config Chronon rejects or cannot run. A <em>warning</em> is one Chronon's
 * compiler accepts (its own sample configs rely on it) but that fails or misbehaves at run time.
 */
package org.chrononbeam.model.validate;
