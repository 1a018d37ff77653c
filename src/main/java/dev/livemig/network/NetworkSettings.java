package dev.livemig.network;

import com.typesafe.config.Config;

/** The network constants of {@code livemig.network}, read once. */
public record NetworkSettings(double tcpEfficiency, double rdmaEfficiency, long seriesResolutionNanos,
    int seriesMaxPoints) {
  public static NetworkSettings from(Config root) {
    Config c = root.getConfig("livemig.network");
    return new NetworkSettings(c.getDouble("tcp-efficiency"), c.getDouble("rdma-efficiency"),
        root.getDuration("livemig.report.series-resolution").toNanos(), root.getInt("livemig.report.series-max-points"));
  }

  /** The series resolution for a run that lasted {@code endNanos}: the configured one, or coarser. */
  public long seriesResolutionFor(long endNanos) {
    long res = seriesResolutionNanos;
    if (endNanos / res < seriesMaxPoints) return res;
    long needed = (endNanos + seriesMaxPoints - 1) / seriesMaxPoints;
    return (needed + 999_999_999L) / 1_000_000_000L * 1_000_000_000L;
  }
}
