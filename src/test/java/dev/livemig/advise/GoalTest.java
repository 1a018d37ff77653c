package dev.livemig.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.scenario.Problem;
import org.junit.jupiter.api.Test;

/** The goal grammar: [MEASURE] [METRIC] OP VALUE, its units, and what a bad goal says. */
class GoalTest {
  private static Goal parse(String text, List<Problem> problems) {
    return Goal.parse(text, "--goal", 0, null, problems);
  }

  @Test
  void aMeasuresSecondsAMeasuresMetricAndARunsMoveMetric() {
    List<Problem> p = new ArrayList<>();
    Goal drain = parse("drain-hv1 <= 5 min", p);
    assertEquals(new Goal("drain-hv1 <= 5 min", "drain-hv1", "seconds", "<=", 300.0), drain);
    assertEquals(new Goal("far-20ms downtime-ms < 7 s", "far-20ms", "downtime-ms", "<", 7000.0), parse("far-20ms downtime-ms < 7 s", p));
    assertEquals(new Goal("pings-lost == 0", null, "pings-lost", "==", 0.0), parse("pings-lost == 0", p));
    assertEquals(new Goal("near copy-gbps >= 9.5", "near", "copy-gbps", ">=", 9.5), parse("near copy-gbps >= 9.5", p));
    assertEquals(7200.0, parse("w <= 2 h", p).limit());
    assertEquals(90.0, parse("w <= 90", p).limit(), "a plain number of seconds");
    assertTrue(p.isEmpty(), p.toString());
  }

  @Test
  void holdsMissByAndWorseFollowTheOperator() {
    List<Problem> p = new ArrayList<>();
    Goal upper = parse("d <= 300 s", p);
    assertTrue(upper.holds(300));
    assertFalse(upper.holds(300.5));
    assertEquals(50, upper.missBy(350), 1e-9);
    assertEquals(0, upper.missBy(100), 1e-9);
    assertEquals(350, upper.worse(350, 100), 1e-9);
    Goal lower = parse("d copy-gbps >= 9", p);
    assertEquals(8, lower.worse(8, 10), 1e-9, "more is better: the worst is the smallest");
    assertEquals(1, lower.missBy(8), 1e-9);
    Goal exact = parse("pings-lost == 0", p);
    assertFalse(exact.holds(1));
    assertEquals("4 min 12 s", upper.format(252));
    assertEquals("2", exact.format(2));
  }

  @Test
  void badGoalsSayWhatIsAllowed() {
    List<Problem> p = new ArrayList<>();
    assertNull(parse("drain-hv1 about 5 min", p));
    assertNull(parse("drain-hv1 <= 5 fortnights", p));
    assertNull(parse("drain-hv1 speed <= 5", p));
    assertNull(parse("vms-left == 0", p));
    assertNull(parse("pings-lost == lots", p));
    assertEquals(5, p.size(), p.toString());
    assertTrue(p.get(0).message().contains("OP one of <= >= == < >"), p.get(0).message());
    assertTrue(p.get(1).message().contains("a duration (5 min, 300 s)"), p.get(1).message());
    assertTrue(p.get(2).message().contains("is not a metric; allowed: seconds"), p.get(2).message());
    assertTrue(p.get(3).message().contains("name the measure first"), p.get(3).message());
    assertTrue(p.get(4).message().contains("allowed: a number"), p.get(4).message());
    assertTrue(p.get(0).toString().startsWith("--goal: "), p.get(0).toString());
  }
}
