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
    d.words(w, w.length, 640);
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
    d.words(a, a.length, 0);
    d.words(b, b.length, 64 * 1000); // overlaps a's second half
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
    d.words(a, a.length, 64);
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

  @Test
  void pendingPagesAreCountedAndJoinAUnion() {
    DirtyPages d = new DirtyPages();
    int[] p = {3, 70, 640, 100_000, 0, 0}; // the last two unused
    d.pages(p, 4);
    assertEquals(4, d.cardinality());
    d.words(new long[] {1L << 6 | 1L << 7}, 1, 64); // pages 70 and 71: 70 is already there
    assertEquals(RoaringBitmap.bitmapOf(3, 70, 71, 640, 100_000), d.bitmap());
    assertEquals(5, d.cardinality());
  }

  @Test
  void aDrawInTheScratchSurvivesTheNextDrawOnTheThread() {
    Workload w = new Workload.Uniform(305, 0, 7373L * 256);
    for (double seconds : new double[] {2, 1450}) { // geometric skips, then words
      DirtyPages a = DirtyPages.counting();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(1), a);
      DirtyPages b = DirtyPages.counting();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(2), b); // takes the scratch
      DirtyPages fresh = new DirtyPages();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(1), fresh);
      assertEquals(fresh.bitmap(), a.bitmap(), seconds + " s: the first draw, kept when the second took the scratch");
      assertEquals(fresh.cardinality(), a.cardinality());
      DirtyPages freshB = new DirtyPages();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(2), freshB);
      assertEquals(freshB.cardinality(), b.cardinality());
      assertEquals(freshB.bitmap(), b.bitmap());
    }
  }

  @Test
  void aCountingDrawOfTwoPartsIsTheirUnion() {
    Workload w = new Workload.HotCold(3000, 0, 100_000, 0.1, 0.8); // two draws into one set
    for (double seconds : new double[] {0.5, 30}) {
      DirtyPages counted = DirtyPages.counting();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(5), counted);
      DirtyPages built = new DirtyPages();
      w.dirty(0, seconds, 1.0, new Workload.Cursor(), new SplittableRandom(5), built);
      assertEquals(built.bitmap(), counted.bitmap(), seconds + " s");
    }
  }
}
