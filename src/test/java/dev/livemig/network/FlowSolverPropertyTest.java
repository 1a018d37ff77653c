package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The incremental solver against the full recompute it replaced ({@link ReferenceFlowSolver}, the
 * solver of f32875c, kept as the oracle), on random flow sets over random links.
 *
 * <p>Rates: exactly equal (bit for bit) when the flows form one component, since both fill that
 * component with the same steps; within 1e-12 relative otherwise (the full recompute raises every
 * component by the same increments, so a flow's rate is a different sum of the same share). Finish
 * times over a whole run, with flows starting, being stopped, links changing capacity or going down
 * and coming back: each flow ends at the same instant within 1 µs (the report's resolution).
 */
class FlowSolverPropertyTest {

  /** A flow: the indices of its links, bytes, efficiency, payload cap (0: none), and when it starts (ms). */
  record FlowPlan(List<Integer> path, double bytes, double efficiency, double capBps, int startMs) {}

  /** A change at {@code atMs}: 0 stop a flow, 1 a link's capacity, 2 a link down then up 1 s later. */
  record Change(int atMs, int kind, int target, double capacityBps) {}

  record Case(List<Double> capacities, List<FlowPlan> flows, List<Change> changes) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<Double>> caps = Arbitraries.of(1e9, 2.5e9, 10e9, 25e9, 1e18).list().ofMinSize(1).ofMaxSize(8);
    return caps.flatMap(c -> {
      int n = c.size();
      Arbitrary<FlowPlan> flow = Combinators.combine(
          Arbitraries.integers().between(0, n - 1).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
          Arbitraries.doubles().between(1e6, 2e10),
          Arbitraries.of(1.0, 0.949, 0.97),
          Arbitraries.of(0.0, 0.0, 3e8, 2e9),
          Arbitraries.integers().between(0, 5).flatMap(k -> Arbitraries.integers().between(0, 20_000).map(ms -> k < 3 ? 0 : ms)))
          .as(FlowPlan::new);
      Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(1, 60_000),
          Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 40), Arbitraries.of(5e8, 1e9, 1e18))
          .as(Change::new);
      return Combinators.combine(flow.list().ofMinSize(1).ofMaxSize(40), change.list().ofMaxSize(6))
          .as((f, ch) -> new Case(c, f, ch));
    });
  }

  /** One instant: every flow starts at 0, one recompute; rates equal to the full recompute's. */
  @Property(tries = 300)
  void sharesAreThoseOfTheFullRecompute(@ForAll("cases") Case c) {
    FlowSolver s = new FlowSolver();
    ReferenceFlowSolver r = new ReferenceFlowSolver();
    for (int i = 0; i < c.capacities().size(); i++) {
      s.addLink("l" + i, c.capacities().get(i));
      r.addLink("l" + i, c.capacities().get(i));
    }
    for (int i = 0; i < c.flows().size(); i++) {
      FlowPlan f = c.flows().get(i);
      s.start(0, id(i), names(f.path()), f.bytes(), f.efficiency(), f.capBps());
      r.start(0, id(i), names(f.path()), f.bytes(), f.efficiency(), f.capBps());
    }
    s.recompute(0);
    r.recompute(0);
    boolean oneComponent = components(c) == 1;
    for (int i = 0; i < c.flows().size(); i++) {
      double got = s.state(id(i)).payloadBps();
      double want = r.state(id(i)).payloadBps();
      if (oneComponent) assertEquals(want, got, 0.0, id(i));
      else assertEquals(want, got, Math.abs(want) * 1e-12, id(i));
    }
    Map<String, Double> want = r.linkPayload();
    Map<String, Double> got = s.linkPayload();
    assertEquals(want.keySet(), got.keySet());
    for (var e : want.entrySet()) assertEquals(e.getValue(), got.get(e.getKey()), Math.abs(e.getValue()) * 1e-12, e.getKey());
    assertEquals(r.nextFinish(), s.nextFinish(), oneComponent ? 0 : 2);
  }

  /** A whole run with starts, stops and link changes: every flow ends within 1 µs of the oracle. */
  @Property(tries = 200)
  void finishTimesAreThoseOfTheFullRecompute(@ForAll("cases") Case c) {
    Map<String, Long> got = run(c, new Incremental(new FlowSolver()));
    Map<String, Long> want = run(c, new Reference(new ReferenceFlowSolver()));
    assertEquals(want.keySet(), got.keySet());
    for (var e : want.entrySet()) {
      long d = Math.abs(e.getValue() - got.get(e.getKey()));
      assertTrue(d <= 1000, e.getKey() + " ends " + d + " ns apart: " + e.getValue() + " vs " + got.get(e.getKey()));
    }
  }

  /**
   * One recompute per instant (as the Network does, at the end of each instant) against one after
   * every change: the same bits. Every flow ends at the same nanosecond, and each link's rate history
   * (the last rate of each instant, an instant that ends at the rate it began with recording none; a
   * link's first use recorded even when its flow left within the instant) is the same, rate for rate.
   */
  @Property(tries = 2000)
  void oneRecomputePerInstantGivesTheBitsOfOnePerChange(@ForAll("cases") Case c) {
    List<String> eagerRates = new ArrayList<>();
    List<String> batchedRates = new ArrayList<>();
    Map<String, Long> eager = run(c, listening(eagerRates), false);
    Map<String, Long> batched = run(c, listening(batchedRates), true);
    assertEquals(eager, batched);
    assertEquals(lastPerInstant(eagerRates), lastPerInstant(batchedRates));
  }

  /** A solver whose link rate changes go to {@code out} as "link time rate" (0 when not carrying). */
  private static Ops listening(List<String> out) {
    FlowSolver s = new FlowSolver();
    long[] clock = new long[1];
    s.onRateChange((link, carrying, bps) -> out.add(link + " " + clock[0] + " " + (carrying ? bps : 0.0)));
    return new Clocked(s, clock);
  }

  /** The incremental solver, with the instant of the recompute running now in {@code clock[0]}. */
  record Clocked(FlowSolver s, long[] clock) implements Ops {
    public void addLink(String n, double c) { s.addLink(n, c); }
    public void start(long t, String id, List<String> p, double b, double e, double c) { s.start(t, id, p, b, e, c); }
    public double remove(long t, String id) { return s.remove(t, id); }
    public void setCapacity(long t, String l, double c) { s.setCapacity(t, l, c); }
    public List<String> setLinkUp(long t, String l, boolean up) { return s.setLinkUp(t, l, up); }
    public void recompute(long t) {
      clock[0] = t;
      s.recompute(t);
    }
    public long nextFinish() { return s.nextFinish(); }
    public List<String> completeDue(long t) { return s.completeDue(t); }
  }

  /** Per link, the last rate of each instant, dropping an instant that ends at its link's previous rate. */
  private static Map<String, List<String>> lastPerInstant(List<String> changes) {
    Map<String, TreeMap<Long, Double>> last = new TreeMap<>();
    for (String ch : changes) {
      String[] p = ch.split(" ");
      last.computeIfAbsent(p[0], k -> new TreeMap<>()).put(Long.parseLong(p[1]), Double.parseDouble(p[2]));
    }
    Map<String, List<String>> out = new TreeMap<>();
    for (var e : last.entrySet()) {
      List<String> kept = new ArrayList<>();
      Double previous = null;
      for (var r : e.getValue().entrySet()) {
        if (previous != null && previous.equals(r.getValue())) continue;
        kept.add(r.getKey() + "=" + r.getValue());
        previous = r.getValue();
      }
      out.put(e.getKey(), kept);
    }
    return out;
  }

  /** The operations both solvers have. */
  interface Ops {
    void addLink(String name, double capacity);
    void start(long now, String id, List<String> path, double bytes, double eff, double cap);
    double remove(long now, String id);
    void setCapacity(long now, String link, double capacity);
    List<String> setLinkUp(long now, String link, boolean up);
    void recompute(long now);
    long nextFinish();
    List<String> completeDue(long now);
  }

  record Incremental(FlowSolver s) implements Ops {
    public void addLink(String n, double c) { s.addLink(n, c); }
    public void start(long t, String id, List<String> p, double b, double e, double c) { s.start(t, id, p, b, e, c); }
    public double remove(long t, String id) { return s.remove(t, id); }
    public void setCapacity(long t, String l, double c) { s.setCapacity(t, l, c); }
    public List<String> setLinkUp(long t, String l, boolean up) { return s.setLinkUp(t, l, up); }
    public void recompute(long t) { s.recompute(t); }
    public long nextFinish() { return s.nextFinish(); }
    public List<String> completeDue(long t) { return s.completeDue(t); }
  }

  record Reference(ReferenceFlowSolver s) implements Ops {
    public void addLink(String n, double c) { s.addLink(n, c); }
    public void start(long t, String id, List<String> p, double b, double e, double c) { s.start(t, id, p, b, e, c); }
    public double remove(long t, String id) { return s.remove(t, id); }
    public void setCapacity(long t, String l, double c) { s.setCapacity(t, l, c); }
    public List<String> setLinkUp(long t, String l, boolean up) { return s.setLinkUp(t, l, up); }
    public void recompute(long t) { s.recompute(t); }
    public long nextFinish() { return s.nextFinish(); }
    public List<String> completeDue(long t) { return s.completeDue(t); }
  }

  /** Runs the case with a recompute after each change; the end of every flow (finished, stopped or failed). */
  static Map<String, Long> run(Case c, Ops s) {
    return run(c, s, false);
  }

  /** Runs the case with a recompute after each change, or once per instant ({@code perInstant}). */
  static Map<String, Long> run(Case c, Ops s, boolean perInstant) {
    for (int i = 0; i < c.capacities().size(); i++) s.addLink("l" + i, c.capacities().get(i));
    // external events: (time ns, order, action)
    TreeMap<Long, List<Runnable>> events = new TreeMap<>();
    Map<String, Long> ended = new TreeMap<>();
    for (int i = 0; i < c.flows().size(); i++) {
      FlowPlan f = c.flows().get(i);
      String id = id(i);
      long at = f.startMs() * 1_000_000L;
      events.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> s.start(at, id, names(f.path()), f.bytes(), f.efficiency(), f.capBps()));
    }
    for (Change ch : c.changes()) {
      long at = ch.atMs() * 1_000_000L;
      String link = "l" + (ch.target() % c.capacities().size());
      switch (ch.kind()) {
        case 0 -> events.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> {
          String id = id(ch.target() % c.flows().size());
          if (s.remove(at, id) >= 0) ended.put(id, at);
        });
        case 1 -> events.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> s.setCapacity(at, link, ch.capacityBps()));
        default -> {
          events.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> {
            for (String id : s.setLinkUp(at, link, false)) {
              s.remove(at, id);
              ended.put(id, at);
            }
          });
          events.computeIfAbsent(at + 1_000_000_000L, k -> new ArrayList<>()).add(() -> s.setLinkUp(at + 1_000_000_000L, link, true));
        }
      }
    }
    while (true) {
      long finish = s.nextFinish();
      Long external = events.isEmpty() ? null : events.firstKey();
      if (external == null && finish == Long.MAX_VALUE) break;
      if (external != null && external <= finish) {
        for (Runnable r : events.remove(external)) {
          r.run();
          if (!perInstant) s.recompute(external);
        }
        if (perInstant) s.recompute(external);
      } else {
        for (String id : s.completeDue(finish)) ended.put(id, finish);
        s.recompute(finish);
      }
    }
    return ended;
  }

  static int components(Case c) {
    int n = c.capacities().size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) parent[i] = i;
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (FlowPlan f : c.flows()) {
      used.addAll(f.path());
      for (int l : f.path()) union(parent, f.path().get(0), l);
    }
    java.util.Set<Integer> roots = new java.util.HashSet<>();
    for (int l : used) roots.add(find(parent, l));
    return roots.size();
  }

  private static int find(int[] p, int i) {
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
  }

  private static void union(int[] p, int a, int b) {
    p[find(p, a)] = find(p, b);
  }

  static String id(int i) {
    return String.format("f%02d", i);
  }

  static List<String> names(List<Integer> path) {
    List<String> out = new ArrayList<>();
    for (int l : path) out.add("l" + l);
    return out;
  }
}
