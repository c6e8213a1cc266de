/**
 * Chronon's naming rules, each in one place: everything that names a table, a column, a KV dataset
 * or a KV key calls these classes rather than building the string itself.
 *
 * <ul>
 *   <li>{@link org.chrononbeam.model.naming.TableNames}: a config's <em>sanitized name</em> (every
 *       character other than {@code [A-Za-z0-9_]} becomes {@code _}) and its output table {@code
 *       <outputNamespace>.<sanitized name>}.
 *   <li>{@link org.chrononbeam.model.naming.OutputColumns}: an aggregation's parts and their column
 *       names, a GroupBy's and a Join's output columns, and how derivations reshape them.
 *   <li>{@link org.chrononbeam.model.naming.KvLayout}: the KV datasets a GroupBy writes and the keys
 *       of the metadata store.
 * </ul>
 *
 * <p>An <em>aggregation part</em> is one output column of an {@code Aggregation}: the aggregation
 * restricted to one of its windows and at most one of its buckets. A <em>feature column</em> of a
 * Join is a GroupBy output column with the join part's prefix and the GroupBy's sanitized name in
 * front.
 */
package org.chrononbeam.model.naming;
