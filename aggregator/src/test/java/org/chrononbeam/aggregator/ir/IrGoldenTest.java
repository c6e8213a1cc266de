package org.chrononbeam.aggregator.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.chrononbeam.aggregator.row.ArrayRow;
import org.chrononbeam.aggregator.row.Row;
import org.chrononbeam.aggregator.row.RowAggregator;
import org.chrononbeam.aggregator.testing.ColumnCases;
import org.chrononbeam.aggregator.testing.ColumnSpec;
import org.chrononbeam.aggregator.testing.RandomRows;
import org.chrononbeam.aggregator.window.BatchIr;
import org.chrononbeam.aggregator.window.OnlineAggregator;
import org.chrononbeam.aggregator.window.Tile;
import org.chrononbeam.aggregator.window.WindowedAggregation;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.Aggregation;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes pin the Avro encoding of every IR type, of batch IRs and of tiles: a change to an
 * IR schema, to normalization or to a sketch library's format fails here. To rewrite the files
 * after an intended format change, run the tests with {@code -Dchronon.golden.update=true} and
 * commit the new files under {@code src/test/resources/golden}.
 */
class IrGoldenTest {

  private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("chronon.golden.update");

  static Stream<Integer> specIndexes() {
    return IntStream.range(0, ColumnCases.ALL.size()).boxed();
  }

  private static List<ArrayRow> fixedRows() {
    return new RandomRows(2024, 0.2).events(40, 0, 2 * RandomRows.DAY);
  }

  private static String fileName(int index, ColumnSpec spec) {
    return String.format(Locale.ROOT, "%02d_%s_%s%s%s.bin", index,
        spec.operation().name().toLowerCase(Locale.ROOT), spec.input(),
        spec.bucket() == null ? "" : "_by_" + spec.bucket(),
        spec.elementWise() ? "_element_wise" : "");
  }

  private static void assertGolden(String name, byte[] bytes) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
    assertTrue(Files.exists(file), "missing golden file " + file
        + "; generate it with -Dchronon.golden.update=true");
    assertArrayEquals(Files.readAllBytes(file), bytes, "bytes differ from " + file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specIndexes")
  void everyIrTypeEncodesToItsGoldenBytes(int index) throws IOException {
    ColumnSpec spec = ColumnCases.ALL.get(index);
    RowAggregator rows = RowAggregator.of(
        RandomRows.SCHEMA, List.of(spec.toAggregation(List.of())), false);
    RowIrCodec codec = new RowIrCodec(rows);
    Object[] irs = rows.newIrs();
    for (Row row : fixedRows()) {
      rows.update(irs, row);
    }
    byte[] bytes = codec.encode(irs);
    String name = "ir/" + fileName(index, spec);
    assertGolden(name, bytes);
    Object[] decoded = codec.decode(Files.readAllBytes(GOLDEN.resolve(name)));
    assertEquals(Arrays.asList(rows.finalize(irs)), Arrays.asList(rows.finalize(decoded)));
  }

  @Test
  void batchIrAndTileEncodeToTheirGoldenBytes() throws IOException {
    List<Aggregation> aggregations = new ArrayList<>();
    for (ColumnSpec spec : List.of(ColumnCases.ALL.get(3), ColumnCases.ALL.get(9),
        ColumnCases.ALL.get(26))) {
      aggregations.add(spec.toAggregation(
          List.of(new Window(1, TimeUnit.HOURS), new Window(1, TimeUnit.DAYS))));
    }
    WindowedAggregation aggregation =
        WindowedAggregation.of(RandomRows.SCHEMA, aggregations, Accuracy.TEMPORAL, false);
    OnlineAggregator online = new OnlineAggregator(aggregation, RandomRows.DAY);
    List<ArrayRow> rows = fixedRows();
    BatchIr batch = online.batchIr(rows, RandomRows.DAY);
    BatchIrCodec batchCodec = new BatchIrCodec(aggregation);
    assertGolden("batch_ir.bin", batchCodec.encode(batch));
    Tile tile = online.tiles(rows).get(0);
    assertGolden("tile.bin", new TileCodec(aggregation.rows()).encode(tile));
    BatchIr decoded = batchCodec.decode(Files.readAllBytes(GOLDEN.resolve("batch_ir.bin")));
    long q = RandomRows.DAY + 3_600_000L;
    assertEquals(Arrays.asList(online.finalizedAt(batch, rows, q)),
        Arrays.asList(online.finalizedAt(decoded, rows, q)));
  }
}
