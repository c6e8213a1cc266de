package org.chrononbeam.aggregator.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BestKBufferTest {

  /** An element: compared by {@code rank} only, so equal ranks are ties told apart by {@code id}. */
  private record Item(int rank, int id) {}

  private static final Comparator<Item> LOWEST_FIRST = Comparator.comparingInt(Item::rank);

  /** The reference: a stable sort of everything added, cut to k. */
  private static List<Item> naive(List<Item> all, int k) {
    List<Item> sorted = new ArrayList<>(all);
    sorted.sort(LOWEST_FIRST);
    return sorted.subList(0, Math.min(k, sorted.size()));
  }

  @Test
  void keepsWhatAStableSortOfAllElementsKeeps() {
    SplittableRandom random = new SplittableRandom(17);
    for (int round = 0; round < 3_000; round++) {
      int k = 1 + random.nextInt(12);
      int count = random.nextInt(120);
      int shape = random.nextInt(4);
      int ranks = 1 + random.nextInt(shape == 3 ? 3 : 200);
      List<Item> all = new ArrayList<>();
      BestKBuffer<Item> buffer = new BestKBuffer<>(k, LOWEST_FIRST, 4);
      BestKBuffer<Item> other = new BestKBuffer<>(k, LOWEST_FIRST, 4);
      List<Item> otherAll = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int rank =
            switch (shape) {
              case 0 -> count - i; // each better than the one before, as LAST_K in time order
              case 1 -> i; // each worse
              default -> random.nextInt(ranks);
            };
        Item item = new Item(rank, i);
        if (random.nextInt(5) == 0) {
          other.add(item);
          otherAll.add(item);
        } else {
          buffer.add(item);
          all.add(item);
        }
        if (random.nextInt(40) == 0) {
          BestKBuffer<Item> copy = buffer.copy();
          assertEquals(naive(all, k), copy.best(), "copy, round " + round);
        }
      }
      assertEquals(naive(all, k), buffer.best(), "round " + round);
      buffer.addAll(other);
      all.addAll(otherAll);
      assertEquals(naive(all, k), buffer.best(), "merged, round " + round);
      assertEquals(true, buffer.elements.size() < 2 * k, "compacted");
    }
  }
}
