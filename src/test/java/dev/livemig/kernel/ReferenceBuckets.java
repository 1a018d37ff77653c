package dev.livemig.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of 661204c, which added every interval to each bucket it covers at once: kept as the
 * oracle of {@link Buckets}, which gives the same sums bit for bit (BucketsPropertyTest).
 */
final class ReferenceBuckets {
  private final long resolution;
  private final long end;
  private final double[] sums;

  /** Buckets of {@code resolutionNanos} from 0 to {@code endNanos} (the last one may be shorter). */
  ReferenceBuckets(long resolutionNanos, long endNanos) {
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

  double[] sums() {
    return sums.clone();
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
