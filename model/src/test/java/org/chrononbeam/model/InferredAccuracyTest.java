package org.chrononbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.EntitySource;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinSource;
import org.chrononbeam.api.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InferredAccuracyTest {

  private static Source source(String kind, String topic) {
    return switch (kind) {
      case "events" -> Source.events(new EventSource().setTable("t").setTopic(topic));
      case "entities" -> Source.entities(new EntitySource().setSnapshotTable("t").setMutationTable("m")
          .setMutationTopic(topic));
      case "joinSource" -> Source.joinSource(new JoinSource().setJoin(new Join().setLeft(source("events", topic))));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // sources (kind:topic, ...)        | accuracy | inferred
      "events:-                          | -        | SNAPSHOT",
      "events:clicks                     | -        | TEMPORAL",
      "entities:-                        | -        | SNAPSHOT",
      "entities:user_mutations           | -        | TEMPORAL",
      "joinSource:-                      | -        | SNAPSHOT",
      "joinSource:checkouts              | -        | TEMPORAL",
      "events:-,events:clicks            | -        | TEMPORAL",
      "events:clicks                     | SNAPSHOT | SNAPSHOT",
      "events:-                          | TEMPORAL | TEMPORAL",
  })
  void accuracyIsExplicitOrTemporalWhenASourceHasATopic(String sources, Accuracy accuracy, Accuracy inferred) {
    GroupBy groupBy = new GroupBy().setSources(Arrays.stream(sources.split(","))
        .map(s -> s.split(":"))
        .map(s -> source(s[0], s[1].equals("-") ? null : s[1]))
        .toList());
    if (accuracy != null) {
      groupBy.setAccuracy(accuracy);
    }
    assertEquals(inferred, InferredAccuracy.of(groupBy));
  }

  @Test
  void aGroupByWithoutSourcesIsSnapshot() {
    assertEquals(Accuracy.SNAPSHOT, InferredAccuracy.of(new GroupBy()));
  }

  private static GroupBy sample(String path) {
    return (GroupBy) ConfigFiles.load(ChrononSamples.dir().resolve(path)).config();
  }

  @Test
  void samples() {
    // CHRONON-MODEL.md: no topic and no accuracy, so Chronon infers SNAPSHOT.
    assertEquals(Accuracy.SNAPSHOT, InferredAccuracy.of(sample("group_bys/unit_test/user_inline_group_by")));
    assertEquals(Accuracy.TEMPORAL,
        InferredAccuracy.of(sample("group_bys/sample_team/entity_sample_group_by_from_module.v1")));
    // Chained: the parent join's left events carry a topic.
    assertEquals(Accuracy.TEMPORAL,
        InferredAccuracy.of(sample("group_bys/unit_test/sample_chaining_group_by.chaining_group_by_v1")));
  }
}
