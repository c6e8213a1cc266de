/**
 * Test support: random rows with controlled null rate, duplicate and boundary timestamps; a naive
 * brute-force reference of every operation, input shape and window; and the comparison rules
 * (exact, relative tolerance for floating sums and moments, documented error for sketches).
 */
package org.chrononbeam.aggregator.testing;
