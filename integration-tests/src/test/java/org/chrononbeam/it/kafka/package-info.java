/**
 * The streaming tests against a real Kafka broker (test-kafka's {@code EmbeddedKafka}: one KRaft
 * node, broker and controller, in the test JVM on loopback): Beam's KafkaIO reads a topic, decodes
 * and projects its messages, and writes the GroupBy's {@code _STREAMING} values, which the fetcher
 * then reads. Nothing of Kafka is mocked.
 */
package org.chrononbeam.it.kafka;
