package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowSolverTest {
  static final long S = 1_000_000_000L;

  @Test
  void oneFlowGetsTheLineRateTimesItsEfficiency() {
    FlowSolver s = new FlowSolver();
    s.addLink("a:tx", 1e9);
    s.addLink("b:rx", 1e9);
    s.start(0, "f", List.of("a:tx", "b:rx"), 1e9 / 8 * 0.95, 0.95, 0);
    s.recompute(0);
    assertEquals(0.95e9, s.state("f").payloadBps(), 1);
    assertEquals(S, s.nextFinish(), 2);
  }

  @Test
  void flowsSharingALinkShareItMaxMinFairly() {
    // A->C and B->C: two sources, one receiving port: each gets half of C's receive side.
    FlowSolver s = new FlowSolver();
    for (String l : List.of("a:tx", "b:tx", "c:rx")) s.addLink(l, 1e9);
    s.start(0, "ac", List.of("a:tx", "c:rx"), 1e12, 1.0, 0);
    s.start(0, "bc", List.of("b:tx", "c:rx"), 1e12, 1.0, 0);
    s.recompute(0);
    assertEquals(0.5e9, s.state("ac").payloadBps(), 1);
    assertEquals(0.5e9, s.state("bc").payloadBps(), 1);
  }

  @Test
  void whatACappedFlowLeavesGoesToTheOthers() {
    FlowSolver s = new FlowSolver();
    s.addLink("l", 10e9);
    s.start(0, "capped", List.of("l"), 1e12, 1.0, 2e9);
    s.start(0, "free", List.of("l"), 1e12, 1.0, 0);
    s.recompute(0);
    assertEquals(2e9, s.state("capped").payloadBps(), 1);
    assertEquals(8e9, s.state("free").payloadBps(), 1);
  }

  @Test
  void aFlowLimitedElsewhereLeavesItsShareOfTheCommonLink() {
    // f1 crosses a slow 1 Gbps link and the 10 Gbps link; f2 only the 10 Gbps link: max-min gives 1 and 9.
    FlowSolver s = new FlowSolver();
    s.addLink("slow", 1e9);
    s.addLink("fast", 10e9);
    s.start(0, "f1", List.of("slow", "fast"), 1e12, 1.0, 0);
    s.start(0, "f2", List.of("fast"), 1e12, 1.0, 0);
    s.recompute(0);
    assertEquals(1e9, s.state("f1").payloadBps(), 1);
    assertEquals(9e9, s.state("f2").payloadBps(), 1);
  }

  @Test
  void sharesAreRecomputedWhenAFlowEnds() {
    FlowSolver s = new FlowSolver();
    s.addLink("l", 8e9); // 1 GB/s
    s.start(0, "short", List.of("l"), 0.5e9, 1.0, 0); // 0.5 GB at 0.5 GB/s: ends at 1 s
    s.start(0, "long", List.of("l"), 2e9, 1.0, 0);
    s.recompute(0);
    assertEquals(S, s.nextFinish(), 2);
    assertEquals(List.of("short"), s.completeDue(s.nextFinish()));
    s.recompute(S);
    // long had 1.5 GB left, now alone at 1 GB/s: ends at 2.5 s.
    assertEquals(2.5 * S, s.nextFinish(), 4);
  }

  @Test
  void aLinkGoingDownNamesTheFlowsCrossingIt() {
    FlowSolver s = new FlowSolver();
    s.addLink("x", 1e9);
    s.addLink("y", 1e9);
    s.start(0, "fx", List.of("x"), 1e9, 1.0, 0);
    s.start(0, "fy", List.of("y"), 1e9, 1.0, 0);
    s.recompute(0);
    assertEquals(List.of("fx"), s.setLinkUp(S / 2, "x", false));
  }

  @Test
  void aChangeReSharesOnlyTheFlowsConnectedToIt() {
    // a->b (two flows) and c->d (one flow) share no link: ending one of a->b leaves c->d alone.
    FlowSolver s = new FlowSolver();
    for (String l : List.of("a:tx", "b:rx", "c:tx", "d:rx")) s.addLink(l, 1e9);
    s.start(0, "ab1", List.of("a:tx", "b:rx"), 1e8, 1.0, 0);
    s.start(0, "ab2", List.of("a:tx", "b:rx"), 1e9, 1.0, 0);
    s.start(0, "cd", List.of("c:tx", "d:rx"), 1e9, 1.0, 0);
    s.recompute(0); // three starts, one recompute
    assertEquals(3, s.lastReshared());
    assertEquals(List.of("ab1"), s.completeDue(s.nextFinish()));
    s.recompute(1_600_000_000L);
    assertEquals(1, s.lastReshared());
    assertEquals(1e9, s.state("ab2").payloadBps(), 1);
    assertEquals(1e9, s.state("cd").payloadBps(), 1);
  }

  @Test
  void linkRatesAreReportedOnlyWhenTheyChange() {
    FlowSolver s = new FlowSolver();
    s.addLink("a:tx", 1e9);
    s.addLink("b:rx", 1e9);
    List<String> changes = new java.util.ArrayList<>();
    s.onRateChange((l, carrying, bps) -> changes.add(s.linkName(l) + "=" + (carrying ? bps : "idle")));
    s.start(0, "f1", List.of("a:tx", "b:rx"), 1e8, 1.0, 0);
    s.recompute(0);
    s.start(0, "f2", List.of("a:tx"), 1e9, 1.0, 0);
    s.recompute(0);
    assertEquals(List.of("a:tx=1.0E9", "b:rx=1.0E9", "b:rx=5.0E8"), changes);
    changes.clear();
    long t = s.nextFinish();
    assertEquals(List.of("f1"), s.completeDue(t));
    s.recompute(t);
    s.remove(2 * S, "f2");
    s.recompute(2 * S);
    assertEquals(List.of("b:rx=idle", "a:tx=idle"), changes);
  }
}
