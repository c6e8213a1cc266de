package org.chrononbeam.aggregator.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.api.DataKind;

/**
 * The reference output of one {@link ColumnSpec} over a list of rows: nulls skipped, lists
 * flattened or taken position by position, maps taken per key, rows grouped by bucket, then
 * {@link NaiveOperation} per group.
 */
public final class NaiveColumn {

  private NaiveColumn() {}

  /** The reference output over {@code rows} (already restricted to the window). */
  public static Object evaluate(InputSchema schema, ColumnSpec spec, List<? extends Row> rows) {
    int input = schema.indexOf(spec.input());
    if (spec.bucket() == null) {
      return evaluateShape(schema, spec, rows);
    }
    int bucket = schema.indexOf(spec.bucket());
    Map<String, List<Row>> byBucket = new HashMap<>();
    for (Row row : rows) {
      if (row.get(input) != null && row.get(bucket) != null) {
        byBucket.computeIfAbsent(row.get(bucket).toString(), b -> new ArrayList<>()).add(row);
      }
    }
    Map<String, Object> outputs = new HashMap<>();
    for (Map.Entry<String, List<Row>> entry : byBucket.entrySet()) {
      Object output = evaluateShape(schema, spec, entry.getValue());
      if (output != null) {
        outputs.put(entry.getKey(), output);
      }
    }
    return outputs.isEmpty() ? null : outputs;
  }

  private static Object evaluateShape(InputSchema schema, ColumnSpec spec, List<? extends Row> rows) {
    int input = schema.indexOf(spec.input());
    DataKind kind = schema.typeOf(spec.input()).getKind();
    if (spec.elementWise()) {
      List<List<NaiveOperation.Input>> byPosition = new ArrayList<>();
      for (Row row : rows) {
        Object value = row.get(input);
        if (value == null) {
          continue;
        }
        int position = 0;
        for (Object element : (Collection<?>) value) {
          if (element != null) {
            while (byPosition.size() <= position) {
              byPosition.add(new ArrayList<>());
            }
            byPosition.get(position).add(new NaiveOperation.Input(row.ts(), element, row.isBefore()));
          }
          position++;
        }
      }
      if (byPosition.isEmpty()) {
        return null;
      }
      List<Object> outputs = new ArrayList<>();
      for (List<NaiveOperation.Input> inputs : byPosition) {
        outputs.add(evaluateOperation(spec, inputs));
      }
      return outputs;
    }
    if (kind == DataKind.MAP) {
      Map<String, List<NaiveOperation.Input>> byKey = new HashMap<>();
      for (Row row : rows) {
        Object value = row.get(input);
        if (value == null) {
          continue;
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          if (entry.getValue() != null) {
            byKey.computeIfAbsent(entry.getKey().toString(), key -> new ArrayList<>())
                .add(new NaiveOperation.Input(row.ts(), entry.getValue(), row.isBefore()));
          }
        }
      }
      if (byKey.isEmpty()) {
        return null;
      }
      Map<String, Object> outputs = new HashMap<>();
      for (Map.Entry<String, List<NaiveOperation.Input>> entry : byKey.entrySet()) {
        outputs.put(entry.getKey(), evaluateOperation(spec, entry.getValue()));
      }
      return outputs;
    }
    List<NaiveOperation.Input> inputs = new ArrayList<>();
    for (Row row : rows) {
      Object value = row.get(input);
      if (value == null) {
        continue;
      }
      if (kind == DataKind.LIST) {
        for (Object element : (Collection<?>) value) {
          if (element != null) {
            inputs.add(new NaiveOperation.Input(row.ts(), element, row.isBefore()));
          }
        }
      } else {
        Object scalar = value instanceof byte[] ? ByteBuffer.wrap((byte[]) value) : value;
        inputs.add(new NaiveOperation.Input(row.ts(), scalar, row.isBefore()));
      }
    }
    return evaluateOperation(spec, inputs);
  }

  private static Object evaluateOperation(ColumnSpec spec, List<NaiveOperation.Input> inputs) {
    boolean deletes = inputs.stream().anyMatch(NaiveOperation.Input::deleted);
    return deletes
        ? NaiveOperation.evaluateWithDeletes(spec.operation(), spec.args(), inputs)
        : NaiveOperation.evaluate(spec.operation(), spec.args(), inputs);
  }
}
