package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The heap gives its entries in the order a TreeSet of them gives, through any updates and removals. */
class IndexedHeapTest {
  static final class E extends IndexedHeap.Node {
    final int serial;
    long key;

    E(int serial) {
      this.serial = serial;
    }
  }

  static final Comparator<E> ORDER = Comparator.<E>comparingLong(e -> e.key).thenComparingInt(e -> e.serial);

  @Property(tries = 300)
  void sameOrderAsATreeSet(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    IndexedHeap<E> heap = new IndexedHeap<>(ORDER);
    TreeSet<E> tree = new TreeSet<>(ORDER);
    List<E> all = new ArrayList<>();
    for (int step = 0; step < 400; step++) {
      int op = r.nextInt(10);
      if (op < 4 || all.isEmpty()) { // add a new entry
        E e = new E(all.size());
        e.key = r.nextLong(50);
        all.add(e);
        heap.update(e);
        tree.add(e);
      } else if (op < 7) { // change a key, in the heap or not
        E e = all.get(r.nextInt(all.size()));
        tree.remove(e);
        e.key = r.nextLong(50);
        heap.update(e);
        tree.add(e);
      } else if (op < 9) { // remove one, maybe not there
        E e = all.get(r.nextInt(all.size()));
        heap.remove(e);
        tree.remove(e);
      } else if (!tree.isEmpty()) {
        assertEquals(tree.pollFirst(), heap.pollFirst());
      }
      assertEquals(tree.isEmpty(), heap.isEmpty());
      if (!tree.isEmpty()) assertEquals(tree.first(), heap.first());
    }
    while (!tree.isEmpty()) assertEquals(tree.pollFirst(), heap.pollFirst());
    assertEquals(true, heap.isEmpty());
  }
}
