package dev.livemig.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.kernel.SimTime;

/**
 * Fluid bandwidth sharing: flows over links, shared max-min fairly by progressive filling, and
 * recomputed only when a flow starts, ends or changes (never per packet or per time step).
 *
 * <p>Capacities are line rates in bit/s. A flow carries payload at {@code efficiency} of the line
 * bits it is given (TCP over 1 GbE: 1460/1538), and may be capped in payload bit/s (an SMB bandwidth
 * limit, a per-stream cap).
 *
 * <p>Incremental: a change (a flow started, removed or finished, a link's capacity or state) marks
 * its links; {@link #recompute} re-shares only the flows connected to a marked link through shared
 * links (its component of the flow-link graph), however many changes were made since the last
 * recompute. Max-min shares of one component do not depend on flows outside it, so the rates are
 * those of a progressive filling over all flows; each component is filled on its own, so its rates
 * are the same bits however many components or changes a recompute covers (a progressive filling
 * over all flows at once differs only in the floating-point order of its steps, see
 * {@code FlowSolverPropertyTest}). A flow's bytes are
 * brought up to date only when its rate changes or it is asked about. Link payload rates are kept
 * and reported as changes, not rebuilt. Everything that reaches the outside (finish order, ids of
 * flows crossing a link, the sum of rates on a link) is in flow-id order, never hash order.
 */
public final class FlowSolver {

  /** A flow as seen from outside: its id, its payload rate in bit/s, and bytes still to carry. */
  public record FlowState(String id, double payloadBps, double remainingBytes) {}

  /** Receives the payload rate of a link whose rate (or whether it carries any flow) changed. */
  @FunctionalInterface
  public interface RateListener {
    /** @param carrying whether the link carries at least one flow now; {@code payloadBps} is 0 when not */
    void changed(int link, boolean carrying, double payloadBps);
  }

  /**
   * Receives each flow whose share was just recomputed: its tag (given at its start, or null), its
   * payload rate and what limits it, by the rule {@link #limiter}: {@link #OWN_CAP}, the index of the
   * first full or down link of its path, or {@link #NO_LIMIT}.
   */
  @FunctionalInterface
  public interface ShareListener {
    void reshared(String flow, Object tag, double payloadBps, int limiter);
  }

  /** The flow runs at its own payload cap. */
  public static final int OWN_CAP = -2;
  /** Neither its cap nor a full link holds the flow (it has no bytes left, or nothing limits it). */
  public static final int NO_LIMIT = -1;

  private static final class Link {
    final String name;
    final int index;
    double capacityBps;
    boolean up = true;
    /** The flows crossing it, in id order (a flow listed once per occurrence in its path). */
    final ArrayList<Flow> flows = new ArrayList<>(4);
    /** Last reported payload rate, and whether it carried a flow then. */
    double payloadBps;
    boolean carrying;
    /**
     * Never reported, and a flow started on it since the last recompute: it is reported at the next
     * (even if that flow left again within the instant), as when each change was recomputed at once.
     */
    boolean firstUse;
    boolean reported;
    // progressive filling scratch
    double left;
    double used; // line bit/s of its flows as payload / efficiency, summed in flow-id order
    int unfrozen;
    long visit;
    boolean marked;

    Link(String name, int index, double capacityBps) {
      this.name = name;
      this.index = index;
      this.capacityBps = capacityBps;
    }
  }

  private static final class Flow extends IndexedHeap.Node {
    final String id;
    /** The caller's own object for this flow, handed back with its shares (no lookup by id). */
    final Object tag;
    final Link[] path;
    final double efficiency;
    final double payloadCapBps;
    double remainingBytes;
    long updatedAt;
    double lineBps; // allocated line rate
    long finishAt = Long.MAX_VALUE;
    long visit;
    boolean frozen;
    /** Breaks ties of the finish order without comparing ids (those due together are sorted by id after). */
    final long serial;

    Flow(String id, Object tag, Link[] path, double efficiency, double payloadCapBps, double bytes, long now, long serial) {
      this.id = id;
      this.tag = tag;
      this.serial = serial;
      this.path = path;
      this.efficiency = efficiency;
      this.payloadCapBps = payloadCapBps;
      this.remainingBytes = bytes;
      this.updatedAt = now;
    }

    double payloadBps() {
      return lineBps * efficiency;
    }

    /** Brings the remaining bytes up to {@code now} at the current rate. */
    void advance(long now) {
      if (now <= updatedAt) return;
      if (finishAt <= now) remainingBytes = 0;
      else remainingBytes = Math.max(0, remainingBytes - payloadBps() * ((now - updatedAt) / 1e9) / 8);
      updatedAt = now;
    }
  }

  private static final java.util.Comparator<Flow> BY_ID = (a, b) -> a.id.compareTo(b.id);
  private static final java.util.Comparator<Flow> BY_FINISH =
      (a, b) -> a.finishAt != b.finishAt ? Long.compare(a.finishAt, b.finishAt) : Long.compare(a.serial, b.serial);

  private final Map<String, Link> links = new HashMap<>();
  private final ArrayList<Link> byIndex = new ArrayList<>();
  private final Map<String, Flow> flows = new HashMap<>();
  /** Flows with a finite finish time, earliest first. */
  /**
   * The flows with a finite finish time, the earliest first (as a tree set by {@link #BY_FINISH}
   * would give them, with no node per insertion). Which flows are due is all that leaves it (they
   * are sorted by id after), so its inner order reaches nothing outside.
   */
  private final IndexedHeap<Flow> finishing = new IndexedHeap<>(BY_FINISH);
  /** Links changed since the last recompute. */
  private final ArrayList<Link> marked = new ArrayList<>();
  private RateListener listener = (l, c, r) -> {};
  private ShareListener shares;
  private long visitEpoch;
  private long latest;
  private long serials;

  // scratch of one recompute, reused
  private final ArrayList<Link> seeds = new ArrayList<>();
  private int reshared;
  private final ArrayList<Link> compLinks = new ArrayList<>();
  private final ArrayList<Flow> compFlows = new ArrayList<>();
  private final ArrayList<Flow> active = new ArrayList<>();

  /** Adds a link; returns its index (0, 1, 2, ... in the order added). */
  public int addLink(String name, double capacityBps) {
    if (links.containsKey(name)) throw new IllegalArgumentException("link " + name + " defined twice");
    Link l = new Link(name, byIndex.size(), capacityBps);
    links.put(name, l);
    byIndex.add(l);
    return l.index;
  }

  /** Where the changes of link payload rates go, once per {@link #recompute} and changed link. */
  public void onRateChange(RateListener listener) {
    this.listener = listener;
  }

  /** Where each re-shared flow goes after a {@link #recompute}, with what limits it (none: not computed). */
  public void onReshare(ShareListener shares) {
    this.shares = shares;
  }

  public String linkName(int index) {
    return byIndex.get(index).name;
  }

  /** Changes a link's capacity (a bandwidth limit set or lifted); call {@link #recompute} after. */
  public void setCapacity(long now, String name, double capacityBps) {
    advance(now);
    Link l = links.get(name);
    l.capacityBps = capacityBps;
    mark(l);
  }

  /** Notes that time has come to {@code now} (flows are brought up to date lazily). */
  public void advance(long now) {
    if (now > latest) latest = now;
  }

  /** Adds a flow at {@code now}; call {@link #recompute} after the changes of an instant. */
  public void start(long now, String id, List<String> path, double bytes, double efficiency, double payloadCapBps) {
    start(now, id, path, bytes, efficiency, payloadCapBps, null);
  }

  /** As {@link #start(long, String, List, double, double, double)}, with a tag the share listener gets back. */
  public void start(long now, String id, List<String> path, double bytes, double efficiency, double payloadCapBps,
      Object tag) {
    advance(now);
    if (flows.containsKey(id)) throw new IllegalArgumentException("flow " + id + " already running");
    Link[] p = new Link[path.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = links.get(path.get(i));
      if (p[i] == null) throw new IllegalArgumentException("flow " + id + ": unknown link " + path.get(i));
    }
    Flow f = new Flow(id, tag, p, efficiency, payloadCapBps, bytes, now, serials++);
    flows.put(id, f);
    for (Link l : p) {
      int at = Collections.binarySearch(l.flows, f, BY_ID);
      l.flows.add(at < 0 ? -at - 1 : at, f);
      if (!l.reported) l.firstUse = true;
      mark(l);
    }
  }

  /** Removes a flow, returning the bytes it had left, or -1 when it was not running. */
  public double remove(long now, String id) {
    advance(now);
    Flow f = flows.remove(id);
    if (f == null) return -1;
    f.advance(now);
    detach(f);
    return f.remainingBytes;
  }

  private void detach(Flow f) {
    finishing.remove(f);
    for (Link l : f.path) {
      l.flows.remove(Collections.binarySearch(l.flows, f, BY_ID));
      mark(l);
    }
  }

  private void mark(Link l) {
    if (!l.marked) {
      l.marked = true;
      marked.add(l);
    }
  }

  /** Sets a link up or down; returns the ids of the flows crossing it (id order) when it goes down. */
  public List<String> setLinkUp(long now, String name, boolean up) {
    advance(now);
    Link l = links.get(name);
    l.up = up;
    mark(l);
    List<String> crossing = new ArrayList<>();
    if (!up) {
      Flow last = null;
      for (Flow f : l.flows) {
        if (f != last) crossing.add(f.id);
        last = f;
      }
    }
    return crossing;
  }

  public boolean isUp(String link) {
    Link l = links.get(link);
    return l != null && l.up;
  }

  /**
   * Max-min fair shares by progressive filling over each component touched since the last call, one
   * component at a time: raise every unfrozen flow's rate equally until a link fills or a flow reaches its cap; freeze
   * those flows; repeat. Then each re-shared flow's finish time, and the changed link rates.
   */
  public void recompute(long now) {
    advance(now);
    if (marked.isEmpty()) return;
    long epoch = ++visitEpoch;
    seeds.clear();
    for (int i = 0; i < marked.size(); i++) seeds.add(marked.get(i)); // (addAll copies to an array)
    marked.clear();
    reshared = 0;
    for (int si = 0; si < seeds.size(); si++) { // (indexed: no iterator per event)
      Link seed = seeds.get(si);
      seed.marked = false;
      if (seed.visit == epoch) continue;
      // the component of a marked link: links and flows reachable through shared links, filled on
      // its own (its shares do not depend on other components, nor on how many were changed)
      compLinks.clear();
      compFlows.clear();
      seed.visit = epoch;
      compLinks.add(seed);
      for (int i = 0; i < compLinks.size(); i++) {
        ArrayList<Flow> on = compLinks.get(i).flows;
        for (int j = 0; j < on.size(); j++) {
          Flow f = on.get(j);
          if (f.visit == epoch) continue;
          f.visit = epoch;
          compFlows.add(f);
          for (Link pl : f.path) {
            if (pl.visit != epoch) {
              pl.visit = epoch;
              compLinks.add(pl);
            }
          }
        }
      }
      reshared += compFlows.size();
      fill(now);
      settle(now);
    }
  }

  /** After a component's fill: its flows' finish times, their limiters, and its links' changed rates. */
  private void settle(long now) {
    for (int fi = 0; fi < compFlows.size(); fi++) {
      Flow f = compFlows.get(fi);
      double bps = f.payloadBps();
      long at = bps > 0 ? now + SimTime.durationFor(f.remainingBytes * 8, bps) : Long.MAX_VALUE;
      if (at == f.finishAt) continue;
      f.finishAt = at;
      if (at == Long.MAX_VALUE) finishing.remove(f);
      else finishing.update(f);
    }
    if (shares != null) {
      for (int li = 0; li < compLinks.size(); li++) {
        Link l = compLinks.get(li);
        double used = 0;
        for (int i = 0; i < l.flows.size(); i++) {
          Flow f = l.flows.get(i);
          used = i == 0 ? f.payloadBps() / f.efficiency : used + f.payloadBps() / f.efficiency;
        }
        l.used = used;
      }
      for (int fi = 0; fi < compFlows.size(); fi++) { Flow f = compFlows.get(fi); shares.reshared(f.id, f.tag, f.payloadBps(), limiter(f)); }
    }
    for (int li = 0; li < compLinks.size(); li++) {
      Link l = compLinks.get(li);
      boolean carrying = !l.flows.isEmpty();
      double sum = 0;
      for (int i = 0; i < l.flows.size(); i++) sum = i == 0 ? l.flows.get(0).payloadBps() : sum + l.flows.get(i).payloadBps();
      if (carrying != l.carrying || (carrying && sum != l.payloadBps) || l.firstUse) {
        l.firstUse = false;
        l.reported = true;
        l.carrying = carrying;
        l.payloadBps = sum;
        listener.changed(l.index, carrying, sum);
      }
    }
  }

  /**
   * What holds a flow back at the shares just computed: its own cap when it runs at it (within
   * 1e-6), else the first link of its path that is down or full (its flows' line rates within 1e-6
   * of its capacity), else nothing.
   */
  private static int limiter(Flow f) {
    if (f.payloadCapBps > 0 && f.payloadBps() >= f.payloadCapBps * (1 - 1e-6)) return OWN_CAP;
    for (Link l : f.path) if (!l.up || l.used >= l.capacityBps * (1 - 1e-6)) return l.index;
    return NO_LIMIT;
  }

  /** Progressive filling over {@link #compFlows} (their remaining bytes brought up to now first). */
  private void fill(long now) {
    active.clear();
    for (int li = 0; li < compLinks.size(); li++) {
      Link l = compLinks.get(li);
      l.unfrozen = 0;
      l.left = l.up ? l.capacityBps : 0.0;
    }
    for (int fi = 0; fi < compFlows.size(); fi++) {
      Flow f = compFlows.get(fi);
      f.advance(now);
      f.lineBps = 0;
      f.frozen = false;
      active.add(f);
      for (Link l : f.path) l.unfrozen++;
    }
    int n = active.size();
    while (n > 0) {
      double inc = Double.MAX_VALUE;
      for (int li = 0; li < compLinks.size(); li++) { Link l = compLinks.get(li); if (l.unfrozen > 0) inc = Math.min(inc, l.left / l.unfrozen); }
      for (int i = 0; i < n; i++) {
        Flow f = active.get(i);
        if (f.payloadCapBps > 0) inc = Math.min(inc, f.payloadCapBps / f.efficiency - f.lineBps);
      }
      if (inc == Double.MAX_VALUE) break;
      inc = Math.max(0, inc);
      for (int i = 0; i < n; i++) active.get(i).lineBps += inc;
      for (int li = 0; li < compLinks.size(); li++) { Link l = compLinks.get(li); l.left = l.left - inc * l.unfrozen; }
      int still = 0;
      for (int i = 0; i < n; i++) {
        Flow f = active.get(i);
        boolean frozen = f.payloadCapBps > 0 && f.lineBps * f.efficiency >= f.payloadCapBps * (1 - 1e-12);
        for (Link l : f.path) frozen |= l.left <= l.capacityBps * 1e-12;
        f.frozen = frozen;
      }
      for (int i = 0; i < n; i++) {
        Flow f = active.get(i);
        if (f.frozen) {
          for (Link l : f.path) l.unfrozen--;
        } else {
          active.set(still++, f);
        }
      }
      if (still == n && inc == 0) break;
      n = still;
    }
  }

  /** How many flows the last {@link #recompute} re-shared (its components), for tests. */
  int lastReshared() {
    return reshared;
  }

  /** The earliest finish time over all flows, or {@code Long.MAX_VALUE}. */
  public long nextFinish() {
    return finishing.isEmpty() ? Long.MAX_VALUE : finishing.first().finishAt;
  }

  /** Removes and returns (in id order) the flows that have finished by {@code now}. */
  public List<String> completeDue(long now) {
    advance(now);
    List<Flow> due = new ArrayList<>();
    while (!finishing.isEmpty() && finishing.first().finishAt <= now) due.add(finishing.pollFirst());
    due.sort(BY_ID);
    List<String> done = new ArrayList<>(due.size());
    for (Flow f : due) {
      flows.remove(f.id);
      f.finishAt = Long.MAX_VALUE; // already out of the finish order
      f.remainingBytes = 0;
      detach(f);
      done.add(f.id);
    }
    return done;
  }

  public FlowState state(String id) {
    Flow f = flows.get(id);
    if (f == null) return null;
    // as of the latest instant, without touching the flow's own bookkeeping (asking changes nothing)
    double left = latest <= f.updatedAt ? f.remainingBytes
        : f.finishAt <= latest ? 0 : Math.max(0, f.remainingBytes - f.payloadBps() * ((latest - f.updatedAt) / 1e9) / 8);
    return new FlowState(id, f.payloadBps(), left);
  }

  /** Payload bit/s on each link that carries a flow, as of the last {@link #recompute}. */
  public Map<String, Double> linkPayload() {
    Map<String, Double> m = new TreeMap<>();
    for (Link l : byIndex) if (l.carrying) m.put(l.name, l.payloadBps);
    return m;
  }
}
