package org.chrononbeam.model.avro;

/**
 * One streamed input row of a GroupBy, as a {@code _STREAMING} value holds it: the event time, the
 * entity-mutation flag and the aggregation input columns of {@link StreamingRowCodec#columns()}.
 * The array is kept, not copied.
 *
 * @param ts event time, epoch milliseconds (also the KV version's timestamp)
 * @param isBefore whether the row is the before-image of an entity mutation (its values are
 *     deleted); always false for events
 * @param values one value per column, in their in-memory form, null allowed
 */
public record StreamingRow(long ts, boolean isBefore, Object[] values) {}
