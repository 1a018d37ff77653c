package dev.livemig.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.TeamSpec;

/**
 * Chooses the NICs a live migration uses (domain.md, "Transports"):
 * <ul>
 *   <li>TCP/IP and compression: one stream (or cluster.live-migration.streams of them), on the first network in the cluster's order of
 *       preference where both hosts have a usable endpoint (an enabled, up NIC, or a team with such a
 *       member). On a team it rides one member: the one carrying the fewest streams at the time (ties:
 *       the first listed), so a second stream takes the other member.
 *   <li>SMB: Multichannel spreads even one migration over every usable endpoint of every listed
 *       live-migration network, one channel per NIC pair. A channel is SMB Direct (RDMA) when both
 *       ends are RDMA NICs of the same kind; RDMA does not work through a team, so a channel over a
 *       team (or a non-RDMA NIC) is SMB over TCP.
 * </ul>
 */
public final class TransportPlanner {
  /** How a channel's note ends when SMB runs over TCP, not SMB Direct (the {@code fallbacks} metric counts it). */
  public static final String SMB_OVER_TCP = "SMB runs over TCP there";

  private TransportPlanner() {}

  /**
   * One stream of a migration: its links, payload efficiency, and whether it is RDMA; {@code capBps}:
   * the payload its connections can carry, bound by a core per TCP connection at the slower end (0: no
   * bound, RDMA); {@code srcCoresPerBps} and {@code dstCoresPerBps}: cores busy per payload bit/s at
   * each end (livemig.cpu).
   */
  public record Channel(List<String> links, double efficiency, boolean rdma, String description, double capBps,
      double srcCoresPerBps, double dstCoresPerBps, String capKind) {
    public Channel(List<String> links, double efficiency, boolean rdma, String description) {
      this(links, efficiency, rdma, description, 0, 0, 0);
    }

    public Channel(List<String> links, double efficiency, boolean rdma, String description, double capBps,
        double srcCoresPerBps, double dstCoresPerBps) {
      this(links, efficiency, rdma, description, capBps, srcCoresPerBps, dstCoresPerBps, "stream-cpu");
    }
  }

  /** The channels of a migration, the networks they ride, and notes for the report. */
  public record Route(String network, List<Channel> channels, List<String> notes) {}

  /** Why no route exists; the migration is rejected with it and the VM stays where it is. */
  public static final class NoRoute extends Exception {
    public NoRoute(String message) {
      super(message, null, false, false);
    }
  }

  private record Endpoint(String nic, boolean teamed, boolean rdma, String kind, double speedBps, int mtu) {}

  public static Route plan(String option, List<String> networks, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down, NetworkSettings settings) throws NoRoute {
    return plan(option, networks, src, dst, streams, down, settings, null);
  }

  /**
   * As above, over a {@code topology} (null: one non-blocking switch): a channel's links are its
   * source port, the switch path between the two NICs, its destination port; a NIC plugged nowhere
   * is not usable; a TCP channel is also capped by its connections' window and loss over the path
   * (Topology, NetworkSettings.Tcp); RDMA crosses a WAN link only where the scenario allows it.
   */
  public static Route plan(String option, List<String> networks, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down, NetworkSettings settings, Topology topology) throws NoRoute {
    return plan(option, networks, src, dst, streams, down, settings, topology, 1);
  }

  /**
   * As above, with {@code tcpStreams} TCP connections per TCP/IP migration (cluster.live-migration.streams:
   * QEMU's multifd channels, vMotion's streams; Hyper-V's TCP/IP opens one): each is a channel of its own,
   * on its own core at each end (receive-side scaling spreads connections over queues and cores), and
   * takes the team member with the fewest streams, counting the migration's own. A compressed migration
   * sends its batches over them too (QEMU's multifd compresses per channel; Hyper-V's opens one).
   */
  public static Route plan(String option, List<String> networks, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down, NetworkSettings settings, Topology topology, int tcpStreams)
      throws NoRoute {
    return plan(option, networks, src, dst, streams, down, settings, topology, tcpStreams, null);
  }

  /**
   * As above, for the migration {@code flowKey} names (its id and attempt; null: no connection yet, as
   * when only asking whether a route exists): on a team whose load balancing hashes (address-hash,
   * hyper-v-port) its connections take the members their hash gives, at each end, not the least loaded.
   */
  public static Route plan(String option, List<String> networks, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down, NetworkSettings settings, Topology topology, int tcpStreams,
      String flowKey) throws NoRoute {
    List<String> order = networks.isEmpty() ? allNetworks(src) : networks;
    Fabric f = new Fabric(topology, streams, down, settings);
    if (isSmb(option)) return planSmb(order, src, dst, f, "smb-direct".equals(option));
    int n = Math.max(1, tcpStreams);
    Route first = planTcp(order, src, dst, f, flowKey == null ? null : flowKey + "/0");
    if (n == 1) return first;
    List<Channel> channels = new ArrayList<>(first.channels());
    Map<String, Integer> counted = new java.util.HashMap<>(streams);
    for (int i = 1; i < n; i++) {
      for (String link : channels.get(i - 1).links()) counted.merge(link, 1, Integer::sum);
      channels.add(planTcp(List.of(first.network()), src, dst, new Fabric(topology, counted, down, settings),
          flowKey == null ? null : flowKey + "/" + i).channels().get(0));
    }
    return new Route(first.network(), List.copyOf(channels), first.notes());
  }

  /** What a plan is made over: the topology (or none), streams per link now, links down, the settings. */
  private record Fabric(Topology topology, Map<String, Integer> streams, Set<String> down, NetworkSettings settings) {
    Topology.Path path(HostSpec src, Endpoint tx, HostSpec dst, Endpoint rx) {
      return topology == null ? NO_SWITCH : topology.path(src.name(), tx.nic(), dst.name(), rx.nic(), down, streams);
    }
  }

  private static final Topology.Path NO_SWITCH = new Topology.Path(List.of(), 0, 0, false, true);

  /** SMB (over RDMA where it can, else over TCP) or SMB Direct (RDMA required). */
  public static boolean isSmb(String option) {
    return "smb".equals(option) || "smb-direct".equals(option);
  }

  private static Route planTcp(List<String> order, HostSpec src, HostSpec dst, Fabric f, String connection) throws NoRoute {
    String noPath = null;
    for (String net : order) {
      List<Endpoint> txs = endpoints(src, net, f, true), rxs = endpoints(dst, net, f, false);
      Endpoint tx = pick(txs, src, f.streams(), true, connection);
      Endpoint rx = pick(rxs, dst, f.streams(), false, connection);
      if (tx != null && rx != null) {
        Topology.Path path = f.path(src, tx, dst, rx);
        if (path == null) {
          noPath = noPath(src, tx, dst, rx);
          continue;
        }
        List<String> notes = new ArrayList<>();
        if (connection != null) {
          shared(txs, tx, src, f.streams(), true, notes);
          shared(rxs, rx, dst, f.streams(), false, notes);
        }
        return new Route(net, List.of(channel(src, tx, dst, rx, false, f, false, path, notes)), List.copyOf(notes));
      }
    }
    throw new NoRoute(noPath != null ? noPath : "no live-migration network " + order + " has a usable NIC on both "
        + src.name() + " and " + dst.name());
  }

  private static String noPath(HostSpec src, Endpoint tx, HostSpec dst, Endpoint rx) {
    return "no path through the switches from " + src.name() + "/" + tx.nic() + " to " + dst.name() + "/" + rx.nic()
        + " (links down)";
  }

  private static Route planSmb(List<String> order, HostSpec src, HostSpec dst, Fabric f, boolean rdmaOnly)
      throws NoRoute {
    List<Channel> channels = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    List<String> nets = new ArrayList<>();
    List<String> why = new ArrayList<>(); // per channel: why SMB runs over TCP on it (null: RDMA)
    List<String> notes = new ArrayList<>();
    for (String net : order) {
      List<Endpoint> txs = endpoints(src, net, f, true);
      List<Endpoint> rxs = endpoints(dst, net, f, false);
      // Pair the NICs of a network in order; a team counts once (one member carries the channel).
      List<Endpoint> tx = collapseTeams(src, txs, f.streams(), true);
      List<Endpoint> rx = collapseTeams(dst, rxs, f.streams(), false);
      int n = Math.min(tx.size(), rx.size());
      for (int i = 0; i < n; i++) {
        Topology.Path path = f.path(src, tx.get(i), dst, rx.get(i));
        if (path == null) {
          notes.add(noPath(src, tx.get(i), dst, rx.get(i)) + ": SMB does not use that pair");
          continue;
        }
        boolean rdma = tx.get(i).rdma() && rx.get(i).rdma() && tx.get(i).kind().equals(rx.get(i).kind());
        String wan = null;
        if (rdma && path.wan() && !path.rdmaAllowed()) {
          wan = "network " + net + " crosses a WAN link that does not carry RDMA (wan rdma = false): "
              + (rdmaOnly ? "SMB Direct does not use it" : SMB_OVER_TCP);
          if (rdmaOnly) {
            notes.add(wan);
            continue;
          }
          rdma = false;
        }
        if (!rdma && rdmaOnly) {
          notes.add("network " + net + " has no RDMA NIC pair: SMB Direct does not use it");
          continue;
        }
        if (wan != null) why.add(wan);
        else if (!rdma && (tx.get(i).teamed() || rx.get(i).teamed()))
          why.add("network " + net + " is a team: RDMA does not work through a team, " + SMB_OVER_TCP);
        else why.add(rdma ? null : "network " + net + " has no RDMA NIC pair: " + SMB_OVER_TCP);
        channels.add(channel(src, tx.get(i), dst, rx.get(i), rdma, f, true, path, notes));
        speeds.add(Math.min(tx.get(i).speedBps(), rx.get(i).speedBps()));
        nets.add(net);
      }
    }
    bestKindOnly(channels, speeds, nets, why, notes);
    List<String> used = new ArrayList<>();
    for (String net : nets) if (!used.contains(net)) used.add(net);
    if (channels.isEmpty() && f.topology() != null) {
      for (String n : notes) if (n.startsWith("no path")) throw new NoRoute(n.substring(0, n.indexOf(':')));
    }
    if (channels.isEmpty())
      throw new NoRoute("no live-migration network " + order + " has a usable " + (rdmaOnly ? "RDMA " : "")
          + "NIC on both " + src.name() + " and " + dst.name());
    return new Route(String.join("+", used), List.copyOf(channels), List.copyOf(notes));
  }

  /**
   * SMB Multichannel uses interfaces of one kind and speed at a time: RDMA before the others, then the
   * fastest ("Only network interfaces of same type (RDMA, RSS or none) and speed will be used
   * simultaneously by SMB Multichannel, so the slower adapter will be idle", Microsoft, Server Message
   * Block overview, technet hh831795; "SMB will always prefer RDMA-capable NICs", J. Barreto, 2012).
   * The others stay idle (a note says which) and serve when the chosen ones fail (the route is planned
   * again for a retry).
   */
  private static void bestKindOnly(List<Channel> channels, List<Double> speeds, List<String> nets, List<String> why,
      List<String> notes) {
    boolean anyRdma = false;
    for (Channel c : channels) anyRdma |= c.rdma();
    double best = 0;
    for (int i = 0; i < channels.size(); i++) if (channels.get(i).rdma() == anyRdma) best = Math.max(best, speeds.get(i));
    List<String> idle = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      Channel c = channels.get(i);
      if (c.rdma() == anyRdma && speeds.get(i) >= best) {
        if (why.get(i) != null && !notes.contains(why.get(i))) notes.add(why.get(i));
        continue;
      }
      idle.add("network " + nets.get(i) + ": SMB Multichannel leaves " + c.description() + " idle ("
          + (c.rdma() != anyRdma ? "it uses the RDMA interfaces" : "it uses the faster interfaces") + ")");
      channels.remove(i);
      speeds.remove(i);
      nets.remove(i);
      why.remove(i);
      i--;
    }
    notes.addAll(idle);
  }


  private static Channel channel(HostSpec src, Endpoint tx, HostSpec dst, Endpoint rx, boolean rdma,
      Fabric f, boolean smb, Topology.Path path, List<String> notes) {
    NetworkSettings settings = f.settings();
    List<String> links = new ArrayList<>();
    links.add(Nic.txLink(src.name(), tx.nic()));
    links.addAll(path.links());
    links.add(Nic.rxLink(dst.name(), rx.nic()));
    if (smb) links.add(Nic.smbLimitLink(src.name()));
    // A TCP connection is handled by one core at each end: the stream is bound by the slower core (per
    // connection; SMB over TCP opens several per interface) and takes the hosts' spare CPU (cpu links).
    var cpu = settings.cpu();
    double srcSpeed = src.coreSpeedOr(cpu.defaultCoreSpeed());
    double dstSpeed = dst.coreSpeedOr(cpu.defaultCoreSpeed());
    double perCore = rdma ? cpu.rdmaPerCoreBps() : cpu.tcpPerCoreBps();
    double cap = 0;
    if (!rdma) {
      links.add(Nic.cpuLink(src.name()));
      links.add(Nic.cpuLink(dst.name()));
      cap = (smb ? cpu.smbTcpConnections() : 1) * perCore * Math.min(srcSpeed, dstSpeed);
      // The reference core stands for a host that gives no CPU; said where it can bind (a link faster than it).
      double line = Math.min(tx.speedBps(), rx.speedBps()) * settings.tcpEfficiency(Math.min(tx.mtu(), rx.mtu()));
      List<String> unknown = new ArrayList<>();
      if (src.coreSpeed() <= 0) unknown.add(src.name());
      if (dst.coreSpeed() <= 0) unknown.add(dst.name());
      String said = String.join(" and ", unknown) + " give" + (unknown.size() == 1 ? "s" : "") + " no cpu { ghz, generation }";
      if (cap < line && !unknown.isEmpty() && notes.stream().noneMatch(n -> n.startsWith(said)))
        notes.add(String.format(java.util.Locale.ROOT, "%s: the reference core (2012, Sandy Bridge at %.1f GHz) is assumed, "
            + "one TCP connection carries at most %.2f Gbps of the %.1f Gbps link at Hyper-V's cost per byte (other platforms: "
            + "livemig.migration.stack-factor); give the hosts' CPU for a newer one",
            said, cpu.referenceGhz(), perCore * Math.min(srcSpeed, dstSpeed) / 1e9, line / 1e9));
    }
    String capKind = "stream-cpu";
    if (!rdma && f.topology() != null && settings.tcp() != null) {
      // Each TCP connection is bound by its window per round trip and by loss (Mathis et al.)
      var tcp = settings.tcp();
      long rtt = tcp.lanRttNanos() + path.wanRttNanos();
      int connections = smb ? cpu.smbTcpConnections() : 1;
      double window = connections * tcp.windowBps(rtt);
      double loss = connections * tcp.lossBps(rtt, path.loss());
      if (window < cap) {
        cap = window;
        capKind = "tcp-window";
      }
      if (loss < cap) {
        cap = loss;
        capKind = "tcp-loss";
      }
      if (!"stream-cpu".equals(capKind))
        notes.add(String.format(java.util.Locale.ROOT, "%s/%s -> %s/%s: %d TCP connection(s) over %.1f ms RTT%s carry at most %.3f Gbps (%s)",
            src.name(), tx.nic(), dst.name(), rx.nic(), connections, rtt / 1e6,
            path.loss() > 0 ? String.format(java.util.Locale.ROOT, " and %.2g loss", path.loss()) : "", cap / 1e9,
            "tcp-window".equals(capKind) ? "window / RTT" : "Mathis: MSS / RTT x C / sqrt(loss)"));
    }
    return new Channel(List.copyOf(links),
        rdma ? settings.rdmaEfficiency() : settings.tcpEfficiency(Math.min(tx.mtu(), rx.mtu())), rdma,
        src.name() + "/" + tx.nic() + " -> " + dst.name() + "/" + rx.nic() + (rdma ? " (RDMA)" : ""),
        cap, 1 / (perCore * srcSpeed), 1 / (perCore * dstSpeed), capKind);
  }

  /** The usable NICs of a host on a network, in the order listed: teams' members and plain NICs. */
  private static List<Endpoint> endpoints(HostSpec h, String net, Fabric f, boolean tx) {
    Set<String> down = f.down();
    List<Endpoint> out = new ArrayList<>();
    for (NicSpec n : h.nics()) {
      TeamSpec team = h.teamOf(n.name());
      String network = team != null ? team.network() : n.network();
      if (!net.equals(network) || !n.enabled()) continue;
      String link = tx ? Nic.txLink(h.name(), n.name()) : Nic.rxLink(h.name(), n.name());
      if (down.contains(link)) continue;
      if (f.topology() != null && f.topology().switchOf(h.name(), n.name()) == null) continue;
      out.add(new Endpoint(n.name(), team != null, n.isRdma() && team == null, n.rdma().name(), n.speedBps(), n.mtu()));
    }
    return out;
  }

  private static List<Endpoint> collapseTeams(HostSpec h, List<Endpoint> eps, Map<String, Integer> streams, boolean tx) {
    List<Endpoint> out = new ArrayList<>();
    List<Endpoint> teamed = new ArrayList<>();
    for (Endpoint e : eps) (e.teamed() ? teamed : out).add(e);
    Endpoint t = least(teamed, h.name(), streams, tx);
    if (t != null) out.add(t);
    return out;
  }

  /**
   * The endpoint one TCP connection takes at host {@code h}: on a team that hashes, the member its hash
   * gives among the team's usable members (Windows Server NIC Teaming: Address Hash "creates a hash
   * based on address components of the packet" and sends the connection's packets on the member of that
   * hash; a switch's LACP hash chooses the receiving member alike; Hyper-V Port puts a virtual-switch
   * port, here the management OS's, on one member); else the least-loaded endpoint (Dynamic).
   * {@code connection}: the connection's identity (its migration, attempt and stream), null: none yet.
   */
  private static Endpoint pick(List<Endpoint> eps, HostSpec h, Map<String, Integer> streams, boolean tx, String connection) {
    if (connection != null) {
      for (Endpoint e : eps) {
        TeamSpec team = e.teamed() ? h.teamOf(e.nic()) : null;
        if (team == null || "dynamic".equals(team.loadBalancing())) continue;
        List<Endpoint> members = new ArrayList<>();
        for (Endpoint m : eps) if (m.teamed() && team.equals(h.teamOf(m.nic()))) members.add(m);
        String key = "hyper-v-port".equals(team.loadBalancing()) ? h.name() : connection + (tx ? " from " : " to ") + h.name();
        return members.get(Math.floorMod(mix(key), members.size()));
      }
    }
    return least(eps, h.name(), streams, tx);
  }

  /**
   * Says so when a hashing team put this connection on a member that already carries a stream while
   * another member of the team carries fewer (what dynamic balancing would have avoided).
   */
  private static void shared(List<Endpoint> eps, Endpoint chosen, HostSpec h, Map<String, Integer> streams, boolean tx,
      List<String> notes) {
    TeamSpec team = chosen.teamed() ? h.teamOf(chosen.nic()) : null;
    if (team == null || "dynamic".equals(team.loadBalancing())) return;
    int load = streams.getOrDefault(tx ? Nic.txLink(h.name(), chosen.nic()) : Nic.rxLink(h.name(), chosen.nic()), 0);
    for (Endpoint e : eps) {
      if (!e.teamed() || !team.equals(h.teamOf(e.nic()))) continue;
      int other = streams.getOrDefault(tx ? Nic.txLink(h.name(), e.nic()) : Nic.rxLink(h.name(), e.nic()), 0);
      if (other < load) {
        notes.add(String.format(java.util.Locale.ROOT, "team %s on %s (%s) %s this stream on %s with %d other stream(s) while %s "
            + "carries %d", team.name(), h.name(), team.loadBalancing(), tx ? "sends" : "receives", chosen.nic(), load, e.nic(), other));
        return;
      }
    }
  }

  /** A well-spread, stable hash of {@code s} (String.hashCode is fixed by the language; SplitMix64's finaliser). */
  private static int mix(String s) {
    long z = s.hashCode() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) ((z ^ (z >>> 31)) >>> 33);
  }

  private static Endpoint least(List<Endpoint> eps, String host, Map<String, Integer> streams, boolean tx) {
    Endpoint best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Endpoint e : eps) {
      int load = streams.getOrDefault(tx ? Nic.txLink(host, e.nic()) : Nic.rxLink(host, e.nic()), 0);
      if (load < bestLoad) {
        best = e;
        bestLoad = load;
      }
    }
    return best;
  }

  private static List<String> allNetworks(HostSpec h) {
    List<String> nets = new ArrayList<>();
    for (TeamSpec t : h.teams()) if (t.network() != null && !nets.contains(t.network())) nets.add(t.network());
    for (NicSpec n : h.nics())
      if (n.network() != null && h.teamOf(n.name()) == null && !nets.contains(n.network())) nets.add(n.network());
    return nets;
  }
}
