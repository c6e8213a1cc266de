/**
 * Integration tests that run real pipelines on the runners the project ships with (Direct, Spark,
 * Flink), in local mode, on the classpath the {@code chronon-beam-runners} module resolves to.
 */
package org.chrononbeam.it;
