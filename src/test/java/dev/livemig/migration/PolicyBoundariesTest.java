package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import dev.livemig.migration.ConvergencePolicy.Continue;
import dev.livemig.migration.ConvergencePolicy.GiveUp;
import dev.livemig.migration.ConvergencePolicy.PassEnd;
import dev.livemig.migration.ConvergencePolicy.Stop;
import dev.livemig.migration.ConvergencePolicy.Throttle;
import org.junit.jupiter.api.Test;

/**
 * Each stop rule at its exact boundary, where "at most" and "fewer than" part: the sources say which
 * side the boundary belongs to (Hyper-V's "at most the tiny state", Xen's "fewer than 50 pages",
 * QEMU's "fits in the downtime limit"), and a rule off by one page decides differently here. Also
 * the throttle's mean over time and the downtime of a blackout that starts at time zero.
 */
class PolicyBoundariesTest {
  static final long PAGE = 4096;
  static final long RAM = 1L << 30;

  /** Pass {@code passes − 1} sent {@code sent} pages in 1 s and the guest dirtied {@code dirty}. */
  static PassEnd end(int passes, long sent, long dirty, long bytesSent, Throttle t) {
    return new PassEnd(passes, sent, 1.0, dirty, bytesSent, RAM, PAGE, t);
  }

  static PassEnd end(int passes, long sent, long dirty) {
    return end(passes, sent, dirty, sent * PAGE, Throttle.NONE);
  }

  @Test
  void hyperVStopsAtTheStateThresholdItselfAndAtThePassLimitItself() {
    var p = new ConvergencePolicy.HyperV(5, 256 * PAGE);
    assertEquals(new Stop("state-threshold"), p.afterPass(end(1, 1000, 256)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(1, 1000, 257)));
    assertEquals(new Stop("pass-limit"), p.afterPass(end(5, 1000, 257)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(4, 1000, 257)));
    assertEquals(new Stop("clean"), p.afterPass(end(9, 1000, 0)));
  }

  @Test
  void qemuSwitchesOverWhenTheRemainderFitsExactly() {
    // 1,000 pages in 1 s: 300 ms carry 300 pages
    var p = new ConvergencePolicy.Qemu(300_000_000L, false, 0.2, 0.1, 0.99, 0.5, 2, 10);
    assertEquals(new Stop("downtime-limit"), p.afterPass(end(1, 1000, 300)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(1, 1000, 301)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(9, 1000, 301)));
    var g = p.afterPass(end(10, 1000, 301));
    assertEquals(new GiveUp("did not converge in 10 passes (qemu policy): the guest dirties 301 pages/s, "
        + "the link sends 1000 pages/s"), g);
  }

  @Test
  void qemuAutoConvergeCountsPassesAboveTheTriggerStrictly() {
    var p = new ConvergencePolicy.Qemu(1, true, 0.2, 0.1, 0.99, 0.5, 2, 100);
    // exactly half of what was sent: not above the trigger, no count
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(1, 1000, 500)));
    // above it: counted once, then throttled at the second
    assertEquals(new Continue(new Throttle(0, 1)), p.afterPass(end(1, 1000, 501)));
    assertEquals(new Continue(new Throttle(0.2, 0)), p.afterPass(end(2, 1000, 501, 0, new Throttle(0, 1))));
    // already throttled: up by the increment, at most the maximum
    Continue up = (Continue) p.afterPass(end(3, 1000, 501, 0, new Throttle(0.2, 1)));
    assertEquals(0.3, up.throttle().percent(), 1e-12);
    Continue capped = (Continue) p.afterPass(end(3, 1000, 501, 0, new Throttle(0.95, 1)));
    assertEquals(0.99, capped.throttle().percent(), 1e-12);
  }

  @Test
  void xenStopsBelowFiftyDirtyPagesNotAtFifty() {
    var p = new ConvergencePolicy.Xen(29, 3, 50);
    assertEquals(new Stop("few-dirty"), p.afterPass(end(1, 1000, 49)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(1, 1000, 50)));
    assertEquals(new Stop("pass-limit"), p.afterPass(end(29, 1000, 50)));
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(28, 1000, 50)));
  }

  @Test
  void xenSendsUpToThreeTimesRamAndNotOnePageMore() {
    var p = new ConvergencePolicy.Xen(29, 3, 50);
    long next = 1000;
    long exactly = 3 * RAM - next * PAGE; // sent so far + the next pass = 3 x RAM
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(2, 1000, next, exactly, Throttle.NONE)));
    assertEquals(new Stop("sent-limit"), p.afterPass(end(2, 1000, next, exactly + 1, Throttle.NONE)));
    // the pages count as pages of 4 KiB: 1,000 pages are 4,096,000 bytes
    assertEquals(new Stop("sent-limit"), p.afterPass(end(2, 1000, next + 1, exactly, Throttle.NONE)));
  }

  @Test
  void sdpsSwitchesOverAtItsGoalAndThrottlesFromItsTriggerOn() {
    // 1,000 pages/s; goal 500 ms: 500 pages
    var p = new ConvergencePolicy.VmwareSdps(500_000_000L, 0.8, 0.5, 0.1, 10);
    assertEquals(new Stop("switchover-goal"), p.afterPass(end(1, 1000, 500)));
    // 800 dirty of 1,000 sent: at the trigger, slow the guest to dirty half of what is sent
    Continue c = (Continue) p.afterPass(end(1, 1000, 800));
    assertEquals(1 - 0.5 * 1000 / 800.0, c.throttle().percent(), 1e-12);
    assertEquals(new Continue(Throttle.NONE), p.afterPass(end(1, 1000, 799)));
    // never slower than the minimum speed
    Continue slow = (Continue) p.afterPass(end(1, 1000, 800, 0, new Throttle(0.85, 0)));
    assertEquals(0.9, slow.throttle().percent(), 1e-12);
    assertEquals(new GiveUp("did not converge in 10 passes (vmware-sdps policy)"), p.afterPass(end(10, 1000, 800)));
    assertEquals(Continue.class, p.afterPass(end(9, 1000, 800)).getClass());
  }

  @Test
  void qemuMeasuresItsBandwidthInBytesOnTheWire() {
    // 1,000 pages in 1 s, 300 ms limit: 300 pages fit when every page went whole; a pass of zero-page flags
    // (8 bytes each) measured 8,000 bytes/s: nothing fits, another pass
    var p = new ConvergencePolicy.Qemu(300_000_000L, true, 0.2, 0.1, 0.99, 0.5, 1, 10);
    assertEquals(new Stop("downtime-limit"), p.afterPass(end(1, 1000, 300)));
    var flags = new PassEnd(1, 1000, 1.0, 300, 8000, RAM, PAGE, Throttle.NONE, 8000);
    assertEquals(Continue.class, p.afterPass(flags).getClass());
    // and auto-converge compares the pages dirtied with the bytes sent: 300 pages against 2 pages' worth
    assertEquals(0.2, ((Continue) p.afterPass(flags)).throttle().percent(), 1e-12);
    assertEquals(8000.0 / PAGE, flags.wireRate(), 1e-12);
  }

  @Test
  void ratesOfAPassThatTookNoTime() {
    var e = new PassEnd(1, 10, 0, 5, 0, RAM, PAGE, Throttle.NONE);
    assertEquals(Double.POSITIVE_INFINITY, e.sendRate());
    assertEquals(0, e.dirtyRate());
    assertEquals(2.5, new PassEnd(1, 10, 2, 5, 0, RAM, PAGE, Throttle.NONE).dirtyRate());
    assertEquals(5, new PassEnd(1, 10, 2, 5, 0, RAM, PAGE, Throttle.NONE).sendRate());
  }

  @Test
  void theThrottleIsAveragedFromItsFirstLevelOverTime() {
    long s = 1_000_000_000L;
    // 0 % from 0 to 10 s, then 20 % to 30 s, then 0 % to 40 s: 10 s of 20 % in 30 s since the first raise
    var t = GuestImpact.throttle(List.of(new GuestImpact.Level(0, 0), new GuestImpact.Level(10 * s, 0.2),
        new GuestImpact.Level(20 * s, 0.2), new GuestImpact.Level(30 * s, 0)), 40 * s);
    assertEquals(30.0, t.seconds());
    assertEquals(13.333, t.meanPercent());
    assertEquals(20.0, t.maxPercent());
    // a level raised at the very end counts no time
    assertNull(GuestImpact.throttle(List.of(new GuestImpact.Level(10 * s, 0.5)), 10 * s));
    var end = GuestImpact.throttle(List.of(new GuestImpact.Level(0, 0.5), new GuestImpact.Level(10 * s, 0.9)), 10 * s);
    assertEquals(50.0, end.meanPercent());
    assertEquals(90.0, end.maxPercent());
  }

  @Test
  void aBlackoutFromTimeZeroStillCounts() {
    var r = new MigrationResult("m", "v", "a", "b", "tcpip", "LM", 0, 0, 0, 5, 9, 0, 0, List.of(), "clean",
        "completed", null, List.of(), List.of(), null, null);
    assertEquals(5, r.downtimeNanos());
    var never = new MigrationResult("m", "v", "a", "b", "tcpip", "LM", 0, 0, -1, -1, 9, 0, 0, List.of(), null,
        "failed", "x", List.of(), List.of(), null, null);
    assertEquals(0, never.downtimeNanos());
  }
}
