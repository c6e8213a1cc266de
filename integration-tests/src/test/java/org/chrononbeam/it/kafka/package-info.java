/**
 * A real Kafka broker for tests ({@link org.chrononbeam.it.kafka.EmbeddedKafka}: one KRaft node,
 * broker and controller, in the test JVM on loopback) and the streaming tests that run against it:
 * Beam's KafkaIO reads a topic, decodes and projects its messages, and writes the GroupBy's
 * {@code _STREAMING} values, which the fetcher then reads. Nothing of Kafka is mocked.
 */
package org.chrononbeam.it.kafka;
