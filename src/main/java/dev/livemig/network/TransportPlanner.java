package dev.livemig.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.livemig.scenario.Specs.HostSpec;
import dev.livemig.scenario.Specs.NicSpec;
import dev.livemig.scenario.Specs.TeamSpec;

/**
 * Chooses the NICs a live migration uses: the first network in the cluster's order of preference
 * on which both hosts have a usable endpoint (an enabled NIC, or a team with an enabled member).
 * A TCP/IP migration is one stream; on a team it rides one member, the one carrying the fewest
 * streams at the time (ties: the first listed), so a second stream takes the other member.
 */
public final class TransportPlanner {
  private TransportPlanner() {}

  /** One stream of a migration: its links and payload efficiency. */
  public record Channel(List<String> links, double efficiency, String description) {}

  /** The channels of a migration and the network they ride. */
  public record Route(String network, List<Channel> channels) {}

  /** Why no route exists; the migration fails with it and the VM stays where it is. */
  public static final class NoRoute extends Exception {
    public NoRoute(String message) {
      super(message);
    }
  }

  /**
   * @param streams active streams per link name (tx/rx), to spread streams over team members
   * @param down links that are down
   */
  public static Route planTcp(List<String> networks, HostSpec src, HostSpec dst, Map<String, Integer> streams,
      java.util.Set<String> down, NetworkSettings settings) throws NoRoute {
    List<String> order = networks.isEmpty() ? allNetworks(src) : networks;
    for (String net : order) {
      String tx = pick(src, net, streams, down, true);
      String rx = pick(dst, net, streams, down, false);
      if (tx != null && rx != null) {
        String txLink = Nic.txLink(src.name(), tx);
        String rxLink = Nic.rxLink(dst.name(), rx);
        return new Route(net, List.of(new Channel(List.of(txLink, rxLink), settings.tcpEfficiency(),
            src.name() + "/" + tx + " -> " + dst.name() + "/" + rx)));
      }
    }
    throw new NoRoute("no live-migration network " + order + " has a usable NIC on both "
        + src.name() + " and " + dst.name());
  }

  private static List<String> allNetworks(HostSpec h) {
    List<String> nets = new ArrayList<>();
    for (TeamSpec t : h.teams()) if (t.network() != null && !nets.contains(t.network())) nets.add(t.network());
    for (NicSpec n : h.nics())
      if (n.network() != null && h.teamOf(n.name()) == null && !nets.contains(n.network())) nets.add(n.network());
    return nets;
  }

  /** The NIC on {@code net} with the fewest streams on its tx (or rx) side, or null. */
  private static String pick(HostSpec h, String net, Map<String, Integer> streams, java.util.Set<String> down, boolean tx) {
    List<String> candidates = new ArrayList<>();
    for (TeamSpec t : h.teams()) if (net.equals(t.network())) candidates.addAll(t.members());
    for (NicSpec n : h.nics()) if (net.equals(n.network()) && h.teamOf(n.name()) == null) candidates.add(n.name());
    String best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (String c : candidates) {
      NicSpec n = h.nic(c);
      String link = tx ? Nic.txLink(h.name(), c) : Nic.rxLink(h.name(), c);
      if (n == null || !n.enabled() || down.contains(link)) continue;
      int load = streams.getOrDefault(link, 0);
      if (load < bestLoad) {
        best = c;
        bestLoad = load;
      }
    }
    return best;
  }
}
