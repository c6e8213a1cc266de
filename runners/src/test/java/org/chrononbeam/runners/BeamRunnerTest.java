package org.chrononbeam.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.junit.jupiter.api.Test;

class BeamRunnerTest {

  @Test
  void eachRunnerGetsItsLocalDefaults() {
    DirectOptions direct = BeamRunner.DIRECT.options(List.of()).as(DirectOptions.class);
    assertEquals(DirectRunner.class, direct.getRunner());
    assertFalse(direct.isEnforceImmutability());
    assertFalse(direct.isEnforceEncodability());

    SparkPipelineOptions spark = BeamRunner.SPARK.options(List.of()).as(SparkPipelineOptions.class);
    assertEquals(SparkRunner.class, spark.getRunner());
    assertEquals("local[*]", spark.getSparkMaster());

    FlinkPipelineOptions flink = BeamRunner.FLINK.options(List.of()).as(FlinkPipelineOptions.class);
    assertEquals(FlinkRunner.class, flink.getRunner());
    assertEquals("[local]", flink.getFlinkMaster());
  }

  @Test
  void givenOptionsReplaceTheDefaultsTheyName() {
    SparkPipelineOptions spark = BeamRunner.SPARK.options(List.of("--sparkMaster=local[2]", "--jobName=nightly"))
        .as(SparkPipelineOptions.class);
    assertEquals("local[2]", spark.getSparkMaster());
    assertEquals("nightly", spark.getJobName());
    assertFalse(spark.getEnableSparkMetricSinks());

    DirectOptions direct = BeamRunner.DIRECT.options(List.of("--enforceImmutability")).as(DirectOptions.class);
    assertTrue(direct.isEnforceImmutability());
    assertFalse(direct.isEnforceEncodability());
  }

  @Test
  void streamingOnFlinkIsInStreamingModeEndsBundlesWithin100MsAndReusesObjectsUnlessTold() {
    FlinkPipelineOptions flink = BeamRunner.FLINK.streamingOptions(List.of())
        .as(FlinkPipelineOptions.class);
    assertEquals("[local]", flink.getFlinkMaster());
    assertTrue(flink.isStreaming());
    assertEquals(100L, flink.getMaxBundleTimeMills());
    assertTrue(flink.getObjectReuse());

    FlinkPipelineOptions told = BeamRunner.FLINK.streamingOptions(
        List.of("--maxBundleTimeMills=1000", "--objectReuse=false")).as(FlinkPipelineOptions.class);
    assertEquals(1000L, told.getMaxBundleTimeMills());
    assertFalse(told.getObjectReuse());

    DirectOptions direct = BeamRunner.DIRECT.streamingOptions(List.of()).as(DirectOptions.class);
    assertFalse(direct.isEnforceImmutability());
  }

  @Test
  void batchJobsOnFlinkRunOneInstancePerCoreUnlessTold() {
    FlinkPipelineOptions flink = BeamRunner.FLINK.batchOptions(List.of()).as(FlinkPipelineOptions.class);
    assertEquals("[local]", flink.getFlinkMaster());
    assertEquals(
        Math.min(Runtime.getRuntime().availableProcessors(), BeamRunner.MAX_DEFAULT_PARALLELISM),
        flink.getParallelism());

    FlinkPipelineOptions told = BeamRunner.FLINK.batchOptions(List.of("--parallelism=1"))
        .as(FlinkPipelineOptions.class);
    assertEquals(1, told.getParallelism());

    assertEquals(-1, BeamRunner.FLINK.streamingOptions(List.of()).as(FlinkPipelineOptions.class)
        .getParallelism());
    SparkPipelineOptions spark = BeamRunner.SPARK.batchOptions(List.of()).as(SparkPipelineOptions.class);
    assertEquals("local[*]", spark.getSparkMaster());
  }

  @Test
  void theRunnerIsNotABeamOptionAndArgumentsMustBeOptions() {
    assertThrows(IllegalArgumentException.class, () -> BeamRunner.SPARK.options(List.of("--runner=FlinkRunner")));
    assertThrows(IllegalArgumentException.class, () -> BeamRunner.DIRECT.options(List.of("stray")));
  }
}
