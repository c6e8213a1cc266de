package org.chrononbeam.transforms.source;

import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.expressions.RowSchema;

/**
 * Keys rows by some of their columns: {@code KV<keyBytes, row>}, the in-flight form of GroupBy
 * inputs, where the key is {@link KeyBytes} of the key columns (compact, deterministic, equal for
 * equal values of any integral type) and the row is unchanged. Rows with a null in any key column
 * are dropped: a null key matches nothing.
 *
 * <pre>{@code
 * PCollection<KV<byte[], Object[]>> byUser =
 *     rows.apply(KeyedRows.by(schema, List.of("user_id")));
 * }</pre>
 */
public final class KeyedRows
    extends PTransform<PCollection<Object[]>, PCollection<KV<byte[], Object[]>>> {

  private final RowSchema schema;
  private final List<String> keyColumns;

  private KeyedRows(RowSchema schema, List<String> keyColumns) {
    this.schema = schema;
    this.keyColumns = keyColumns;
  }

  /**
   * Keys rows of {@code schema} by {@code keyColumns}.
   *
   * @throws IllegalArgumentException if there are no key columns or one is not in the schema
   */
  public static KeyedRows by(RowSchema schema, List<String> keyColumns) {
    indices(schema, keyColumns);
    return new KeyedRows(schema, List.copyOf(keyColumns));
  }

  /** The positions of {@code keyColumns} in {@code schema}. */
  public static int[] indices(RowSchema schema, List<String> keyColumns) {
    if (schema == null || keyColumns == null || keyColumns.isEmpty()) {
      throw new IllegalArgumentException("rows need a schema and at least one key column");
    }
    int[] indices = new int[keyColumns.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = schema.indexOf(keyColumns.get(i));
      if (indices[i] < 0) {
        throw new IllegalArgumentException(
            "key column " + keyColumns.get(i) + " is not among the columns " + schema.names());
      }
    }
    return indices;
  }

  @Override
  public PCollection<KV<byte[], Object[]>> expand(PCollection<Object[]> rows) {
    return rows.apply("KeyBy" + keyColumns, ParDo.of(new KeyFn(indices(schema, keyColumns))))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), ValuesCoder.of(schema)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("keys", String.join(",", keyColumns)).withLabel("Key columns"));
  }

  private static final class KeyFn extends DoFn<Object[], KV<byte[], Object[]>> {
    private final int[] indices;

    KeyFn(int[] indices) {
      this.indices = indices;
    }

    @ProcessElement
    public void process(@Element Object[] row, OutputReceiver<KV<byte[], Object[]>> out) {
      byte[] key = KeyBytes.of(row, indices);
      if (key != null) {
        out.output(KV.of(key, row));
      }
    }
  }
}
