package org.chrononbeam.aggregator.window;

/**
 * One key's batch IRs as one query reads them: per output, the collapsed IR of a {@link BatchIr}
 * merged with the tail hops its window holds at {@code atMillis}, the part of the window's value
 * that {@link OnlineAggregator#finalizedAt(BatchPart, org.chrononbeam.aggregator.row.RowColumns)}
 * completes with the streaming events (e.g. decoded straight from the stored bytes by {@code
 * BatchIrCodec.batchPartAt}). The IRs belong to the one query: finalizing updates them in place.
 *
 * @param batchEnd exclusive end of the batch data, epoch ms
 * @param atMillis the query time
 * @param irs one IR per output (null for no events)
 */
public record BatchPart(long batchEnd, long atMillis, Object[] irs) {}
