package org.chrononbeam.model.stream;

import org.apache.avro.generic.GenericRecord;

/**
 * One decoded stream message, as Chronon's {@code Mutation}: the row before and the row after a
 * change, both records of the decoder's {@linkplain StreamDecoder#schema() stream schema}.
 *
 * <ul>
 *   <li>an event, or an entity insert: {@code before} null, {@code after} the row;
 *   <li>an entity update: both rows;
 *   <li>an entity delete: {@code before} the row, {@code after} null.
 * </ul>
 *
 * <pre>{@code
 * Mutation m = decoder.decode(bytes);
 * if (m.isInsert()) { ... m.after() ... }
 * }</pre>
 *
 * @param before the row the change removes, or null
 * @param after the row the change adds, or null
 */
public record Mutation(GenericRecord before, GenericRecord after) {

  /** Checks that at least one of the rows is present. */
  public Mutation {
    if (before == null && after == null) {
      throw new IllegalArgumentException("a mutation has a before row, an after row or both");
    }
  }

  /** An event or insert of {@code row}. */
  public static Mutation insert(GenericRecord row) {
    return new Mutation(null, row);
  }

  /** Whether this adds a row and removes none (every event is an insert). */
  public boolean isInsert() {
    return before == null;
  }
}
