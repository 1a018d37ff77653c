package dev.livemig.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A time series of means over fixed buckets of simulated time: values that hold over intervals
 * (a link's rate, a host's busy cores) are added with their interval, and each bucket reports the
 * time-weighted mean. Used for every series of the report.
 */
public final class Buckets {
  private final long resolution;
  private final long end;
  private final double[] sums;

  /** Buckets of {@code resolutionNanos} from 0 to {@code endNanos} (the last one may be shorter). */
  public Buckets(long resolutionNanos, long endNanos) {
    this.resolution = resolutionNanos;
    this.end = endNanos;
    this.sums = new double[(int) Math.max(1, (endNanos + resolutionNanos - 1) / resolutionNanos)];
  }

  /** {@code value} held from {@code from} to {@code to} (nanoseconds). */
  public void add(long from, long to, double value) {
    if (value == 0 || to <= from) return;
    for (int b = (int) (from / resolution); b < sums.length && (long) b * resolution < to; b++) {
      long s = Math.max(from, (long) b * resolution);
      long t = Math.min(to, (long) (b + 1) * resolution);
      if (t > s) sums[b] += value * (t - s);
    }
  }

  /** Each bucket's mean times {@code scale}, rounded to {@code decimals} places. */
  public List<Double> means(double scale, int decimals) {
    double unit = Math.pow(10, decimals);
    List<Double> out = new ArrayList<>(sums.length);
    for (int b = 0; b < sums.length; b++) {
      long len = Math.min(resolution, end - (long) b * resolution);
      out.add(len <= 0 ? 0.0 : Math.round(sums[b] / len * scale * unit) / unit);
    }
    return List.copyOf(out);
  }
}
