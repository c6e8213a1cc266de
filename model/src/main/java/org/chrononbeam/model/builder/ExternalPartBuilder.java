package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.ExternalPart;
import org.chrononbeam.api.ExternalSource;

/**
 * Builds an {@link ExternalPart}: an external source fetched for each join request, with the
 * request columns that feed its keys and an optional prefix.
 *
 * <pre>{@code
 * ExternalPartBuilder.of(payments).keyMapping("buyer_id", "user_id").prefix("buyer");
 * }</pre>
 */
public final class ExternalPartBuilder {

  private final ExternalSource source;
  private final Map<String, String> keyMapping = new LinkedHashMap<>();
  private String prefix;

  private ExternalPartBuilder(ExternalSource source) {
    this.source = StructCopy.of(requireNonNull(source, "external source"));
  }

  /** A part fetching {@code source}, which is copied. */
  public static ExternalPartBuilder of(ExternalSource source) {
    return new ExternalPartBuilder(source);
  }

  /** Feeds the source's key {@code sourceKey} from the request column {@code leftColumn}. */
  public ExternalPartBuilder keyMapping(String leftColumn, String sourceKey) {
    requireText(leftColumn, "left column of a key mapping");
    requireText(sourceKey, "source key of a key mapping");
    List<String> keys = source.isSetKeySchema() && source.getKeySchema().isSetParams()
        ? source.getKeySchema().getParams().stream().map(DataField::getName).toList()
        : List.of();
    if (!keys.contains(sourceKey)) {
      throw new IllegalArgumentException("'" + sourceKey + "' is not a key of external source "
          + (source.isSetMetadata() ? source.getMetadata().getName() : "(unnamed)") + "; its keys are " + keys);
    }
    putNew(keyMapping, leftColumn, sourceKey, "left column of a key mapping");
    return this;
  }

  /** Prefixes the part's output columns, to fetch one source for several entities. */
  public ExternalPartBuilder prefix(String prefix) {
    this.prefix = requireText(prefix, "external part prefix");
    return this;
  }

  /** Returns a new {@link ExternalPart} of what was given so far. */
  public ExternalPart build() {
    ExternalPart part = new ExternalPart().setSource(StructCopy.of(source)).setPrefix(prefix);
    if (!keyMapping.isEmpty()) {
      part.setKeyMapping(new LinkedHashMap<>(keyMapping));
    }
    return part;
  }
}
