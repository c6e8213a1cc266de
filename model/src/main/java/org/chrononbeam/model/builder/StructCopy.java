package org.chrononbeam.model.builder;

import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TBase;
import org.chrononbeam.model.json.ThriftJson;

/**
 * Deep copies of Thrift structs that keep the iteration order of their maps.
 *
 * <p>The generated copy constructors copy maps into {@link java.util.HashMap}s, which would
 * reorder {@code selects}, {@code keyMapping} or {@code tableProperties} and so change the JSON a
 * config writes. Copying through the JSON codec keeps every map in its order.
 */
final class StructCopy {

  private StructCopy() {}

  /** Returns a deep copy of {@code struct} whose maps iterate in the original order. */
  static <T extends TBase<?, ?>> T of(T struct) {
    return ThriftJson.copy(struct);
  }

  /** Returns a new list of deep copies of {@code structs}. */
  static <T extends TBase<?, ?>> List<T> ofEach(List<T> structs) {
    List<T> copies = new ArrayList<>(structs.size());
    structs.forEach(struct -> copies.add(of(struct)));
    return copies;
  }
}
