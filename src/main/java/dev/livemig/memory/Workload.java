package dev.livemig.memory;

import java.util.SplittableRandom;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * How a guest writes its memory. A model computes the distinct pages dirtied over a whole interval
 * at once (never one event per write) and marks them in a bitmap; the randomness is the VM's own
 * seeded stream. Page numbers are offsets in the VM's RAM.
 */
public sealed interface Workload {

  /** Marks in {@code into} the pages dirtied during {@code seconds}, and advances {@code cursor}. */
  void dirty(double seconds, Cursor cursor, SplittableRandom random, RoaringBitmap into);

  /** A short text for reports and logs. */
  String describe();

  /** Per-VM mutable state of a model (the sequential writer's position). */
  final class Cursor {
    double position;
  }

  /** A guest that writes nothing. */
  record Idle() implements Workload {
    @Override
    public void dirty(double seconds, Cursor cursor, SplittableRandom random, RoaringBitmap into) {}

    @Override
    public String describe() {
      return "idle";
    }
  }

  /**
   * A sequential writer: {@code pagesPerSecond} consecutive pages, cycling through the working set.
   * Until it wraps, every write lands on a page not yet dirty, so pre-copy follows the geometric
   * model of domain.md exactly.
   */
  record Sequential(double pagesPerSecond, long firstPage, long workingSetPages) implements Workload {
    @Override
    public void dirty(double seconds, Cursor cursor, SplittableRandom random, RoaringBitmap into) {
      if (seconds <= 0 || pagesPerSecond <= 0 || workingSetPages <= 0) return;
      double start = cursor.position;
      double end = start + pagesPerSecond * seconds;
      long from = (long) Math.floor(start);
      long count = (long) Math.floor(end) - from;
      cursor.position = end % workingSetPages;
      if (count >= workingSetPages) {
        into.add(firstPage, firstPage + workingSetPages);
        return;
      }
      long a = from % workingSetPages;
      long b = a + count;
      if (b <= workingSetPages) {
        into.add(firstPage + a, firstPage + b);
      } else {
        into.add(firstPage + a, firstPage + workingSetPages);
        into.add(firstPage, firstPage + (b - workingSetPages));
      }
    }

    @Override
    public String describe() {
      return String.format(java.util.Locale.ROOT, "sequential %.0f pages/s over %d pages", pagesPerSecond, workingSetPages);
    }
  }

  /**
   * Uniform random writes at {@code writesPerSecond} over a working set of W pages. Writes arrive as
   * a Poisson process, so each page of the set is dirty after t seconds with probability
   * 1 − e^(−w·t/W), independently: the expected distinct count is W·(1 − e^(−w·t/W)).
   */
  record Uniform(double writesPerSecond, long firstPage, long workingSetPages) implements Workload {
    @Override
    public void dirty(double seconds, Cursor cursor, SplittableRandom random, RoaringBitmap into) {
      if (seconds <= 0 || writesPerSecond <= 0 || workingSetPages <= 0) return;
      double p = -Math.expm1(-writesPerSecond * seconds / workingSetPages);
      Bernoulli.mark(into, firstPage, workingSetPages, p, random);
    }

    @Override
    public String describe() {
      return String.format(java.util.Locale.ROOT, "uniform %.0f writes/s over %d pages", writesPerSecond, workingSetPages);
    }
  }

  /** Marks each page of a range with probability p, by geometric skips: time grows with the pages marked. */
  final class Bernoulli {
    private Bernoulli() {}

    static void mark(RoaringBitmap into, long first, long n, double p, SplittableRandom random) {
      if (p <= 0 || n <= 0) return;
      if (p >= 1) {
        into.add(first, first + n);
        return;
      }
      if (p > 0.5) {
        RoaringBitmap all = new RoaringBitmap();
        all.add(first, first + n);
        all.andNot(sample(first, n, 1 - p, random));
        into.or(all);
        return;
      }
      into.or(sample(first, n, p, random));
    }

    private static RoaringBitmap sample(long first, long n, double p, SplittableRandom random) {
      RoaringBitmapWriter<RoaringBitmap> w = RoaringBitmapWriter.writer().get();
      double logq = Math.log1p(-p);
      long i = -1;
      while (true) {
        double skip = Math.floor(Math.log1p(-random.nextDouble()) / logq);
        if (skip >= n) break;
        i += (long) skip + 1;
        if (i >= n) break;
        w.add((int) (first + i));
      }
      return w.get();
    }
  }
}
