package dev.livemig.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The union of dirty pages, whether a draw's words are kept as words (counted only) or turned into
 * a bitmap: the same pages and the same count either way, so a tracker that only counts gives the
 * figures a bitmap would.
 */
class DirtyPagesTest {
  static long[] randomWords(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] w = new long[n];
    for (int i = 0; i < n; i++) w[i] = r.nextLong() & r.nextLong();
    return w;
  }

  static RoaringBitmap expected(long[] w, long first) {
    RoaringBitmap b = new RoaringBitmap();
    for (int i = 0; i < w.length; i++) for (int bit = 0; bit < 64; bit++) if ((w[i] >>> bit & 1) != 0) b.add((int) (first + 64L * i + bit));
    return b;
  }

  @Test
  void wordsAloneAreCountedAsTheirBitmap() {
    long[] w = randomWords(3000, 1);
    DirtyPages d = new DirtyPages();
    d.words(w, 640);
    RoaringBitmap want = expected(w, 640);
    assertEquals(want.getLongCardinality(), d.cardinality());
    assertEquals(want, d.bitmap());
    assertEquals(want.getLongCardinality(), d.cardinality(), "counted again after the bitmap was built");
  }

  @Test
  void aSecondContributionIsAUnionNotASum() {
    long[] a = randomWords(2000, 2);
    long[] b = randomWords(2000, 3);
    DirtyPages d = new DirtyPages();
    d.words(a, 0);
    d.words(b, 64 * 1000); // overlaps a's second half
    d.addRange(10, 20);
    RoaringBitmap want = expected(a, 0);
    want.or(expected(b, 64 * 1000));
    want.add(10L, 20L);
    assertEquals(want.getLongCardinality(), d.cardinality());
    assertEquals(want, d.bitmap());
  }

  @Test
  void wordsAfterABitmapAndCompactKeepEveryPage() {
    long[] a = randomWords(500, 4);
    DirtyPages d = new DirtyPages();
    RoaringBitmap first = RoaringBitmap.bitmapOf(1, 5, 64 * 600 + 3);
    d.or(first.clone());
    d.words(a, 64);
    d.compact();
    RoaringBitmap want = expected(a, 64);
    want.or(first);
    assertEquals(want, d.bitmap());
    assertEquals(0, new DirtyPages().cardinality());
  }

  @Test
  void aTrackerThatHarvestsAtOnceCountsWhatAdvanceThenHarvestCounts() {
    Workload w = new Workload.Uniform(305, 0, 7373L * 256);
    for (double seconds : new double[] {2, 60, 300, 1450}) {
      DirtyTracker counted = new DirtyTracker(0, new SplittableRandom(7), new Workload.Cursor());
      DirtyTracker built = new DirtyTracker(0, new SplittableRandom(7), new Workload.Cursor());
      long t = (long) (seconds * 1e9);
      long n = counted.harvest(t, w, 1.0);
      built.advance(t, w, 1.0);
      assertEquals(built.harvest(), n, seconds + " s");
      assertEquals(built.harvest(2 * t, w, 0.5), counted.harvest(2 * t, w, 0.5), "the next interval too");
    }
  }
}
