package org.chrononbeam.model;

import java.util.List;
import java.util.Objects;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Source;

/**
 * The accuracy a GroupBy is computed with, as Chronon infers it when {@code accuracy} is unset.
 *
 * <p>An explicit {@code accuracy} wins. Otherwise a GroupBy is {@link Accuracy#TEMPORAL} when any
 * of its sources has a streaming topic ({@link SourceFields#topic}: an events source's {@code topic}, an
 * entities source's {@code mutationTopic}, a join source's left topic), and {@link
 * Accuracy#SNAPSHOT} when none has.
 *
 * <pre>{@code
 * if (InferredAccuracy.of(groupBy) == Accuracy.SNAPSHOT) {
 *   // whole-day windows, one row per key and day
 * }
 * }</pre>
 */
public final class InferredAccuracy {

  private InferredAccuracy() {}

  /** The GroupBy's {@code accuracy} when set, else TEMPORAL if a source has a topic, else SNAPSHOT. */
  public static Accuracy of(GroupBy groupBy) {
    if (groupBy.isSetAccuracy()) {
      return groupBy.getAccuracy();
    }
    List<Source> sources = groupBy.isSetSources() ? groupBy.getSources() : List.of();
    boolean streamed = sources.stream()
        .filter(Objects::nonNull)
        .anyMatch(source -> SourceFields.topic(source).isPresent());
    return streamed ? Accuracy.TEMPORAL : Accuracy.SNAPSHOT;
  }
}
