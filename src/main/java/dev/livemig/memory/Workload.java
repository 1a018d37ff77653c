package dev.livemig.memory;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.roaringbitmap.RoaringBitmap;

/**
 * How a guest writes its memory. A model computes the distinct pages dirtied over a whole interval
 * at once (never one event per write) and marks them in a bitmap; the randomness is the VM's own
 * seeded stream. Page numbers are offsets in the VM's RAM. Times are simulated seconds since the
 * start of the run (a phased or trace-driven model depends on them; the others do not).
 *
 * <p>{@code speed} is the fraction of its writes the guest makes (1: all; below 1 when a
 * convergence policy throttles it: QEMU's auto-converge, VMware's SDPS).
 */
public sealed interface Workload {

  /**
   * Marks in {@code into} the pages dirtied from {@code start} during {@code seconds} with the guest
   * running at {@code speed}, and advances {@code cursor}.
   */
  void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into);

  /** The same, the pages ORed into a bitmap. */
  default void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, RoaringBitmap into) {
    DirtyPages pages = new DirtyPages();
    dirty(start, seconds, speed, cursor, random, pages);
    into.or(pages.bitmap());
  }

  /** The same over {@code seconds} at full speed, for time-invariant models (tests). */
  default void dirty(double seconds, Cursor cursor, SplittableRandom random, RoaringBitmap into) {
    dirty(0, seconds, 1, cursor, random, into);
  }

  /** A short text for reports and logs. */
  String describe();

  /** Per-VM mutable state of the models (each sequential writer's position). */
  final class Cursor {
    private final Map<Workload, double[]> positions = new IdentityHashMap<>();

    double[] of(Workload w) {
      return positions.computeIfAbsent(w, k -> new double[1]);
    }
  }

  /** A guest that writes nothing. */
  record Idle() implements Workload {
    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {}

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
    public void dirty(double startAt, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      double rate = pagesPerSecond * speed;
      if (seconds <= 0 || rate <= 0 || workingSetPages <= 0) return;
      double[] pos = cursor.of(this);
      double start = pos[0];
      double end = start + rate * seconds;
      long from = (long) Math.floor(start);
      long count = (long) Math.floor(end) - from;
      pos[0] = end % workingSetPages;
      if (count >= workingSetPages) {
        into.addRange(firstPage, firstPage + workingSetPages);
        return;
      }
      long a = from % workingSetPages;
      long b = a + count;
      if (b <= workingSetPages) {
        into.addRange(firstPage + a, firstPage + b);
      } else {
        into.addRange(firstPage + a, firstPage + workingSetPages);
        into.addRange(firstPage, firstPage + (b - workingSetPages));
      }
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "sequential %.0f pages/s over %d pages", pagesPerSecond, workingSetPages);
    }
  }

  /**
   * Uniform random writes at {@code writesPerSecond} over a working set of W pages. Writes arrive as
   * a Poisson process, so each page of the set is dirty after t seconds with probability
   * 1 − e^(−w·t/W), independently: the expected distinct count is W·(1 − e^(−w·t/W)).
   */
  record Uniform(double writesPerSecond, long firstPage, long workingSetPages) implements Workload {
    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      double rate = writesPerSecond * speed;
      if (seconds <= 0 || rate <= 0 || workingSetPages <= 0) return;
      double p = -Math.expm1(-rate * seconds / workingSetPages);
      Bernoulli.mark(into, firstPage, workingSetPages, p, random);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "uniform %.0f writes/s over %d pages", writesPerSecond, workingSetPages);
    }
  }

  /**
   * Hot/cold: a hot fraction of the working set takes most of the writes ({@code hotShare}), the
   * rest of the set the others; within each part writes are uniform (Poisson), so each part follows
   * its own W·(1 − e^(−w·t/W)). The hot part is the first pages of the set.
   */
  record HotCold(double writesPerSecond, long firstPage, long workingSetPages, double hotFraction, double hotShare)
      implements Workload {
    public long hotPages() {
      return Math.max(1, Math.min(workingSetPages, Math.round(workingSetPages * hotFraction)));
    }

    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      double rate = writesPerSecond * speed;
      if (seconds <= 0 || rate <= 0 || workingSetPages <= 0) return;
      long hot = hotPages();
      long cold = workingSetPages - hot;
      Bernoulli.mark(into, firstPage, hot, -Math.expm1(-rate * hotShare * seconds / hot), random);
      if (cold > 0) Bernoulli.mark(into, firstPage + hot, cold, -Math.expm1(-rate * (1 - hotShare) * seconds / cold), random);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "hot/cold %.0f writes/s over %d pages, %.0f %% of them hot taking %.0f %% of the writes",
          writesPerSecond, workingSetPages, 100 * hotFraction, 100 * hotShare);
    }
  }

  /** One model of a {@link Phased} schedule, in force from {@code at} (seconds) to the next phase. */
  record Phase(double at, Workload model) {}

  /** A schedule of models over simulated time; the first phase starts at 0, the last lasts for ever. */
  record Phased(List<Phase> phases) implements Workload {
    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      double end = start + seconds;
      for (int i = 0; i < phases.size(); i++) {
        double a = Math.max(start, phases.get(i).at());
        double b = i + 1 < phases.size() ? Math.min(end, phases.get(i + 1).at()) : end;
        if (b > a) phases.get(i).model().dirty(a, a == start && b == end ? seconds : b - a, speed, cursor, random, into);
      }
    }

    @Override
    public String describe() {
      StringBuilder s = new StringBuilder("phased");
      for (Phase p : phases) s.append(String.format(Locale.ROOT, " [from %.0f s: %s]", p.at(), p.model().describe()));
      return s.toString();
    }
  }

  /**
   * Trace-driven: uniform writes over the working set at a rate that follows a measured trace, a
   * step function of simulated time ({@code times} in seconds, ascending; {@code pagesPerSecond}
   * from each time to the next; before the first, the first rate; after the last, the last). Over
   * an interval the writes are Poisson with the integrated rate Λ: each page is dirty with
   * probability 1 − e^(−Λ/W).
   */
  record Trace(String source, double[] times, double[] pagesPerSecond, long firstPage, long workingSetPages)
      implements Workload {
    /** Writes from {@code a} to {@code b} (the integral of the step function). */
    public double writesBetween(double a, double b) {
      double total = 0;
      int n = times.length;
      for (int i = -1; i < n; i++) {
        double lo = i < 0 ? Double.NEGATIVE_INFINITY : times[i];
        double hi = i + 1 < n ? times[i + 1] : Double.POSITIVE_INFINITY;
        double rate = pagesPerSecond[Math.max(0, i)];
        double x = Math.max(a, lo);
        double y = Math.min(b, hi);
        if (y > x) total += rate * (y - x);
      }
      return total;
    }

    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      if (seconds <= 0 || workingSetPages <= 0) return;
      double writes = writesBetween(start, start + seconds) * speed;
      if (writes <= 0) return;
      Bernoulli.mark(into, firstPage, workingSetPages, -Math.expm1(-writes / workingSetPages), random);
    }

    @Override
    public String describe() {
      return "trace " + source + " (" + times.length + " points) over " + workingSetPages + " pages";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Trace t && t.source.equals(source) && java.util.Arrays.equals(t.times, times)
          && java.util.Arrays.equals(t.pagesPerSecond, pagesPerSecond) && t.firstPage == firstPage
          && t.workingSetPages == workingSetPages;
    }

    @Override
    public int hashCode() {
      return source.hashCode() * 31 + java.util.Arrays.hashCode(times);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * A storm: a burst of writes ({@code burst}) on top of the guest's usual workload from {@code from}
   * to {@code until} (seconds), as a scenario event triggers it. The two write independently: the
   * pages dirtied are the union of both.
   */
  record Storm(Workload base, Workload burst, double from, double until) implements Workload {
    @Override
    public void dirty(double start, double seconds, double speed, Cursor cursor, SplittableRandom random, DirtyPages into) {
      base.dirty(start, seconds, speed, cursor, random, into);
      double a = Math.max(start, from);
      double b = Math.min(start + seconds, until);
      if (b > a) burst.dirty(a, b - a, speed, cursor, random, into);
    }

    @Override
    public String describe() {
      return base.describe() + String.format(Locale.ROOT, " + storm from %.0f s to %.0f s: %s", from, until, burst.describe());
    }
  }

  /** Marks each page of a range with probability p, by geometric skips: time grows with the pages marked. */
  final class Bernoulli {
    private Bernoulli() {}

    /** Above this probability a word-wise draw (16 random words per 64 pages) beats geometric skips. */
    private static final double WORDWISE_ABOVE = 1.0 / 32;

    static void mark(DirtyPages into, long first, long n, double p, SplittableRandom random) {
      if (p <= 0 || n <= 0) return;
      if (p >= 1) {
        into.addRange(first, first + n);
        return;
      }
      if (p > WORDWISE_ABOVE) wordwise(into, first, n, p, random);
      else sample(into, first, n, p, random);
    }

    /** Geometric skips between marked pages: time grows with the pages marked. */
    private static void sample(DirtyPages into, long first, long n, double p, SplittableRandom random) {
      // room for the expected count and some: grown (doubled) if the draw marks more
      int[] pages = into.pageBuffer((int) Math.min(n, (long) (n * p * 1.1) + 64));
      int k = 0;
      double logq = Math.log1p(-p);
      long i = -1;
      while (true) {
        // The skip is the floor of a ratio that is never negative: below n, the cast is that floor
        // (Math.floor is a call under C1, the cast is not); at or above n (or infinite) the range ends.
        double skip = Math.log1p(-random.nextDouble()) / logq;
        if (skip >= n) break;
        i += (long) skip + 1;
        if (i >= n) break;
        if (k == pages.length) pages = java.util.Arrays.copyOf(pages, (int) Math.min(n, 2L * k));
        pages[k++] = (int) (first + i);
      }
      into.pages(pages, k);
    }

    /**
     * 64 pages at a time: each bit of a word is set with probability p rounded to 1/65536, by
     * combining 16 random words along p's binary digits (least significant first: a 1-digit ORs a
     * random word in, a 0-digit ANDs one). Time grows with the range, not with the pages marked.
     */
    private static void wordwise(DirtyPages into, long first, long n, double p, SplittableRandom random) {
      int q = (int) Math.round(p * 65536);
      if (q >= 65536) { // p rounds to 1: every page
        into.addRange(first, first + n);
        return;
      }
      int length = (int) ((n + 63) / 64);
      long[] words = into.wordBuffer(length);
      for (int w = 0; w < length; w++) {
        long m = 0;
        for (int bit = 0; bit < 16; bit++) {
          long r = random.nextLong();
          m = ((q >>> bit) & 1) != 0 ? (m | r) : (m & r);
        }
        words[w] = m;
      }
      int tail = (int) (n % 64);
      if (tail != 0) words[length - 1] &= (1L << tail) - 1;
      into.words(words, length, first);
    }
  }
}
