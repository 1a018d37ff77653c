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
 *   <li>TCP/IP and compression: one stream, on the first network in the cluster's order of
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
  private TransportPlanner() {}

  /**
   * One stream of a migration: its links, payload efficiency, and whether it is RDMA; {@code capBps}:
   * the payload its connections can carry, bound by a core per TCP connection at the slower end (0: no
   * bound, RDMA); {@code srcCoresPerBps} and {@code dstCoresPerBps}: cores busy per payload bit/s at
   * each end (livemig.cpu).
   */
  public record Channel(List<String> links, double efficiency, boolean rdma, String description, double capBps,
      double srcCoresPerBps, double dstCoresPerBps) {
    public Channel(List<String> links, double efficiency, boolean rdma, String description) {
      this(links, efficiency, rdma, description, 0, 0, 0);
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

  private record Endpoint(String nic, boolean teamed, boolean rdma, String kind, double speedBps) {}

  public static Route plan(String option, List<String> networks, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down, NetworkSettings settings) throws NoRoute {
    List<String> order = networks.isEmpty() ? allNetworks(src) : networks;
    return isSmb(option) ? planSmb(order, src, dst, streams, down, settings, "smb-direct".equals(option))
        : planTcp(order, src, dst, streams, down, settings);
  }

  /** SMB (over RDMA where it can, else over TCP) or SMB Direct (RDMA required). */
  public static boolean isSmb(String option) {
    return "smb".equals(option) || "smb-direct".equals(option);
  }

  private static Route planTcp(List<String> order, HostSpec src, HostSpec dst, Map<String, Integer> streams,
      Set<String> down, NetworkSettings settings) throws NoRoute {
    for (String net : order) {
      Endpoint tx = least(endpoints(src, net, down, true), src.name(), streams, true);
      Endpoint rx = least(endpoints(dst, net, down, false), dst.name(), streams, false);
      if (tx != null && rx != null) {
        return new Route(net, List.of(channel(src, tx, dst, rx, false, settings)), List.of());
      }
    }
    throw new NoRoute("no live-migration network " + order + " has a usable NIC on both " + src.name()
        + " and " + dst.name());
  }

  private static Route planSmb(List<String> order, HostSpec src, HostSpec dst, Map<String, Integer> streams,
      Set<String> down, NetworkSettings settings, boolean rdmaOnly) throws NoRoute {
    List<Channel> channels = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    List<String> nets = new ArrayList<>();
    List<String> why = new ArrayList<>(); // per channel: why SMB runs over TCP on it (null: RDMA)
    List<String> notes = new ArrayList<>();
    for (String net : order) {
      List<Endpoint> txs = endpoints(src, net, down, true);
      List<Endpoint> rxs = endpoints(dst, net, down, false);
      // Pair the NICs of a network in order; a team counts once (one member carries the channel).
      List<Endpoint> tx = collapseTeams(src, txs, streams, true);
      List<Endpoint> rx = collapseTeams(dst, rxs, streams, false);
      int n = Math.min(tx.size(), rx.size());
      for (int i = 0; i < n; i++) {
        boolean rdma = tx.get(i).rdma() && rx.get(i).rdma() && tx.get(i).kind().equals(rx.get(i).kind());
        if (!rdma && rdmaOnly) {
          notes.add("network " + net + " has no RDMA NIC pair: SMB Direct does not use it");
          continue;
        }
        if (!rdma && (tx.get(i).teamed() || rx.get(i).teamed()))
          why.add("network " + net + " is a team: RDMA does not work through a team, SMB runs over TCP there");
        else why.add(rdma ? null : "network " + net + " has no RDMA NIC pair: SMB runs over TCP there");
        channels.add(channel(src, tx.get(i), dst, rx.get(i), rdma, settings, true));
        speeds.add(Math.min(tx.get(i).speedBps(), rx.get(i).speedBps()));
        nets.add(net);
      }
    }
    bestKindOnly(channels, speeds, nets, why, notes);
    List<String> used = new ArrayList<>();
    for (String net : nets) if (!used.contains(net)) used.add(net);
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
      NetworkSettings settings) {
    return channel(src, tx, dst, rx, rdma, settings, false);
  }

  private static Channel channel(HostSpec src, Endpoint tx, HostSpec dst, Endpoint rx, boolean rdma,
      NetworkSettings settings, boolean smb) {
    List<String> links = new ArrayList<>(List.of(Nic.txLink(src.name(), tx.nic()), Nic.rxLink(dst.name(), rx.nic())));
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
    }
    return new Channel(List.copyOf(links),
        rdma ? settings.rdmaEfficiency() : settings.tcpEfficiency(), rdma,
        src.name() + "/" + tx.nic() + " -> " + dst.name() + "/" + rx.nic() + (rdma ? " (RDMA)" : ""),
        cap, 1 / (perCore * srcSpeed), 1 / (perCore * dstSpeed));
  }

  /** The usable NICs of a host on a network, in the order listed: teams' members and plain NICs. */
  private static List<Endpoint> endpoints(HostSpec h, String net, Set<String> down, boolean tx) {
    List<Endpoint> out = new ArrayList<>();
    for (NicSpec n : h.nics()) {
      TeamSpec team = h.teamOf(n.name());
      String network = team != null ? team.network() : n.network();
      if (!net.equals(network) || !n.enabled()) continue;
      String link = tx ? Nic.txLink(h.name(), n.name()) : Nic.rxLink(h.name(), n.name());
      if (down.contains(link)) continue;
      out.add(new Endpoint(n.name(), team != null, n.isRdma() && team == null, n.rdma().name(), n.speedBps()));
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
