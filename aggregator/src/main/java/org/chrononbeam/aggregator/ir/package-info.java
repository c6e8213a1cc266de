/**
 * Avro binary forms of IRs, so batch writers, streaming writers and the fetcher exchange them
 * through a KV store byte-compatibly.
 *
 * <p>Terms used here: a <b>normalized IR</b> is an operation's IR in Avro's generic form (see
 * {@code Aggregator.normalize}); a <b>row IR</b> record has one nullable field per column; a
 * <b>batch IR</b> is the collapsed IRs per output plus the tail hop IRs; a <b>tile</b> is the row
 * IR of one tumbling window. Encodings are plain Avro binary with no header: the schema is
 * derived from the GroupBy's aggregations and input schema, so reader and writer must build the
 * same ones. Golden files under {@code src/test/resources/golden} pin the bytes.
 */
package org.chrononbeam.aggregator.ir;
