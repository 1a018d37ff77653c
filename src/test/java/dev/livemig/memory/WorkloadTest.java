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

  // ------------------------------------------------------------------ hot/cold, phased, trace, storm, throttle

  static long dirty(Workload wl, double start, double seconds, double speed, long seed) {
    RoaringBitmap b = new RoaringBitmap();
    wl.dirty(start, seconds, speed, new Workload.Cursor(), new SplittableRandom(seed), b);
    return b.getLongCardinality();
  }

  @Test
  void hotColdDirtiesEachPartByItsOwnDistinctCount() {
    long w = 1L << 19;
    var wl = new Workload.HotCold(5_000, 0, w, 0.05, 0.8);
    long hot = wl.hotPages();
    for (double t : new double[] {1, 10, 72}) {
      double expected = hot * -Math.expm1(-5_000 * 0.8 * t / hot) + (w - hot) * -Math.expm1(-5_000 * 0.2 * t / (w - hot));
      assertEquals(expected, dirty(wl, 0, t, 1, 5), Math.max(0.02 * expected, 4 * Math.sqrt(expected)), "t=" + t);
    }
  }

  @Test
  void aPhasedScheduleSwitchesModelsAtItsInstants() {
    var wl = new Workload.Phased(java.util.List.of(new Workload.Phase(0, new Workload.Idle()),
        new Workload.Phase(10, new Workload.Sequential(1000, 0, 1_000_000))));
    assertEquals(0, dirty(wl, 0, 10, 1, 1));
    assertEquals(5000, dirty(wl, 5, 10, 1, 1)); // 5 s idle, then 5 s at 1000 pages/s
    assertEquals(2500, dirty(wl, 5, 10, 0.5, 1)); // throttled to half
  }

  @Test
  void aTraceIntegratesItsRateOverTheInterval() {
    long w = 200_000;
    var wl = new Workload.Trace("t.csv", new double[] {0, 10, 20}, new double[] {1000, 5000, 0}, 0, w);
    assertEquals(1000 * 10 + 5000 * 10, wl.writesBetween(0, 100), 1e-9);
    assertEquals(1000 * 5 + 5000 * 5, wl.writesBetween(5, 15), 1e-9);
    double expected = w * -Math.expm1(-60_000.0 / w);
    assertEquals(expected, dirty(wl, 0, 100, 1, 2), 0.02 * expected);
  }

  @Test
  void aStormAddsItsWritesOnlyDuringItsWindow() {
    var burst = new Workload.Sequential(1000, 0, 1_000_000);
    var wl = new Workload.Storm(new Workload.Idle(), burst, 10, 20);
    assertEquals(0, dirty(wl, 0, 10, 1, 1));
    assertEquals(10_000, dirty(wl, 0, 30, 1, 1));
    assertEquals(0, dirty(wl, 20, 10, 1, 1));
  }

  @Test
  void throttlingUniformWritesIsLikeLessTime() {
    long w = 1L << 18;
    var wl = new Workload.Uniform(20_000, 0, w);
    double expected = w * -Math.expm1(-20_000 * 0.3 * 10.0 / w);
    assertEquals(expected, dirty(wl, 0, 10, 0.3, 4), 0.02 * expected);
  }

  @Test
  void theTrackerAdvancesWithTheSpeedInForce() {
    var t = new DirtyTracker(0, new SplittableRandom(1), new Workload.Cursor());
    var wl = new Workload.Sequential(1000, 0, 1_000_000);
    t.advance(2_000_000_000L, wl, 1.0);
    t.advance(4_000_000_000L, wl, 0.25);
    assertEquals(2500, t.harvest());
  }
}
