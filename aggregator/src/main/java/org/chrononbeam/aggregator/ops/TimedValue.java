package org.chrononbeam.aggregator.ops;

/** A value with the epoch-millisecond timestamp it was seen at: an element of a FIRST_K / LAST_K IR. */
public record TimedValue(long ts, Object value) {}
