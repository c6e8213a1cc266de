package org.chrononbeam.kv.beam;

import java.util.Objects;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;

/**
 * Writes a {@code PCollection<PutRequest>} to the KV store a spec names:
 *
 * <pre>{@code
 * uploadRows
 *     .apply(MapElements.into(TypeDescriptor.of(PutRequest.class))
 *         .via(row -> new PutRequest(row.key(), row.value(), "TEAM_X_V1_BATCH", batchEndMillis)))
 *     .apply(KvStoreWrite.to("bigtable:my-project/my-instance"));
 * }</pre>
 *
 * <p>Each worker opens the store once per {@code DoFn} instance, groups the puts of a bundle into
 * {@link KvStore#multiPut} calls of {@link #withBatchSize batchSize} (default {@value
 * #DEFAULT_BATCH_SIZE}), keeps at most {@link #withMaxBatchesInFlight maxBatchesInFlight} (default
 * {@value #DEFAULT_MAX_BATCHES_IN_FLIGHT}) of them in flight, and finishes the bundle only when all
 * are stored. A failed put fails the bundle; the runner retries it, which is safe because puts are
 * idempotent. Puts go out as they come, which suits puts that write a cell only ever with one
 * value (uploads, streaming rows: a replayed put is the same put); a step that puts a cell again
 * with a new value writes its own puts in order ({@link PutBatches#lastPutOfEachCellWins}, as the
 * tile step does). The datasets must exist ({@link KvStore#create}) before the pipeline runs. The
 * store's module ({@code kv-embedded}, {@code kv-bigtable} or {@code kv-mongo}) must be on the
 * workers' class path.
 *
 * <p>The output is an empty {@code PCollection<Void>} whose windows complete only once every put of
 * theirs is stored: a signal for {@link org.apache.beam.sdk.transforms.Wait#on}, to write
 * something only after these puts (the upload writes its serving info after its values so):
 *
 * <pre>{@code
 * PCollection<Void> valuesWritten = values.apply("Values", KvStoreWrite.to(spec));
 * servingInfo
 *     .apply(Wait.on(valuesWritten))
 *     .apply("ServingInfo", KvStoreWrite.to(spec));
 * }</pre>
 */
public final class KvStoreWrite extends PTransform<PCollection<PutRequest>, PCollection<Void>> {

  /** The puts per {@code multiPut} call unless {@link #withBatchSize} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  /**
   * The {@code multiPut} calls in flight per {@code DoFn} unless {@link #withMaxBatchesInFlight}
   * says otherwise.
   */
  public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 4;

  private static final long serialVersionUID = 1L;

  private final String spec;
  private final int batchSize;
  private final int maxBatchesInFlight;

  private KvStoreWrite(String spec, int batchSize, int maxBatchesInFlight) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.maxBatchesInFlight = maxBatchesInFlight;
  }

  /**
   * A sink to the store {@code spec} names ({@code scheme:location}, see {@link KvStores}).
   *
   * @throws IllegalArgumentException if the spec has no scheme
   */
  public static KvStoreWrite to(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.indexOf(':') <= 0) {
      throw new IllegalArgumentException(
          "a KV store spec is scheme:location, e.g. embedded:/tmp/chronon-kv; found '"
              + spec
              + "'");
    }
    return new KvStoreWrite(spec, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCHES_IN_FLIGHT);
  }

  /** Sends {@code batchSize} (> 0) puts per {@code multiPut} call. */
  public KvStoreWrite withBatchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, found " + batchSize);
    }
    return new KvStoreWrite(spec, batchSize, maxBatchesInFlight);
  }

  /**
   * Keeps at most {@code maxBatchesInFlight} (> 0) {@code multiPut} calls in flight per {@code
   * DoFn}.
   */
  public KvStoreWrite withMaxBatchesInFlight(int maxBatchesInFlight) {
    if (maxBatchesInFlight <= 0) {
      throw new IllegalArgumentException(
          "maxBatchesInFlight must be > 0, found " + maxBatchesInFlight);
    }
    return new KvStoreWrite(spec, batchSize, maxBatchesInFlight);
  }

  @Override
  public PCollection<Void> expand(PCollection<PutRequest> input) {
    return input
        .apply("PutToKvStore", ParDo.of(new PutFn(spec, batchSize, maxBatchesInFlight)))
        .setCoder(VoidCoder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("store", redacted(spec)).withLabel("KV store"))
        .add(DisplayData.item("batchSize", batchSize).withLabel("Puts per multiPut"))
        .add(
            DisplayData.item("maxBatchesInFlight", maxBatchesInFlight)
                .withLabel("multiPut calls in flight"));
  }

  /** The spec with any {@code user:password@} of a URI replaced, for display. */
  static String redacted(String spec) {
    return spec.replaceAll("//[^/@]*@", "//***@");
  }

  /** Buffers a bundle's puts into batches and waits for them before the bundle ends. */
  private static final class PutFn extends DoFn<PutRequest, Void> {

    private static final long serialVersionUID = 1L;

    private final String spec;
    private final int batchSize;
    private final int maxBatchesInFlight;
    private transient KvStore store;
    private transient PutBatches batches;

    PutFn(String spec, int batchSize, int maxBatchesInFlight) {
      this.spec = spec;
      this.batchSize = batchSize;
      this.maxBatchesInFlight = maxBatchesInFlight;
    }

    @Setup
    public void setup() {
      store = KvStores.open(spec);
    }

    @StartBundle
    public void startBundle() {
      batches = new PutBatches(store, batchSize, maxBatchesInFlight, false);
    }

    @ProcessElement
    public void processElement(@Element PutRequest put) {
      batches.add(put);
    }

    @FinishBundle
    public void finishBundle() {
      batches.finish();
    }

    @Teardown
    public void teardown() {
      if (store != null) {
        store.close();
      }
    }
  }
}
