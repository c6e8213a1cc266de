package org.chrononbeam.fetcher;

import static org.chrononbeam.fetcher.NaiveReference.DAY;
import static org.chrononbeam.fetcher.NaiveReference.HOUR;
import static org.chrononbeam.fetcher.Uploads.BATCH_END;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.chrononbeam.aggregator.ir.BatchIrCodec;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.avro.KeyCodec;
import org.chrononbeam.model.avro.ServingInfoCodec;
import org.chrononbeam.model.avro.StreamingRow;
import org.chrononbeam.model.avro.StreamingRowCodec;
import org.chrononbeam.model.avro.ValueCodec;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity GroupBys: TEMPORAL balances whose streaming rows are updates (a before-image deleting
 * the old value, an after-image adding the new one), against a signed brute-force sum; and a
 * GroupBy without aggregations, which serves its uploaded row.
 */
class FetchMutationsTest {

  private static final String BALANCES = "team.balances.v1";
  private static final String PROFILES = "team.profiles.v1";

  @TempDir static Path dir;
  private static KvStore store;
  private static final Map<Long, List<ArrayRow>> rowsByUser = new TreeMap<>();

  private static GroupBy balances() {
    return new GroupBy()
        .setMetaData(new MetaData().setName(BALANCES).setTeam("team"))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.TEMPORAL)
        .setAggregations(List.of(
            new Aggregation().setInputColumn("price").setOperation(Operation.SUM),
            new Aggregation().setInputColumn("price").setOperation(Operation.COUNT),
            new Aggregation().setInputColumn("price").setOperation(Operation.AVERAGE)));
  }

  @BeforeAll
  static void upload() {
    store = KvStores.open("embedded:" + dir.resolve("kv"));
    GroupBy groupBy = balances();
    GroupByServingInfo info = ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.LONG),
        Uploads.INPUT.names(), Uploads.INPUT.types(), true, Uploads.END_DS);
    KeyCodec keys = KeyCodec.fromSchema(info.getKeyAvroSchema());
    StreamingRowCodec rowCodec = StreamingRowCodec.fromSchema(info.getSelectedAvroSchema());
    BatchIrCodec batchCodec = new BatchIrCodec(Uploads.windowed(groupBy));
    store.create(KvLayout.batchDataset(BALANCES));
    store.create(KvLayout.streamingDataset(BALANCES));
    List<PutRequest> puts = new ArrayList<>(List.of(ServingInfoCodec.put(info)));
    Random random = new Random(31);
    for (long user = 0; user < 8; user++) {
      List<ArrayRow> batch = new ArrayList<>();
      List<Double> current = new ArrayList<>();
      for (int i = 0; i < 1 + user % 4; i++) {
        double price = random.nextInt(1000) / 10.0;
        batch.add(ArrayRow.of(BATCH_END - (i + 1) * DAY + random.nextInt(1000), price));
        current.add(price);
      }
      byte[] key = keys.encode(Map.of("user_id", user));
      puts.add(new PutRequest(key,
          batchCodec.encode(Uploads.online(groupBy).batchIr(batch, BATCH_END)),
          KvLayout.batchDataset(BALANCES), BATCH_END));
      List<ArrayRow> all = new ArrayList<>(batch);
      long ts = BATCH_END;
      for (int update = 0; update < user * 3; update++) {
        ts += 1 + random.nextInt((int) HOUR);
        int row = 1 + random.nextInt(current.size());
        List<ArrayRow> pair = List.of(
            new ArrayRow(ts, true, new Object[] {row < current.size() ? current.get(row) : null}),
            ArrayRow.of(ts + 1, random.nextInt(1000) / 10.0));
        if (row < current.size()) {
          current.set(row, (Double) pair.get(1).get(0));
        } else {
          current.add((Double) pair.get(1).get(0));
        }
        ts++;
        for (ArrayRow mutation : pair) {
          all.add(mutation);
          puts.add(new PutRequest(key, rowCodec.encode(new StreamingRow(
              mutation.ts(), mutation.isBefore(), new Object[] {mutation.get(0)})),
              KvLayout.streamingDataset(BALANCES), mutation.ts()));
        }
      }
      rowsByUser.put(user, all);
    }
    GroupBy profiles = new GroupBy()
        .setMetaData(new MetaData().setName(PROFILES).setTeam("team"))
        .setKeyColumns(List.of("user_id"))
        .setAccuracy(Accuracy.SNAPSHOT);
    GroupByServingInfo profileInfo = ServingInfoCodec.of(profiles,
        Map.of("user_id", DataKind.LONG), List.of("user_id", "city", "age"),
        List.of(new TDataType(DataKind.LONG),
            new TDataType(DataKind.STRING),
            new TDataType(DataKind.INT)), false, Uploads.END_DS);
    store.create(KvLayout.batchDataset(PROFILES));
    puts.add(ServingInfoCodec.put(profileInfo));
    puts.add(new PutRequest(
        KeyCodec.fromSchema(profileInfo.getKeyAvroSchema()).encode(Map.of("user_id", 7)),
        ValueCodec.fromSchema(profileInfo.getInputAvroSchema())
            .encode(new Object[] {7L, "Lyon", 41}),
        KvLayout.batchDataset(PROFILES), BATCH_END));
    store.multiPut(puts).join();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void updatesAfterTheBatchEndReplaceValuesAsASignedSumDoes() {
    Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
    Random random = new Random(4);
    List<Request> requests = new ArrayList<>();
    for (long user : rowsByUser.keySet()) {
      for (int i = 0; i < 6; i++) {
        long q = BATCH_END + random.nextInt((int) (user * 3 * HOUR + 1));
        requests.add(new Request(BALANCES, Map.of("user_id", user), q));
      }
    }
    for (Response response : fetcher.fetchGroupBys(requests).join()) {
      long user = (Long) response.request().keys().get("user_id");
      long q = response.request().atMillis();
      double sum = 0;
      long count = 0;
      for (ArrayRow row : rowsByUser.get(user)) {
        if (row.ts() < q && row.get(0) != null) {
          sum += row.isBefore() ? -(Double) row.get(0) : (Double) row.get(0);
          count += row.isBefore() ? -1 : 1;
        }
      }
      Map<String, Object> values = response.values();
      String at = "user " + user + " at " + q;
      NaiveReference.assertFeature(sum, values.get("price_sum"), "sum of " + at);
      assertEquals(count, values.get("price_count"), "count of " + at);
      NaiveReference.assertFeature(sum / count, values.get("price_average"), "average of " + at);
    }
  }

  @Test
  void aGroupByWithoutAggregationsServesItsUploadedRow() {
    Fetcher fetcher = new Fetcher(store, FetcherOptions.defaults());
    List<Response> responses = fetcher.fetchGroupBys(List.of(
        new Request(PROFILES, Map.of("user_id", 7), BATCH_END + 5 * DAY),
        new Request(PROFILES, Map.of("user_id", 8), BATCH_END))).join();
    assertEquals(Map.of("city", "Lyon", "age", 41), responses.get(0).values());
    Map<String, Object> missing = responses.get(1).values();
    assertEquals(List.of("city", "age"), List.copyOf(missing.keySet()));
    missing.values().forEach(v -> assertEquals(null, v));
  }
}
