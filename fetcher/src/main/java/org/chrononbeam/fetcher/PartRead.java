package org.chrononbeam.fetcher;

import java.util.Map;

/**
 * The planned reads of one GroupBy for one key: where its responses are in the fetch call's
 * {@link BatchedReads}.
 *
 * @param keys the key columns' normalized values
 * @param keyBytes the encoded key (the array the reads hold; not to be modified)
 * @param atMillis the query time
 * @param batchRead the index of the {@code _BATCH} read
 * @param streamingRead the index of the {@code _STREAMING} range read, or -1 when none is needed
 */
record PartRead(
    Map<String, Object> keys, byte[] keyBytes, long atMillis, int batchRead, int streamingRead) {}
