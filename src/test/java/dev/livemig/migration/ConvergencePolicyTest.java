package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import dev.livemig.migration.ConvergencePolicy.Continue;
import dev.livemig.migration.ConvergencePolicy.Decision;
import dev.livemig.migration.ConvergencePolicy.GiveUp;
import dev.livemig.migration.ConvergencePolicy.PassEnd;
import dev.livemig.migration.ConvergencePolicy.Stop;
import dev.livemig.migration.ConvergencePolicy.Throttle;
import org.junit.jupiter.api.Test;

/**
 * Each policy's stop rule, driven by the closed forms of domain.md instead of the actors: pre-copy
 * pass i+1 sends what the guest dirtied during pass i, which takes pages/R seconds. For a sequential
 * writer at D pages/s the dirtied count is D·t (the geometric model: pass i sends M·λ^i, λ = D/R);
 * for uniform writes of w pages/s over W pages it is W·(1 − e^(−w·t/W)). A throttle multiplies the
 * write rate by the guest's speed.
 */
class ConvergencePolicyTest {
  static final long PAGE = 4096;
  static final long M = (8L << 30) / PAGE; // an 8 GiB VM, in pages
  /** Pages per second of one 1 GbE TCP stream. */
  static final double R = 1e9 * 0.9493 / 8 / PAGE;

  static final ConvergencePolicy HYPER_V = new ConvergencePolicy.HyperV(10, 1 << 20);
  static final ConvergencePolicy.Qemu QEMU = new ConvergencePolicy.Qemu(300_000_000L, true, 0.2, 0.1, 0.99, 0.5, 2, 100);
  static final ConvergencePolicy.Qemu QEMU_PLAIN = new ConvergencePolicy.Qemu(300_000_000L, false, 0.2, 0.1, 0.99, 0.5, 2, 100);
  static final ConvergencePolicy XEN = new ConvergencePolicy.Xen(29, 3, 50);
  static final ConvergencePolicy SDPS = new ConvergencePolicy.VmwareSdps(500_000_000L, 0.8, 0.5, 0.01, 100);

  /** What a migration driven by a closed form went through. */
  record Run(List<Long> passes, List<Double> throttles, Decision end, long sent) {
    String reason() {
      return end instanceof Stop s ? s.reason() : "give-up";
    }
  }

  /** @param dirtied pages dirtied during a pass of t seconds at the given speed: (t, speed) -> pages */
  static Run drive(ConvergencePolicy p, DoubleBinaryOperator dirtied) {
    List<Long> passes = new ArrayList<>();
    List<Double> throttles = new ArrayList<>();
    Throttle throttle = Throttle.NONE;
    long pages = M;
    long sent = 0;
    while (true) {
      passes.add(pages);
      throttles.add(throttle.percent());
      sent += pages * PAGE;
      double t = pages / R;
      long dirty = Math.round(dirtied.applyAsDouble(t, throttle.speed()));
      Decision d = p.afterPass(new PassEnd(passes.size(), pages, t, dirty, sent, M * PAGE, PAGE, throttle));
      if (!(d instanceof Continue c)) return new Run(passes, throttles, d, sent);
      throttle = c.throttle();
      pages = dirty;
      assertTrue(passes.size() < 1000, "runaway");
    }
  }

  static DoubleBinaryOperator sequential(double d) {
    return (t, speed) -> Math.min(M, d * speed * t);
  }

  static DoubleBinaryOperator uniform(double w, double ws) {
    return (t, speed) -> ws * -Math.expm1(-w * speed * t / ws);
  }

  /** The first pass n ≥ 1 after which the geometric remainder M·λ^n is at most {@code pages}. */
  static int geometricPassesUntil(double lambda, double pages) {
    int n = 1;
    while (M * Math.pow(lambda, n) > pages) n++;
    return n;
  }

  // ------------------------------------------------------------------ hyper-v

  @Test
  void hyperVOnASequentialWriterFollowsTheGeometricModel() {
    double d = 5000;
    Run r = drive(HYPER_V, sequential(d));
    assertEquals("state-threshold", r.reason());
    assertEquals(geometricPassesUntil(d / R, 256), r.passes().size());
    for (int i = 0; i < r.passes().size(); i++) assertEquals(M * Math.pow(d / R, i), r.passes().get(i), 1.0 + 1e-9 * M);
  }

  @Test
  void hyperVWithARateAtOrAboveTheBandwidthStopsAtThePassLimit() {
    for (double d : new double[] {R, 2 * R}) {
      Run r = drive(HYPER_V, sequential(d));
      assertEquals("pass-limit", r.reason());
      assertEquals(10, r.passes().size());
      assertEquals(M, r.passes().get(9)); // nothing shrinks: every pass sends all of RAM
    }
    // Uniform writes saturate the working set: the remainder stays near W·(1 − e^(−w·t/W)).
    double ws = (2L << 30) / PAGE;
    Run u = drive(HYPER_V, uniform(100_000, ws));
    assertEquals("pass-limit", u.reason());
    double t9 = u.passes().get(9) / R;
    assertTrue(u.passes().get(9) > 0.95 * ws * -Math.expm1(-100_000 * t9 / ws), "remainder " + u.passes().get(9));
  }

  @Test
  void hyperVOnUniformWritesUsesTheDistinctCount() {
    double w = 1000;
    double ws = (1L << 30) / PAGE;
    Run r = drive(HYPER_V, uniform(w, ws));
    assertEquals("state-threshold", r.reason());
    double t0 = M / R;
    assertEquals(ws * -Math.expm1(-w * t0 / ws), r.passes().get(1), 1.0);
  }

  // ------------------------------------------------------------------ qemu

  @Test
  void qemuSwitchesOverWhenTheRemainderFitsTheDowntimeLimit() {
    double d = 5000;
    Run r = drive(QEMU, sequential(d));
    assertEquals("downtime-limit", r.reason());
    // stops after pass n when what pass n dirtied, M·λ^n, fits in 300 ms at R
    assertEquals(geometricPassesUntil(d / R, R * 0.3), r.passes().size());
    assertTrue(r.throttles().stream().allMatch(t -> t == 0), "λ = 0.17 < 0.5: never throttled");
  }

  @Test
  void qemuWithoutAutoConvergeGivesUpAtOrAboveTheBandwidth() {
    Run r = drive(QEMU_PLAIN, sequential(1.5 * R));
    assertInstanceOf(GiveUp.class, r.end());
    assertEquals(100, r.passes().size());
  }

  @Test
  void qemuAutoConvergeThrottlesFrom20PercentBy10PercentStepsUntilItConverges() {
    Run r = drive(QEMU, sequential(1.5 * R));
    assertEquals("downtime-limit", r.reason());
    List<Double> distinct = r.throttles().stream().distinct().toList();
    assertEquals(0.0, distinct.get(0));
    assertEquals(0.2, distinct.get(1), 1e-9);
    for (int i = 2; i < distinct.size(); i++) assertEquals(0.1, distinct.get(i) - distinct.get(i - 1), 1e-9);
    // The trigger must hold in two passes before each raise: passes 0 and 1 run unthrottled.
    assertEquals(0.0, r.throttles().get(1));
    assertEquals(0.2, r.throttles().get(2), 1e-9);
    // It converges once the throttled rate is well under half the bandwidth (λ·(1 − p) < 0.5).
    double last = r.throttles().get(r.throttles().size() - 1);
    assertTrue(1.5 * (1 - last) < 1.0, "throttle " + last);
  }

  @Test
  void qemuThrottleStopsAt99Percent() {
    var p = new ConvergencePolicy.Qemu(1, true, 0.2, 0.1, 0.99, 0.5, 2, 300);
    Run r = drive(p, sequential(1000 * R));
    assertEquals(0.99, r.throttles().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 1e-9);
  }

  // ------------------------------------------------------------------ xen

  @Test
  void xenStopsBelow50DirtyPages() {
    double d = 5000;
    Run r = drive(XEN, sequential(d));
    assertEquals("few-dirty", r.reason());
    assertEquals(geometricPassesUntil(d / R, 49.5), r.passes().size());
  }

  @Test
  void xenNeverSendsMoreThanThreeTimesRam() {
    Run r = drive(XEN, sequential(2 * R)); // every pass re-sends all of RAM
    assertEquals("sent-limit", r.reason());
    assertEquals(3, r.passes().size()); // 3 × RAM sent; a 4th pass would exceed it
    assertTrue(r.sent() <= 3 * M * PAGE);
  }

  @Test
  void xenStopsAt29PassesWhenTheRemainderIsSmallButNotTiny() {
    // a writer that re-dirties a small working set: the remainder stays ~ constant, the total under 3 × RAM
    Run r = drive(XEN, (t, s) -> Math.min(1000, 1e6 * t));
    assertEquals("pass-limit", r.reason());
    assertEquals(29, r.passes().size());
  }

  // ------------------------------------------------------------------ vmware-sdps

  @Test
  void sdpsSlowsAGuestThatOutrunsTheLinkAndConverges() {
    Run r = drive(SDPS, sequential(2 * R));
    assertEquals("switchover-goal", r.reason());
    // the first pass re-dirtied all it sent (the writer wraps round RAM): speed 0.5 · M/M
    assertEquals(0.5, r.throttles().get(1), 1e-9);
    // the second, at half speed, still dirtied all of RAM: half again
    assertEquals(0.75, r.throttles().get(2), 1e-9);
    // from then on the guest dirties half of what each pass sends (the target ratio): M·0.5^i
    for (int i = 4; i < r.passes().size(); i++) assertEquals(r.passes().get(i - 1) / 2.0, r.passes().get(i), 1.0);
    assertEquals(0.75, r.throttles().get(r.throttles().size() - 1), 1e-9);
  }

  @Test
  void sdpsLeavesAConvergingGuestAlone() {
    Run r = drive(SDPS, sequential(5000));
    assertEquals("switchover-goal", r.reason());
    assertTrue(r.throttles().stream().allMatch(t -> t == 0));
    assertEquals(geometricPassesUntil(5000 / R, R * 0.5), r.passes().size());
  }

  // ------------------------------------------------------------------ post-copy

  @Test
  void postCopySwitchesOverAfterOnePassWhateverTheRate() {
    for (double d : new double[] {0, 5000, 10 * R}) {
      Run r = drive(new ConvergencePolicy.PostCopy(), sequential(d));
      assertEquals(1, r.passes().size());
      assertEquals(d == 0 ? "clean" : "post-copy", r.reason());
    }
  }
}
