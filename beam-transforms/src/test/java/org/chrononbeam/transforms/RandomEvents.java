package org.chrononbeam.transforms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.chrononbeam.transforms.warehouse.PartitionDates;

/**
 * Random purchase events with controlled cardinality and null rate, and timestamps that hit window
 * edges: a third fall exactly on, or one millisecond either side of, a midnight, an hour or a
 * five-minute boundary. Timestamps are unique per key, so FIRST/LAST have one answer. Each event is
 * stored in the partition of its UTC day.
 */
public final class RandomEvents {

  /** {@code user_id} (typed by the caller), {@code amount} double, {@code item} string, ts, ds. */
  public static Schema schema(Schema.Type keyType) {
    return SchemaBuilder.record("purchase")
        .fields()
        .name("user_id")
        .type(Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(keyType)))
        .withDefault(null)
        .optionalDouble("amount")
        .optionalString("item")
        .optionalLong("ts")
        .requiredString("ds")
        .endRecord();
  }

  private final Random random;
  private final Schema schema;
  private final Function<Integer, Object> keyOf;
  private final List<GenericRecord> records = new ArrayList<>();
  private final Map<Object, List<NaiveFeatures.Event>> byKey = new LinkedHashMap<>();
  private final Map<Object, List<NaiveFeatures.Event>> byItem = new LinkedHashMap<>();
  private final Map<Object, Set<Long>> usedTs = new LinkedHashMap<>();

  /** Events keyed by {@code keyOf(0..keys-1)}. */
  public RandomEvents(long seed, Schema.Type keyType, Function<Integer, Object> keyOf) {
    this.random = new Random(seed);
    this.schema = schema(keyType);
    this.keyOf = keyOf;
  }

  /** Adds {@code count} events over the days {@code firstDs..lastDs}, keys {@code 0..keys-1}. */
  public RandomEvents add(int count, int keys, String firstDs, String lastDs) {
    long start = PartitionDates.startMillis(firstDs);
    long days = PartitionDates.range(firstDs, lastDs).size();
    long day = 86_400_000L;
    for (int i = 0; i < count; i++) {
      Object key = random.nextInt(40) == 0 ? null : keyOf.apply(random.nextInt(keys));
      long ts;
      do {
        ts = timestamp(start, days, day);
      } while (!usedTs.computeIfAbsent(key, k -> new HashSet<>()).add(ts));
      Double amount =
          random.nextInt(10) == 0 ? null : Math.round(random.nextDouble() * 10000) / 100.0;
      String item = random.nextInt(8) == 0 ? null : "item" + random.nextInt(6);
      GenericRecord record = new GenericData.Record(schema);
      record.put("user_id", key);
      record.put("amount", amount);
      record.put("item", item);
      record.put("ts", ts);
      record.put("ds", PartitionDates.ofEpochMillis(ts));
      records.add(record);
      if (key != null) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", amount);
        values.put("item", item);
        byKey
            .computeIfAbsent(normalized(key), k -> new ArrayList<>())
            .add(new NaiveFeatures.Event(ts, values));
      }
      if (item != null) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", amount);
        values.put("item", item);
        byItem
            .computeIfAbsent(item, k -> new ArrayList<>())
            .add(new NaiveFeatures.Event(ts, values));
      }
    }
    return this;
  }

  private long timestamp(long start, long days, long day) {
    long base = start + random.nextLong(days * day);
    switch (random.nextInt(9)) {
      case 0:
        return Math.floorDiv(base, day) * day;
      case 1:
        return Math.floorDiv(base, day) * day - 1 < start
            ? base
            : Math.floorDiv(base, day) * day - 1;
      case 2:
        return Math.floorDiv(base, day) * day + 1;
      case 3:
        return Math.floorDiv(base, 3_600_000L) * 3_600_000L;
      case 4:
        return Math.floorDiv(base, 300_000L) * 300_000L;
      case 5:
        return Math.floorDiv(base, 300_000L) * 300_000L - 1 < start
            ? base
            : Math.floorDiv(base, 300_000L) * 300_000L - 1;
      default:
        return base;
    }
  }

  /** The schema of the records. */
  public Schema schema() {
    return schema;
  }

  /** The records, to write to the warehouse. */
  public List<GenericRecord> records() {
    return records;
  }

  /** Each non-null key's events, keyed by {@link #normalized} key. */
  public Map<Object, List<NaiveFeatures.Event>> byKey() {
    return byKey;
  }

  /** The events grouped by {@code user_id} or by {@code item}. */
  public Map<Object, List<NaiveFeatures.Event>> byKey(String column) {
    return column.equals("item") ? byItem : byKey;
  }

  /** A key as the tests compare it: integral numbers as long, anything else as string. */
  public static Object normalized(Object key) {
    if (key instanceof Number) {
      return ((Number) key).longValue();
    }
    return key == null ? null : key.toString();
  }
}
