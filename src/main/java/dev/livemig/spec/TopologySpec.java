package dev.livemig.spec;

import java.util.List;

/**
 * The scenario's network beyond the host NICs (issue 17): switches with their ports and uplinks,
 * which NIC plugs into which port, links between switches, sites and the WAN links between them,
 * and storage replication between sites. Absent from a scenario (null): every host sits on one
 * non-blocking switch.
 */
public record TopologySpec(List<Switch> switches, List<Plug> plugs, List<SwitchLink> links, List<Site> sites,
    List<Wan> wans, List<Replication> replication) {

  /**
   * A switch: {@code ports} of {@code portBps}; {@code uplink} the switch it connects up to (null: none)
   * over {@code uplinkBps} each way (given, or ports × port speed / oversubscription).
   */
  public record Switch(String name, int ports, double portBps, String uplink, double uplinkBps) {}

  /** A host's NIC plugged into a switch port (1-based). */
  public record Plug(String host, String nic, String switchName, int port) {}

  /** A link between two switches, {@code bps} each way. */
  public record SwitchLink(String a, String b, double bps) {}

  /** A site: its switches (the first, or {@code gateway}, carries its WAN links) and the hosts plugged into them. */
  public record Site(String name, List<String> switches, String gateway, List<String> hosts) {}

  /**
   * A WAN link between two sites' gateways: {@code bps} each way, round-trip time, packet loss
   * rate, and whether RDMA may cross it (off unless the scenario says so).
   */
  public record Wan(String a, String b, double bps, long rttNanos, double loss, boolean rdma) {}

  /**
   * Storage replicated between two sites: {@code sync} or {@code async}, over a replication link of
   * {@code bps}; {@code lagNanos}: how far the replica is behind (async); {@code writeBps}: the
   * writes it carries (0: not given).
   */
  public record Replication(String a, String b, boolean sync, double bps, long lagNanos, double writeBps) {}

  /** The site of a host, or null. */
  public String siteOf(String host) {
    for (Site s : sites) if (s.hosts().contains(host)) return s.name();
    return null;
  }

  /** The replication between two sites (either order), or null. */
  public Replication replication(String siteA, String siteB) {
    for (Replication r : replication)
      if (r.a().equals(siteA) && r.b().equals(siteB) || r.a().equals(siteB) && r.b().equals(siteA)) return r;
    return null;
  }
}
