package org.chrononbeam.transforms.source;

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
 * Keys rows by some of their columns ({@link KeyBytes}) and packs the rows of one key within a
 * bundle into one {@link RowChunk}: {@code KV<keyBytes, chunk>}, so a shuffle moves a few columnar
 * chunks per key instead of one element per row. A key's rows may come in several chunks (one per
 * bundle, and more when a bundle holds over {@value #MAX_BUFFERED_VALUES} values, rows times
 * columns: the buffer is then emptied, which bounds its memory). Rows with a null key column are dropped, or with {@link
 * #withNullKeys()} kept under the empty key {@link #NULL_KEY} (no key encodes to it).
 *
 * <pre>{@code
 * PCollection<KV<byte[], RowChunk>> byUser =
 *     rows.apply(KeyedChunks.by(schema, KeyedRows.indices(schema, List.of("user_id"))));
 * }</pre>
 *
 * <p>Rows must be in the global window (as {@link SourceRead} outputs them): the chunks emitted
 * at the end of a bundle are.
 */
public final class KeyedChunks
    extends PTransform<PCollection<Object[]>, PCollection<KV<byte[], RowChunk>>> {

  /** The key of rows with a null key column, under {@link #withNullKeys()}. */
  public static final byte[] NULL_KEY = new byte[0];

  /**
   * Values (rows × columns) buffered by one DoFn instance before it emits its chunks early: about
   * 150 MB of numeric columns (a {@code long} or {@code double} and a null flag each), 2^22 rows of
   * 4 columns. Fewer, larger chunks per key mean fewer records for the runner to sort in the
   * shuffle: at 10M events over 100K keys, 2^20 rows gave about ten chunks per key.
   */
  static final int MAX_BUFFERED_VALUES = 1 << 24;

  private final RowSchema schema;
  private final int[] keyIndices;
  private final boolean keepNullKeys;

  private KeyedChunks(RowSchema schema, int[] keyIndices, boolean keepNullKeys) {
    this.schema = schema;
    this.keyIndices = keyIndices;
    this.keepNullKeys = keepNullKeys;
  }

  /** Keys rows of {@code schema} by the columns at {@code keyIndices} (see {@link KeyedRows}). */
  public static KeyedChunks by(RowSchema schema, int[] keyIndices) {
    if (schema == null || keyIndices == null || keyIndices.length == 0) {
      throw new IllegalArgumentException("rows need a schema and at least one key column");
    }
    for (int index : keyIndices) {
      if (index < 0 || index >= schema.size()) {
        throw new IllegalArgumentException(
            "key index " + index + " is not a column of " + schema.names());
      }
    }
    return new KeyedChunks(schema, keyIndices.clone(), false);
  }

  /** Keeps rows with a null key column, under {@link #NULL_KEY}. */
  public KeyedChunks withNullKeys() {
    return new KeyedChunks(schema, keyIndices, true);
  }

  /**
   * The same packing of rows that come in chunks, without a row object: each chunk's rows are
   * copied column by column into the buffer.
   */
  public PTransform<PCollection<RowChunk>, PCollection<KV<byte[], RowChunk>>> ofChunks() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<byte[], RowChunk>> expand(PCollection<RowChunk> chunks) {
        return chunks
            .apply("PackChunks", ParDo.of(new PackChunksFn(schema, keyIndices, keepNullKeys)))
            .setCoder(KvCoder.of(ByteArrayCoder.of(), RowChunkCoder.of(schema)));
      }
    };
  }

  /** The rows of {@code schema} a packing DoFn buffers before it emits its chunks. */
  static int maxRows(RowSchema schema) {
    return Math.max(1, MAX_BUFFERED_VALUES / schema.size());
  }

  @Override
  public PCollection<KV<byte[], RowChunk>> expand(PCollection<Object[]> rows) {
    return rows.apply("Pack", ParDo.of(new PackFn(schema, keyIndices, keepNullKeys)))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowChunkCoder.of(schema)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    StringBuilder keys = new StringBuilder();
    for (int index : keyIndices) {
      keys.append(keys.length() == 0 ? "" : ",").append(schema.column(index).name());
    }
    builder
        .add(DisplayData.item("keys", keys.toString()).withLabel("Key columns"))
        .add(DisplayData.item("nullKeys", keepNullKeys).withLabel("Keeps null keys"));
  }

  /**
   * Packs its input into a {@link KeyedBuffer}, emitting the buffer's chunks when it is full and at
   * the end of each bundle.
   */
  abstract static class BufferingFn<T> extends DoFn<T, KV<byte[], RowChunk>> {
    private final RowSchema schema;
    private final int[] keyIndices;
    private final boolean keepNullKeys;

    /** The buffer; add to it, then {@link #emitIfFull}. */
    transient KeyedBuffer buffered;

    private transient int maxRows;

    BufferingFn(RowSchema schema, int[] keyIndices, boolean keepNullKeys) {
      this.schema = schema;
      this.keyIndices = keyIndices;
      this.keepNullKeys = keepNullKeys;
    }

    @Setup
    public void setup() {
      buffered = new KeyedBuffer(RowChunk.of(schema), keyIndices, keepNullKeys);
      maxRows = maxRows(schema);
    }

    /** Emits every key's chunk once the buffer is full. */
    void emitIfFull(OutputReceiver<KV<byte[], RowChunk>> out) {
      buffered.emitIfFull(maxRows, out);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      buffered.emitAll(context);
    }
  }

  private static final class PackChunksFn extends BufferingFn<RowChunk> {
    PackChunksFn(RowSchema schema, int[] keyIndices, boolean keepNullKeys) {
      super(schema, keyIndices, keepNullKeys);
    }

    @ProcessElement
    public void process(@Element RowChunk chunk, OutputReceiver<KV<byte[], RowChunk>> out) {
      buffered.addRows(
          chunk.size(),
          (to, first, count) -> {
            chunk.copyTo(to, first);
            return count;
          });
      emitIfFull(out);
    }
  }

  private static final class PackFn extends BufferingFn<Object[]> {
    PackFn(RowSchema schema, int[] keyIndices, boolean keepNullKeys) {
      super(schema, keyIndices, keepNullKeys);
    }

    @ProcessElement
    public void process(@Element Object[] row, OutputReceiver<KV<byte[], RowChunk>> out) {
      buffered.add(row);
      emitIfFull(out);
    }
  }
}
