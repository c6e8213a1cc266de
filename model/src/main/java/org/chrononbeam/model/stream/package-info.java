/**
 * Decoding a stream's messages into rows: the {@link org.chrononbeam.model.stream.StreamDecoder}
 * SPI (Chronon's {@code Api.streamDecoder}) and its built-in JSON, CSV and Avro decoders. No Beam,
 * no Kafka: the streaming transforms, tests and tools share it.
 *
 * <h2>Terms</h2>
 *
 * <dl>
 *   <dt>stream schema
 *   <dd>The Avro record schema of a topic's rows, declared by the GroupBy (see {@link
 *       org.chrononbeam.model.stream.StreamDeclaration}). Its fields are the columns the source's
 *       {@code Query} reads, exactly as a warehouse table's Avro schema is for a backfill.
 *   <dt>mutation
 *   <dd>One decoded message: the row before and the row after a change ({@link
 *       org.chrononbeam.model.stream.Mutation}). An event is an insert (no before); an entity
 *       update has both; a delete has no after.
 *   <dt>decode failure
 *   <dd>A message a decoder cannot turn into a mutation of the stream schema: not the format,
 *       a missing required field, a value of the wrong type. It is a {@link
 *       org.chrononbeam.model.stream.DecodeException} whose message is the reason; a decoder never
 *       drops a message silently.
 * </dl>
 */
package org.chrononbeam.model.stream;
