package org.chrononbeam.aggregator.row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.TDataType;

/**
 * The names and types of the columns a {@link Row} carries, in index order: what the aggregation
 * inputs, buckets and their types are resolved against.
 */
public record InputSchema(List<String> names, List<TDataType> types) {

  /** Checks the two lists have the same length and copies them. */
  public InputSchema {
    if (names.size() != types.size()) {
      throw new IllegalArgumentException("names and types differ in length");
    }
    names = List.copyOf(names);
    types = List.copyOf(types);
  }

  /** The columns of an ordered map (e.g. a {@code LinkedHashMap}), in its iteration order. */
  public static InputSchema of(Map<String, TDataType> columns) {
    return new InputSchema(new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()));
  }

  /** The index of column {@code name}. */
  public int indexOf(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + names);
    }
    return index;
  }

  /** The type of column {@code name}. */
  public TDataType typeOf(String name) {
    return types.get(indexOf(name));
  }
}
