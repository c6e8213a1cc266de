package org.chrononbeam.aggregator.row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.chrononbeam.aggregator.ops.Aggregator;
import org.chrononbeam.aggregator.ops.AggregatorFactory;
import org.chrononbeam.aggregator.ops.AvroForm;
import org.chrononbeam.aggregator.ops.DataTypes;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;

/**
 * One Chronon aggregation of one input column, with at most one bucket column and no window: the
 * unit whose IR a row IR holds. It reads the input from a {@link Row}, skips nulls, unwraps the
 * input's shape and drives the operation's {@link Aggregator}.
 *
 * <p>Shapes: a scalar input feeds the operation directly; a {@code list} input feeds each
 * non-null element; a {@code map<string, X>} input aggregates per map key (IR and output are maps
 * from key to the operation's IR and output); with {@code elementWise} a list input aggregates
 * position by position (IR and output are lists, null where a position saw no input). With a
 * bucket column, each row goes to the IR of its bucket value (rows with a null bucket are skipped)
 * and the output is {@code map<bucket value, output>}.
 *
 * <p>The hot path: a scalar numeric input of an operation with a primitive path (COUNT, SUM,
 * AVERAGE, MIN, MAX, FIRST, LAST, the moments, ...) is read with {@link Row#getLong} or {@link
 * Row#getDouble} and updated through {@link Aggregator#updateLong} or {@link
 * Aggregator#updateDouble}, so nothing is boxed.
 *
 * <p>As in {@link Aggregator}, {@code null} is the IR of no input; {@code update} and {@code
 * merge} may mutate their first argument and return the IR to continue with; no other argument is
 * mutated.
 */
public final class ColumnAggregator {

  private enum Shape { SCALAR, LIST, MAP, ELEMENT_WISE }

  private enum Path { OBJECT, LONG, DOUBLE }

  private final String inputColumn;
  private final Operation operation;
  private final String bucketColumn;
  private final int inputIndex;
  private final int bucketIndex;
  private final Shape shape;
  private final Path path;
  private final Aggregator<Object> aggregator;
  private final TDataType outputType;
  private final Schema irSchema;

  /**
   * Aggregates {@code inputColumn} of {@code schema} with {@code operation} and {@code argMap},
   * optionally per value of {@code bucketColumn} (null for none) and element-wise.
   *
   * @throws IllegalArgumentException if a column is missing or the types do not fit
   */
  public ColumnAggregator(
      InputSchema schema,
      String inputColumn,
      Operation operation,
      Map<String, String> argMap,
      String bucketColumn,
      boolean elementWise) {
    this.inputColumn = inputColumn;
    this.operation = operation;
    this.bucketColumn = bucketColumn;
    this.inputIndex = schema.indexOf(inputColumn);
    this.bucketIndex = bucketColumn == null ? -1 : schema.indexOf(bucketColumn);
    TDataType inputType = schema.typeOf(inputColumn);
    TDataType elementType;
    if (elementWise) {
      if (inputType.getKind() != DataKind.LIST) {
        throw new IllegalArgumentException(
            "elementWise needs a list input, " + inputColumn + " is " + inputType);
      }
      shape = Shape.ELEMENT_WISE;
      elementType = DataTypes.elementType(inputType);
    } else if (inputType.getKind() == DataKind.LIST) {
      shape = Shape.LIST;
      elementType = DataTypes.elementType(inputType);
    } else if (inputType.getKind() == DataKind.MAP) {
      if (DataTypes.mapKeyType(inputType).getKind() != DataKind.STRING) {
        throw new IllegalArgumentException(
            "map inputs need string keys, " + inputColumn + " is " + inputType);
      }
      shape = Shape.MAP;
      elementType = DataTypes.mapValueType(inputType);
    } else {
      shape = Shape.SCALAR;
      elementType = inputType;
    }
    this.aggregator = AggregatorFactory.create(operation, elementType, argMap);
    DataKind elementKind = elementType.getKind();
    boolean integral = DataTypes.isIntegral(elementKind) || elementKind == DataKind.BOOLEAN;
    Path chosen = Path.OBJECT;
    if (shape == Shape.SCALAR) {
      switch (aggregator.primitiveInput()) {
        case LONG:
          chosen = integral ? Path.LONG : Path.OBJECT;
          break;
        case DOUBLE:
          chosen = integral || DataTypes.isFloating(elementKind) ? Path.DOUBLE : Path.OBJECT;
          break;
        default:
          break;
      }
    }
    this.path = chosen;
    TDataType shapedOutput = shaped(aggregator.outputType());
    this.outputType = bucketIndex < 0
        ? shapedOutput
        : DataTypes.mapOf(DataTypes.of(DataKind.STRING), shapedOutput);
    Schema shapedSchema = shapedSchema(aggregator.irSchema());
    this.irSchema = bucketIndex < 0 ? shapedSchema : Schema.createMap(shapedSchema);
  }

  private TDataType shaped(TDataType type) {
    switch (shape) {
      case MAP:
        return DataTypes.mapOf(DataTypes.of(DataKind.STRING), type);
      case ELEMENT_WISE:
        return DataTypes.listOf(type);
      default:
        return type;
    }
  }

  private Schema shapedSchema(Schema schema) {
    switch (shape) {
      case MAP:
        return Schema.createMap(schema);
      case ELEMENT_WISE:
        return Schema.createArray(AvroForm.nullable(schema));
      default:
        return schema;
    }
  }

  /** The input column's name. */
  public String inputColumn() {
    return inputColumn;
  }

  /** The operation. */
  public Operation operation() {
    return operation;
  }

  /** The bucket column, or null. */
  public String bucketColumn() {
    return bucketColumn;
  }

  /** Whether the operation supports deletes (entity mutations). */
  public boolean isDeletable() {
    return aggregator.isDeletable();
  }

  /** The Chronon output type. */
  public TDataType outputType() {
    return outputType;
  }

  /** The Avro schema of {@link #normalize}'s result for a non-null IR. */
  public Schema irSchema() {
    return irSchema;
  }

  /**
   * Adds {@code row} to {@code ir} (or deletes it, when {@code row.isBefore()}); {@code ir} may be
   * mutated. Returns the IR to continue with, still null if the row held no input.
   *
   * @throws UnsupportedOperationException for a deletion on a non-deletable operation
   */
  public Object update(Object ir, Row row) {
    if (row.isNull(inputIndex)) {
      return ir;
    }
    if (bucketIndex < 0) {
      return updateShape(ir, row);
    }
    if (row.isNull(bucketIndex)) {
      return ir;
    }
    String bucket = row.get(bucketIndex).toString();
    @SuppressWarnings("unchecked")
    Map<String, Object> buckets = ir == null ? new HashMap<>() : (Map<String, Object>) ir;
    Object updated = updateShape(buckets.get(bucket), row);
    if (updated != null) {
      buckets.put(bucket, updated);
    }
    return buckets.isEmpty() ? null : buckets;
  }

  /**
   * Whether {@link #inputs} of this column and of {@code other} read the same values from the
   * same rows, so one can serve both: the same scalar input column read the same primitive way,
   * without buckets.
   */
  public boolean sharesInputsWith(ColumnAggregator other) {
    return bucketIndex < 0 && other.bucketIndex < 0
        && shape == Shape.SCALAR && other.shape == Shape.SCALAR
        && path != Path.OBJECT && path == other.path
        && inputIndex == other.inputIndex;
  }

  /**
   * The inputs of this column in {@code rows}, for {@link #update(Object, ColumnInputs, long,
   * long)}: {@link RowColumns#inPlace} where the rows have them, else a copy; {@code rows} must not
   * change while they are in use.
   */
  public ColumnInputs inputs(RowColumns rows) {
    if (bucketIndex >= 0 || shape != Shape.SCALAR || path == Path.OBJECT) {
      return new ColumnInputs(rows.rows());
    }
    ColumnInputs inPlace = rows.inPlace(inputIndex, path == Path.DOUBLE);
    if (inPlace != null) {
      return inPlace;
    }
    int size = rows.size();
    long[] ts = new long[size];
    boolean[] deletes = new boolean[size];
    long[] longs = path == Path.LONG ? new long[size] : null;
    double[] doubles = path == Path.DOUBLE ? new double[size] : null;
    int count = 0;
    for (int r = 0; r < size; r++) {
      if (rows.isNull(r, inputIndex)) {
        continue;
      }
      ts[count] = rows.ts(r);
      deletes[count] = rows.isBefore(r);
      if (longs != null) {
        longs[count] = rows.getLong(r, inputIndex);
      } else {
        doubles[count] = rows.getDouble(r, inputIndex);
      }
      count++;
    }
    return longs != null
        ? ColumnInputs.ofLongs(count, ts, deletes, longs, 0)
        : ColumnInputs.ofDoubles(count, ts, deletes, doubles, 0);
  }

  /**
   * {@link #update(Object, Row)} with each of the rows of {@code inputs} whose timestamp is in
   * {@code [from, until)}, in their order; {@code ir} may be mutated.
   *
   * @throws UnsupportedOperationException for a deletion on a non-deletable operation
   */
  public Object update(Object ir, ColumnInputs inputs, long from, long until) {
    if (inputs.ts == null) {
      List<? extends Row> rows = inputs.rows;
      int size = rows.size();
      for (int r = 0; r < size; r++) {
        Row row = rows.get(r);
        long t = row.ts();
        if (t >= from && t < until) {
          ir = update(ir, row);
        }
      }
      return ir;
    }
    return inputs.doubles != null
        ? aggregator.updateDoubles(ir, inputs.doubles, inputs.offset, inputs.ts, inputs.deletes,
            inputs.count, from, until)
        : aggregator.updateLongs(ir, inputs.longs, inputs.offset, inputs.ts, inputs.deletes,
            inputs.count, from, until);
  }

  private Object updateShape(Object ir, Row row) {
    boolean delete = row.isBefore();
    long ts = row.ts();
    switch (shape) {
      case SCALAR:
        switch (path) {
          case LONG:
            return updateLong(ir, row.getLong(inputIndex), ts, delete);
          case DOUBLE:
            return updateDouble(ir, row.getDouble(inputIndex), ts, delete);
          default:
            return updateValue(ir, row.get(inputIndex), ts, delete);
        }
      case LIST:
        Object result = ir;
        for (Object element : (Collection<?>) row.get(inputIndex)) {
          if (element != null) {
            result = updateValue(result, element, ts, delete);
          }
        }
        return result;
      case MAP:
        @SuppressWarnings("unchecked")
        Map<String, Object> byKey = ir == null ? new HashMap<>() : (Map<String, Object>) ir;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) row.get(inputIndex)).entrySet()) {
          if (entry.getValue() != null) {
            String key = entry.getKey().toString();
            byKey.put(key, updateValue(byKey.get(key), entry.getValue(), ts, delete));
          }
        }
        return byKey.isEmpty() ? null : byKey;
      default:
        @SuppressWarnings("unchecked")
        List<Object> byPosition = ir == null ? new ArrayList<>() : (List<Object>) ir;
        int position = 0;
        for (Object element : (Collection<?>) row.get(inputIndex)) {
          if (element != null) {
            while (byPosition.size() <= position) {
              byPosition.add(null);
            }
            byPosition.set(position, updateValue(byPosition.get(position), element, ts, delete));
          }
          position++;
        }
        return byPosition.isEmpty() ? null : byPosition;
    }
  }

  private Object updateLong(Object ir, long value, long ts, boolean delete) {
    if (delete) {
      return ir == null
          ? aggregator.inversePrepareLong(value, ts)
          : aggregator.deleteLong(ir, value, ts);
    }
    return ir == null ? aggregator.prepareLong(value, ts) : aggregator.updateLong(ir, value, ts);
  }

  private Object updateDouble(Object ir, double value, long ts, boolean delete) {
    if (delete) {
      return ir == null
          ? aggregator.inversePrepareDouble(value, ts)
          : aggregator.deleteDouble(ir, value, ts);
    }
    return ir == null
        ? aggregator.prepareDouble(value, ts)
        : aggregator.updateDouble(ir, value, ts);
  }

  private Object updateValue(Object ir, Object value, long ts, boolean delete) {
    if (delete) {
      return ir == null ? aggregator.inversePrepare(value, ts) : aggregator.delete(ir, value, ts);
    }
    return ir == null ? aggregator.prepare(value, ts) : aggregator.update(ir, value, ts);
  }

  /** Merges {@code other} into {@code ir}; {@code ir} may be mutated, {@code other} is not. */
  public Object merge(Object ir, Object other) {
    return bucketIndex < 0 ? mergeShape(ir, other) : mergeMaps(ir, other, false);
  }

  private Object mergeShape(Object ir, Object other) {
    switch (shape) {
      case SCALAR:
      case LIST:
        if (other == null) {
          return ir;
        }
        return ir == null ? aggregator.clone(other) : aggregator.merge(ir, other);
      case MAP:
        return mergeMaps(ir, other, true);
      default:
        if (other == null) {
          return ir;
        }
        if (ir == null) {
          return cloneShape(other);
        }
        @SuppressWarnings("unchecked")
        List<Object> left = (List<Object>) ir;
        List<?> right = (List<?>) other;
        for (int i = 0; i < right.size(); i++) {
          Object element = right.get(i);
          if (element == null) {
            continue;
          }
          while (left.size() <= i) {
            left.add(null);
          }
          Object current = left.get(i);
          left.set(i, current == null
              ? aggregator.clone(element)
              : aggregator.merge(current, element));
        }
        return left;
    }
  }

  private Object mergeMaps(Object ir, Object other, boolean innermost) {
    if (other == null) {
      return ir;
    }
    if (ir == null) {
      return innermost ? cloneShape(other) : clone(other);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> left = (Map<String, Object>) ir;
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) other).entrySet()) {
      String key = entry.getKey().toString();
      Object current = left.get(key);
      Object merged;
      if (innermost) {
        merged = current == null
            ? aggregator.clone(entry.getValue())
            : aggregator.merge(current, entry.getValue());
      } else {
        merged = mergeShape(current, entry.getValue());
      }
      left.put(key, merged);
    }
    return left;
  }

  /** The output of {@code ir} (null for a null IR); {@code ir} is not mutated. */
  public Object finalize(Object ir) {
    if (ir == null) {
      return null;
    }
    if (bucketIndex < 0) {
      return finalizeShape(ir);
    }
    Map<String, Object> outputs = new HashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
      outputs.put(entry.getKey().toString(), finalizeShape(entry.getValue()));
    }
    return outputs;
  }

  /**
   * Delivers {@link #finalize finalize(ir)} to {@code sink} at {@code (query, output)}; {@code ir}
   * (null for no input: {@link ValueSink#setNull}) is not mutated. Without buckets, a scalar or
   * list input's output goes through the operation's {@link Aggregator#finalizeInto}, unboxed
   * where it is a number or a boolean; the map and list outputs of buckets, map inputs and
   * element-wise aggregation go through {@link ValueSink#setObject}.
   */
  public void finalizeInto(Object ir, ValueSink sink, int query, int output) {
    if (ir == null) {
      sink.setNull(query, output);
    } else if (bucketIndex < 0 && (shape == Shape.SCALAR || shape == Shape.LIST)) {
      aggregator.finalizeInto(ir, sink, query, output);
    } else {
      sink.setObject(query, output, finalize(ir));
    }
  }

  private Object finalizeShape(Object ir) {
    switch (shape) {
      case SCALAR:
      case LIST:
        return aggregator.finalize(ir);
      case MAP:
        Map<String, Object> outputs = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
          outputs.put(entry.getKey().toString(), aggregator.finalize(entry.getValue()));
        }
        return outputs;
      default:
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) ir) {
          list.add(element == null ? null : aggregator.finalize(element));
        }
        return list;
    }
  }

  /** A deep copy of {@code ir}. */
  public Object clone(Object ir) {
    if (ir == null) {
      return null;
    }
    if (bucketIndex < 0) {
      return cloneShape(ir);
    }
    Map<String, Object> copy = new HashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
      copy.put(entry.getKey().toString(), cloneShape(entry.getValue()));
    }
    return copy;
  }

  private Object cloneShape(Object ir) {
    switch (shape) {
      case SCALAR:
      case LIST:
        return aggregator.clone(ir);
      case MAP:
        Map<String, Object> copy = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
          copy.put(entry.getKey().toString(), aggregator.clone(entry.getValue()));
        }
        return copy;
      default:
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) ir) {
          list.add(element == null ? null : aggregator.clone(element));
        }
        return list;
    }
  }

  /** {@code ir} (non-null) as a value of {@link #irSchema()}; {@code ir} is not mutated. */
  public Object normalize(Object ir) {
    if (bucketIndex < 0) {
      return normalizeShape(ir);
    }
    Map<String, Object> normalized = new TreeMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
      normalized.put(entry.getKey().toString(), normalizeShape(entry.getValue()));
    }
    return normalized;
  }

  private Object normalizeShape(Object ir) {
    switch (shape) {
      case SCALAR:
      case LIST:
        return aggregator.normalize(ir);
      case MAP:
        Map<String, Object> normalized = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) ir).entrySet()) {
          normalized.put(entry.getKey().toString(), aggregator.normalize(entry.getValue()));
        }
        return normalized;
      default:
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) ir) {
          list.add(element == null ? null : aggregator.normalize(element));
        }
        return list;
    }
  }

  /**
   * Whether {@link #readIr} reads this column's IRs straight from Avro binary and {@link #writeIr}
   * writes them: without buckets, map or element-wise shape, when the operation reads its own
   * IRs.
   */
  public boolean readsIr() {
    return bucketIndex < 0 && (shape == Shape.SCALAR || shape == Shape.LIST)
        && aggregator.readsIr();
  }

  /**
   * Reads a value of {@link #irSchema()} from {@code in} straight into an IR, equal to {@link
   * #denormalize} of the generic value. Only when {@link #readsIr}.
   */
  public Object readIr(Decoder in) throws IOException {
    return aggregator.readIr(in);
  }

  /**
   * Writes {@code ir} to {@code out} as a value of {@link #irSchema()}, the bytes Avro's generic
   * writer writes for {@link #normalize normalize(ir)}. Only when {@link #readsIr}.
   */
  public void writeIr(Object ir, Encoder out) throws IOException {
    aggregator.writeIr(ir, out);
  }

  /** The inverse of {@link #normalize}; accepts what an Avro generic reader returns. */
  public Object denormalize(Object normalized) {
    if (bucketIndex < 0) {
      return denormalizeShape(normalized);
    }
    Map<String, Object> ir = new HashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) normalized).entrySet()) {
      ir.put(entry.getKey().toString(), denormalizeShape(entry.getValue()));
    }
    return ir;
  }

  private Object denormalizeShape(Object normalized) {
    switch (shape) {
      case SCALAR:
      case LIST:
        return aggregator.denormalize(normalized);
      case MAP:
        Map<String, Object> ir = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) normalized).entrySet()) {
          ir.put(entry.getKey().toString(), aggregator.denormalize(entry.getValue()));
        }
        return ir;
      default:
        List<Object> list = new ArrayList<>();
        for (Object element : (Collection<?>) normalized) {
          list.add(element == null ? null : aggregator.denormalize(element));
        }
        return list;
    }
  }
}
