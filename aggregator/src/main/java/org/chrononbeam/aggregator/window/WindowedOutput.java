package org.chrononbeam.aggregator.window;

/** One output column: column {@code column} of a row aggregator over one window. */
public record WindowedOutput(int column, WindowSpec window) {}
