package org.chrononbeam.aggregator.ops;

import java.util.ArrayList;
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

  /** The best min(k, size) elements, best first, as a new list; this is not mutated. */
  List<T> best() {
    List<T> sorted = new ArrayList<>(elements);
    sorted.sort(bestFirst);
    return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
  }

  BestKBuffer<T> copy() {
    BestKBuffer<T> copy = new BestKBuffer<>(k, bestFirst, elements.size());
    copy.elements.addAll(elements);
    return copy;
  }

  private void compact() {
    elements.sort(bestFirst);
    elements.subList(k, elements.size()).clear();
  }
}
