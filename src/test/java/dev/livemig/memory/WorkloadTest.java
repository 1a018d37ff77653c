package dev.livemig.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The dirtying models against their closed forms, computed per interval (never per write). */
class WorkloadTest {

  @Test
  void uniformWritesDirtyTheExpectedDistinctCount() {
    long w = 1L << 18; // 1 GiB of 4 KiB pages
    double rate = 1000;
    for (double t : new double[] {0.5, 2, 72, 300, 2000}) {
      var wl = new Workload.Uniform(rate, 0, w);
      RoaringBitmap b = new RoaringBitmap();
      wl.dirty(t, new Workload.Cursor(), new SplittableRandom(1), b);
      double expected = w * (1 - Math.exp(-rate * t / w));
      assertEquals(expected, b.getLongCardinality(), Math.max(0.02 * expected, 4 * Math.sqrt(expected)), "t=" + t);
    }
  }

  @Test
  void twoIntervalsOfUniformWritesUnionLikeOneOfTheirSum() {
    long w = 100_000;
    var wl = new Workload.Uniform(20_000, 0, w);
    RoaringBitmap b = new RoaringBitmap();
    SplittableRandom r = new SplittableRandom(3);
    wl.dirty(2, new Workload.Cursor(), r, b);
    wl.dirty(3, new Workload.Cursor(), r, b);
    double expected = w * (1 - Math.exp(-20_000 * 5.0 / w));
    assertEquals(expected, b.getLongCardinality(), 0.02 * expected);
  }

  @Test
  void uniformWritesStayInTheWorkingSet() {
    var wl = new Workload.Uniform(1e6, 5_000, 1_000);
    RoaringBitmap b = new RoaringBitmap();
    wl.dirty(100, new Workload.Cursor(), new SplittableRandom(9), b);
    assertEquals(1_000, b.getLongCardinality());
    assertEquals(5_000, b.first());
    assertEquals(5_999, b.last());
  }

  @Test
  void theSequentialWriterDirtiesRateTimesTimeThenWraps() {
    var wl = new Workload.Sequential(1000, 0, 10_000);
    var cursor = new Workload.Cursor();
    RoaringBitmap b = new RoaringBitmap();
    wl.dirty(3, cursor, new SplittableRandom(1), b);
    assertEquals(3000, b.getLongCardinality());
    assertTrue(b.contains(0) && b.contains(2999) && !b.contains(3000));
    RoaringBitmap c = new RoaringBitmap();
    wl.dirty(8, cursor, new SplittableRandom(1), c); // pages 3000..10999 wrap to 0..999
    assertEquals(8000, c.getLongCardinality());
    assertTrue(c.contains(9999) && c.contains(999) && !c.contains(1000));
  }

  @Test
  void theTrackerClearsWhatItHarvests() {
    var t = new DirtyTracker(0, new SplittableRandom(1), new Workload.Cursor());
    var wl = new Workload.Sequential(100, 0, 1_000_000);
    t.advance(2_000_000_000L, wl);
    assertEquals(200, t.harvest());
    assertEquals(0, t.harvest());
    t.advance(3_000_000_000L, wl);
    assertEquals(100, t.harvest());
  }
}
