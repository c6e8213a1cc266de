package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The k best elements of a stream under a comparator (best first), kept in an unsorted buffer of
 * at most {@code 2k} elements that is sorted and cut to k when full: amortized O(log k) per
 * element instead of a heap operation per element.
 */
final class BestKBuffer<T> {

  private final int k;
  private final Comparator<? super T> bestFirst;
  final ArrayList<T> elements;

  /** How many leading elements are sorted best first: those kept by the last compaction. */
  private int sorted;

  BestKBuffer(int k, Comparator<? super T> bestFirst, int capacity) {
    this.k = k;
    this.bestFirst = bestFirst;
    this.elements = new ArrayList<>(capacity);
  }

  /** Adds {@code element}; mutates this. */
  void add(T element) {
    elements.add(element);
    if (elements.size() >= 2 * k) {
      compact();
    }
  }

  /** Adds every element of {@code other}; mutates this only. */
  void addAll(BestKBuffer<T> other) {
    for (T element : other.elements) {
      add(element);
    }
  }

  /**
   * The best min(k, size) elements, best first, as a new list, as a stable sort of all the
   * elements cut to k gives them; this is not mutated. The elements added since the last compaction
   * are sorted stably (reversed when each is strictly better than the one before, as LAST_K's
   * inputs in time order are), then merged with the kept ones, which win ties.
   */
  List<T> best() {
    List<T> added = new ArrayList<>(elements.subList(sorted, elements.size()));
    sortBestFirst(added);
    return merged(added);
  }

  BestKBuffer<T> copy() {
    BestKBuffer<T> copy = new BestKBuffer<>(k, bestFirst, elements.size());
    copy.elements.addAll(elements);
    copy.sorted = sorted;
    return copy;
  }

  /** Keeps the best k, best first; sorts the newer elements in place. */
  private void compact() {
    List<T> added = elements.subList(sorted, elements.size());
    sortBestFirst(added);
    List<T> best = merged(added);
    elements.clear();
    elements.addAll(best);
    sorted = best.size();
  }

  /** Sorts {@code added} stably, best first: reversed when each is better than the one before. */
  private void sortBestFirst(List<T> added) {
    boolean improving = true;
    for (int i = 1; i < added.size() && improving; i++) {
      improving = bestFirst.compare(added.get(i), added.get(i - 1)) < 0;
    }
    if (improving) {
      Collections.reverse(added);
    } else {
      added.sort(bestFirst);
    }
  }

  /** The best min(k, size) of the kept elements and {@code added} (sorted), the kept ones first. */
  private List<T> merged(List<T> added) {
    int size = Math.min(k, sorted + added.size());
    List<T> best = new ArrayList<>(size);
    int kept = 0;
    int next = 0;
    while (best.size() < size) {
      if (next < added.size()
          && (kept == sorted || bestFirst.compare(added.get(next), elements.get(kept)) < 0)) {
        best.add(added.get(next++));
      } else {
        best.add(elements.get(kept++));
      }
    }
    return best;
  }
}
