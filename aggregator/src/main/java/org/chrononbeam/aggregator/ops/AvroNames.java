package org.chrononbeam.aggregator.ops;

import org.chrononbeam.api.TDataType;

/**
 * Avro names derived from Chronon types, so records whose shape depends on an input type (e.g.
 * {@code Timed_long}) get one name per shape and never clash inside one schema.
 */
final class AvroNames {

  private AvroNames() {}

  /** {@code long}, {@code list_string}, {@code map_list_double}, ... */
  static String of(TDataType type) {
    switch (type.getKind()) {
      case LIST:
        return "list_" + of(DataTypes.elementType(type));
      case MAP:
        return "map_" + of(DataTypes.mapValueType(type));
      default:
        return type.getKind().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
