package dev.livemig.cluster;

import dev.livemig.migration.Vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import dev.livemig.kernel.TraceSink;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.TestScenarios;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * Where each VM runs, read from the messages its actor was delivered (the run's trace, in memory),
 * on seeded random small clusters: 2–3 hosts with one or two 10 GbE NICs, 1–4 small VMs writing at
 * random uniform rates, random migrate steps (async or not) over TCP/IP or SMB, and NICs that go
 * down and come back at random instants. Per VM: it runs on exactly one host at every instant
 * except in a blackout (from a Pause to the next Resume); it is never paused twice without a resume
 * between; only a migration out of the host it runs on pauses it; a Resume that ends no blackout
 * names the host it runs on (a failure before the pause: it keeps running on the source); it ends
 * on the destination of its last completed migration (or where it started), moved once per
 * completed migration. Over all VMs: running + paused is the number of VMs at every instant (no
 * crash, no boot: these scenarios have no host failure and no post-copy).
 */
class VmPlacementPropertyTest {

  /** A VM: memory, uniform writes per second, working set, and the index of its first host. */
  record VmPlan(int gib, int writesPerSecond, int workingSetMib, int host) {}

  /** A migrate step: which VM (index), how far round the hosts it goes, async, and a wait before it. */
  record StepPlan(int vm, int hop, boolean async, int waitMs) {}

  /** A NIC event: at (ms), host and NIC (indices, taken modulo what exists), down or up. */
  record EventPlan(int atMs, int host, int nic, boolean up) {}

  /** One random scenario; its HOCON is what a failure prints. */
  record Case(int hosts, List<Integer> nics, List<VmPlan> vms, String option, List<StepPlan> steps,
      List<EventPlan> events) {

    String host(int i) {
      return "h" + (i + 1);
    }

    String vm(int i) {
      return "v" + (i + 1);
    }

    String hocon() {
      StringBuilder sb = new StringBuilder("seed = 7\nhosts = [\n");
      for (int h = 0; h < hosts; h++) {
        sb.append("  { name = ").append(host(h)).append(", memory = 64 GiB, cores = 12, nics = [");
        for (int n = 0; n < nics.get(h); n++) // commas: objects side by side on one line would merge (HOCON)
          sb.append(n > 0 ? ", " : " ").append("{ name = n").append(n + 1).append(", speed = 10 Gbps, network = LM-")
              .append(n + 1).append(" }");
        sb.append(" ] }\n");
      }
      sb.append("]\nvms = [\n");
      for (int i = 0; i < vms.size(); i++) {
        VmPlan v = vms.get(i);
        sb.append(String.format(Locale.ROOT, "  { name = %s, host = %s, memory = %d GiB, workload { model = uniform, "
            + "writes-per-second = %d, working-set = %d MiB } }%n", vm(i), host(v.host() % hosts), v.gib(),
            v.writesPerSecond(), Math.min(v.workingSetMib(), v.gib() * 1024)));
      }
      sb.append("]\ncluster.live-migration { performance-option = ").append(option).append(" }\nevents = [\n");
      for (EventPlan e : events) {
        int h = e.host() % hosts;
        sb.append(String.format(Locale.ROOT, "  { at = %d ms, %s { host = %s, nic = n%d } }%n", e.atMs(),
            e.up() ? "nic-up" : "nic-down", host(h), e.nic() % nics.get(h) + 1));
      }
      sb.append("]\nsteps = [\n");
      Map<String, Integer> planned = new LinkedHashMap<>(); // where the loader thinks each VM is
      for (int i = 0; i < vms.size(); i++) planned.put(vm(i), vms.get(i).host() % hosts);
      for (int s = 0; s < steps.size(); s++) {
        StepPlan p = steps.get(s);
        String vm = vm(p.vm() % vms.size());
        int to = (planned.get(vm) + 1 + p.hop() % (hosts - 1)) % hosts; // never where it is planned to be
        planned.put(vm, to);
        if (p.waitMs() > 0) sb.append("  { wait { for = ").append(p.waitMs()).append(" ms } }\n");
        sb.append(String.format(Locale.ROOT, "  { migrate { vm = %s, to = %s, measure = s%d, async = %b } }%n", vm,
            host(to), s + 1, p.async()));
      }
      sb.append("]\n");
      return sb.toString();
    }

    @Override
    public String toString() {
      return "\n" + hocon();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> hosts = Arbitraries.integers().between(2, 3);
    Arbitrary<List<Integer>> nics = Arbitraries.integers().between(1, 2).list().ofSize(3);
    // uniform: jqwik's default leans to small numbers (rates near 0, every NIC event in the first second)
    Arbitrary<VmPlan> vm = Combinators.combine(Arbitraries.integers().between(1, 8),
        uniform(0, 400_000), uniform(64, 2048), Arbitraries.integers().between(0, 2)).as(VmPlan::new);
    Arbitrary<String> option = Arbitraries.of("tcpip", "smb");
    Arbitrary<StepPlan> step = Combinators.combine(Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 1), Arbitraries.of(true, false), Arbitraries.of(0, 0, 500, 1500, 4000))
        .as(StepPlan::new);
    Arbitrary<EventPlan> event = Combinators.combine(uniform(0, 20_000), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 1), Arbitraries.of(true, false)).as(EventPlan::new);
    return Combinators.combine(hosts, nics, vm.list().ofMinSize(1).ofMaxSize(4), option,
        step.list().ofMinSize(1).ofMaxSize(6), event.list().ofMaxSize(4)).as(Case::new);
  }

  private static Arbitrary<Integer> uniform(int min, int max) {
    return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
  }

  /**
   * The fixed seed makes every run try the same scenarios (RANDOM_SEED: a failure recorded in
   * .jqwik-database is not replayed first; the fixed seed still applies).
   */
  @Property(tries = 40, seed = "20250611", afterFailure = AfterFailureMode.RANDOM_SEED)
  void eachVmRunsOnExactlyOneHostOutsideItsBlackoutsAndEndsWhereItsLastMoveTookIt(@ForAll("cases") Case c) {
    Report report = placementHolds(c.hocon()).report();
    long completed = report.migrations().stream().filter(m -> "completed".equals(m.outcome())).count();
    // The placement checks mean little if nothing moved: where no NIC goes down nothing can fail a move,
    // and over all cases most must have moved VMs.
    if (c.events().stream().allMatch(EventPlan::up))
      assertEquals(report.migrations().size(), completed, "no NIC went down, yet a move did not complete");
    Statistics.label("some move completed").collect(completed > 0);
    Statistics.label("some move completed").coverage(k -> k.check(true).percentage(p -> p >= 60));
  }

  // ------------------------------------------------------------------ cases the property found, and a rare one

  static final String TWO_HOSTS_ONE_NIC = """
      seed = 7
      hosts = [
        { name = h1, memory = 64 GiB, core-speed = 6, nics = [ { name = n1, speed = 10 Gbps, network = LM-1 } ] }
        { name = h2, memory = 64 GiB, core-speed = 6, nics = [ { name = n1, speed = 10 Gbps, network = LM-1 } ] }
      ]
      """;  // cores fast enough (6 x livemig.cpu.tcp-per-core) that the one TCP stream fills 10 GbE

  /**
   * A move queued while an earlier move of the same VM runs starts from where that one left the VM
   * (it used to start from where the VM was when it was queued: m2 was rejected, "already on h1",
   * and m3 paused the VM on h2 from a migration out of h1).
   */
  @Example
  void aMoveQueuedBehindAnotherOfTheSameVmStartsWhereThatOneLeftIt() {
    Run r = placementHolds(TWO_HOSTS_ONE_NIC + """
        vms = [ { name = v1, host = h1, memory = 1 GiB, workload = idle } ]
        steps = [
          { migrate { vm = v1, to = h2, measure = s1, async = true } }
          { migrate { vm = v1, to = h1, measure = s2, async = true } }
          { migrate { vm = v1, to = h2, measure = s3, async = true } }
        ]
        """);
    assertEquals(List.of("m1 h1->h2 completed", "m2 h2->h1 completed", "m3 h1->h2 completed"), moves(r.report()));
    assertEquals(List.of("s1", "s2", "s3"), List.copyOf(r.report().measures().keySet()));
  }

  /**
   * A synchronous step whose move is rejected after it was queued (here its retry: the NIC is still
   * down) lets the steps go on (the run used to end without a report).
   */
  @Example
  void aSynchronousStepWhoseRetryIsRejectedLetsTheStepsGoOn() {
    Run r = placementHolds("""
        seed = 7
        hosts = [
          { name = h1, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM-1 } ] }
          { name = h2, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM-1 } ] }
          { name = h3, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM-1 } ] }
        ]
        vms = [ { name = v1, host = h1, memory = 1 GiB, workload = idle } ]
        events = [ { at = 0 s, nic-down { host = h1, nic = n1 } }, { at = 13 s, nic-up { host = h1, nic = n1 } } ]
        steps = [
          { migrate { vm = v1, to = h2, measure = s1 } }   # fails (the NIC went down) when built at 1.66 s, retried at 11.66 s: rejected
          { wait { for = 2 s } }
          { migrate { vm = v1, to = h3, measure = s2 } }   # at 13.66 s, the NIC back up
        ]
        """);
    assertEquals(List.of("m1 h1->h2 failed", "m1.1 h1->h2 rejected", "m2 h1->h3 completed"), moves(r.report()));
    assertEquals(13.66, r.report().migrations().get(2).queuedAt(), 1e-9, "the steps went on after the retry was rejected");
  }

  /** A NIC lost in the blackout: the source resumes the VM where it was paused. */
  @Example
  void aNicLostInTheBlackoutResumesTheVmOnItsSource() {
    Run r = placementHolds(TWO_HOSTS_ONE_NIC + """
        vms = [ { name = v1, host = h1, memory = 8 GiB,
                  workload { model = uniform, writes-per-second = 400000, working-set = 2 GiB } } ]
        events = [ { at = 20 s, nic-down { host = h1, nic = n1 } } ]
        steps = [ { migrate { vm = v1, to = h2, measure = s1, async = true } } ]
        """);
    assertEquals("m1 h1->h2 failed", moves(r.report()).get(0));
    List<String> blackout = new ArrayList<>();
    for (Delivery d : r.deliveries())
      if (d.msg().startsWith("Vm.Pause") || d.msg().startsWith("Vm.Resume")) blackout.add(d.from() + " " + d.msg().replaceAll("\\[replyTo=.*", ""));
    assertEquals(List.of("host-h1/out-m1 Vm.Pause", "host-h1/out-m1 Vm.Resume[host=h1]"), blackout.subList(0, 2));
    long paused = r.deliveries().stream().filter(d -> d.msg().startsWith("Vm.Pause")).findFirst().orElseThrow().time();
    assertTrue(paused < 20_000_000_000L, "the pause came before the NIC went down, at " + paused);
  }

  private static List<String> moves(Report report) {
    List<String> out = new ArrayList<>();
    for (MigrationRecord m : report.migrations()) out.add(m.id() + " " + m.from() + "->" + m.to() + " " + m.outcome());
    return out;
  }

  // ------------------------------------------------------------------ the check

  /** One message delivered to a VM's actor. */
  record Delivery(long time, String from, String vm, String msg) {}

  record Run(Report report, List<Delivery> deliveries) {}

  /** Runs the scenario, collecting what its VMs' actors were delivered, and checks where each VM ran. */
  static Run placementHolds(String hocon) {
    List<Delivery> collected = Collections.synchronizedList(new ArrayList<>());
    TraceSink sink = (time, from, to, message) -> {
      if (to.startsWith("vm-")) collected.add(new Delivery(time, from, to.substring(3), message));
    };
    Specs.Scenario scenario = TestScenarios.load(hocon);
    Report report = Runs.run(scenario, new ScenarioRun.Options(sink, null)).report();
    List<Delivery> deliveries = List.copyOf(collected);

    Map<String, String> initial = new TreeMap<>();
    for (Specs.VmSpec v : scenario.vms()) initial.put(v.name(), v.host());
    int n = initial.size();
    Map<String, String> runningOn = new TreeMap<>(initial); // VM -> the host it runs on
    Map<String, String> pausedOn = new TreeMap<>();         // VM -> the host it was paused on (its blackout)
    Map<String, Integer> moves = new TreeMap<>();
    long last = 0;
    for (Delivery d : deliveries) {
      assertTrue(d.time() >= last, "deliveries in time order");
      last = d.time();
      String at = String.format(Locale.ROOT, "%.6f s: %s <- %s: %s", d.time() / 1e9, d.vm(), d.from(), d.msg());
      assertTrue(initial.containsKey(d.vm()), "a message to an unknown VM: " + at);
      if (d.msg().startsWith("Vm.Pause[")) {
        assertFalse(pausedOn.containsKey(d.vm()), "paused twice without a resume between: " + at);
        String host = runningOn.remove(d.vm());
        assertEquals("out", side(d.from()), "only a migration's source pauses a VM: " + at);
        assertEquals(host, hostOf(d.from()), "paused by a migration out of another host than the one it runs on: " + at);
        pausedOn.put(d.vm(), host);
      } else if (d.msg().startsWith("Vm.Resume[")) {
        String to = resumeHost(d.msg());
        String pausedHost = pausedOn.remove(d.vm());
        if (pausedHost == null) {
          // no blackout to end: a migration that failed before its pause; the VM keeps running where it is
          assertEquals(runningOn.get(d.vm()), to, "resumed on another host without a blackout: " + at);
        } else {
          if (!to.equals(pausedHost)) {
            assertEquals("in:" + to, side(d.from()) + ":" + hostOf(d.from()),
                "moved to a host by something other than a migration into it: " + at);
            moves.merge(d.vm(), 1, Integer::sum);
          }
          runningOn.put(d.vm(), to);
        }
      } else if (d.msg().startsWith("Vm.Crash[") || d.msg().startsWith("Vm.Boot[")) {
        fail("no host fails and no VM is lost in these scenarios, yet: " + at);
      }
      // running + paused is conserved, and each VM is in exactly one of the two
      TreeSet<String> seen = new TreeSet<>(runningOn.keySet());
      for (String vm : pausedOn.keySet()) assertTrue(seen.add(vm), vm + " both running and paused: " + at);
      assertEquals(n, runningOn.size() + pausedOn.size(), "VMs running + paused after " + at);
      assertEquals(initial.keySet(), seen, "every VM running or paused after " + at);
    }
    assertTrue(pausedOn.isEmpty(), "still paused at the end of the run: " + pausedOn);

    Map<String, String> expected = new TreeMap<>(initial);
    Map<String, Integer> completed = new TreeMap<>();
    for (MigrationRecord m : report.migrations()) { // in the order they ended
      assertTrue(initial.containsKey(m.vm()), m.vm());
      if (!"completed".equals(m.outcome())) continue;
      expected.put(m.vm(), m.to());
      completed.merge(m.vm(), 1, Integer::sum);
    }
    assertEquals(expected, runningOn, "each VM's final host: the destination of its last completed migration");
    assertEquals(completed, moves, "host changes per VM: one per completed migration");
    return new Run(report, deliveries);
  }

  /** {@code host-h1/out-m3} -> {@code h1}; {@code host-h2} (a migration's destination side, its host's state) -> {@code h2}. */
  private static String hostOf(String actor) {
    assertTrue(actor.startsWith("host-") && (actor.indexOf('/') > 5 || actor.indexOf('/') < 0), "not a migration actor: " + actor);
    return actor.indexOf('/') < 0 ? actor.substring(5) : actor.substring(5, actor.indexOf('/'));
  }

  /**
   * {@code host-h1/out-m3} -> {@code out}; {@code host-h2} -> {@code in}: the destination side of a
   * migration is its host's state (MigrationTarget, issue 30), so the host itself resumes the VM.
   */
  private static String side(String actor) {
    int slash = actor.indexOf('/');
    if (slash < 0 && actor.startsWith("host-")) return "in";
    int dash = slash < 0 ? -1 : actor.indexOf('-', slash);
    return dash < 0 ? actor : actor.substring(slash + 1, dash);
  }

  /** {@code Vm.Resume[host=h2]} -> {@code h2}. */
  private static String resumeHost(String msg) {
    assertTrue(msg.startsWith("Vm.Resume[host=") && msg.endsWith("]"), msg);
    return msg.substring("Vm.Resume[host=".length(), msg.length() - 1);
  }
}
