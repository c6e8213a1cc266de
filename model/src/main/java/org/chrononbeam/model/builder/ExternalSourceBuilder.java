package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.putNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireJsonObject;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.ExternalSource;
import org.chrononbeam.api.ExternalSourceFactoryConfig;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.TDataType;

/**
 * Builds an {@link ExternalSource}: values served at fetch time by a handler registered under the
 * source's name, or, for the contextual source, values passed in with the request and logged.
 *
 * <pre>{@code
 * ExternalSource payments = ExternalSourceBuilder.create("payments_service", "risk")
 *     .keyField("user_id", DataKind.LONG)
 *     .valueField("open_disputes", DataKind.INT)
 *     .build();
 * ExternalSource context = ExternalSourceBuilder.contextual()
 *     .keyField("request_amount", DataKind.DOUBLE)
 *     .build();
 * }</pre>
 *
 * <p>As in Chronon's Python API, the key and value schemas are structs named {@code
 * ext_<name>_keys} and {@code ext_<name>_values}; a contextual source's values are its keys, in
 * structs named {@code contextual_keys} and {@code contextual_values}.
 */
public final class ExternalSourceBuilder {

  /** The name reserved for the contextual source. */
  public static final String CONTEXTUAL = "contextual";

  /** The team compile.py gives the contextual source when none is given. */
  public static final String DEFAULT_CONTEXTUAL_TEAM = "default";

  private final String name;
  private final String team;
  private final Map<String, TDataType> keyFields = new LinkedHashMap<>();
  private final Map<String, TDataType> valueFields = new LinkedHashMap<>();
  private String customJson;
  private ExternalSourceFactoryConfig factory;
  private GroupBy offlineGroupBy;

  private ExternalSourceBuilder(String name, String team) {
    this.name = name;
    this.team = requireText(team, "team of external source " + name);
  }

  /** A source served by the handler registered as {@code name}, owned by {@code team}. */
  public static ExternalSourceBuilder create(String name, String team) {
    requireText(name, "external source name");
    if (CONTEXTUAL.equals(name)) {
      throw new IllegalArgumentException("'contextual' is reserved; use ExternalSourceBuilder.contextual()");
    }
    return new ExternalSourceBuilder(name, team);
  }

  /** The contextual source of team {@value #DEFAULT_CONTEXTUAL_TEAM}. */
  public static ExternalSourceBuilder contextual() {
    return contextual(DEFAULT_CONTEXTUAL_TEAM);
  }

  /** The contextual source: request values that are logged and usable in derivations. */
  public static ExternalSourceBuilder contextual(String team) {
    return new ExternalSourceBuilder(CONTEXTUAL, team);
  }

  /** Adds a key field of a primitive kind. */
  public ExternalSourceBuilder keyField(String field, DataKind kind) {
    return keyField(field, DataTypes.of(kind));
  }

  /** Adds a key field (for the contextual source, a context field). */
  public ExternalSourceBuilder keyField(String field, TDataType type) {
    putNew(keyFields, requireText(field, "key field"), StructCopy.of(requireNonNull(type, "type of " + field)),
        "key field");
    return this;
  }

  /** Adds a value field of a primitive kind. */
  public ExternalSourceBuilder valueField(String field, DataKind kind) {
    return valueField(field, DataTypes.of(kind));
  }

  /** Adds a value field; the contextual source has none of its own. */
  public ExternalSourceBuilder valueField(String field, TDataType type) {
    if (CONTEXTUAL.equals(name)) {
      throw new IllegalArgumentException("the contextual source's values are its keys; use keyField");
    }
    putNew(valueFields, requireText(field, "value field"), StructCopy.of(requireNonNull(type, "type of " + field)),
        "value field");
    return this;
  }

  /** Free-form JSON kept in the source's metadata; it must parse as a JSON object. */
  public ExternalSourceBuilder customJson(String json) {
    this.customJson = requireJsonObject(json, "custom JSON");
    return this;
  }

  /** The factory that creates the source's handler, with its parameters. */
  public ExternalSourceBuilder factory(String factoryName, Map<String, String> params) {
    requireNonNull(params, "factory parameters");
    factory = new ExternalSourceFactoryConfig()
        .setFactoryName(requireText(factoryName, "factory name"))
        .setFactoryParams(new LinkedHashMap<>(params));
    return this;
  }

  /** A GroupBy that provides the source's values offline; without it they are null offline. */
  public ExternalSourceBuilder offlineGroupBy(GroupBy groupBy) {
    offlineGroupBy = StructCopy.of(requireNonNull(groupBy, "offline group-by"));
    return this;
  }

  /** Returns a new {@link ExternalSource} of what was given so far. */
  public ExternalSource build() {
    boolean contextual = CONTEXTUAL.equals(name);
    String schemaPrefix = contextual ? CONTEXTUAL : "ext_" + name;
    ExternalSource source = new ExternalSource()
        .setMetadata(new MetaData().setName(name).setTeam(team).setCustomJson(customJson))
        .setKeySchema(DataTypes.struct(schemaPrefix + "_keys", fields(keyFields)))
        .setValueSchema(DataTypes.struct(schemaPrefix + "_values", fields(contextual ? keyFields : valueFields)));
    if (factory != null) {
      source.setFactoryConfig(StructCopy.of(factory));
    }
    if (offlineGroupBy != null) {
      source.setOfflineGroupBy(StructCopy.of(offlineGroupBy));
    }
    return source;
  }

  private static List<DataField> fields(Map<String, TDataType> fields) {
    return fields.entrySet().stream().map(e -> DataTypes.field(e.getKey(), e.getValue())).toList();
  }
}
