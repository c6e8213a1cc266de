package org.chrononbeam.fetcher;

import static org.chrononbeam.fetcher.NaiveReference.DAY;
import static org.chrononbeam.fetcher.NaiveReference.HOUR;
import static org.chrononbeam.fetcher.NaiveReference.MINUTE;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.ir.TileCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.fetcher.NaiveReference.Event;
import org.chrononbeam.fetcher.NaiveReference.Feature;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.chrononbeam.model.naming.OutputColumns;

/**
 * Writes what the batch upload, the streaming job and metadata-upload would write, straight into a
 * store: serving info, batch values computed with the aggregator as of {@link #BATCH_END},
 * streaming rows or tiles after it, and join configs. Purchases are {@code (user_id, ts, price)}
 * with {@code user_id} an INT column.
 */
final class Uploads {

  static final String END_DS = "2024-03-10";
  static final long BATCH_END = LocalDate.parse(END_DS).plusDays(1).toEpochDay() * DAY;
  static final InputSchema INPUT =
      new InputSchema(List.of("price"), List.of(new TDataType(DataKind.DOUBLE)));

  /** TEMPORAL features: 5-minute, hourly and daily hops, and unbounded windows. */
  static final List<Feature> TEMPORAL_FEATURES = List.of(
      new Feature("price_sum_1h", Operation.SUM, 0, HOUR),
      new Feature("price_sum_1d", Operation.SUM, 0, DAY),
      new Feature("price_sum_7d", Operation.SUM, 0, 7 * DAY),
      new Feature("price_count_12h", Operation.COUNT, 0, 12 * HOUR),
      new Feature("price_count_14d", Operation.COUNT, 0, 14 * DAY),
      new Feature("price_average_1d", Operation.AVERAGE, 0, DAY),
      new Feature("price_average_30d", Operation.AVERAGE, 0, 30 * DAY),
      new Feature("price_max_5h", Operation.MAX, 0, 5 * HOUR),
      new Feature("price_last3", Operation.LAST_K, 3, null),
      new Feature("price_sum", Operation.SUM, 0, null));

  private Uploads() {}

  /** A GroupBy of purchases by {@code user_id} with one aggregation per feature. */
  static GroupBy groupBy(String name, Accuracy accuracy, List<Feature> features, String customJson) {
    List<Aggregation> aggregations = new ArrayList<>();
    for (Feature feature : features) {
      Aggregation aggregation = new Aggregation()
          .setInputColumn("price")
          .setOperation(feature.operation())
          .setArgMap(feature.k() > 0 ? Map.of("k", Integer.toString(feature.k())) : Map.of());
      if (feature.windowMillis() != null) {
        long w = feature.windowMillis();
        aggregation.setWindows(List.of(w % DAY == 0
            ? new Window((int) (w / DAY), TimeUnit.DAYS)
            : new Window((int) (w / HOUR), TimeUnit.HOURS)));
      }
      aggregations.add(aggregation);
    }
    MetaData metaData = new MetaData().setName(name).setTeam(name.substring(0, name.indexOf('.')));
    if (customJson != null) {
      metaData.setCustomJson(customJson);
    }
    GroupBy groupBy = new GroupBy()
        .setMetaData(metaData)
        .setSources(List.of(Source.events(new EventSource()
            .setTable("data.purchases")
            .setQuery(new Query().setSelects(Map.of("user_id", "user_id", "price", "price"))
                .setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(aggregations)
        .setAccuracy(accuracy);
    List<String> expected = features.stream().map(Feature::column).toList();
    if (!OutputColumns.beforeDerivations(groupBy).equals(expected)) {
      throw new IllegalStateException("feature names " + expected + " differ from Chronon's "
          + OutputColumns.beforeDerivations(groupBy));
    }
    return groupBy;
  }

  /** Random purchases of {@code users} users, up to {@code BATCH_END + 2 days}, unique ts per user. */
  static Map<Long, List<Event>> purchases(Random random, int users) {
    int[] sizes = {0, 1, 4, 30, 120};
    Map<Long, List<Event>> byUser = new TreeMap<>();
    for (long user = 0; user < users; user++) {
      int size = sizes[(int) (user % sizes.length)];
      Set<Long> used = new HashSet<>();
      List<Event> events = new ArrayList<>();
      while (events.size() < size) {
        long ts = BATCH_END - 35 * DAY + (long) (random.nextDouble() * 37 * DAY);
        if (random.nextInt(5) == 0) {
          ts -= Math.floorMod(ts, 5 * MINUTE);
        }
        if (used.add(ts)) {
          Double price = random.nextInt(7) == 0 ? null : random.nextInt(10_000) / 100.0;
          events.add(new Event(user, ts, price));
        }
      }
      byUser.put(user, events);
    }
    return byUser;
  }

  /** The online form the upload and the fetcher share. */
  static OnlineAggregator online(GroupBy groupBy) {
    return new OnlineAggregator(windowed(groupBy), OnlineAggregator.DEFAULT_HORIZON_MILLIS);
  }

  static WindowedAggregation windowed(GroupBy groupBy) {
    return WindowedAggregation.of(INPUT, groupBy.getAggregations(), groupBy.getAccuracy(), false);
  }

  static List<ArrayRow> rows(List<Event> events) {
    return events.stream()
        .sorted(Comparator.comparingLong(Event::ts))
        .map(e -> ArrayRow.of(e.ts(), e.price()))
        .toList();
  }

  /** The serving info the upload through {@code endDs} writes: keys INT, input {@code price DOUBLE}. */
  static GroupByServingInfo servingInfo(GroupBy groupBy, String endDs) {
    return ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.INT), INPUT.names(),
        INPUT.types(), false, endDs);
  }

  /**
   * Uploads {@code groupBy} over {@code events}: serving info and batch values as of the batch
   * end, and the later events as streaming rows (or, when {@code tiled}, as tiles rewritten after
   * every event, each version stamped with the latest event time it holds).
   */
  static void upload(KvStore store, GroupBy groupBy, Map<Long, List<Event>> events, boolean tiled) {
    upload(store, groupBy, events, tiled, END_DS);
  }

  /** As {@link #upload(KvStore, GroupBy, Map, boolean)}, through {@code endDs}. */
  static void upload(KvStore store, GroupBy groupBy, Map<Long, List<Event>> events, boolean tiled,
      String endDs) {
    long batchEnd = LocalDate.parse(endDs).plusDays(1).toEpochDay() * DAY;
    String name = groupBy.getMetaData().getName();
    String batch = KvLayout.batchDataset(name);
    String streaming = KvLayout.streamingDataset(name);
    store.create(batch);
    store.create(streaming);
    GroupByServingInfo info = servingInfo(groupBy, endDs);
    KeyCodec keys = KeyCodec.fromSchema(info.getKeyAvroSchema());
    StreamingRowCodec rowCodec = StreamingRowCodec.fromSchema(info.getSelectedAvroSchema());
    WindowedAggregation windowed = windowed(groupBy);
    OnlineAggregator online = online(groupBy);
    BatchIrCodec batchCodec = new BatchIrCodec(windowed);
    TileCodec tileCodec = new TileCodec(windowed.rows());
    List<PutRequest> puts = new ArrayList<>();
    puts.add(ServingInfoCodec.put(info));
    for (Map.Entry<Long, List<Event>> user : events.entrySet()) {
      byte[] key = keys.encode(Map.of("user_id", user.getKey().intValue()));
      List<ArrayRow> rows = rows(user.getValue());
      BatchIr ir = online.batchIr(rows, batchEnd);
      byte[] value;
      if (groupBy.getAccuracy() == Accuracy.SNAPSHOT) {
        Object[] outputs = online.finalizedAt(ir, List.of(), batchEnd);
        List<TDataType> types = windowed.outputs().stream()
            .map(o -> windowed.rows().column(o.column()).outputType())
            .toList();
        value = ValueCodec.of("Outputs", OutputColumns.beforeDerivations(groupBy), types)
            .encode(outputs);
      } else {
        value = batchCodec.encode(ir);
      }
      puts.add(new PutRequest(key, value, batch, batchEnd));
      List<ArrayRow> after = rows.stream().filter(r -> r.ts() >= batchEnd).toList();
      Map<Long, List<ArrayRow>> tileEvents = new HashMap<>();
      for (ArrayRow row : after) {
        if (tiled) {
          long start = Math.floorDiv(row.ts(), online.tileMillis()) * online.tileMillis();
          List<ArrayRow> inTile = tileEvents.computeIfAbsent(start, s -> new ArrayList<>());
          inTile.add(row);
          for (Tile tile : online.tiles(inTile)) {
            puts.add(new PutRequest(key, tileCodec.encode(tile), streaming, row.ts()));
          }
        } else {
          puts.add(new PutRequest(key, rowCodec.encode(
              new StreamingRow(row.ts(), false, new Object[] {row.get(0)})), streaming, row.ts()));
        }
      }
    }
    store.multiPut(puts).join();
  }

  /** Stores {@code join}'s config where metadata-upload puts it. */
  static void uploadJoin(KvStore store, Join join) {
    store.create(KvLayout.METADATA_DATASET);
    store.multiPut(List.of(new PutRequest(
        KvLayout.metadataKey(ConfigKind.JOIN, join.getMetaData().getName())
            .getBytes(StandardCharsets.UTF_8),
        ThriftJson.write(join).getBytes(StandardCharsets.UTF_8),
        KvLayout.METADATA_DATASET, BATCH_END))).join();
  }

  /** A random query time in {@code [BATCH_END, BATCH_END + 2 days]}, often on an edge. */
  static long queryTime(Random random, List<Event> events) {
    long horizon = OnlineAggregator.DEFAULT_HORIZON_MILLIS;
    long q = BATCH_END + (long) (random.nextDouble() * horizon);
    return switch (random.nextInt(6)) {
      case 0 -> BATCH_END;
      case 1 -> BATCH_END + horizon;
      case 2 -> q - Math.floorMod(q, HOUR);
      case 3 -> events.stream().mapToLong(Event::ts).filter(ts -> ts >= BATCH_END)
          .findAny().orElse(q);
      default -> q;
    };
  }
}
