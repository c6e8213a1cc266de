package org.chrononbeam.transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/** Test tables: writing rows to a warehouse and collecting a pipeline's output rows. */
public final class BackfillTables {

  private static final Map<String, List<Map<String, Object>>> COLLECTED = new ConcurrentHashMap<>();

  private BackfillTables() {}

  /** DirectRunner options without the per-element re-encoding checks. */
  public static PipelineOptions direct() {
    return PipelineOptionsFactory.fromArgs(
            "--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false")
        .create();
  }

  /** Writes {@code rows} (records of {@code schema}, with a string ds) to {@code table}. */
  public static void write(
      Warehouse warehouse, String table, Schema schema, List<GenericRecord> rows) {
    Pipeline pipeline = Pipeline.create(direct());
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(schema)))
        .apply(WarehouseIO.write(warehouse, table));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Runs {@code pipeline} after attaching a collector to {@code rows}; returns them as column maps
   * (strings as {@link String}, lists and maps converted likewise).
   */
  public static List<Map<String, Object>> collect(
      Pipeline pipeline, PCollection<GenericRecord> rows) {
    String id = UUID.randomUUID().toString();
    COLLECTED.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
    rows.apply("Collect", ParDo.of(new CollectFn(id)));
    pipeline.run().waitUntilFinish();
    return new ArrayList<>(COLLECTED.remove(id));
  }

  /** Reads all of {@code table} back as column maps. */
  public static List<Map<String, Object>> readAll(Warehouse warehouse, String table) {
    Pipeline pipeline = Pipeline.create(direct());
    return collect(pipeline, pipeline.apply(WarehouseIO.read(warehouse, table)));
  }

  /** A record as a map of plain Java values. */
  public static Map<String, Object> plain(GenericRecord record) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      values.put(field.name(), plainValue(record.get(field.pos())));
    }
    return values;
  }

  private static Object plainValue(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof List<?>) {
      List<Object> list = new ArrayList<>();
      for (Object e : (List<?>) value) {
        list.add(plainValue(e));
      }
      return list;
    }
    if (value instanceof Map<?, ?>) {
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> map.put(k.toString(), plainValue(v)));
      return map;
    }
    return value;
  }

  private static final class CollectFn extends DoFn<GenericRecord, Void> {
    private final String id;

    CollectFn(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element GenericRecord record) {
      COLLECTED.get(id).add(plain(record));
    }
  }
}
