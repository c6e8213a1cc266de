package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNegative;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.List;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.LabelPart;
import org.chrononbeam.api.MetaData;

/**
 * Builds a {@link LabelPart}: labels joined to past left rows once they are known. Each label job
 * for {@code label_ds} refreshes the left rows from {@code label_ds - leftStartOffset} to {@code
 * label_ds - leftEndOffset} days.
 *
 * <pre>{@code
 * LabelPartBuilder.create()
 *     .label(JoinPartBuilder.of(fraudLabels))
 *     .leftOffsets(30, 10)
 *     .offlineSchedule("@weekly");
 * }</pre>
 *
 * <p>The label part's metadata is written only when a schedule or dependencies are given.
 */
public final class LabelPartBuilder {

  private final List<JoinPart> labels = new ArrayList<>();
  private final List<String> dependencies = new ArrayList<>();
  private Integer leftStartOffset;
  private Integer leftEndOffset;
  private String offlineSchedule;

  private LabelPartBuilder() {}

  /** Starts an empty label part. */
  public static LabelPartBuilder create() {
    return new LabelPartBuilder();
  }

  /** Adds the labels of {@code groupBy}, joined on keys of the same name. */
  public LabelPartBuilder label(GroupBy groupBy) {
    return label(JoinPartBuilder.of(groupBy));
  }

  /** Adds the labels of a join part. */
  public LabelPartBuilder label(JoinPartBuilder part) {
    labels.add(requireNonNull(part, "label part").build());
    return this;
  }

  /**
   * The window of left dates each label job refreshes, in days before the label date; {@code
   * startOffset >= endOffset >= 0}.
   */
  public LabelPartBuilder leftOffsets(int startOffset, int endOffset) {
    requireNonNegative(startOffset, "left start offset");
    requireNonNegative(endOffset, "left end offset");
    if (startOffset < endOffset) {
      throw new IllegalArgumentException("the left start offset (" + startOffset
          + " days before the label date) must not be later than the end offset (" + endOffset + ")");
    }
    leftStartOffset = startOffset;
    leftEndOffset = endOffset;
    return this;
  }

  /** The cron expression or preset of the label job. */
  public LabelPartBuilder offlineSchedule(String schedule) {
    offlineSchedule = requireText(schedule, "label offline schedule");
    return this;
  }

  /** Adds upstream dependencies of the label job, each a string as compile.py writes it. */
  public LabelPartBuilder dependencies(String... dependencies) {
    this.dependencies.addAll(List.of(requireTexts(dependencies, "label dependency")));
    return this;
  }

  /**
   * Returns a new {@link LabelPart} of what was given so far.
   *
   * @throws IllegalStateException if no label or no offsets were given
   */
  public LabelPart build() {
    if (labels.isEmpty()) {
      throw new IllegalStateException("a label part needs at least one label");
    }
    if (leftStartOffset == null) {
      throw new IllegalStateException("a label part needs its left offsets");
    }
    LabelPart part = new LabelPart()
        .setLabels(StructCopy.ofEach(labels))
        .setLeftStartOffset(leftStartOffset)
        .setLeftEndOffset(leftEndOffset);
    if (offlineSchedule != null || !dependencies.isEmpty()) {
      MetaData metaData = new MetaData().setOfflineSchedule(offlineSchedule);
      if (!dependencies.isEmpty()) {
        metaData.setDependencies(new ArrayList<>(dependencies));
      }
      part.setMetaData(metaData);
    }
    return part;
  }
}
