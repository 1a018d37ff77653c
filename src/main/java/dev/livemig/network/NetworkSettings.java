package dev.livemig.network;

import com.typesafe.config.Config;

/** The network constants of {@code livemig.network} and the transport CPU costs of {@code livemig.cpu}, read once. */
public record NetworkSettings(double tcpEfficiency, double rdmaEfficiency, long seriesResolutionNanos,
    int seriesMaxPoints, Cpu cpu, Tcp tcp, Sites sites) {

  public NetworkSettings(double tcpEfficiency, double rdmaEfficiency, long seriesResolutionNanos, int seriesMaxPoints,
      Cpu cpu) {
    this(tcpEfficiency, rdmaEfficiency, seriesResolutionNanos, seriesMaxPoints, cpu, null, null);
  }

  public NetworkSettings(double tcpEfficiency, double rdmaEfficiency, long seriesResolutionNanos, int seriesMaxPoints,
      Cpu cpu, Tcp tcp) {
    this(tcpEfficiency, rdmaEfficiency, seriesResolutionNanos, seriesMaxPoints, cpu, tcp, null);
  }

  /**
   * TCP payload per byte on the wire at IP MTU {@code mtu}: tcp-efficiency is MTU 1500's (1460 of 1538
   * bytes a frame); another MTU scales it by its own (MTU − 40 bytes of IP and TCP headers) / (MTU + 38
   * of Ethernet header, FCS, preamble and gap): 9000 gives 99.1 %, domain.md's "~99 %" for jumbo frames.
   */
  public double tcpEfficiency(int mtu) {
    if (mtu == 1500) return tcpEfficiency;
    return tcpEfficiency * ((mtu - 40) / (double) (mtu + 38)) / (1460.0 / 1538.0);
  }

  /**
   * Clusters stretched over sites (reference.conf, {@code livemig.topology}): the storage failover a
   * cross-site live migration adds to its blackout, and the asynchronous replication lag above
   * which a cross-site live migration is refused.
   */
  public record Sites(long storageFailoverNanos, long maxAsyncLagNanos) {}

  /**
   * What one TCP connection carries over a path with a round-trip time and a loss rate
   * (reference.conf, {@code livemig.topology}): at most its window per round trip, and at most
   * MSS / RTT × C / √p (Mathis et al. 1997); {@code lanRttNanos}: the round trip within a site.
   */
  public record Tcp(double windowBytes, double mssBytes, double mathisC, long lanRttNanos) {
    /** Payload bit/s one connection carries over a path of {@code rttNanos} (LAN included) and loss {@code loss}. */
    public double windowBps(long rttNanos) {
      return windowBytes * 8 / (rttNanos / 1e9);
    }

    /** The Mathis bound in bit/s; infinite without loss. */
    public double lossBps(long rttNanos, double loss) {
      return loss <= 0 ? Double.POSITIVE_INFINITY : mssBytes * 8 / (rttNanos / 1e9) * mathisC / Math.sqrt(loss);
    }
  }

  /**
   * What moving memory costs the hosts' CPUs (reference.conf, {@code livemig.cpu}): payload bit/s one
   * reference core carries through one TCP connection and over RDMA, the TCP connections of one SMB
   * channel, the decompression speed per core (bytes/s), and the cores a host always keeps for it.
   */
  public record Cpu(double tcpPerCoreBps, double rdmaPerCoreBps, int smbTcpConnections,
      double decompressPerCoreBytes, double minSpareCores, double defaultCoreSpeed, double referenceGhz) {
    public Cpu(double tcpPerCoreBps, double rdmaPerCoreBps, int smbTcpConnections, double decompressPerCoreBytes,
        double minSpareCores, double defaultCoreSpeed) {
      this(tcpPerCoreBps, rdmaPerCoreBps, smbTcpConnections, decompressPerCoreBytes, minSpareCores, defaultCoreSpeed, 2.0);
    }
  }

  public static NetworkSettings from(Config root) {
    Config c = root.getConfig("livemig.network");
    Config u = root.getConfig("livemig.cpu");
    return new NetworkSettings(c.getDouble("tcp-efficiency"), c.getDouble("rdma-efficiency"),
        root.getDuration("livemig.report.series-resolution").toNanos(), root.getInt("livemig.report.series-max-points"),
        new Cpu(bps(u.getString("tcp-per-core")), bps(u.getString("rdma-per-core")), u.getInt("smb-tcp-connections"),
            u.getBytes("decompress-per-core-throughput"), u.getDouble("min-spare-cores"), u.getDouble("core-speed"),
            u.getDouble("reference-ghz")),
        tcp(root.getConfig("livemig.topology")),
        new Sites(root.getDuration("livemig.topology.storage-failover").toNanos(),
            root.getDuration("livemig.topology.max-async-lag").toNanos()));
  }

  private static Tcp tcp(Config t) {
    return new Tcp(t.getBytes("tcp-window"), t.getBytes("tcp-mss"), t.getDouble("mathis-constant"),
        t.getDuration("lan-rtt").toNanos());
  }

  /** "1.7 Gbps", "800 Mbps", "100 kbps", "5 bps" in bit/s. */
  public static double bps(String s) {
    String t = s.trim();
    String[][] units = {{"Gbps", "1e9"}, {"Mbps", "1e6"}, {"kbps", "1e3"}, {"bps", "1"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) return Double.parseDouble(t.substring(0, t.length() - u[0].length()).trim()) * Double.parseDouble(u[1]);
    }
    throw new IllegalArgumentException("not a bandwidth: " + s);
  }

  /** The series resolution for a run that lasted {@code endNanos}: the configured one, or coarser. */
  public long seriesResolutionFor(long endNanos) {
    long res = seriesResolutionNanos;
    if (endNanos / res < seriesMaxPoints) return res;
    long needed = (endNanos + seriesMaxPoints - 1) / seriesMaxPoints;
    return (needed + 999_999_999L) / 1_000_000_000L * 1_000_000_000L;
  }
}
