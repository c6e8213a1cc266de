package org.chrononbeam.aggregator.window;

import org.chrononbeam.aggregator.ops.ScalarIrs;

/**
 * A {@link BatchPart} held in primitive slots ({@link OnlineAggregator#scalarPart}), for
 * aggregations whose operations are all scalar numeric ones: slot {@code o} of {@code irs} is the
 * IR of output {@code o}. The IRs belong to the one query: finalizing updates them in place.
 *
 * @param batchEnd exclusive end of the batch data, epoch ms
 * @param atMillis the query time
 * @param ranges the query's {@link OnlineAggregator#tailHopRanges}
 * @param irs one slot per output
 */
public record ScalarPart(long batchEnd, long atMillis, long[] ranges, ScalarIrs irs) {}
