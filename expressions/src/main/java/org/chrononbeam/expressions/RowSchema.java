package org.chrononbeam.expressions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chrononbeam.api.DataKind;

/**
 * The ordered columns of the rows a compiled expression reads or writes. A row is an {@code
 * Object[]} holding, at index {@code i}, the value of {@code column(i)} (see {@link Column} for the
 * Java type of each kind). Names are unique regardless of case, as Spark SQL resolves them.
 *
 * <pre>{@code
 * RowSchema events = RowSchema.builder()
 *     .add("user_id", DataKind.STRING)
 *     .add("amount", DataKind.DOUBLE)
 *     .add("ts", DataKind.LONG)
 *     .build();
 * int amount = events.indexOf("AMOUNT"); // 1
 * }</pre>
 */
public final class RowSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Column> columns;
  private final Map<String, Integer> indexByName;

  private RowSchema(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.indexByName = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      String key = this.columns.get(i).name().toLowerCase(Locale.ROOT);
      if (indexByName.putIfAbsent(key, i) != null) {
        throw new IllegalArgumentException(
            "duplicate column (names ignore case): " + this.columns.get(i).name());
      }
    }
  }

  /** A schema of these columns, in this order. */
  public static RowSchema of(List<Column> columns) {
    return new RowSchema(columns);
  }

  /** A schema of these columns, in this order. */
  public static RowSchema of(Column... columns) {
    return new RowSchema(List.of(columns));
  }

  /** Starts an empty schema. */
  public static Builder builder() {
    return new Builder();
  }

  /** The columns, in row order. */
  public List<Column> columns() {
    return columns;
  }

  /** The column names, in row order. */
  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** The number of columns: the length of a row. */
  public int size() {
    return columns.size();
  }

  /** The column at {@code index}. */
  public Column column(int index) {
    return columns.get(index);
  }

  /** The index of the column named {@code name}, ignoring case, or -1. */
  public int indexOf(String name) {
    Integer i = indexByName.get(name.toLowerCase(Locale.ROOT));
    return i == null ? -1 : i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowSchema other && columns.equals(other.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return columns.stream().map(c -> c.name() + " " + c.kind()).toList().toString();
  }

  /** Collects columns in order. */
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();

    private Builder() {}

    /** Appends a column of a kind with no parameters. */
    public Builder add(String name, DataKind kind) {
      columns.add(Column.of(name, kind));
      return this;
    }

    /** Appends a column. */
    public Builder add(Column column) {
      columns.add(column);
      return this;
    }

    /** The schema; throws {@link IllegalArgumentException} on a duplicate name. */
    public RowSchema build() {
      return new RowSchema(columns);
    }
  }
}
