package dev.livemig.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Where each model puts its pages (inside its working set, the hot part first), how the speed and
 * the schedule enter, and the two ways of drawing pages (geometric skips, 64 pages a word): the
 * cases the mutation run found unchecked.
 */
class WorkloadEdgesTest {

  static RoaringBitmap marks(Workload wl, double start, double seconds, double speed, long seed) {
    RoaringBitmap b = new RoaringBitmap();
    wl.dirty(start, seconds, speed, new Workload.Cursor(), new SplittableRandom(seed), b);
    return b;
  }

  static RoaringBitmap bernoulli(long first, long n, double p, long seed) {
    DirtyPages b = new DirtyPages();
    Workload.Bernoulli.mark(b, first, n, p, new SplittableRandom(seed));
    return b.bitmap();
  }

  // ------------------------------------------------------------------ the draws

  @Test
  void certainAndImpossibleDrawsMarkAllOrNothing() {
    RoaringBitmap all = bernoulli(100, 50, 1.0, 1);
    assertEquals(50, all.getLongCardinality());
    assertEquals(100, all.first());
    assertEquals(149, all.last());
    assertEquals(0, bernoulli(100, 50, 0.0, 1).getLongCardinality());
    assertEquals(0, bernoulli(100, 50, -0.5, 1).getLongCardinality());
    assertEquals(0, bernoulli(100, 0, 0.5, 1).getLongCardinality());
    // p just under 1 rounds to every page in the word-wise draw
    assertEquals(50, bernoulli(100, 50, 1 - 1e-7, 1).getLongCardinality());
  }

  @Test
  void skipsStayInsideTheRangeAndMarkAboutNp() {
    long total = 0;
    for (long seed = 0; seed < 3000; seed++) { // small ranges: the last skip often lands just past the end
      RoaringBitmap b = bernoulli(1000, 10, 0.03, seed);
      if (!b.isEmpty()) assertTrue(b.first() >= 1000 && b.last() <= 1009, "seed " + seed + ": " + b);
      total += b.getLongCardinality();
    }
    assertEquals(3000 * 10 * 0.03, total, 4 * Math.sqrt(3000 * 10 * 0.03)); // 900 ± 120
    RoaringBitmap big = bernoulli(0, 1_000_000, 0.01, 7);
    assertEquals(10_000, big.getLongCardinality(), 400);
    assertTrue(big.first() < 500, "the first pages can be marked: " + big.first());
  }

  @Test
  void wordsStayInsideTheRangeWhateverItsTail() {
    for (long n : new long[] {1, 63, 64, 100, 128, 1000}) {
      for (long first : new long[] {0, 5, 4096}) {
        RoaringBitmap b = bernoulli(first, n, 0.9, n + first);
        assertTrue(b.first() >= first && b.last() < first + n, n + " pages from " + first + ": " + b);
        assertEquals(0.9 * n, b.getLongCardinality(), Math.max(2, 5 * Math.sqrt(0.09 * n)), n + " pages from " + first);
      }
    }
    // a whole last word (128 pages) keeps its pages: the tail mask applies only to a partial word
    RoaringBitmap b = bernoulli(0, 128, 0.9, 3);
    assertTrue(b.rangeCardinality(64, 128) > 45, b.toString());
  }

  @Test
  void wordsMarkTheirProbability() {
    for (double p : new double[] {0.05, 0.3, 0.5, 0.77}) {
      long n = 200_000;
      assertEquals(p * n, bernoulli(0, n, p, 11).getLongCardinality(), 5 * Math.sqrt(p * (1 - p) * n), "p=" + p);
    }
  }

  // ------------------------------------------------------------------ the models

  @Test
  void theHotPartIsTheFirstPagesOfTheSet() {
    assertEquals(50, new Workload.HotCold(1, 0, 1000, 0.05, 0.8).hotPages());
    assertEquals(1, new Workload.HotCold(1, 0, 1000, 0.0, 0.8).hotPages(), "at least one hot page");
    assertEquals(1000, new Workload.HotCold(1, 0, 1000, 1.0, 0.8).hotPages());
    // every write hot: exactly the first 100 pages of the set (at 500)
    RoaringBitmap hot = marks(new Workload.HotCold(1e6, 500, 1000, 0.1, 1.0), 0, 100, 1, 1);
    assertEquals(100, hot.getLongCardinality());
    assertEquals(500, hot.first());
    assertEquals(599, hot.last());
    // every write cold: exactly the other 900 pages, none past the set
    RoaringBitmap cold = marks(new Workload.HotCold(1e7, 500, 1000, 0.1, 0.0), 0, 100, 1, 1);
    assertEquals(900, cold.getLongCardinality());
    assertEquals(600, cold.first());
    assertEquals(1499, cold.last());
  }

  @Test
  void hotColdWritesSlowWithTheSpeed() {
    long w = 100_000;
    var wl = new Workload.HotCold(4000, 0, w, 0.5, 0.5);
    double perPart = w / 2.0;
    double expected = 2 * perPart * -Math.expm1(-4000 * 0.25 * 0.5 * 10 / perPart);
    assertEquals(expected, marks(wl, 0, 10, 0.25, 2).getLongCardinality(), 4 * Math.sqrt(expected));
  }

  @Test
  void aPhaseEndsWhereTheNextBegins() {
    var wl = new Workload.Phased(List.of(new Workload.Phase(0, new Workload.Sequential(1000, 0, 1_000_000)),
        new Workload.Phase(10, new Workload.Idle())));
    assertEquals(10_000, marks(wl, 0, 20, 1, 1).getLongCardinality());
    assertEquals(5_000, marks(wl, 5, 20, 1, 1).getLongCardinality());
    assertEquals(0, marks(wl, 10, 20, 1, 1).getLongCardinality());
  }

  @Test
  void aTraceSlowsWithTheSpeedAndHoldsItsEndRates() {
    long w = 200_000;
    var wl = new Workload.Trace("t.csv", new double[] {10, 20}, new double[] {1000, 3000}, 0, w);
    assertEquals(1000 * 15, wl.writesBetween(0, 15), 1e-9, "before the first time: the first rate");
    assertEquals(3000 * 100, wl.writesBetween(20, 120), 1e-9, "after the last: the last rate");
    assertEquals(1000 * 10 + 3000 * 5, wl.writesBetween(10, 25), 1e-9);
    assertEquals(0, wl.writesBetween(30, 30), 1e-9);
    double expected = w * -Math.expm1(-3000 * 100 * 0.5 / w);
    assertEquals(expected, marks(wl, 20, 100, 0.5, 3).getLongCardinality(), 0.02 * expected);
    var idle = new Workload.Trace("z.csv", new double[] {0}, new double[] {0}, 0, w);
    assertEquals(0, marks(idle, 0, 100, 1, 3).getLongCardinality());
  }

  @Test
  void aStormAddsToItsBaseWorkload() {
    var base = new Workload.Sequential(100, 0, 1_000_000);
    var burst = new Workload.Sequential(1000, 2_000_000, 1_000_000);
    var wl = new Workload.Storm(base, burst, 10, 20);
    RoaringBitmap b = marks(wl, 0, 30, 1, 1);
    assertEquals(3_000 + 10_000, b.getLongCardinality(), "the base all along, the burst in its window");
    assertEquals(3_000, b.rangeCardinality(0, 1_000_000));
    assertEquals(500 + 2_500, marks(wl, 15, 10, 0.5, 1).getLongCardinality(), "half speed: 10 s of base, 5 s of burst");
  }

  @Test
  void sequentialAndUniformSlowWithTheSpeed() {
    assertEquals(1500, marks(new Workload.Sequential(1000, 0, 1_000_000), 0, 3, 0.5, 1).getLongCardinality());
    assertEquals(0, marks(new Workload.Sequential(1000, 0, 1_000_000), 0, 3, 0, 1).getLongCardinality());
    assertEquals(0, marks(new Workload.Uniform(1000, 0, 1_000_000), 0, 3, 0, 1).getLongCardinality());
    assertEquals(0, marks(new Workload.Uniform(1000, 0, 0), 0, 3, 1, 1).getLongCardinality());
  }

  @Test
  void eachModelDescribesItself() {
    assertEquals("idle", new Workload.Idle().describe());
    assertEquals("sequential 8000 pages/s over 1000 pages", new Workload.Sequential(8000, 0, 1000).describe());
    assertEquals("uniform 1000 writes/s over 262144 pages", new Workload.Uniform(1000, 0, 262144).describe());
    assertEquals("hot/cold 2600 writes/s over 524288 pages, 5 % of them hot taking 80 % of the writes",
        new Workload.HotCold(2600, 0, 524288, 0.05, 0.8).describe());
    assertEquals("phased [from 0 s: idle] [from 10 s: uniform 5 writes/s over 7 pages]",
        new Workload.Phased(List.of(new Workload.Phase(0, new Workload.Idle()),
            new Workload.Phase(10, new Workload.Uniform(5, 0, 7)))).describe());
    var trace = new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 2}, 0, 99);
    assertEquals("trace t.csv (2 points) over 99 pages", trace.describe());
    assertEquals(trace.describe(), trace.toString());
    assertEquals("idle + storm from 40 s to 60 s: uniform 40000 writes/s over 524288 pages",
        new Workload.Storm(new Workload.Idle(), new Workload.Uniform(40000, 0, 524288), 40, 60).describe());
  }

  @Test
  void tracesAreEqualByContent() {
    var a = new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 2}, 0, 99);
    var same = new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 2}, 0, 99);
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, new Workload.Trace("u.csv", new double[] {0, 10}, new double[] {1, 2}, 0, 99));
    assertNotEquals(a, new Workload.Trace("t.csv", new double[] {0, 11}, new double[] {1, 2}, 0, 99));
    assertNotEquals(a, new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 3}, 0, 99));
    assertNotEquals(a, new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 2}, 1, 99));
    assertNotEquals(a, new Workload.Trace("t.csv", new double[] {0, 10}, new double[] {1, 2}, 0, 98));
    assertNotEquals(a, (Object) "t.csv");
    assertNotEquals(a.hashCode(), new Workload.Trace("t.csv", new double[] {0, 11}, new double[] {1, 2}, 0, 99).hashCode());
  }
}
