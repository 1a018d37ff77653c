package dev.livemig.network;

import com.typesafe.config.Config;

/** The network constants of {@code livemig.network}, read once. */
public record NetworkSettings(double tcpEfficiency) {
  public static NetworkSettings from(Config root) {
    Config c = root.getConfig("livemig.network");
    return new NetworkSettings(c.getDouble("tcp-efficiency"));
  }
}
