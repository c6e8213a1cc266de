package org.chrononbeam.aggregator.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.aggregator.ops.DataTypes;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.InputSchema;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;

/**
 * Random rows for the reference tests: every input type the operations take, a controlled null
 * rate, duplicate timestamps, and timestamps exactly on 5-minute, hour and day boundaries.
 */
public final class RandomRows {

  /** Milliseconds in a day. */
  public static final long DAY = 24 * 3600_000L;

  /** The test schema: one column per input type, a list, a map and a bucket column. */
  public static final InputSchema SCHEMA = schema();

  private static final String[] WORDS = {
    "a", "b", "c", "d", "e", "f", "g", "h", "ab", "ba", "zz", "q", "aa", "x", "é"
  };
  private static final String[] MAP_KEYS = {"k1", "k2", "k3", "k4"};
  private static final String[] BUCKETS = {"red", "green", "blue"};

  private final Random random;
  private final double nullRate;

  /** Rows from {@code seed} with a fraction {@code nullRate} of null values. */
  public RandomRows(long seed, double nullRate) {
    this.random = new Random(seed);
    this.nullRate = nullRate;
  }

  /** The underlying random source. */
  public Random random() {
    return random;
  }

  private static InputSchema schema() {
    Map<String, TDataType> columns = new LinkedHashMap<>();
    columns.put("i", DataTypes.of(DataKind.INT));
    columns.put("l", DataTypes.of(DataKind.LONG));
    columns.put("d", DataTypes.of(DataKind.DOUBLE));
    columns.put("f", DataTypes.of(DataKind.FLOAT));
    columns.put("s", DataTypes.of(DataKind.STRING));
    columns.put("b", DataTypes.of(DataKind.BOOLEAN));
    columns.put("li", DataTypes.listOf(DataTypes.of(DataKind.LONG)));
    columns.put("md", DataTypes.mapOf(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.DOUBLE)));
    columns.put("bucket", DataTypes.of(DataKind.STRING));
    columns.put("bin", DataTypes.of(DataKind.BINARY));
    return InputSchema.of(columns);
  }

  /**
   * Values for one row of {@link #SCHEMA}. The binary column holds the UTF-8 bytes of the string
   * column, as a {@code byte[]}.
   */
  public Object[] values() {
    Object[] values = {
      nullable(random.nextInt(101) - 50),
      nullable((long) random.nextInt(2_000_001) - 1_000_000),
      nullable(random.nextGaussian() * 100),
      nullable((float) (random.nextDouble() * 50 - 10)),
      nullable(WORDS[random.nextInt(WORDS.length)]),
      nullable(random.nextBoolean()),
      nullable(longList()),
      nullable(doubleMap()),
      nullable(BUCKETS[random.nextInt(BUCKETS.length)]),
      null
    };
    values[9] = values[4] == null ? null : ((String) values[4]).getBytes(StandardCharsets.UTF_8);
    return values;
  }

  private Object nullable(Object value) {
    return random.nextDouble() < nullRate ? null : value;
  }

  private List<Long> longList() {
    int size = random.nextInt(5);
    List<Long> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      list.add(random.nextInt(5) == 0 ? null : (long) random.nextInt(200) - 100);
    }
    return list;
  }

  private Map<String, Double> doubleMap() {
    Map<String, Double> map = new HashMap<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      map.put(MAP_KEYS[random.nextInt(MAP_KEYS.length)],
          random.nextInt(6) == 0 ? null : random.nextGaussian() * 10);
    }
    return map;
  }

  /**
   * A timestamp in {@code [start, start + span)}: a fifth of them on a 5-minute, hour or day
   * boundary, the rest anywhere.
   */
  public long timestamp(long start, long span) {
    long ts = start + (long) (random.nextDouble() * span);
    switch (random.nextInt(10)) {
      case 0:
        return ts - Math.floorMod(ts, DAY);
      case 1:
        return ts - Math.floorMod(ts, 3600_000L);
      case 2:
        return ts - Math.floorMod(ts, 300_000L);
      default:
        return ts;
    }
  }

  /**
   * {@code count} events in {@code [start, start + span)}, sorted by timestamp, about a quarter of
   * them sharing the timestamp of the previous event.
   */
  public List<ArrayRow> events(int count, long start, long span) {
    List<ArrayRow> rows = new ArrayList<>();
    long previous = start;
    for (int i = 0; i < count; i++) {
      long ts = i > 0 && random.nextInt(4) == 0 ? previous : timestamp(start, span);
      previous = ts;
      rows.add(ArrayRow.of(ts, values()));
    }
    rows.sort(Comparator.comparingLong(ArrayRow::ts));
    return rows;
  }
}
