/**
 * A real Kafka broker for tests and benchmarks: {@link
 * org.chrononbeam.testing.kafka.EmbeddedKafka}, one KRaft node (broker and controller) in the
 * caller's JVM on loopback, from Maven Central's Kafka jars.
 */
package org.chrononbeam.testing.kafka;
