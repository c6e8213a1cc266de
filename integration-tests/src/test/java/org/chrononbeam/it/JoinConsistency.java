package org.chrononbeam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.Operation;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.chrononbeam.fetcher.Fetcher;
import org.chrononbeam.fetcher.FetcherOptions;
import org.chrononbeam.fetcher.Request;
import org.chrononbeam.fetcher.Response;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.transforms.warehouse.Warehouse;
import org.chrononbeam.transforms.warehouse.WarehouseIO;

/**
 * What the tests comparing online fetches with a join backfill share: random times on the
 * boundaries windows and tiles round to, reading the backfill's table, and comparing each fetched
 * response with its training row.
 */
public final class JoinConsistency {

  /** One day in milliseconds. */
  public static final long DAY = 86_400_000L;
  /** One hour in milliseconds. */
  public static final long HOUR = 3_600_000L;

  private static final Map<String, List<Map<String, Object>>> COLLECTED = new ConcurrentHashMap<>();

  private JoinConsistency() {}

  /** The left side of the checkout joins: {@code row_id} and {@code buyer} of data.checkouts. */
  public static Source checkouts() {
    Map<String, String> selects = new LinkedHashMap<>();
    selects.put("row_id", "row_id");
    selects.put("buyer", "buyer");
    return Source.events(new EventSource().setTable("data.checkouts")
        .setQuery(new Query().setSelects(selects).setTimeColumn("ts")));
  }

  /**
   * The aggregations of the purchases GroupBys: SUM, COUNT, AVERAGE and MAX of {@code amount}
   * over 1h, 1d and 7d, an unbounded SUM of it, and the LAST_K (k = 3) of {@code item}.
   */
  public static List<Aggregation> purchaseAggregations() {
    List<Window> windows = List.of(new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS),
        new Window(7, TimeUnit.DAYS));
    List<Aggregation> aggregations = new ArrayList<>();
    for (Operation op : List.of(Operation.SUM, Operation.COUNT, Operation.AVERAGE,
        Operation.MAX)) {
      aggregations.add(
          new Aggregation().setInputColumn("amount").setOperation(op).setWindows(windows));
    }
    aggregations.add(new Aggregation().setInputColumn("amount").setOperation(Operation.SUM));
    aggregations.add(new Aggregation().setInputColumn("item").setOperation(Operation.LAST_K)
        .setArgMap(Map.of("k", "3")));
    return aggregations;
  }

  /**
   * A time in {@code [start, start + days)}, often on a midnight, hour or 5-minute edge, or 1 ms
   * off one.
   */
  public static long edgy(Random random, long start, int days) {
    long ts = start + (long) (random.nextDouble() * days * DAY);
    long edged = switch (random.nextInt(6)) {
      case 0 -> Math.floorDiv(ts, DAY) * DAY;
      case 1 -> Math.floorDiv(ts, HOUR) * HOUR;
      case 2 -> Math.floorDiv(ts, 300_000L) * 300_000L - 1;
      case 3 -> Math.floorDiv(ts, HOUR) * HOUR + 1;
      default -> ts;
    };
    return edged < start ? ts : edged;
  }

  /** Every row of a table as a map of plain values (strings as String). */
  public static List<Map<String, Object>> read(Warehouse warehouse, String table) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(
        "--runner=DirectRunner").create());
    String id = warehouse.root() + "/" + table;
    COLLECTED.put(id, Collections.synchronizedList(new ArrayList<>()));
    pipeline.apply(WarehouseIO.read(warehouse, table)).apply(ParDo.of(new Collect(id)));
    pipeline.run().waitUntilFinish();
    return new ArrayList<>(COLLECTED.remove(id));
  }

  /**
   * Fetches join {@code request} from the KV store {@code spec} for each training row (its
   * {@code keyColumn} at its {@code ts}) and asserts that each response succeeded with exactly the
   * row's feature columns (all but {@code leftColumns}) and their values.
   *
   * @return how many values were compared and how many of them were set: {@code {compared,
   *     nonNull}}
   */
  public static int[] assertFetchedJoinEqualsRows(String label, String spec, String request,
      List<Map<String, Object>> rows, Set<String> leftColumns, String keyColumn) {
    List<Request> requests = rows.stream()
        .map(row -> new Request(request, Map.of(keyColumn, row.get(keyColumn)),
            (Long) row.get("ts")))
        .toList();
    List<Response> responses;
    try (KvStore store = KvStores.open(spec)) {
      responses = new Fetcher(store, FetcherOptions.defaults()).fetchJoin(requests).join();
    }
    assertEquals(rows.size(), responses.size(), label + ": responses");
    int compared = 0;
    int nonNull = 0;
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> expected = rows.get(i);
      Response response = responses.get(i);
      String where = label + " row " + expected.get("row_id") + " " + keyColumn + " "
          + expected.get(keyColumn) + " at " + expected.get("ts");
      assertTrue(response.succeeded(), where + ": " + response.failure());
      Map<String, Object> actual = response.values();
      Set<String> features = new TreeSet<>(expected.keySet());
      features.removeAll(leftColumns);
      assertEquals(features, new TreeSet<>(actual.keySet()), where + ": feature columns");
      for (String feature : features) {
        assertSameValue(expected.get(feature), actual.get(feature), where + " " + feature);
        compared++;
        nonNull += expected.get(feature) == null ? 0 : 1;
      }
    }
    return new int[] {compared, nonNull};
  }

  /** Equal values: doubles within 1e-9 relative, integers by value, lists element by element. */
  public static void assertSameValue(Object expected, Object actual, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
      return;
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertEquals(e.size(), a.size(), where + ": " + e + " vs " + a);
      for (int i = 0; i < e.size(); i++) {
        assertSameValue(e.get(i), a.get(i), where + "[" + i + "]");
      }
      return;
    }
    if (expected instanceof Double || actual instanceof Double || expected instanceof Float) {
      double x = ((Number) expected).doubleValue();
      double y = ((Number) actual).doubleValue();
      assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)),
          where + ": expected " + x + " got " + y);
      return;
    }
    if (expected instanceof Number x && actual instanceof Number y) {
      assertEquals(x.longValue(), y.longValue(), where);
      return;
    }
    assertEquals(expected.toString(), actual.toString(), where);
  }

  private static Object plain(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JoinConsistency::plain).toList();
    }
    return value;
  }

  private static final class Collect extends DoFn<GenericRecord, Void> {
    private final String id;

    Collect(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element GenericRecord record) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        row.put(field.name(), plain(record.get(field.pos())));
      }
      COLLECTED.get(id).add(row);
    }
  }
}
