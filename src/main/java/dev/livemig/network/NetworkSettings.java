package dev.livemig.network;

import com.typesafe.config.Config;

/** The network constants of {@code livemig.network}, read once. */
public record NetworkSettings(double tcpEfficiency, double rdmaEfficiency, long seriesResolutionNanos) {
  public static NetworkSettings from(Config root) {
    Config c = root.getConfig("livemig.network");
    return new NetworkSettings(c.getDouble("tcp-efficiency"), c.getDouble("rdma-efficiency"),
        root.getDuration("livemig.report.series-resolution").toNanos());
  }
}
