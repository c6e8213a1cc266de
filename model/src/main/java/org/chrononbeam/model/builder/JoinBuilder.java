package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.addNew;
import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requirePercent;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;
import static org.chrononbeam.model.builder.ArgumentChecks.requireTexts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.BootstrapPart;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.ExternalPart;
import org.chrononbeam.api.ExternalSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.LabelPart;
import org.chrononbeam.api.Source;

/**
 * Builds a {@link Join}: point-in-time correct features of GroupBys (and, online, external
 * sources) for every row of the left source.
 *
 * <pre>{@code
 * Join training = JoinBuilder.create("quickstart.training_set.v1")
 *     .left(Sources.events("data.checkouts").select("user_id", "ts").timeColumn("ts"))
 *     .part(purchases)
 *     .part(JoinPartBuilder.of(users).keyMapping("buyer_id", "user_id").prefix("buyer"))
 *     .derivation("spend_ratio", "quickstart_purchases_v1_purchase_price_sum_3d / 100")
 *     .online(true)
 *     .team("quickstart")
 *     .build();
 * }</pre>
 *
 * <p>Like compile.py, the builder writes {@code online: 0}, {@code production: 0}, {@code
 * samplePercent: 100.0} and {@code offlineSchedule: "@daily"} unless told otherwise, and always
 * writes {@code joinParts}, as {@code []} for a join of external parts only.
 *
 * <p>Every struct given to the builder is copied, and {@link #build()} returns a new struct each
 * time, so later changes to either side never reach a built config.
 */
public final class JoinBuilder extends MetaDataClauses<JoinBuilder> {

  /** The share of online requests compile.py logs unless told otherwise. */
  public static final double DEFAULT_SAMPLE_PERCENT = 100.0;

  private final List<JoinPart> parts = new ArrayList<>();
  private final List<ExternalPart> externalParts = new ArrayList<>();
  private final List<BootstrapPart> bootstrapParts = new ArrayList<>();
  private final List<String> rowIds = new ArrayList<>();
  private final List<Derivation> derivations = new ArrayList<>();
  private final Map<String, List<String>> skewKeys = new LinkedHashMap<>();
  private Source left;
  private LabelPart labelPart;

  private JoinBuilder(String name) {
    super(name);
    metaData()
        .setOnline(false)
        .setProduction(false)
        .setSamplePercent(DEFAULT_SAMPLE_PERCENT)
        .setOfflineSchedule(DEFAULT_OFFLINE_SCHEDULE);
  }

  /** Starts a Join named {@code name}, conventionally {@code <team>.<file>.<variable>}. */
  public static JoinBuilder create(String name) {
    return new JoinBuilder(name);
  }

  /** The left source, whose rows (keys and timestamps) the features are computed for. */
  public JoinBuilder left(SourceBuilder<?> left) {
    return left(requireNonNull(left, "left source").build());
  }

  /** The left source, which is copied. */
  public JoinBuilder left(Source left) {
    this.left = StructCopy.of(requireNonNull(left, "left source"));
    return this;
  }

  /** Joins {@code groupBy} on the left columns named as its keys. */
  public JoinBuilder part(GroupBy groupBy) {
    return part(JoinPartBuilder.of(groupBy));
  }

  /** Joins a GroupBy with a key mapping or prefix. */
  public JoinBuilder part(JoinPartBuilder part) {
    return part(requireNonNull(part, "join part").build());
  }

  /** Joins a GroupBy as described by {@code part}, which is copied. */
  public JoinBuilder part(JoinPart part) {
    parts.add(StructCopy.of(requireNonNull(part, "join part")));
    return this;
  }

  /** Fetches {@code source} online for each request, keyed by the columns named as its keys. */
  public JoinBuilder externalPart(ExternalSource source) {
    return externalPart(ExternalPartBuilder.of(source));
  }

  /** Fetches an external source online with a key mapping or prefix. */
  public JoinBuilder externalPart(ExternalPartBuilder part) {
    externalParts.add(requireNonNull(part, "external part").build());
    return this;
  }

  /** Overrides computed values with the values of a bootstrap table. */
  public JoinBuilder bootstrapPart(BootstrapPartBuilder part) {
    bootstrapParts.add(requireNonNull(part, "bootstrap part").build());
    return this;
  }

  /** Adds labels, joined to past left rows once they are known. */
  public JoinBuilder labelPart(LabelPartBuilder part) {
    labelPart = requireNonNull(part, "label part").build();
    return this;
  }

  /** The left columns that identify a row, on which bootstrap parts are matched. */
  public JoinBuilder rowIds(String... columns) {
    for (String column : requireTexts(columns, "row id column")) {
      addNew(rowIds, column, "row id column");
    }
    return this;
  }

  /** Adds an output column computed by the Spark SQL {@code expression}; {@code ("*", "*")} keeps the raw columns. */
  public JoinBuilder derivation(String name, String expression) {
    derivations.add(Derivations.of(name, expression));
    return this;
  }

  /** Drops left rows whose {@code leftColumn} holds one of {@code values} (SQL literals). */
  public JoinBuilder skewKeys(String leftColumn, String... values) {
    putNew(skewKeys, requireText(leftColumn, "skew key column"),
        new ArrayList<>(List.of(requireTexts(values, "skew key value"))), "skew key column");
    return this;
  }

  /** The percentage of online requests whose features are logged. */
  public JoinBuilder samplePercent(double percent) {
    metaData().setSamplePercent(requirePercent(percent, "sample percent"));
    return this;
  }

  /** Whether the online-offline consistency job runs. */
  public JoinBuilder consistencyCheck(boolean check) {
    metaData().setConsistencyCheck(check);
    return this;
  }

  /** The percentage of logged requests the consistency job compares. */
  public JoinBuilder consistencySamplePercent(double percent) {
    metaData().setConsistencySamplePercent(requirePercent(percent, "consistency sample percent"));
    return this;
  }

  /** Whether a backfill fills the whole history (default) or only the latest partition. */
  public JoinBuilder historicalBackfill(boolean historical) {
    metaData().setHistoricalBackfill(historical);
    return this;
  }

  /**
   * Returns a new {@link Join} of what was given so far.
   *
   * @throws IllegalStateException if no left source was given
   */
  public Join build() {
    if (left == null) {
      throw new IllegalStateException("Join " + metaData().getName() + " needs a left source");
    }
    Join join = new Join()
        .setMetaData(buildMetaData())
        .setLeft(StructCopy.of(left))
        .setJoinParts(StructCopy.ofEach(parts));
    if (!skewKeys.isEmpty()) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      skewKeys.forEach((column, values) -> copy.put(column, new ArrayList<>(values)));
      join.setSkewKeys(copy);
    }
    if (!externalParts.isEmpty()) {
      join.setOnlineExternalParts(StructCopy.ofEach(externalParts));
    }
    if (labelPart != null) {
      join.setLabelPart(StructCopy.of(labelPart));
    }
    if (!bootstrapParts.isEmpty()) {
      join.setBootstrapParts(StructCopy.ofEach(bootstrapParts));
    }
    if (!rowIds.isEmpty()) {
      join.setRowIds(new ArrayList<>(rowIds));
    }
    if (!derivations.isEmpty()) {
      join.setDerivations(StructCopy.ofEach(derivations));
    }
    return join;
  }
}
