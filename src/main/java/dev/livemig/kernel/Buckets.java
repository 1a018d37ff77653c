package dev.livemig.kernel;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.RandomAccess;

/**
 * A time series of means over fixed buckets of simulated time: values that hold over intervals
 * (a link's rate, a host's busy cores) are added with their interval, and each bucket reports the
 * time-weighted mean. Used for every series of the report.
 *
 * <p>Each bucket's sum is its intervals' parts added in the order the intervals were added, the
 * same sums bit for bit as adding each interval to every bucket it covers at once; but the work is
 * per interval, not per bucket it covers: intervals are kept, and a bucket is summed only where an
 * interval starts or ends in it. Between two such buckets every interval covers a bucket whole or
 * not at all, so those buckets have the same sum, summed once and copied (a VM's cores over a stay
 * of hours, one sum for thousands of buckets).
 */
public final class Buckets {
  private final long resolution;
  private final long end;
  private final int size;
  private long[] from = new long[8];
  private long[] to = new long[8];
  private double[] value = new double[8];
  private int n;

  /** Buckets of {@code resolutionNanos} from 0 to {@code endNanos} (the last one may be shorter). */
  public Buckets(long resolutionNanos, long endNanos) {
    this.resolution = resolutionNanos;
    this.end = endNanos;
    this.size = (int) Math.max(1, (endNanos + resolutionNanos - 1) / resolutionNanos);
  }

  /** {@code value} held from {@code from} to {@code to} (nanoseconds). */
  public void add(long from, long to, double value) {
    if (value == 0 || to <= from || from / resolution >= size) return;
    if (n == this.from.length) {
      this.from = Arrays.copyOf(this.from, n * 2);
      this.to = Arrays.copyOf(this.to, n * 2);
      this.value = Arrays.copyOf(this.value, n * 2);
    }
    this.from[n] = from;
    this.to[n] = to;
    this.value[n++] = value;
  }

  /** The sum of each bucket: value × time of every interval's part in it, in the order added. */
  double[] sums() {
    double[] sums = new double[size];
    if (n == 0) return sums;
    int[] first = new int[n];
    int[] last = new int[n];
    long[] bounds = new long[2 * n];
    for (int i = 0; i < n; i++) {
      first[i] = (int) (from[i] / resolution);
      last[i] = (int) Math.min(size - 1, (to[i] - 1) / resolution);
      bounds[i] = (long) first[i] << 32 | i; // by first bucket, then order added
      bounds[n + i] = (long) last[i] << 32 | i;
    }
    long[] starts = Arrays.copyOf(bounds, n);
    long[] ends = Arrays.copyOfRange(bounds, n, 2 * n);
    Arrays.sort(starts);
    Arrays.sort(ends);
    BitSet active = new BitSet(n);
    int s = 0;
    int e = 0;
    int b = 0;
    while (b < size) {
      // the next bucket where an interval starts or ends: summed on its own
      int next = size;
      if (s < n) next = Math.min(next, (int) (starts[s] >>> 32));
      if (e < n) next = Math.min(next, (int) (ends[e] >>> 32));
      if (b < next) {
        // b .. next-1: every active interval covers these buckets whole; one sum for all of them
        double sum = sum(active, b);
        Arrays.fill(sums, b, next, sum);
        b = next;
        if (b == size) break;
      }
      while (s < n && (int) (starts[s] >>> 32) == b) active.set((int) starts[s++]);
      sums[b] = sum(active, b);
      while (e < n && (int) (ends[e] >>> 32) == b) active.clear((int) ends[e++]);
      b++;
    }
    return sums;
  }

  /** Bucket {@code b}'s sum over the active intervals, in the order they were added. */
  private double sum(BitSet active, int b) {
    double sum = 0;
    long lo = (long) b * resolution;
    long hi = (long) (b + 1) * resolution;
    for (int i = active.nextSetBit(0); i >= 0; i = active.nextSetBit(i + 1)) {
      long s = Math.max(from[i], lo);
      long t = Math.min(to[i], hi);
      if (t > s) sum += value[i] * (t - s);
    }
    return sum;
  }

  /** Each bucket's mean times {@code scale}, rounded to {@code decimals} places. */
  public Means means(double scale, int decimals) {
    double[] sums = sums();
    double unit = Math.pow(10, decimals);
    double[] out = sums; // each sum read once, before its mean is written over it
    long lastSum = 0;
    long lastLen = -1;
    double lastMean = 0;
    for (int b = 0; b < sums.length; b++) {
      long len = Math.min(resolution, end - (long) b * resolution);
      long sum = Double.doubleToRawLongBits(sums[b]);
      if (sum != lastSum || len != lastLen) { // a run of equal sums (see sums()) has one mean
        lastMean = len <= 0 ? 0.0 : Math.round(sums[b] / len * scale * unit) / unit;
        lastSum = sum;
        lastLen = len;
      }
      out[b] = lastMean;
    }
    return new Means(out);
  }

  /**
   * The means of a series as an unmodifiable list, held unboxed: a report's series are millions of
   * values (1,000 hosts by 1,457 seconds at 10,000 migrations), a Double is made only when one is
   * asked for by {@link #get}; {@link #at} reads one without.
   */
  public static final class Means extends AbstractList<Double> implements RandomAccess {
    private final double[] values;

    Means(double[] values) {
      this.values = values;
    }

    @Override
    public Double get(int i) {
      return values[i];
    }

    /** The {@code i}-th mean, unboxed. */
    public double at(int i) {
      return values[i];
    }

    @Override
    public int size() {
      return values.length;
    }

    /** Whether every mean is 0. */
    public boolean allZero() {
      for (double v : values) if (v != 0) return false;
      return true;
    }
  }
}
