package org.chrononbeam.bench.fetch;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.model.ConfigKind;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;

/**
 * The benchmark's data, written straight into a store as the batch upload, the streaming job and
 * metadata-upload would write it: a join of three TEMPORAL GroupBys of purchases {@code (user_id
 * INT, ts, price DOUBLE)}, each with SUM, COUNT, AVERAGE and MAX of {@code price} over 1h, 1d, 7d
 * and 30d (16 features per GroupBy, 48 per join). Every key has {@link #BATCH_EVENTS} events in
 * the 35 days before the batch end, folded into its batch IR, and 0 to {@link
 * #MAX_STREAMING_ROWS} streaming rows in the day after it.
 */
final class FetchData {

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final String END_DS = "2024-03-10";
  static final long BATCH_END = LocalDate.parse(END_DS).plusDays(1).toEpochDay() * DAY;
  static final String JOIN = "bench.checkout.v1";
  static final String REQUEST_NAME = KvLayout.requestName(JOIN);
  static final List<String> GROUP_BYS =
      List.of("bench.purchases.v1", "bench.refunds.v1", "bench.views.v1");
  static final int FEATURES = GROUP_BYS.size() * 4 * 4;
  static final int BATCH_EVENTS = 30;
  static final int MAX_STREAMING_ROWS = 8;

  private static final InputSchema INPUT =
      new InputSchema(List.of("price"), List.of(new TDataType(DataKind.DOUBLE)));
  private static final KeyCodec KEYS =
      KeyCodec.of(List.of("user_id"), Map.of("user_id", DataKind.INT));

  private FetchData() {}

  /** GroupBy {@code name}: SUM, COUNT, AVERAGE, MAX of price over 1h, 1d, 7d, 30d, by user_id. */
  static GroupBy groupBy(String name) {
    List<Window> windows = List.of(
        new Window(1, TimeUnit.HOURS),
        new Window(1, TimeUnit.DAYS),
        new Window(7, TimeUnit.DAYS),
        new Window(30, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation operation :
        List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE, Operation.MAX)) {
      aggregations.add(new Aggregation()
          .setInputColumn("price")
          .setOperation(operation)
          .setWindows(windows));
    }
    return new GroupBy()
        .setMetaData(new MetaData().setName(name).setTeam("bench"))
        .setSources(List.of(Source.events(new EventSource()
            .setTable("data.purchases")
            .setQuery(new Query().setSelects(Map.of("user_id", "user_id", "price", "price"))
                .setTimeColumn("ts")))))
        .setKeyColumns(List.of("user_id"))
        .setAggregations(aggregations)
        .setAccuracy(Accuracy.TEMPORAL);
  }

  /** The join of the three GroupBys on {@code user_id}, without derivations. */
  static Join join() {
    List<JoinPart> parts = new ArrayList<>();
    for (String name : GROUP_BYS) {
      parts.add(new JoinPart().setGroupBy(groupBy(name)));
    }
    return new Join()
        .setMetaData(new MetaData().setName(JOIN).setTeam("bench"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(Map.of("user_id", "user_id", "ts", "ts"))
                .setTimeColumn("ts"))))
        .setJoinParts(parts);
  }

  /** Writes serving info, batch IRs and streaming rows of every GroupBy for keys 0 to keys-1. */
  static void upload(KvStore store, int keys, Random random) {
    for (String name : GROUP_BYS) {
      uploadGroupBy(store, groupBy(name), keys, random);
    }
    store.create(KvLayout.METADATA_DATASET);
    store.multiPut(List.of(new PutRequest(
        KvLayout.metadataKey(ConfigKind.JOIN, JOIN).getBytes(StandardCharsets.UTF_8),
        ThriftJson.write(join()).getBytes(StandardCharsets.UTF_8),
        KvLayout.METADATA_DATASET, BATCH_END))).join();
  }

  private static void uploadGroupBy(KvStore store, GroupBy groupBy, int keys, Random random) {
    String name = groupBy.getMetaData().getName();
    String batch = KvLayout.batchDataset(name);
    String streaming = KvLayout.streamingDataset(name);
    store.create(batch);
    store.create(streaming);
    GroupByServingInfo info = ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.INT),
        INPUT.names(), INPUT.types(), false, END_DS);
    StreamingRowCodec rowCodec = StreamingRowCodec.fromSchema(info.getSelectedAvroSchema());
    WindowedAggregation windowed =
        WindowedAggregation.of(INPUT, groupBy.getAggregations(), Accuracy.TEMPORAL, false);
    OnlineAggregator online =
        new OnlineAggregator(windowed, OnlineAggregator.DEFAULT_HORIZON_MILLIS);
    BatchIrCodec batchCodec = new BatchIrCodec(windowed);
    List<PutRequest> puts = new ArrayList<>();
    puts.add(ServingInfoCodec.put(info));
    for (int user = 0; user < keys; user++) {
      byte[] key = key(user);
      long[] times = new long[BATCH_EVENTS];
      for (int i = 0; i < times.length; i++) {
        times[i] = BATCH_END - 35 * DAY + (long) (random.nextDouble() * 35 * DAY);
      }
      Arrays.sort(times);
      List<ArrayRow> rows = new ArrayList<>(times.length);
      for (long ts : times) {
        rows.add(ArrayRow.of(ts, price(random)));
      }
      puts.add(new PutRequest(
          key, batchCodec.encode(online.batchIr(rows, BATCH_END)), batch, BATCH_END));
      int streamingRows = random.nextInt(MAX_STREAMING_ROWS + 1);
      for (int i = 0; i < streamingRows; i++) {
        long ts = BATCH_END + (long) (random.nextDouble() * DAY);
        puts.add(new PutRequest(key, rowCodec.encode(
            new StreamingRow(ts, false, new Object[] {price(random)})), streaming, ts));
      }
    }
    store.bulkPut(puts.iterator());
  }

  private static double price(Random random) {
    return random.nextInt(10_000) / 100.0;
  }

  /** The key bytes of {@code user}, as the fetcher encodes them. */
  static byte[] key(int user) {
    return KEYS.encode(Map.of("user_id", user));
  }

  /**
   * The data reads the fetcher sends for a join request of {@code users}, in its order: per user,
   * per GroupBy, the latest {@code _BATCH} value and the {@code _STREAMING} versions since the
   * batch end.
   */
  static List<GetRequest> dataReads(int[] users) {
    List<GetRequest> reads = new ArrayList<>(users.length * GROUP_BYS.size() * 2);
    for (int user : users) {
      byte[] key = key(user);
      for (String name : GROUP_BYS) {
        reads.add(GetRequest.latest(key, KvLayout.batchDataset(name)));
        reads.add(GetRequest.since(key, KvLayout.streamingDataset(name), BATCH_END));
      }
    }
    return reads;
  }

  /**
   * Join requests of {@code users}, each at a random time in the second day after the batch end
   * (so that every streaming row counts).
   */
  static List<Request> requests(int[] users, Random random) {
    List<Request> requests = new ArrayList<>(users.length);
    for (int user : users) {
      long at = BATCH_END + DAY + (long) (random.nextDouble() * DAY);
      requests.add(new Request(REQUEST_NAME, Map.of("user_id", user), at));
    }
    return requests;
  }

  /** Prepared calls: the join requests of each call and the data reads the fetch sends for them. */
  record Calls(List<List<Request>> requests, List<List<GetRequest>> reads) {}

  /** {@code count} calls of {@code batch} distinct random users among {@code keys}. */
  static Calls prepare(int count, int batch, int keys, Random random) {
    List<List<Request>> requests = new ArrayList<>(count);
    List<List<GetRequest>> reads = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      int[] users = random.ints(0, keys).distinct().limit(batch).toArray();
      requests.add(requests(users, random));
      reads.add(dataReads(users));
    }
    return new Calls(requests, reads);
  }
}
