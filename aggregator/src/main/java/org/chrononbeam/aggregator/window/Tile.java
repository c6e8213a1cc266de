package org.chrononbeam.aggregator.window;

/**
 * A streaming tile: the row IR of one key's events in the tumbling window {@code [start, start +
 * size)}, where size is the GroupBy's smallest tail hop. The IR array is shared, not copied.
 */
public record Tile(long start, Object[] irs) {}
