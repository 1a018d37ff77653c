package dev.livemig.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Buckets}, which sums a bucket only where an interval starts or ends in it, against
 * {@link ReferenceBuckets} (every interval added to each bucket it covers): the same sums, bit for
 * bit, and the same means, on random intervals (long stays, short ones, overlapping, past the end,
 * on bucket bounds, of either sign).
 */
class BucketsPropertyTest {

  record Interval(long from, long to, double value) {}

  record Case(long resolution, long end, List<Interval> intervals) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Long> res = Arbitraries.of(1L, 7L, 1_000L, 1_000_000_000L);
    return res.flatMap(r -> Arbitraries.integers().between(1, 400).flatMap(buckets -> {
      long end = r * buckets - (r > 1 ? Arbitraries.longs().between(0, r - 1).sample() : 0);
      Arbitrary<Long> instant = Arbitraries.oneOf(Arbitraries.longs().between(0, end + 2 * r),
          Arbitraries.integers().between(0, buckets + 1).map(b -> b * r)); // on a bucket's bound
      Arbitrary<Interval> interval = Combinators.combine(instant, instant,
          Arbitraries.oneOf(Arbitraries.of(0.0, 0.5, 1.0, 2.25, 1e9 / 3, -0.75),
              Arbitraries.doubles().between(-1e3, 1e10)))
          .as((a, b, v) -> new Interval(Math.min(a, b), Math.max(a, b), v));
      return interval.list().ofMaxSize(60).map(l -> new Case(r, end, l));
    }));
  }

  @Property(tries = 1000)
  void sameSumsAsAddingEachBucket(@ForAll("cases") Case c) {
    Buckets b = new Buckets(c.resolution(), c.end());
    ReferenceBuckets ref = new ReferenceBuckets(c.resolution(), c.end());
    for (Interval i : c.intervals()) {
      b.add(i.from(), i.to(), i.value());
      ref.add(i.from(), i.to(), i.value());
    }
    assertArrayEquals(ref.sums(), b.sums());
    assertEquals(ref.means(1e-9, 6), b.means(1e-9, 6));
    assertEquals(ref.means(1, 3), b.means(1, 3));
  }

  @Test
  void aLongStayIsOneSumCopied() {
    Buckets b = new Buckets(1_000_000_000L, 3_600_500_000_000L); // an hour and half a second
    b.add(0, 3_600_500_000_000L, 0.5);
    b.add(1_250_000_000L, 2_000_000_000_000L, 2);
    List<Double> m = b.means(1, 3);
    assertEquals(3601, m.size());
    assertEquals(0.5, m.get(0));
    assertEquals(2.0, m.get(1)); // 0.5 + 2 x 0.75 s of the second
    assertEquals(2.5, m.get(1999));
    assertEquals(0.5, m.get(2000));
    assertEquals(0.5, m.get(3600)); // the last, shorter bucket
  }
}
