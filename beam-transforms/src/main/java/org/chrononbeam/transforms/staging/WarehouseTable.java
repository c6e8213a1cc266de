package org.chrononbeam.transforms.staging;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexInterpreter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.schema.FilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.NlsString;
import org.chrononbeam.transforms.warehouse.PartitionRows;
import org.chrononbeam.transforms.warehouse.Warehouse;

/**
 * A warehouse table as a Calcite table: its rows in the {@linkplain Warehouse#schema row schema},
 * read partition by partition when the query runs. Conditions on {@code ds} alone that the planner
 * pushes down ({@code ds BETWEEN '2023-12-01' AND '2023-12-07'}, {@code ds = '...'}) prune the
 * partitions read; they are still applied to the rows.
 *
 * <p>Column types: Avro {@code boolean}, {@code int}, {@code long}, {@code float}, {@code double},
 * {@code string} (and enums) and {@code bytes} are {@code BOOLEAN}, {@code INTEGER}, {@code
 * BIGINT}, {@code REAL}, {@code DOUBLE}, {@code VARCHAR} and {@code VARBINARY}; arrays, maps and
 * records are {@code ANY}, which a query can test for {@code NULL} but not write out.
 */
final class WarehouseTable extends AbstractTable implements FilterableTable {

  private final Warehouse warehouse;
  private final String table;
  private final Schema rowSchema;
  private final List<String> partitions;
  private final Set<String> partitionsRead = new TreeSet<>();

  WarehouseTable(Warehouse warehouse, String table) {
    this.warehouse = warehouse;
    this.table = table;
    this.rowSchema = warehouse.schema(table);
    this.partitions = warehouse.partitions(table);
  }

  /** The partitions scans have read so far, oldest first. */
  List<String> partitionsRead() {
    synchronized (partitionsRead) {
      return new ArrayList<>(partitionsRead);
    }
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder row = factory.builder();
    for (Schema.Field field : rowSchema.getFields()) {
      RelDataType type = factory.createSqlType(sqlType(nonNull(field.schema()).getType()));
      row.add(field.name(), factory.createTypeWithNullability(type, true));
    }
    return row.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters) {
    int dsIndex = rowSchema.getField(DS).pos();
    List<RexNode> onDs = new ArrayList<>();
    for (RexNode filter : filters) {
      if (RelOptUtil.InputFinder.bits(filter).equals(ImmutableBitSet.of(dsIndex))) {
        onDs.add(filter);
      }
    }
    List<String> selected = new ArrayList<>();
    for (String ds : partitions) {
      if (onDs.stream().allMatch(filter -> mayHold(filter, ds))) {
        selected.add(ds);
      }
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        synchronized (partitionsRead) {
          partitionsRead.addAll(selected);
        }
        return new RowEnumerator(PartitionRows.open(warehouse, table, selected, rowSchema));
      }
    };
  }

  /**
   * Whether {@code filter}, a condition on {@code ds} alone, may hold for the rows of partition
   * {@code ds}: false only when Calcite's interpreter evaluates it to false with {@code ds} set.
   */
  private static boolean mayHold(RexNode filter, String ds) {
    Map<RexNode, Comparable> values = new HashMap<>();
    filter.accept(
        new RexVisitorImpl<Void>(true) {
          @Override
          public Void visitInputRef(RexInputRef ref) {
            values.put(ref, new NlsString(ds, null, null));
            return null;
          }
        });
    try {
      return !Boolean.FALSE.equals(RexInterpreter.evaluate(filter, values));
    } catch (RuntimeException cannotEvaluate) {
      return true;
    }
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }

  private static SqlTypeName sqlType(Schema.Type type) {
    return switch (type) {
      case BOOLEAN -> SqlTypeName.BOOLEAN;
      case INT -> SqlTypeName.INTEGER;
      case LONG -> SqlTypeName.BIGINT;
      case FLOAT -> SqlTypeName.REAL;
      case DOUBLE -> SqlTypeName.DOUBLE;
      case STRING, ENUM -> SqlTypeName.VARCHAR;
      case BYTES, FIXED -> SqlTypeName.VARBINARY;
      default -> SqlTypeName.ANY;
    };
  }

  /** A value as Calcite's engine holds it: strings as {@code String}, bytes as a byte string. */
  private static Object value(Object avro) {
    if (avro instanceof CharSequence || avro instanceof GenericEnumSymbol<?>) {
      return avro.toString();
    }
    if (avro instanceof ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      return new ByteString(copy);
    }
    if (avro instanceof GenericFixed fixed) {
      return new ByteString(fixed.bytes());
    }
    return avro;
  }

  /** Rows of a {@link PartitionRows} as {@code Object[]}. */
  private static final class RowEnumerator implements Enumerator<Object[]> {
    private final PartitionRows rows;
    private Object[] current;

    RowEnumerator(PartitionRows rows) {
      this.rows = rows;
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (!rows.hasNext()) {
        return false;
      }
      GenericRecord row = rows.next();
      Object[] values = new Object[row.getSchema().getFields().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = value(row.get(i));
      }
      current = values;
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a warehouse scan cannot be restarted");
    }

    @Override
    public void close() {
      try {
        rows.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
