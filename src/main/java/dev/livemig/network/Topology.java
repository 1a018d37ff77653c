package dev.livemig.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.spec.TopologySpec;

/**
 * The switches between the host NICs (issue 17): a graph of switches whose edges are directed links
 * of the fabric (each physical link is two, one per direction). A NIC's port is its own tx and rx
 * links; a path from one NIC to another is the shortest chain of switch-to-switch links (hops),
 * avoiding links that are down; among equally short next hops, the one whose link carries the
 * fewest streams now (equal-cost multipath, per flow), ties in the order the topology lists them.
 * Link names: {@code tor>spine:uplink} and {@code spine>tor:downlink} for a switch's uplink,
 * {@code a>b:link} for a link between switches, {@code dc1>dc2:wan} for a WAN link between sites.
 */
public final class Topology {

  public static final String UPLINK = ":uplink";
  public static final String DOWNLINK = ":downlink";
  public static final String LINK = ":link";
  public static final String WAN = ":wan";

  /**
   * A path between two switches: its links in order, the round-trip time and loss rate of its WAN
   * links (0 without), whether it crosses a WAN link, and whether every WAN link on it allows RDMA.
   */
  public record Path(List<String> links, long wanRttNanos, double loss, boolean wan, boolean rdmaAllowed) {}

  private record Edge(String from, String to, String link, long rttNanos, double loss, boolean wan, boolean rdma) {}

  private final TopologySpec spec;
  private final Map<String, String> switchOfNic = new HashMap<>();
  private final Map<String, List<Edge>> out = new LinkedHashMap<>();
  private final Map<String, List<Edge>> in = new LinkedHashMap<>();
  private final List<Network.LinkSpec> links = new ArrayList<>();
  /** Physical links by their two ends (either order, "a|b"): the names of their two directions. */
  private final Map<String, List<String>> between = new HashMap<>();
  /** By directed link: the switch it leaves and the one it reaches. */
  private final Map<String, String[]> ends = new HashMap<>();

  private Topology(TopologySpec spec) {
    this.spec = spec;
    for (TopologySpec.Switch s : spec.switches()) {
      out.put(s.name(), new ArrayList<>());
      in.put(s.name(), new ArrayList<>());
    }
    for (TopologySpec.Plug p : spec.plugs()) switchOfNic.put(p.host() + "/" + p.nic(), p.switchName());
    for (TopologySpec.Switch s : spec.switches()) {
      if (s.uplink() != null) pair(s.name(), s.uplink(), UPLINK, DOWNLINK, s.uplinkBps(), 0, 0, false, false);
    }
    for (TopologySpec.SwitchLink l : spec.links()) pair(l.a(), l.b(), LINK, LINK, l.bps(), 0, 0, false, false);
    Map<String, String> gateway = new HashMap<>();
    for (TopologySpec.Site s : spec.sites()) gateway.put(s.name(), s.gateway());
    for (TopologySpec.Wan w : spec.wans()) {
      String ga = gateway.get(w.a());
      String gb = gateway.get(w.b());
      String ab = w.a() + ">" + w.b() + WAN;
      String ba = w.b() + ">" + w.a() + WAN;
      add(new Edge(ga, gb, ab, w.rttNanos(), w.loss(), true, w.rdma()), w.bps());
      add(new Edge(gb, ga, ba, w.rttNanos(), w.loss(), true, w.rdma()), w.bps());
      between.put(key(w.a(), w.b()), List.of(ab, ba));
    }
  }

  public static Topology of(TopologySpec spec) {
    return spec == null ? null : new Topology(spec);
  }

  public TopologySpec spec() {
    return spec;
  }

  private void pair(String a, String b, String up, String down, double bps, long rtt, double loss, boolean wan,
      boolean rdma) {
    String ab = a + ">" + b + up;
    String ba = b + ">" + a + down;
    add(new Edge(a, b, ab, rtt, loss, wan, rdma), bps);
    add(new Edge(b, a, ba, rtt, loss, wan, rdma), bps);
    between.put(key(a, b), List.of(ab, ba));
  }

  private void add(Edge e, double bps) {
    ends.put(e.link(), new String[] {e.from(), e.to()});
    out.get(e.from()).add(e);
    in.get(e.to()).add(e);
    links.add(new Network.LinkSpec(e.link(), bps));
  }

  private static String key(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  /** Every directed switch-to-switch link and its capacity (bit/s), for the fabric. */
  public List<Network.LinkSpec> links() {
    return List.copyOf(links);
  }

  /** The two directions of the physical link between two switches (or two sites: the WAN), or an empty list. */
  public List<String> linksBetween(String a, String b) {
    return between.getOrDefault(key(a, b), List.of());
  }

  /** Whether a link of the fabric is one of this topology's switch-to-switch links. */
  public boolean has(String link) {
    return ends.containsKey(link);
  }

  /**
   * A new path for a flow whose {@code links} cross a link now down: the same NIC ports, another
   * chain of switches between them avoiding {@code down}; null when none exists.
   */
  public List<String> reroute(List<String> links, Set<String> down) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < links.size(); i++) {
      if (!has(links.get(i))) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) return null;
    Path p = between(ends.get(links.get(first))[0], ends.get(links.get(last))[1], down, Map.of());
    if (p == null) return null;
    List<String> out = new ArrayList<>(links.subList(0, first));
    out.addAll(p.links());
    out.addAll(links.subList(last + 1, links.size()));
    return List.copyOf(out);
  }

  /** The switch a NIC plugs into, or null (not plugged: it reaches nothing). */
  public String switchOf(String host, String nic) {
    return switchOfNic.get(host + "/" + nic);
  }

  /** What a topology link is when it holds a flow back: switch-uplink, switch-link or wan; null if not one. */
  public static String limiterKind(String link) {
    if (link.endsWith(UPLINK) || link.endsWith(DOWNLINK)) return "switch-uplink";
    if (link.endsWith(WAN)) return "wan";
    if (link.endsWith(LINK)) return "switch-link";
    return null;
  }

  /**
   * The path from one NIC to another, avoiding links in {@code down}; {@code load}: streams per link
   * now (the tie-break among equal next hops). Null when either NIC is not plugged or no path exists.
   */
  public Path path(String srcHost, String srcNic, String dstHost, String dstNic, Set<String> down,
      Map<String, Integer> load) {
    String from = switchOf(srcHost, srcNic);
    String to = switchOf(dstHost, dstNic);
    if (from == null || to == null) return null;
    return between(from, to, down, load);
  }

  /** The path between two switches (see {@link #path}); an empty path when they are the same switch. */
  public Path between(String from, String to, Set<String> down, Map<String, Integer> load) {
    if (from.equals(to)) return new Path(List.of(), 0, 0, false, true);
    // hops to the destination from every switch, over links that are up (breadth-first, backwards)
    Map<String, Integer> hops = new HashMap<>();
    ArrayDeque<String> todo = new ArrayDeque<>();
    hops.put(to, 0);
    todo.add(to);
    while (!todo.isEmpty() && !hops.containsKey(from)) {
      String s = todo.poll();
      for (Edge e : in.get(s)) {
        if (down.contains(e.link()) || hops.containsKey(e.from())) continue;
        hops.put(e.from(), hops.get(s) + 1);
        todo.add(e.from());
      }
    }
    if (!hops.containsKey(from)) return null;
    List<String> path = new ArrayList<>();
    long rtt = 0;
    double delivered = 1;
    boolean wan = false;
    boolean rdma = true;
    String at = from;
    while (!at.equals(to)) {
      int need = hops.get(at) - 1;
      Edge best = null;
      int bestLoad = Integer.MAX_VALUE;
      for (Edge e : out.get(at)) {
        Integer h = hops.get(e.to());
        if (h == null || h != need || down.contains(e.link())) continue;
        int l = load.getOrDefault(e.link(), 0);
        if (l < bestLoad) {
          best = e;
          bestLoad = l;
        }
      }
      path.add(best.link());
      if (best.wan()) {
        wan = true;
        rdma &= best.rdma();
        rtt += best.rttNanos();
        delivered *= 1 - best.loss();
      }
      at = best.to();
    }
    return new Path(List.copyOf(path), rtt, 1 - delivered, wan, rdma);
  }
}
