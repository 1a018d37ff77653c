package dev.livemig.network;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A binary min-heap whose entries know their place, so an entry whose key changed is sifted where
 * it stands instead of removed and inserted again (the flow solver's finish order: a flow's finish
 * time moves at every re-share). The JDK's PriorityQueue removes an arbitrary entry in linear time
 * and a TreeSet allocates a node per insertion.
 */
final class IndexedHeap<E extends IndexedHeap.Node> {
  /** An entry: its place in the heap, or -1 when it is not in one. */
  abstract static class Node {
    int heapIndex = -1;
  }

  private final Comparator<? super E> order;
  private Node[] heap = new Node[64];
  private int size;

  IndexedHeap(Comparator<? super E> order) {
    this.order = order;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The least entry (the heap must not be empty). */
  E first() {
    return at(0);
  }

  E pollFirst() {
    E e = at(0);
    remove(e);
    return e;
  }

  /** Adds the entry, or moves it to its place after its key changed. */
  void update(E e) {
    int i = e.heapIndex;
    if (i < 0) {
      if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
      i = size++;
      put(i, e);
    }
    if (!siftUp(i)) siftDown(i);
  }

  /** Removes the entry if it is in the heap. */
  void remove(E e) {
    int i = e.heapIndex;
    if (i < 0) return;
    e.heapIndex = -1;
    E last = at(--size);
    heap[size] = null;
    if (i == size) return;
    put(i, last);
    if (!siftUp(i)) siftDown(i);
  }

  @SuppressWarnings("unchecked")
  private E at(int i) {
    return (E) heap[i];
  }

  private void put(int i, E e) {
    heap[i] = e;
    e.heapIndex = i;
  }

  /** Moves the entry at {@code i} up while it comes before its parent; whether it moved. */
  private boolean siftUp(int i) {
    E e = at(i);
    int start = i;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      E p = at(parent);
      if (order.compare(e, p) >= 0) break;
      put(i, p);
      i = parent;
    }
    put(i, e);
    return i != start;
  }

  private void siftDown(int i) {
    E e = at(i);
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && order.compare(at(child + 1), at(child)) < 0) child++;
      E c = at(child);
      if (order.compare(c, e) >= 0) break;
      put(i, c);
      i = child;
    }
    put(i, e);
  }
}
