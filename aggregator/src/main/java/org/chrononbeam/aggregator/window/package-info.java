/**
 * Windows over time: resolution, hops, the sawtooth and the online form.
 *
 * <p>Terms used here (times are epoch milliseconds UTC):
 *
 * <ul>
 *   <li><b>window</b> of length {@code w} at query time {@code q}: the events with {@code
 *       floor(q - w, hop) <= ts < q}. The end is exclusive (an event at exactly {@code q} is not
 *       in it) and the tail is rounded down to the hop. No window means every event before {@code
 *       q};
 *   <li><b>hop</b> (tail hop): the granularity the tail of a window moves by, chosen by {@link
 *       org.chrononbeam.aggregator.window.Resolution}: 1 day for windows of 12 days or more, 1 hour
 *       for 12 hours or more, else 5 minutes; SNAPSHOT accuracy takes whole-day windows and hops
 *       by 1 day. A hop of size {@code h} is the interval {@code [k h, (k + 1) h)};
 *   <li><b>hop IR</b>: the row IR of the events of one hop;
 *   <li><b>sawtooth</b>: a window whose tail jumps by a hop while its head follows {@code q}
 *       continuously; {@link org.chrononbeam.aggregator.window.SawtoothAggregator} evaluates it at
 *       many query times in one pass;
 *   <li><b>batch end</b>: the exclusive end of batch data (Chronon: the day after the last
 *       partition, 00:00 UTC); a <b>batch IR</b> holds the collapsed IRs and tail hops as of it;
 *   <li><b>tile</b>: a row IR of the events of one tumbling window of the smallest tail hop,
 *       written by streaming and merged at fetch time.
 * </ul>
 */
package org.chrononbeam.aggregator.window;
