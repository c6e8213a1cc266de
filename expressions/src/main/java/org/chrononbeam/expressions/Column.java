package org.chrononbeam.expressions;

import java.io.Serializable;
import java.util.Objects;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * One column of a {@link RowSchema}: a name and a Chronon type.
 *
 * <p>The Java value a row holds for a column depends on its kind: {@code Boolean}, {@code Byte},
 * {@code Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double} and {@code String}
 * for the scalar kinds; a {@code Long} of epoch milliseconds (UTC) for {@code TIMESTAMP}; an
 * {@code Integer} of days since 1970-01-01 for {@code DATE}; a {@code java.util.List} for {@code
 * LIST} and a {@code java.util.Map} for {@code MAP}, whose elements follow the same rules. An
 * expression may index a list or map of scalars ({@code a[0]}, {@code m['key']}), take its {@code
 * size}, test it for {@code NULL} or pass it through; a {@code STRUCT}, a {@code BINARY} value or
 * a nested collection it may only test for {@code NULL}, size or pass through. Any value may be
 * {@code null}.
 *
 * <pre>{@code
 * Column ts = Column.of("ts", DataKind.LONG);
 * }</pre>
 *
 * @param name the column's name; expressions match it case-insensitively
 * @param type its type; the kind decides how expressions may use it
 */
public record Column(String name, TDataType type) implements Serializable {

  /** Checks both parts and keeps a copy of the type. */
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(type.getKind(), "type.kind");
    type = type.deepCopy();
  }

  /** A column of a kind without parameters: any but {@code LIST}, {@code MAP}, {@code STRUCT}. */
  public static Column of(String name, DataKind kind) {
    return new Column(name, new TDataType(kind));
  }

  /** The kind of {@link #type()}. */
  public DataKind kind() {
    return type.getKind();
  }

  /** The kind of a {@code LIST} column's elements, without copying the type; null for others. */
  public DataKind elementKind() {
    return type.getKind() == DataKind.LIST ? type.getParams().get(0).getDataType().getKind() : null;
  }

  /** A copy of the type: the record holds a mutable Thrift struct. */
  @Override
  public TDataType type() {
    return type.deepCopy();
  }
}
