package dev.livemig.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.kernel.SimTime;

/**
 * Test oracle: the full-recompute solver of f32875c, unchanged but for its name (FlowSolver is now
 * incremental; FlowSolverPropertyTest compares the two). Fluid bandwidth sharing: flows over links, shared max-min fairly by progressive filling, and
 * recomputed only when a flow starts, ends or changes (never per packet or per time step).
 *
 * <p>Capacities are line rates in bit/s. A flow carries payload at {@code efficiency} of the line
 * bits it is given (TCP over 1 GbE: 1460/1538), and may be capped in payload bit/s (an SMB bandwidth
 * limit). Everything is iterated in a stable order (links and flows by name), so the outcome never
 * depends on hash order.
 */
final class ReferenceFlowSolver {

  /** A flow as seen from outside: its id, its payload rate in bit/s, and bytes still to carry. */
  public record FlowState(String id, double payloadBps, double remainingBytes) {}

  private static final class Link {
    final String name;
    double capacityBps;
    boolean up = true;
    double usedBps;

    Link(String name, double capacityBps) {
      this.name = name;
      this.capacityBps = capacityBps;
    }
  }

  private static final class Flow {
    final String id;
    final Link[] path;
    final double efficiency;
    final double payloadCapBps;
    double remainingBytes;
    double lineBps; // allocated line rate
    long finishAt = Long.MAX_VALUE;

    Flow(String id, Link[] path, double efficiency, double payloadCapBps, double bytes) {
      this.id = id;
      this.path = path;
      this.efficiency = efficiency;
      this.payloadCapBps = payloadCapBps;
      this.remainingBytes = bytes;
    }

    double payloadBps() {
      return lineBps * efficiency;
    }
  }

  private final Map<String, Link> links = new TreeMap<>();
  private final Map<String, Flow> flows = new TreeMap<>();
  private final java.util.Set<Link> inUse = new java.util.HashSet<>();
  private long updatedAt;

  public void addLink(String name, double capacityBps) {
    if (links.containsKey(name)) throw new IllegalArgumentException("link " + name + " defined twice");
    links.put(name, new Link(name, capacityBps));
  }

  /** Changes a link's capacity (a bandwidth limit set or lifted); call {@link #recompute} after. */
  public void setCapacity(long now, String name, double capacityBps) {
    advance(now);
    links.get(name).capacityBps = capacityBps;
  }


  /** Brings every flow's remaining bytes up to {@code now} at its current rate. */
  public void advance(long now) {
    if (now <= updatedAt) return;
    double dt = (now - updatedAt) / 1e9;
    for (Flow f : flows.values()) {
      if (f.finishAt <= now) f.remainingBytes = 0;
      else f.remainingBytes = Math.max(0, f.remainingBytes - f.payloadBps() * dt / 8);
    }
    updatedAt = now;
  }

  /** Adds a flow at {@code now}; call {@link #recompute} after the changes of an instant. */
  public void start(long now, String id, List<String> path, double bytes, double efficiency, double payloadCapBps) {
    advance(now);
    if (flows.containsKey(id)) throw new IllegalArgumentException("flow " + id + " already running");
    Link[] p = new Link[path.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = links.get(path.get(i));
      if (p[i] == null) throw new IllegalArgumentException("flow " + id + ": unknown link " + path.get(i));
    }
    flows.put(id, new Flow(id, p, efficiency, payloadCapBps, bytes));
  }

  /** Removes a flow, returning the bytes it had left, or -1 when it was not running. */
  public double remove(long now, String id) {
    advance(now);
    Flow f = flows.remove(id);
    return f == null ? -1 : f.remainingBytes;
  }

  /** Sets a link up or down; returns the ids of the flows crossing it when it goes down. */
  public List<String> setLinkUp(long now, String name, boolean up) {
    advance(now);
    Link l = links.get(name);
    l.up = up;
    List<String> crossing = new ArrayList<>();
    if (!up) {
      for (Flow f : flows.values()) {
        for (Link pl : f.path) {
          if (pl == l) {
            crossing.add(f.id);
            break;
          }
        }
      }
    }
    return crossing;
  }

  public boolean isUp(String link) {
    Link l = links.get(link);
    return l != null && l.up;
  }

  /**
   * Max-min fair shares by progressive filling: raise every unfrozen flow's rate equally until a
   * link fills or a flow reaches its cap; freeze those flows; repeat. Then each flow's finish time.
   */
  public void recompute(long now) {
    advance(now);
    // Only the links that carry a flow take part (a big fabric is mostly idle).
    Map<Link, Integer> unfrozenOn = new LinkedHashMap<>();
    Map<Link, Double> left = new HashMap<>();
    for (Link l : inUse) l.usedBps = 0;
    inUse.clear();
    List<Flow> active = new ArrayList<>();
    for (Flow f : flows.values()) {
      f.lineBps = 0;
      active.add(f);
      for (Link l : f.path) {
        unfrozenOn.merge(l, 1, Integer::sum);
        left.putIfAbsent(l, l.up ? l.capacityBps : 0.0);
        inUse.add(l);
      }
    }
    while (!active.isEmpty()) {
      double inc = Double.MAX_VALUE;
      for (Map.Entry<Link, Integer> e : unfrozenOn.entrySet()) {
        if (e.getValue() > 0) inc = Math.min(inc, left.get(e.getKey()) / e.getValue());
      }
      for (Flow f : active) {
        if (f.payloadCapBps > 0) inc = Math.min(inc, f.payloadCapBps / f.efficiency - f.lineBps);
      }
      if (inc == Double.MAX_VALUE) break;
      inc = Math.max(0, inc);
      for (Flow f : active) f.lineBps += inc;
      for (Map.Entry<Link, Integer> e : unfrozenOn.entrySet()) {
        left.put(e.getKey(), left.get(e.getKey()) - inc * e.getValue());
      }
      List<Flow> still = new ArrayList<>();
      for (Flow f : active) {
        boolean frozen = f.payloadCapBps > 0 && f.lineBps * f.efficiency >= f.payloadCapBps * (1 - 1e-12);
        for (Link l : f.path) frozen |= left.get(l) <= l.capacityBps * 1e-12;
        if (frozen) {
          for (Link l : f.path) unfrozenOn.merge(l, -1, Integer::sum);
        } else {
          still.add(f);
        }
      }
      if (still.size() == active.size() && inc == 0) break;
      active = still;
    }
    for (Flow f : flows.values()) {
      for (Link l : f.path) l.usedBps += f.lineBps;
      double bps = f.payloadBps();
      f.finishAt = bps > 0 ? now + SimTime.durationFor(f.remainingBytes * 8, bps) : Long.MAX_VALUE;
    }
  }

  /** The earliest finish time over all flows, or {@code Long.MAX_VALUE}. */
  public long nextFinish() {
    long t = Long.MAX_VALUE;
    for (Flow f : flows.values()) t = Math.min(t, f.finishAt);
    return t;
  }

  /** Removes and returns (in id order) the flows that have finished by {@code now}. */
  public List<String> completeDue(long now) {
    advance(now);
    List<String> done = new ArrayList<>();
    var it = flows.values().iterator();
    while (it.hasNext()) {
      Flow f = it.next();
      if (f.finishAt <= now) {
        done.add(f.id);
        it.remove();
      }
    }
    return done;
  }

  public FlowState state(String id) {
    Flow f = flows.get(id);
    return f == null ? null : new FlowState(id, f.payloadBps(), f.remainingBytes);
  }


  /** Payload bit/s on each link (what the NIC counters would show as throughput). */
  public Map<String, Double> linkPayload() {
    Map<String, Double> m = new TreeMap<>();
    for (Flow f : flows.values()) for (Link l : f.path) m.merge(l.name, f.payloadBps(), Double::sum);
    return m;
  }


}
