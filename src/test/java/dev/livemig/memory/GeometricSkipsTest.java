package dev.livemig.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.roaringbitmap.RoaringBitmap;

/**
 * The geometric-skip draw (low probabilities) marks the pages the draw written with
 * {@code Math.floor} marked, for any range and probability, and leaves the stream where it left
 * it: a speed-up that changes no answer.
 */
class GeometricSkipsTest {

  @Property(tries = 1000)
  void samePagesAsWithFloor(@ForAll long seed,
      @ForAll @DoubleRange(min = 0, minIncluded = false, max = 1.0 / 32) @Scale(15) double p,
      @ForAll @IntRange(min = 1, max = 200_000) int n, @ForAll @LongRange(min = 0, max = 1L << 24) long first) {
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom reference = new SplittableRandom(seed);
    DirtyPages pages = new DirtyPages();
    Workload.Bernoulli.mark(pages, first, n, p, random);
    assertEquals(withFloor(first, n, p, reference), pages.bitmap());
    assertEquals(reference.nextLong(), random.nextLong());
  }

  /** The draw as it was. */
  private static RoaringBitmap withFloor(long first, long n, double p, SplittableRandom random) {
    RoaringBitmap b = new RoaringBitmap();
    double logq = Math.log1p(-p);
    long i = -1;
    while (true) {
      double skip = Math.floor(Math.log1p(-random.nextDouble()) / logq);
      if (skip >= n) break;
      i += (long) skip + 1;
      if (i >= n) break;
      b.add((int) (first + i));
    }
    return b;
  }
}
