package org.chrononbeam.transforms.warehouse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chrononbeam.aggregator.ops.DoubleList;
import org.chrononbeam.aggregator.ops.LongList;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.expressions.Column;
import org.chrononbeam.expressions.RowSchema;
import org.chrononbeam.model.builder.DataTypes;

/**
 * Random rows of every kind a computed column can have, in their in-memory form ({@code Object[]}
 * laid out by {@link #COLUMNS}): every scalar kind with boundary values, lists, maps and structs,
 * about 15% nulls (never a null list element, which Parquet's list layout cannot hold), and a
 * {@code ds} among a few days.
 */
final class RandomChunkRows {

  static final TDataType ITEM =
      DataTypes.struct(
          "item",
          DataTypes.field("id", DataTypes.of(DataKind.LONG)),
          DataTypes.field("name", DataTypes.of(DataKind.STRING)),
          DataTypes.field("scores", DataTypes.list(DataTypes.of(DataKind.INT))));

  static final RowSchema COLUMNS =
      RowSchema.of(
          List.of(
              Column.of("flag", DataKind.BOOLEAN),
              Column.of("tiny", DataKind.BYTE),
              Column.of("small", DataKind.SHORT),
              Column.of("count", DataKind.INT),
              Column.of("ts", DataKind.LONG),
              Column.of("ratio", DataKind.FLOAT),
              Column.of("price", DataKind.DOUBLE),
              Column.of("name", DataKind.STRING),
              Column.of("ds", DataKind.STRING),
              Column.of("blob", DataKind.BINARY),
              Column.of("day", DataKind.DATE),
              Column.of("at", DataKind.TIMESTAMP),
              new Column("last_prices", DataTypes.list(DataTypes.of(DataKind.DOUBLE))),
              new Column("last_ids", DataTypes.list(DataTypes.of(DataKind.LONG))),
              new Column("last_names", DataTypes.list(DataTypes.of(DataKind.STRING))),
              new Column(
                  "histogram",
                  DataTypes.map(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.LONG))),
              new Column(
                  "averages",
                  DataTypes.map(DataTypes.of(DataKind.STRING), DataTypes.of(DataKind.DOUBLE))),
              new Column("item", ITEM),
              new Column("items", DataTypes.list(ITEM))));

  static final int DS = COLUMNS.indexOf("ds");

  private RandomChunkRows() {}

  /** A random row whose {@code ds} is one of {@code days}. */
  static Object[] row(Random random, List<String> days) {
    Object[] row = new Object[COLUMNS.size()];
    row[0] = random.nextBoolean();
    row[1] = (byte) random.nextInt();
    row[2] = (short) random.nextInt(Short.MAX_VALUE);
    row[3] = pick(random, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt());
    row[4] = pick(random, Long.MIN_VALUE, Long.MAX_VALUE, 1_700_000_000_000L + random.nextInt());
    row[5] = random.nextInt(10) == 0 ? Float.NaN : random.nextFloat() * 1e6f;
    row[6] = pick(random, -0.0, Double.MAX_VALUE, random.nextGaussian() * 1e9);
    row[7] = random.nextInt(10) == 0 ? "" : "name" + random.nextInt(300) + "é";
    row[8] = days.get(random.nextInt(days.size()));
    byte[] bytes = new byte[random.nextInt(5)];
    random.nextBytes(bytes);
    row[9] = ByteBuffer.wrap(bytes);
    row[10] = random.nextInt(40_000) - 20_000;
    row[11] = pick(random, 0L, 253_402_300_799_999L, 1_700_000_000_000L + random.nextInt());
    List<Double> prices = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Object[]> items = new ArrayList<>();
    for (int k = random.nextInt(11); k > 0; k--) {
      prices.add(random.nextDouble() * 100);
      ids.add(random.nextLong());
      names.add("n" + random.nextInt(50));
      items.add(item(random, k));
    }
    row[12] =
        random.nextBoolean()
            ? prices
            : new DoubleList(prices.stream().mapToDouble(Double::doubleValue).toArray());
    row[13] =
        random.nextBoolean()
            ? ids
            : new LongList(ids.stream().mapToLong(Long::longValue).toArray());
    row[14] = names;
    Map<String, Object> histogram = new HashMap<>();
    Map<String, Object> averages = new HashMap<>();
    for (int k = random.nextInt(6); k > 0; k--) {
      histogram.put("h" + random.nextInt(20), random.nextInt(8) == 0 ? null : (long) k);
      averages.put("a" + random.nextInt(20), random.nextInt(8) == 0 ? null : k / 3.0);
    }
    row[15] = histogram;
    row[16] = averages;
    row[17] = item(random, -1);
    row[18] = items;
    for (int c = 0; c < row.length; c++) {
      if (c != DS && random.nextInt(100) < 15) {
        row[c] = null;
      }
    }
    return row;
  }

  /** A struct {@link #ITEM}: fields by position, some null. */
  private static Object[] item(Random random, int k) {
    List<Integer> scores = new ArrayList<>();
    for (int s = random.nextInt(4); s > 0; s--) {
      scores.add(random.nextInt(100));
    }
    return new Object[] {
      random.nextBoolean() ? null : random.nextLong(),
      random.nextBoolean() ? null : "i" + k,
      random.nextInt(5) == 0 ? null : scores
    };
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return random.nextInt(8) < 2 ? choices[random.nextInt(2)] : choices[2];
  }
}
