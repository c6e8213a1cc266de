package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.addNew;
import static org.chrononbeam.model.builder.ArgumentChecks.requireNonNull;
import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chrononbeam.api.DataField;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * Data types for the schemas of external sources, shaped as Chronon's Python {@code DataType}
 * writes them. Each call returns a new {@link TDataType}.
 *
 * <pre>{@code
 * DataTypes.of(DataKind.LONG);
 * DataTypes.list(DataTypes.of(DataKind.DOUBLE));
 * DataTypes.map(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.LONG));
 * DataTypes.struct("Address", DataTypes.field("city", DataTypes.of(DataKind.STRING)));
 * }</pre>
 */
public final class DataTypes {

  private static final Set<DataKind> NESTED = EnumSet.of(DataKind.LIST, DataKind.MAP, DataKind.STRUCT);

  private DataTypes() {}

  /** A primitive type; use {@link #list}, {@link #map} or {@link #struct} for nested ones. */
  public static TDataType of(DataKind kind) {
    requireNonNull(kind, "data kind");
    if (NESTED.contains(kind)) {
      throw new IllegalArgumentException(kind + " has parameters; use DataTypes."
          + kind.name().toLowerCase(java.util.Locale.ROOT) + "(...)");
    }
    return new TDataType(kind);
  }

  /** A list of {@code elementType}. */
  public static TDataType list(TDataType elementType) {
    return new TDataType(DataKind.LIST).setParams(new ArrayList<>(List.of(field("elem", elementType))));
  }

  /** A map from {@code keyType}, which Chronon requires to be STRING, to {@code valueType}. */
  public static TDataType map(TDataType keyType, TDataType valueType) {
    requireNonNull(keyType, "map key type");
    if (keyType.getKind() != DataKind.STRING) {
      throw new IllegalArgumentException("a map's key type must be STRING, was " + keyType.getKind());
    }
    return new TDataType(DataKind.MAP)
        .setParams(new ArrayList<>(List.of(field("key", keyType), field("value", valueType))));
  }

  /** A struct named {@code name} with {@code fields}, in order; field names must differ. */
  public static TDataType struct(String name, DataField... fields) {
    return struct(name, List.of(requireNonNull(fields, "struct fields")));
  }

  /** A struct named {@code name} with {@code fields}, in order; field names must differ. */
  public static TDataType struct(String name, List<DataField> fields) {
    requireText(name, "struct name");
    Set<String> names = new HashSet<>();
    List<DataField> copies = new ArrayList<>();
    for (DataField field : requireNonNull(fields, "struct fields")) {
      addNew(names, requireNonNull(field, "struct field").getName(), "field of struct " + name);
      copies.add(StructCopy.of(field));
    }
    return new TDataType(DataKind.STRUCT).setParams(copies).setName(name);
  }

  /** A named field of a struct. */
  public static DataField field(String name, TDataType type) {
    return new DataField()
        .setName(requireText(name, "field name"))
        .setDataType(StructCopy.of(requireNonNull(type, "type of field " + name)));
  }
}
