/**
 * Chronon's operations as an engine-free algebra.
 *
 * <p>Terms used here:
 *
 * <ul>
 *   <li><b>input</b>: one non-null value of an aggregation's input column (an element, when the
 *       column is a list or a map value; nulls are skipped before they reach an operation);
 *   <li><b>IR</b> (intermediate result): the mergeable state of an operation over a set of inputs;
 *       {@code null} stands for the empty set, whose output is NULL for every operation;
 *   <li><b>prepare / update / merge / finalize / clone</b>: start an IR from one input, add an
 *       input, combine two IRs, produce the output, deep-copy; <b>delete</b> removes an input and
 *       exists only for SUM, COUNT, AVERAGE and HISTOGRAM;
 *   <li><b>normalized IR</b>: the IR in Avro's generic form under the operation's IR schema, the
 *       form stored in KV stores and tiles.
 * </ul>
 *
 * <p>Deletions leave a non-null IR even when they cancel every insert: such a "deleted-to-zero"
 * IR finalizes to 0 for COUNT and SUM, to NULL for AVERAGE (no values to average) and to an empty
 * map for HISTOGRAM. Only an IR that never saw an input is NULL.
 *
 * <p>{@link org.chrononbeam.aggregator.ops.AggregatorFactory} maps an {@code Operation} and input
 * type to its {@link org.chrononbeam.aggregator.ops.Aggregator}.
 */
package org.chrononbeam.aggregator.ops;
